"""Webhook soak: many concurrent signed deliveries, duplicates and redeliveries, against gunicorn and PostgreSQL.

Every distinct event must be stored once and dispatched once, and no request may get a 500.
LINEBOT_RELIABILITY_SCALE=10 makes it ten times longer (the release check).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time

import pytest
from django.db import connection

from django_linebot.models import WebhookEvent
from django_linebot.testing import make_event, sign_body

from ..processes import free_port, start, stop, wait_for_port

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

SECRET = "test-channel-secret"
SCALE = int(os.environ.get("LINEBOT_RELIABILITY_SCALE", "1"))


@pytest.fixture
def gunicorn_url(django_db_setup):
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL; scripts/test.sh runs this there")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_server",
        "LINEBOT_TEST_DB_NAME": connection.settings_dict["NAME"],
    }
    proc = start(
        [
            "-m",
            "gunicorn",
            "example_project.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "3",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ],
        env,
    )
    try:
        wait_for_port(port, proc)
        yield f"127.0.0.1:{port}"
    finally:
        stop(proc)


def deliveries(rng: random.Random, distinct: int) -> tuple[list[bytes], set[str]]:
    """Batches of 1-5 events, each sent 1-3 times (as LINE's redeliveries), some events in two batches."""
    events = [
        make_event(rng.choice(["message", "follow", "postback", "join", "unsend"])) for _ in range(distinct)
    ]
    ids = {e["webhookEventId"] for e in events}
    bodies: list[bytes] = []
    i = 0
    while i < len(events):
        batch = events[i : i + rng.randint(1, 5)]
        i += len(batch)
        if rng.random() < 0.2 and i < len(events):
            batch = batch + [events[i]]  # the same event in two different batches
        for attempt in range(rng.randint(1, 3)):
            sent = [{**e, "deliveryContext": {"isRedelivery": attempt > 0}} for e in batch]
            bodies.append(json.dumps({"destination": "Ubot", "events": sent}).encode())
    rng.shuffle(bodies)
    return bodies, ids


def test_soak(gunicorn_url) -> None:
    rng = random.Random(7)
    bodies, ids = deliveries(rng, 1000 * SCALE)
    statuses: list[int] = []
    lock = threading.Lock()
    queue = list(bodies)
    deadline = time.monotonic() + 120 * SCALE

    def client() -> None:
        host, port = gunicorn_url.split(":")
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                body = queue.pop()
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
            conn.request(
                "POST",
                "/line/webhook/",
                body,
                {"Content-Type": "application/json", "X-Line-Signature": sign_body(body, SECRET)},
            )
            status = conn.getresponse().status
            conn.close()
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=150 * SCALE)
    assert len(statuses) == len(bodies), "the soak did not finish in time"
    assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
    rows = WebhookEvent.objects.all()
    assert rows.count() == len(ids)
    assert set(rows.values_list("webhook_event_id", flat=True)) == ids
    # dispatched once: one attempt each, all processed
    assert set(rows.values_list("attempts", flat=True)) == {1}
    assert set(rows.values_list("status", flat=True)) == {WebhookEvent.Status.PROCESSED}
