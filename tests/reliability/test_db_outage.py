"""The database goes away in the middle of a webhook: 5xx, nothing half-written, and LINE's redelivery stores all."""

from __future__ import annotations

import contextlib
import select
import socket
import threading

import pytest
from django.db import connection
from django.test import Client

from django_linebot.models import WebhookEvent
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
        self.down = False

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


def test_database_lost_mid_delivery(proxied_db) -> None:
    events = [make_event(), make_event("follow"), make_event("postback", postback={"data": "x"})]
    body = make_webhook_body(*events)
    headers = {"HTTP_X_LINE_SIGNATURE": sign_body(body, "test-channel-secret")}
    client = Client(raise_request_exception=False)

    inserted = []

    def cut_after_insert(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if 'INSERT INTO "linebot_webhookevent"' in sql:  # after the BEGIN it travels with
            inserted.append(sql)
            proxied_db.cut()  # the rows are written, the commit never arrives
        return result

    with connection.execute_wrapper(cut_after_insert):
        res = client.post("/line/webhook/", data=body, content_type="application/json", **headers)
    assert inserted, "the delivery never reached its INSERT"
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
