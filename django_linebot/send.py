"""Send messages through the outbox: validated now, written to the database, delivered after commit.

Each function validates the messages (builders' output or plain dicts), writes an
:class:`~django_linebot.models.OutgoingMessage` with its chunks, hands each chunk to
delivery when the transaction commits, and returns the message::

    from django_linebot import send
    send.push(channel, user_id, [{"type": "text", "text": "Your order shipped"}])
    send.multicast(channel, user_ids, SendMessage().add_text(text="Sale!"))  # any number of users

``LINEBOT["SEND_MODE"]`` says how chunks are delivered:

- ``"celery"`` (the default): one Celery task (``linebot.send_chunk``) per
  chunk, run by your workers. If the broker cannot be reached, the chunks stay queued in the
  outbox, one error is logged, and ``linebot.requeue_stale_chunks`` (a beat
  task) sends them later; the caller's response is not affected.
- ``"inline"``: for small projects without Celery. The chunks are delivered in the same process
  right after commit, with the same retry keys and rate limits; a failure is recorded on the
  chunk and logged, never raised to the caller. A retry that would wait longer than
  ``RATE_LIMIT_MAX_SLEEP`` is left to ``requeue_stale_chunks`` (run it from cron:
  ``python manage.py linebot_requeue_stale``).

``channel=None`` is the channel in ``LINEBOT`` settings
(:func:`~django_linebot.channels.settings_channel`). An inactive channel (``Channel.is_active``
off) sends nothing: every function raises :class:`ChannelInactive` for it, and chunks queued
before it was switched off fail unsent.

:func:`retry` queues a message's failed chunks again (with their retry keys), :func:`cancel`
cancels the chunks not sent yet, and :func:`call_line` is the one place that says which LINE
call delivers which kind of message.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from celery import current_app
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import queue
from .channels import channel_or_settings
from .conf import app_settings
from .models import Channel, OutgoingChunk, OutgoingMessage
from .sdk import LineBotApi, LineBotResponse
from .sdk.limits import MAX_MULTICAST_RECIPIENTS
from .sdk.validation import validate_messages

logger = logging.getLogger(__name__)

#: The values of ``LINEBOT["SEND_MODE"]``.
SEND_MODES = ("celery", "inline")


class ChannelInactive(ValueError):
    """Sending through a channel whose ``is_active`` is off: an inactive channel sends nothing."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        super().__init__(
            f"Channel {channel.name!r} (slug {channel.slug!r}) is inactive: it sends nothing. "
            "Activate it to send through it."
        )


def _messages(messages: Any) -> list[dict[str, Any]]:
    if hasattr(messages, "build"):
        messages = messages.build()
    return [dict(m) for m in validate_messages(messages)]


def _channel(channel: Channel | None) -> Channel:
    channel = channel_or_settings(channel)
    if not channel.is_active:
        raise ChannelInactive(channel)
    return channel


def enqueue_chunks(chunk_ids: Iterable[int]) -> None:
    """Deliver the chunks (see :func:`deliver_chunks`) once the current transaction commits."""
    ids = list(chunk_ids)
    transaction.on_commit(lambda: deliver_chunks(ids))


def deliver_chunks(chunk_ids: Iterable[int]) -> int:
    """Hand chunks to delivery now, as ``LINEBOT["SEND_MODE"]`` says; never raises.

    ``"celery"``: queue the ``linebot.send_chunk`` task for each chunk. When the
    broker cannot be reached, one error is logged and the chunks not queued stay ``queued`` in
    the outbox for ``linebot.requeue_stale_chunks``. ``"inline"``: deliver
    each chunk in this process. Returns how many chunks were handed over.
    """
    send_chunk = queue.task(queue.SEND_CHUNK)
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
                "(the linebot.requeue_stale_chunks beat task) sends them once it can. "
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
    channel: Channel | None, kind: str, messages: Any, chunks: list[list[str]], **fields: Any
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


def retry(message: OutgoingMessage) -> int:
    """Queue the message's failed chunks again, with their original retry keys; returns how many."""
    chunks = list(message.chunks.filter(status=OutgoingChunk.Status.FAILED).values_list("pk", flat=True))
    OutgoingChunk.objects.filter(pk__in=chunks).update(status=OutgoingChunk.Status.QUEUED, last_error="")
    enqueue_chunks(chunks)
    message.refresh_status()
    return len(chunks)


