"""The database goes away in the middle of a webhook: 5xx, nothing half-written, and LINE's redelivery stores all."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from django_linebot import signals
from django_linebot.models import WebhookEvent
from django_linebot.tasks.inbound import dispatch_stale_webhook_events
from django_linebot.testing import make_event, make_webhook_body, sign_body

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


class CuttableProxy:
    """A TCP forwarder on 127.0.0.1 whose connections can be cut at once, like a database going down."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.down = False
        self.muted = False  # the server's answers dropped, as on a link lost after they were sent
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            upstream = socket.create_connection(self.target, timeout=10)
            with self.lock:
                self.sockets += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 30)
                if not ready:
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is b and self.muted:
                        continue
                    (b if sock is a else a).sendall(data)
        except (OSError, ValueError):  # cut: the sockets are closed under us
            return
        finally:
            a.close()
            b.close()

    def cut(self) -> None:
        self.down = True
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def heal(self) -> None:
        self.down = self.muted = False

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.fixture
def proxied_db():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL over TCP; scripts/test.sh runs this there")
    settings = connection.settings_dict
    saved = (settings["HOST"], settings["PORT"])
    proxy = CuttableProxy((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    connection.close()
    settings["HOST"], settings["PORT"] = "127.0.0.1", str(proxy.port)
    yield proxy
    connection.close()
    settings["HOST"], settings["PORT"] = saved
    proxy.close()


def _delivery() -> tuple[list[dict], bytes, dict[str, str]]:
    events = [make_event(), make_event("follow"), make_event("postback", postback={"data": "x"})]
    body = make_webhook_body(*events)
    return events, body, {"HTTP_X_LINE_SIGNATURE": sign_body(body, "test-channel-secret")}


def _cut_before_the_store(proxy: CuttableProxy) -> Callable[..., Any]:
    """An execute wrapper cutting the database as the delivery's INSERT is about to be sent."""

    def wrapper(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "linebot_webhookevent"'):
            proxy.cut()
        return execute(sql, params, many, context)

    return wrapper


def _cut_once_the_store_committed(proxy: CuttableProxy, stored: int) -> Callable[..., Any]:
    """An execute wrapper losing the link after the INSERT committed, before its answer arrives.

    The server's answers are dropped from the INSERT on; once another connection sees the ``stored``
    rows (committed), the link is cut: the view gets a lost connection, not the answer.
    """
    settings = {**connection.settings_dict}

    def cut_when_committed() -> None:
        import psycopg

        with psycopg.connect(
            host=proxy.target[0],
            port=proxy.target[1],
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            autocommit=True,
        ) as direct:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if direct.execute('SELECT count(*) FROM "linebot_webhookevent"').fetchone()[0] >= stored:
                    break
                time.sleep(0.01)
        proxy.cut()

    def wrapper(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "linebot_webhookevent"'):
            proxy.muted = True
            threading.Thread(target=cut_when_committed, daemon=True).start()
        return execute(sql, params, many, context)

    return wrapper


def test_database_lost_before_the_store_commits(proxied_db) -> None:
    events, body, headers = _delivery()
    with connection.execute_wrapper(_cut_before_the_store(proxied_db)):
        res = Client(raise_request_exception=False).post(
            "/line/webhook/", data=body, content_type="application/json", **headers
        )
    assert res.status_code >= 500  # LINE redelivers on 5xx

    proxied_db.heal()
    connection.close()
    assert WebhookEvent.objects.count() == 0  # nothing half-written

    res = Client().post("/line/webhook/", data=body, content_type="application/json", **headers)
    assert res.status_code == 200
    rows = WebhookEvent.objects.all()
    assert sorted(rows.values_list("webhook_event_id", flat=True)) == sorted(
        e["webhookEventId"] for e in events
    )
    assert set(rows.values_list("attempts", "status")) == {(1, WebhookEvent.Status.PROCESSED)}


def test_database_lost_after_the_store_commits(proxied_db) -> None:
    """Stored, never dispatched: LINE's redelivery is a duplicate, and the sweep dispatches each event once."""
    events, body, headers = _delivery()
    calls: list[str] = []

    def receiver(event, **kwargs):
        calls.append(event.webhook_event_id)

    signals.webhook_event.connect(receiver)
    try:
        with connection.execute_wrapper(_cut_once_the_store_committed(proxied_db, stored=3)):
            res = Client(raise_request_exception=False).post(
                "/line/webhook/", data=body, content_type="application/json", **headers
            )
        assert res.status_code >= 500
        assert calls == []  # no receiver ran: the delivery never learnt its events were stored

        proxied_db.heal()
        connection.close()
        ids = sorted(e["webhookEventId"] for e in events)
        rows = WebhookEvent.objects.all()
        assert sorted(rows.values_list("webhook_event_id", flat=True)) == ids  # stored, once
        assert set(rows.values_list("attempts", "status")) == {(0, WebhookEvent.Status.PENDING)}

        res = Client().post("/line/webhook/", data=body, content_type="application/json", **headers)
        assert res.status_code == 200
        assert WebhookEvent.objects.count() == 3  # the redelivery stored nothing again
        assert dispatch_stale_webhook_events(minutes=0) == 3
        assert sorted(calls) == ids  # each event dispatched once, by the sweep
        assert set(rows.values_list("attempts", "status")) == {(1, WebhookEvent.Status.PROCESSED)}
    finally:
        signals.webhook_event.disconnect(receiver)
