"""Send messages through the outbox: validated now, written to the database, delivered by Celery.

Each function validates the messages (builders' output or plain dicts), writes an
:class:`~django_linebot.models.OutgoingMessage` with its chunks, queues one
Celery task per chunk when the transaction commits, and returns the message::

    from django_linebot import send
    send.push(channel, user_id, [{"type": "text", "text": "Your order shipped"}])
    send.multicast(channel, user_ids, SendMessage().add_text(text="Sale!"))  # any number of users
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction

from .models import Channel, OutgoingChunk, OutgoingMessage, SettingsChannel
from .sdk.validation import MAX_MULTICAST_RECIPIENTS, validate_messages

AnyChannel = Channel | SettingsChannel | None


def _messages(messages: Any) -> list[dict[str, Any]]:
    if hasattr(messages, "build"):
        messages = messages.build()
    return [dict(m) for m in validate_messages(messages)]


def _channel(channel: AnyChannel) -> Channel | None:
    return channel if isinstance(channel, Channel) else None


def enqueue_chunks(chunk_ids: Iterable[int]) -> None:
    """Queue the delivery task of each chunk once the current transaction commits."""
    from .tasks import send_chunk

    ids = list(chunk_ids)
    transaction.on_commit(lambda: [send_chunk.delay(pk) for pk in ids])


def _create(
    channel: AnyChannel, kind: str, messages: Any, chunks: list[list[str]], **fields: Any
) -> OutgoingMessage:
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
    """Push to one user, group or room."""
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
