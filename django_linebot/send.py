"""Send messages through the outbox: validated now, written to the database, delivered after commit.

Each function validates the messages (builders' output or plain dicts), writes an
:class:`~django_linebot.models.OutgoingMessage` with its chunks, hands each chunk to
delivery when the transaction commits, and returns the message::

    from django_linebot import send
    send.push(channel, user_id, [{"type": "text", "text": "Your order shipped"}])
    send.multicast(channel, user_ids, SendMessage().add_text(text="Sale!"))  # any number of users

``LINEBOT["SEND_MODE"]`` says how chunks are delivered:

- ``"celery"`` (the default): one Celery task (:func:`~django_linebot.tasks.send_chunk`) per
  chunk, run by your workers. If the broker cannot be reached, the chunks stay queued in the
  outbox, one error is logged, and :func:`~django_linebot.tasks.requeue_stale_chunks` (a beat
  task) sends them later; the caller's response is not affected.
- ``"inline"``: for small projects without Celery. The chunks are delivered in the same process
  right after commit, with the same retry keys and rate limits; a failure is recorded on the
  chunk and logged, never raised to the caller. A retry that would wait longer than
  ``RATE_LIMIT_MAX_SLEEP`` is left to ``requeue_stale_chunks`` (run it from cron:
  ``python manage.py linebot_requeue_stale``).

An inactive channel (``Channel.is_active`` off) sends nothing: every function raises
:class:`ChannelInactive` for it, and chunks queued before it was switched off fail unsent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction

from .conf import app_settings
from .models import Channel, OutgoingChunk, OutgoingMessage, SettingsChannel
from .sdk.validation import MAX_MULTICAST_RECIPIENTS, validate_messages

logger = logging.getLogger(__name__)

AnyChannel = Channel | SettingsChannel | None

#: The values of ``LINEBOT["SEND_MODE"]``.
SEND_MODES = ("celery", "inline")


class ChannelInactive(ValueError):
    """Sending through a channel whose ``is_active`` is off: an inactive channel sends nothing."""

    def __init__(self, channel: Channel | SettingsChannel) -> None:
        self.channel = channel
        super().__init__(
            f"Channel {channel.name!r} (slug {channel.slug!r}) is inactive: it sends nothing. "
            "Activate it to send through it."
        )


def _messages(messages: Any) -> list[dict[str, Any]]:
    if hasattr(messages, "build"):
        messages = messages.build()
    return [dict(m) for m in validate_messages(messages)]


def _channel(channel: AnyChannel) -> Channel | None:
    if isinstance(channel, Channel):
        if not channel.is_active:
            raise ChannelInactive(channel)
        return channel
    return None


def enqueue_chunks(chunk_ids: Iterable[int]) -> None:
    """Deliver the chunks (see :func:`deliver_chunks`) once the current transaction commits."""
    ids = list(chunk_ids)
    transaction.on_commit(lambda: deliver_chunks(ids))


def deliver_chunks(chunk_ids: Iterable[int]) -> int:
    """Hand chunks to delivery now, as ``LINEBOT["SEND_MODE"]`` says; never raises.

    ``"celery"``: queue :func:`~django_linebot.tasks.send_chunk` for each chunk. When the
    broker cannot be reached, one error is logged and the chunks not queued stay ``queued`` in
    the outbox for :func:`~django_linebot.tasks.requeue_stale_chunks`. ``"inline"``: deliver
    each chunk in this process. Returns how many chunks were handed over.
    """
    from .tasks import send_chunk

    ids = list(chunk_ids)
    if app_settings.SEND_MODE == "inline":
        for pk in ids:
            try:
                result = send_chunk.apply(args=(pk,))
                error = result.result if result.failed() else None
            except Exception as err:  # task_eager_propagates: the task's own exception
                error = err
            if error is not None:
                logger.error(
                    "Outbox chunk %s could not be delivered in-process (%s: %s); it stays in the outbox "
                    "for requeue_stale_chunks.",
                    pk,
                    type(error).__name__,
                    error,
                )
        return len(ids)
    for queued, pk in enumerate(ids):
        try:
            send_chunk.delay(pk)
        except Exception as err:
            broker, text = _broker_and_error(err)
            logger.error(
                "Could not queue %d outbox chunk(s) with Celery: the broker %s cannot be reached "
                "(%s: %s). They stay queued in the outbox, and the stale-chunk sweep "
                "(django_linebot.tasks.requeue_stale_chunks, a beat task) sends them once it can. "
                "Check that the broker and a Celery worker run and that your project's Celery app "
                'reads CELERY_BROKER_URL, or set LINEBOT["SEND_MODE"] = "inline" to send without Celery.',
                len(ids) - queued,
                broker,
                type(err).__name__,
                text,
            )
            return queued
    return len(ids)


def _broker_and_error(err: Exception) -> tuple[str, str]:
    """The broker's URL with its password masked, and the error's text without that password."""
    from celery import current_app

    text = str(err)
    try:
        connection = current_app.connection_for_write()
        broker = connection.as_uri()  # masks the password
        password = connection.password
    except Exception:  # a broker URL Celery cannot even parse
        return "(unreadable broker URL)", text
    if password:
        text = text.replace(str(password), "**")
    return broker, text


def _create(
    channel: AnyChannel, kind: str, messages: Any, chunks: list[list[str]], **fields: Any
) -> OutgoingMessage:
    """Write the message and its chunks; deliver them after commit. Raises ChannelInactive."""
    with transaction.atomic():
        message = OutgoingMessage.objects.create(
            channel=_channel(channel), kind=kind, messages=_messages(messages), **fields
        )
        rows = OutgoingChunk.objects.bulk_create(
            [
                OutgoingChunk(message=message, index=i, recipients=recipients)
                for i, recipients in enumerate(chunks)
            ]
        )
        if any(row.pk is None for row in rows):  # backends that do not return primary keys
            rows = list(message.chunks.order_by("index"))
        enqueue_chunks(row.pk for row in rows)
    return message


def push(
    channel: AnyChannel, to: str, messages: Any, *, notification_disabled: bool = False
) -> OutgoingMessage:
    """Push to one user, group or room. Raises :class:`ChannelInactive` for an inactive channel."""
    if not to or not isinstance(to, str):
        raise ValueError("to must be a user, group or room ID")
    return _create(
        channel, OutgoingMessage.Kind.PUSH, messages, [[]], to=to, notification_disabled=notification_disabled
    )


def reply(channel: AnyChannel, reply_token: str, messages: Any) -> OutgoingMessage:
    """Reply through the outbox. LINE has no retry key for replies: a retry after a lost answer fails."""
    if not reply_token:
        raise ValueError("reply_token is required")
    return _create(channel, OutgoingMessage.Kind.REPLY, messages, [[]], reply_token=reply_token)


def multicast(
    channel: AnyChannel, user_ids: Sequence[str], messages: Any, *, notification_disabled: bool = False
) -> OutgoingMessage:
    """Send to any number of users: one request (and retry key) per 500, each user once."""
    if isinstance(user_ids, str):
        raise ValueError("user_ids must be a list of user IDs")
    unique = list(dict.fromkeys(u for u in user_ids if u))
    if not unique:
        raise ValueError("user_ids must name at least one user")
    chunks = [
        unique[i : i + MAX_MULTICAST_RECIPIENTS] for i in range(0, len(unique), MAX_MULTICAST_RECIPIENTS)
    ]
    return _create(
        channel,
        OutgoingMessage.Kind.MULTICAST,
        messages,
        chunks,
        recipient_count=len(unique),
        notification_disabled=notification_disabled,
    )


def broadcast(channel: AnyChannel, messages: Any, *, notification_disabled: bool = False) -> OutgoingMessage:
    """Send to every friend of the channel."""
    return _create(
        channel, OutgoingMessage.Kind.BROADCAST, messages, [[]], notification_disabled=notification_disabled
    )


def narrowcast(
    channel: AnyChannel,
    messages: Any,
    *,
    recipient: Mapping[str, Any] | None = None,
    filter: Mapping[str, Any] | None = None,  # noqa: A002 - LINE's name
    limit: Mapping[str, Any] | None = None,
    notification_disabled: bool = False,
) -> OutgoingMessage:
    """Send to an audience or a demographic filter; its progress is polled until LINE finishes."""
    return _create(
        channel,
        OutgoingMessage.Kind.NARROWCAST,
        messages,
        [[]],
        recipient=dict(recipient) if recipient else None,
        filter=dict(filter) if filter else None,
        limit=dict(limit) if limit else None,
        notification_disabled=notification_disabled,
    )