def cancel(message: OutgoingMessage) -> int:
    """Cancel the message's chunks not sent yet; returns how many."""
    n = message.chunks.filter(status__in=[OutgoingChunk.Status.QUEUED, OutgoingChunk.Status.HELD]).update(
        status=OutgoingChunk.Status.CANCELLED
    )
    message.refresh_status()
    return n


def call_line(api: LineBotApi, message: OutgoingMessage, chunk: OutgoingChunk) -> LineBotResponse:
    """Make the LINE call that delivers ``chunk`` of ``message``: which endpoint for which kind.

    Every kind but a reply carries the chunk's retry key, so LINE accepts it once however often
    it is sent.
    """
    kind = message.kind
    key = str(chunk.retry_key)
    quiet = message.notification_disabled or None
    if kind == OutgoingMessage.Kind.PUSH:
        return api.push_message(message.to, message.messages, retry_key=key, notification_disabled=quiet)
    if kind == OutgoingMessage.Kind.MULTICAST:
        return api.multicast(chunk.recipients, message.messages, retry_key=key, notification_disabled=quiet)
    if kind == OutgoingMessage.Kind.BROADCAST:
        return api.broadcast(message.messages, retry_key=key, notification_disabled=quiet)
    if kind == OutgoingMessage.Kind.NARROWCAST:
        return api.narrowcast(
            message.messages,
            recipient=message.recipient,
            filter=message.filter,
            limit=message.limit,
            retry_key=key,
            notification_disabled=quiet,
        )
    return api.reply_message(message.reply_token, message.messages, notification_disabled=quiet)


def push(
    channel: Channel | None, to: str, messages: Any, *, notification_disabled: bool = False
) -> OutgoingMessage:
    """Push to one user, group or room. Raises :class:`ChannelInactive` for an inactive channel."""
    if not to or not isinstance(to, str):
        raise ValueError("to must be a user, group or room ID")
    return _create(
        channel, OutgoingMessage.Kind.PUSH, messages, [[]], to=to, notification_disabled=notification_disabled
    )


def reply(channel: Channel | None, reply_token: str, messages: Any) -> OutgoingMessage:
    """Reply through the outbox. LINE has no retry key for replies: a retry after a lost answer fails."""
    if not reply_token:
        raise ValueError("reply_token is required")
    return _create(channel, OutgoingMessage.Kind.REPLY, messages, [[]], reply_token=reply_token)


def multicast(
    channel: Channel | None, user_ids: Iterable[str], messages: Any, *, notification_disabled: bool = False
) -> OutgoingMessage:
    """Send to any number of users: one request (and retry key) per 500, each user once.

    ``user_ids`` is any iterable of user IDs: a list, a generator, a queryset (``User.objects.values_list(
    "line_id", flat=True)``). It is read once, in a stream, and written as chunks of
    ``MAX_MULTICAST_RECIPIENTS`` as it goes, so no list of all recipients is built, and the call's
    memory is bounded whatever the number of IDs. Each user is sent once: an unsliced queryset is
    made ``distinct()`` by the database and read with ``iterator()``. Any other iterable of more
    than 16 chunks' worth of IDs, with Celery (``SEND_MODE = "celery"``), is written as it comes
    in chunks ``held`` back from delivery; the ``linebot.queue_message_chunks`` task then removes
    the IDs repeated across chunks (in the worker, in a set of the IDs seen) and queues the chunks,
    so the call returns without either; ``recipient_count`` counts the repeated IDs until then.
    Smaller iterables, and any in ``SEND_MODE = "inline"``, are de-duplicated here, in a set of the
    IDs seen. Empty IDs are skipped.
    """
    if isinstance(user_ids, str | bytes):
        raise ValueError("user_ids must be an iterable of user IDs, not one string")
    content = _messages(messages)
    held = False
    if not (isinstance(user_ids, QuerySet) and not user_ids.query.is_sliced):
        ids = iter(user_ids)
        head = list(itertools.islice(ids, _QUEUE_BY_TASK_FROM_IDS + 1))
        held = app_settings.SEND_MODE == "celery" and len(head) > _QUEUE_BY_TASK_FROM_IDS
        user_ids = itertools.chain(head, ids)
    with transaction.atomic():
        chunks = _recipient_chunks(user_ids, across_blocks=not held)
        first = next(chunks, None)
        if first is None:
            raise ValueError("user_ids must name at least one user")
        message = OutgoingMessage.objects.create(
            channel=_channel(channel),
            kind=OutgoingMessage.Kind.MULTICAST,
            messages=content,
            notification_disabled=notification_disabled,
        )
        status = OutgoingChunk.Status.HELD if held else OutgoingChunk.Status.QUEUED
        count = _write_chunks(message, itertools.chain([first], chunks), status)
        OutgoingMessage.objects.filter(pk=message.pk).update(recipient_count=count)
        message.recipient_count = count
        # Held chunks go through the task, which releases them, even when repeats left few of them.
        if held or (app_settings.SEND_MODE == "celery" and count > _QUEUE_BY_TASK_FROM_IDS):
            transaction.on_commit(functools.partial(_queue_message_chunks, message.pk))
        else:
            enqueue_chunks(message.chunks.order_by("index").values_list("pk", flat=True).iterator())
    return message


