"""A big multicast hands its chunks to Celery with one task, not one queueing per chunk in the caller."""

from __future__ import annotations

import pytest

from django_linebot import send, tasks
from django_linebot.models import OutgoingChunk, OutgoingMessage

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = [{"type": "text", "text": "hello"}]


@pytest.fixture
def celery_mode(settings, linebot_settings):
    settings.LINEBOT = {**settings.LINEBOT, "SEND_MODE": "celery", "SEND_BACKOFF_BASE": 0.0}


def test_17_chunks_are_queued_by_one_task_and_each_user_gets_one_message(
    celery_mode, line_platform, monkeypatch
) -> None:
    handed: list[int] = []
    real = tasks.queue_message_chunks.delay
    monkeypatch.setattr(tasks.queue_message_chunks, "delay", lambda pk: (handed.append(pk), real(pk))[1])
    users = [f"U{i:032x}" for i in range(17 * 500)]
    message = send.multicast(None, (u for u in users), TEXT)  # eager Celery in the test settings
    assert handed == [message.pk]
    delivered = [u for s in line_platform.sent_messages for u in s["to"]]
    assert sorted(delivered) == users
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT


def test_16_chunks_are_queued_one_by_one(celery_mode, line_platform, monkeypatch) -> None:
    monkeypatch.setattr(tasks.queue_message_chunks, "delay", lambda pk: pytest.fail("not for 16 chunks"))
    message = send.multicast(None, [f"U{i}" for i in range(16 * 500)], TEXT)
    assert len(line_platform.sent_messages) == 16 and message.chunks.count() == 16


def test_broker_down_leaves_the_chunks_held_for_the_sweep(
    celery_mode, line_platform, monkeypatch, caplog
) -> None:
    from kombu.exceptions import OperationalError

    def refused(pk):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(tasks.queue_message_chunks, "delay", refused)
    message = send.multicast(None, [f"U{i}" for i in range(17 * 500)], TEXT)  # the caller gets its message
    # a list of more than 16 chunks: held until the task (here, the sweep) removes repeated users
    assert set(message.chunks.values_list("status", flat=True)) == {OutgoingChunk.Status.HELD}
    assert any("requeue_stale_chunks" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    assert line_platform.sent_messages == []