def release_held_chunks(message_id: int) -> int:
    """Remove the IDs repeated across a multicast's ``held`` chunks, then queue them; how many were held.

    Run by ``linebot.queue_message_chunks`` (and by ``linebot.requeue_stale_chunks`` for a message
    whose task was lost) before the chunks are delivered. The chunks are read in order, a batch at a
    time; an ID is kept in the first chunk that names it (the order the caller gave), a chunk left
    empty is cancelled, and ``recipient_count`` becomes the number of users. Under a lock on the
    message's row, so two runs at once release the chunks once. The set of the IDs seen is the one
    thing that grows with the message, in the worker.
    """
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        held = OutgoingChunk.objects.filter(message_id=message_id, status=OutgoingChunk.Status.HELD)
        if message is None or not held.exists():
            return 0
        seen: set[str] = set()
        released = 0
        rows = held.order_by("index").values_list("pk", "recipients").iterator(chunk_size=100)
        for pk, recipients in rows:
            released += 1
            # A chunk straddling two blocks of the call may name a user twice itself.
            unique = list(dict.fromkeys(recipients))
            repeated = seen.intersection(unique)  # usually none: then no loop in Python at all
            seen.update(unique)
            if not repeated and len(unique) == len(recipients):
                continue
            fresh = [user_id for user_id in unique if user_id not in repeated]
            if fresh:
                OutgoingChunk.objects.filter(pk=pk).update(recipients=fresh)
            else:
                OutgoingChunk.objects.filter(pk=pk).update(status=OutgoingChunk.Status.CANCELLED)
        held.update(status=OutgoingChunk.Status.QUEUED)
        OutgoingMessage.objects.filter(pk=message_id).update(recipient_count=len(seen))
    return released


#: A multicast of more chunks than this hands them to Celery with one task (``linebot.queue_message_chunks``).
_QUEUE_BY_TASK_FROM = 16
_QUEUE_BY_TASK_FROM_IDS = _QUEUE_BY_TASK_FROM * MAX_MULTICAST_RECIPIENTS


def _queue_message_chunks(message_id: int) -> None:
    """Queue the task that queues a big message's chunks; if the broker is down, the sweep sends them."""
    try:
        queue.task(queue.QUEUE_MESSAGE_CHUNKS).delay(message_id)
    except Exception as err:
        broker, text = _broker_and_error(err)
        logger.error(
            "Could not queue outbox message %s with Celery: the broker %s cannot be reached (%s: %s). Its "
            "chunks stay in the outbox (queued, or held until repeated users are removed), and the "
            "stale-chunk sweep (the linebot.requeue_stale_chunks beat task) sends them once it can.",
            message_id,
            broker,
            type(err).__name__,
            text,
        )


def _recipient_chunks(user_ids: Iterable[str], *, across_blocks: bool = True) -> Iterator[list[str]]:
    """The distinct, non-empty IDs of ``user_ids`` in lists of ``MAX_MULTICAST_RECIPIENTS``, as read.

    Read a block at a time, de-duplicated with C-level dict and set operations: a loop in Python per
    ID was most of the time a million-user multicast took to return. ``across_blocks=False``: each
    block only within itself (:func:`release_held_chunks` does the rest), in memory bounded by a block.
    """
    seen: set[str] | None = set() if across_blocks else None
    if isinstance(user_ids, QuerySet) and not user_ids.query.is_sliced:
        # order_by(): without it the model's default ordering columns would take part in DISTINCT.
        user_ids = (
            user_ids.order_by().distinct().iterator(chunk_size=_CHUNKS_PER_WRITE * MAX_MULTICAST_RECIPIENTS)
        )
        seen = None  # the database made them distinct
    ids = iter(user_ids)
    pending: list[str] = []
    while block := list(itertools.islice(ids, _CHUNKS_PER_WRITE * MAX_MULTICAST_RECIPIENTS)):
        unique = dict.fromkeys(block)
        unique.pop("", None)
        unique.pop(None, None)  # type: ignore[call-overload] # a NULL column of a queryset
        if seen is None:
            pending += unique
        else:
            repeated = seen.intersection(unique)  # usually none: then no loop in Python at all
            seen.update(unique)
            pending += [user_id for user_id in unique if user_id not in repeated] if repeated else unique
        full = len(pending) - len(pending) % MAX_MULTICAST_RECIPIENTS
        for i in range(0, full, MAX_MULTICAST_RECIPIENTS):
            yield pending[i : i + MAX_MULTICAST_RECIPIENTS]
        del pending[:full]
    if pending:
        yield pending


#: Chunks written per statement: bounds the memory of a send of any size (8,000 IDs at a time).
_CHUNKS_PER_WRITE = 16


def _write_chunks(
    message: OutgoingMessage, chunks: Iterator[list[str]], status: str = OutgoingChunk.Status.QUEUED
) -> int:
    """Write the chunks of ``message`` as they come; the number of recipients written.

    Per :data:`_CHUNKS_PER_WRITE` chunks, PostgreSQL: a ``COPY`` (the recipients as JSON text: no
    ORM object and no array escaping per ID); elsewhere ``bulk_create``. Only a batch of chunks
    is in memory at a time. ``status``: ``queued``, or ``held`` until :func:`release_held_chunks`.
    """
    count = index = 0
    sql = ""
    values: dict[str, Any] = {}
    if connection.vendor == "postgresql":
        values = {
            "message": message.pk,
            "index": 0,
            "recipients": "",
            "retry_key": None,
            "status": str(status),
            "attempts": 0,
            "request_id": "",
            "accepted_request_id": "",
            "last_error": "",
            "updated_at": timezone.now(),
        }
        quote = connection.ops.quote_name
        column = {field.name: field.column or field.name for field in OutgoingChunk._meta.concrete_fields}
        columns = ", ".join(quote(column[name]) for name in values)
        sql = f"COPY {quote(OutgoingChunk._meta.db_table)} ({columns}) FROM STDIN"
    # A batch is read before it is written: a queryset's server-side cursor and a COPY cannot share
    # the connection at the same moment.
    while batch := list(itertools.islice(chunks, _CHUNKS_PER_WRITE)):
        if sql:
            with connection.cursor() as cursor, cursor.copy(sql) as copy:
                for i, ids in enumerate(batch):
                    values.update(index=index + i, recipients=_json_list(ids), retry_key=uuid.uuid4())
                    copy.write_row(tuple(values.values()))
        else:
            OutgoingChunk.objects.bulk_create(
                [
                    OutgoingChunk(message=message, index=index + i, recipients=ids, status=status)
                    for i, ids in enumerate(batch)
                ]
            )
        index += len(batch)
        count += sum(len(ids) for ids in batch)
    return count


def _json_list(ids: list[str]) -> str:
    """``json.dumps(ids)``, joined directly when every ID is ASCII letters and digits (LINE's always are).

    Checked by two scans in C over the joined IDs (a regular expression for what JSON escapes took
    half the time a million-user multicast took to return); any other ID goes through ``json.dumps``.
    """
    joined = "".join(ids)
    if ids and joined.isascii() and joined.encode("ascii").isalnum():
        return '["' + '", "'.join(ids) + '"]'
    return json.dumps(ids)


def broadcast(
    channel: Channel | None, messages: Any, *, notification_disabled: bool = False
) -> OutgoingMessage:
    """Send to every friend of the channel."""
    return _create(
        channel, OutgoingMessage.Kind.BROADCAST, messages, [[]], notification_disabled=notification_disabled
    )


def narrowcast(
    channel: Channel | None,
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
