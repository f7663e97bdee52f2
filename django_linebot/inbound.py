"""Inbound: store webhook events, then fire their signals (and replay stored ones).

Every event is written to the :class:`~django_linebot.models.WebhookEvent` log
before any receiver runs. A redelivered or duplicated event (same
``webhookEventId`` for the same channel) is neither stored nor dispatched a
second time. A receiver that raises does not stop the others: its error is
recorded on the row and logged, and ``signals.webhook_event_failed`` is sent.
Inside a transaction each receiver runs in its own savepoint, so one receiver's
database error neither breaks the connection for the next one nor loses the
event's outcome.

Receivers get ``api`` lazily: the channel's client (and its access token, which
LINE may have to issue first) is made when a receiver first uses it, so a
receiver that never calls LINE runs even when no token can be had. An ``async def``
receiver gets an :class:`~django_linebot.sdk.aio.AsyncLineBotApi` for its channel (with
the ``async`` extra) and is awaited; if no client can be made, using its ``api`` raises
:class:`LineClientUnavailable`.

What a database cannot hold is made storable, and the raw event is kept:
NUL characters and lone surrogates become U+FFFD, a ``timestamp`` outside the
64-bit range is stored as NULL, and a ``webhookEventId`` longer than its column
is stored as ``sha256:`` and a digest of it (so its redeliveries are still
recognised).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import operator
import re
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from asgiref.sync import async_to_sync
from django.db import DatabaseError, DataError, IntegrityError, connection, transaction
from django.db.models import Case, Field, Value, When
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import queue, signals
from .channels import get_api, kept_channel
from .conf import app_settings
from .models import Channel, ChannelDispatch, WebhookEvent
from .sdk import LineBotApi
from .sdk.events import Event, WebhookPayload

logger = logging.getLogger(__name__)

_ID_LENGTH: int = WebhookEvent._meta.get_field("webhook_event_id").max_length or 0
_USER_ID_LENGTH: int = WebhookEvent._meta.get_field("user_id").max_length or 0
_TIMESTAMP_RANGE = range(-(2**63), 2**63)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class LineClientUnavailable(RuntimeError):
    """A receiver used ``api``, but no client could be made for the channel.

    For example its access token could not be issued (LINE unreachable or refusing),
    or its stored secret cannot be decrypted. The message says why.
    """


def store_events(
    channel: Channel, payload: WebhookPayload, *, settle_unheard: bool = False, return_settled: bool = True
) -> list[tuple[WebhookEvent, Event]]:
    """Write the events of ``payload`` in one transaction; return the rows that are new (not duplicates).

    ``settle_unheard``: store an event no receiver is connected for (:func:`unheard`) as processed
    (``attempts`` 1), as dispatching it would record it, so no outcome is written for it afterwards.
    Only for events dispatched in this process, right after (``DISPATCH = "sync"``).
    ``return_settled=False``: leave the events stored settled out of what is returned (only the rows
    left to dispatch; no model instance is made for the others).

    If the database fails part-way, nothing of the delivery is kept, so LINE's
    redelivery stores (and dispatches) every event of it. On PostgreSQL this is one
    statement (``INSERT ... ON CONFLICT DO NOTHING RETURNING``) that stores the new
    events and skips the stored ones; elsewhere, and for a delivery that statement
    cannot store, one SELECT and one bulk INSERT (or a row at a time) in a transaction.
    """
    return _store(channel, payload, _settling(settle_unheard), return_settled, mark_drain=False)[0]


def _store(
    channel: Channel,
    payload: WebhookPayload,
    settles: Callable[[Event], bool],
    return_settled: bool,
    mark_drain: bool,
) -> tuple[list[tuple[WebhookEvent, Event]], bool | None]:
    """What :func:`store_events` does; and whether a drain of the channel was marked queued with them.

    ``mark_drain`` (Celery mode on PostgreSQL): the statement storing the events also marks the
    channel's drain queued (:func:`_mark_statement`), so a delivery is one statement and one commit.
    The second value is None where the mark was not tried (the other store path: see
    :func:`queue_channel_dispatch`).
    """
    if connection.vendor == "postgresql":
        stored = _store_on_conflict(channel, payload, settles, return_settled, mark_drain)
        if stored is not None:
            return stored
    with transaction.atomic():
        rows = _store_events(channel, payload, settles)
    if not return_settled:
        rows = [(row, event) for row, event in rows if row.status == WebhookEvent.Status.PENDING]
    return rows, None


def _settling(settle_unheard: bool) -> Callable[[Event], bool]:
    """Whether an event of one delivery is stored settled (:func:`unheard`; looked up once per type)."""
    if not settle_unheard:
        return lambda event: False
    by_type: dict[str, bool] = {}

    def settles(event: Event) -> bool:
        key = _type_of(event)
        settled = by_type.get(key)
        if settled is None:
            settled = by_type[key] = unheard(event)
        return settled

    return settles


def _row_values(
    channel: Channel, event: Event, destination: str, now: datetime, settled: bool
) -> dict[str, Any]:
    """The row one event is stored as, by field (``attname``); both store paths build it here.

    The fields left out (``error``) take their defaults. A new column of the event log is one more
    line here. ``now``: its ``received_at`` (see :func:`_received_at`). ``settled``: stored processed.
    """
    mode, timestamp = event.mode, event.timestamp
    return {
        "channel_id": channel.pk,
        "webhook_event_id": _stored_id(event.webhook_event_id),
        "event_type": _clean(_type_of(event))[:64],
        "payload": event.raw,
        "destination": destination,
        "mode": _clean(mode)[:16] if isinstance(mode, str) else "",
        "is_redelivery": event.is_redelivery,
        "timestamp": timestamp if _storable_timestamp(timestamp) else None,
        "user_id": _stored_user_id(event.user_id),
        "received_at": now,
        "status": WebhookEvent.Status.PROCESSED if settled else WebhookEvent.Status.PENDING,
        "attempts": 1 if settled else 0,
        "processed_at": now if settled else None,
    }


def signals_of(event: Event) -> tuple[Signal, Signal]:
    """The signals dispatching ``event``, in order: its type's (else ``unknown_event``), ``webhook_event``."""
    return signals.BY_EVENT_TYPE.get(_type_of(event), signals.unknown_event), signals.webhook_event


def _type_of(event: Event) -> str:
    """The event's ``type``; "" if it has none (or not a string)."""
    event_type = event.type
    return event_type if isinstance(event_type, str) else ""


def unheard(event: Event) -> bool:
    """Whether no receiver at all is connected to the signals of ``event`` (dispatching it calls nobody)."""
    return not any(signal.receivers for signal in signals_of(event))


def _received_at(now: datetime, position: int) -> datetime:
    """The ``received_at`` of a delivery's event at ``position``: a microsecond apart, in LINE's order.

    So ordering the log by ``received_at`` gives LINE's order within a delivery (the events are
    inserted in event-ID order, for their locks), and the order of arrival across deliveries: the
    order the channel drain dispatches in, and the admin's.
    """
    return now + timedelta(microseconds=position) if position else now


def _store_events(
    channel: Channel, payload: WebhookPayload, settles: Callable[[Event], bool]
) -> list[tuple[WebhookEvent, Event]]:
    destination = _clean(payload.destination or "")[:64]
    now = timezone.now()
    rows: list[tuple[WebhookEvent, Event]] = []
    for position, event in enumerate(payload.events):
        values = _row_values(channel, event, destination, _received_at(now, position), settles(event))
        row = WebhookEvent(**values)
        row.channel = channel
        rows.append((row, event))
    return _insert_new(rows, channel)


#: The fields the fast path writes, in the table's column order (the primary key comes back).
_FIELDS = [f for f in WebhookEvent._meta.concrete_fields if not f.primary_key]


@functools.cache
def _insert_statement(vendor: str, mark_drain: bool = False) -> str:
    """PostgreSQL's statement storing a delivery: the rows as one JSON document, made rows by the server.

    The document is an array of rows, each an array of its values in :data:`_FIELDS`' order
    (:func:`_document_row`); ``jsonb_array_elements`` yields the rows and each column is read by
    position. The statement's text does not depend on the number of events, so the driver parses it
    once per process (a ``VALUES`` list of 100 rows had to be split into its 900 placeholders at
    every delivery), and the whole delivery is one string parameter, written by ``json.dumps`` (an
    array per column had the driver escape every element of the payloads in Python). Rows by position,
    not objects by column name (``jsonb_populate_recordset``): the document is a quarter smaller, and
    PostgreSQL spent a quarter of the statement's CPU parsing it (profiled, 100 events: 7.5 -> 6.5 ms).

    ``mark_drain``: the statement also marks the channel's drain queued (:func:`_mark_statement`) if
    it stored an event, and each row returned says whether it did. Its parameters after the document:
    the channel's primary key, the time, the mark's cutoff.
    """
    quote = connection.ops.quote_name
    table = quote(WebhookEvent._meta.db_table)
    columns = ", ".join(quote(f.column or f.attname) for f in _FIELDS)
    values = ", ".join(_column_value(field, position) for position, field in enumerate(_FIELDS))
    insert = (
        f"INSERT INTO {table} ({columns}) SELECT {values} "  # noqa: S608 - names from the model, values as params
        f"FROM jsonb_array_elements(%s::jsonb) AS r "
        f"ON CONFLICT ({quote('channel_id')}, {quote('webhook_event_id')}) DO NOTHING "
        f"RETURNING {quote('id')}, {quote('webhook_event_id')}"
    )
    if not mark_drain:
        return insert
    # A data-modifying WITH runs once and to its end, read or not; "marked" reads "stored" after it.
    mark = _mark_statement("SELECT %s, %s WHERE EXISTS (SELECT 1 FROM stored)")
    return (
        f"WITH stored AS ({insert}), marked AS ({mark}) "  # noqa: S608 - names from the models
        f"SELECT {quote('id')}, {quote('webhook_event_id')}, EXISTS (SELECT 1 FROM marked) FROM stored"
    )


def _column_value(field: Field[Any, Any], position: int) -> str:
    """The SQL reading ``field``'s value from a document row ``r`` (see :func:`_insert_statement`).

    JSON as it is; text as text, which the INSERT checks against the column's length (an explicit
    cast to ``varchar(n)`` would cut it silently); anything else cast to the column's type.
    """
    kind = field.get_internal_type()
    if kind == "JSONField":
        return f"r -> {position}"
    if kind in ("CharField", "TextField"):
        return f"r ->> {position}"
    return f"CAST(r ->> {position} AS {field.db_type(connection)})"  # a foreign key's: its target's type


def _document_row(values: dict[str, Any]) -> list[Any]:
    """A row of the statement's document: the values in :data:`_FIELDS`' order, the times as text."""
    row = list(_VALUES_IN_ORDER(values))
    for position in _TIME_POSITIONS:
        moment = row[position]
        row[position] = moment and moment.isoformat()
    return row


def _rows_document(rows: list[list[Any]]) -> str:
    """The rows (arrays of values) as the JSON text jsonb takes (which holds no NUL and no lone surrogate)."""
    text = json.dumps(rows, ensure_ascii=False)
    if "\\u0000" in text or not _encodable(text):  # json.dumps escapes a NUL; a lone surrogate stays
        text = json.dumps(_clean(rows), ensure_ascii=False)
    return text


def _encodable(text: str) -> bool:
    """Whether ``text`` is valid Unicode (no lone surrogate): two C-level checks, not a regex scan."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _store_on_conflict(
    channel: Channel,
    payload: WebhookPayload,
    settles: Callable[[Event], bool],
    return_settled: bool,
    mark_drain: bool,
) -> tuple[list[tuple[WebhookEvent, Event]], bool] | None:
    """PostgreSQL: store the delivery's new events in one statement; None if the database refused it.

    ``ON CONFLICT DO NOTHING`` skips an event stored already, also one a concurrent delivery
    is storing right now (PostgreSQL waits for that one to commit or roll back), so a
    redelivery is never dispatched twice. The rows go in event-ID order, so two deliveries
    sharing events take their locks in the same order. A database failing before the
    commit keeps nothing. A refusal that is not a duplicate (a value
    the database cannot hold) leaves the delivery to :func:`_store_events`, which cleans
    and retries row by row.
    """
    destination = _clean(payload.destination or "")[:64]
    now = timezone.now()
    seen: set[str] = set()
    fresh: list[tuple[dict[str, Any], Event]] = []
    for position, event in enumerate(payload.events):
        values = _row_values(channel, event, destination, _received_at(now, position), settles(event))
        event_id = values["webhook_event_id"]
        if event_id is not None:
            if event_id in seen:
                logger.info("webhook event %s is a duplicate; skipped", event_id)
                continue
            seen.add(event_id)
        fresh.append((values, event))
    if not fresh:
        return [], False
    fresh.sort(key=lambda pair: pair[0]["webhook_event_id"] or "")
    defaults = {f.attname: f.get_default() for f in _FIELDS if f.attname not in fresh[0][0]}
    for values, _ in fresh:
        values.update(defaults)
    document = _rows_document([_document_row(values) for values, _ in fresh])
    params: list[Any] = [document]
    if mark_drain:
        params += _mark_params(channel.pk, now)
    sql = _insert_statement(connection.vendor, mark_drain)
    try:
        # The statement's commit is the point after which the delivery counts as stored, so a
        # database lost before it keeps nothing (tests/reliability/test_db_outage.py).
        returned = _in_a_transaction(sql, params)
    except (IntegrityError, DataError):
        return None
    marked = bool(returned) and mark_drain and bool(returned[0][2])
    by_id = {row[1]: row[0] for row in returned if row[1] is not None}
    unnamed = iter(row[0] for row in returned if row[1] is None)  # RETURNING keeps the document's order
    stored: list[tuple[WebhookEvent, Event]] = []
    for values, event in fresh:
        event_id = values["webhook_event_id"]
        pk = next(unnamed) if event_id is None else by_id.get(event_id)
        if pk is None:
            logger.info("webhook event %s is a duplicate; skipped", event_id)
            continue
        if not return_settled and values["status"] != WebhookEvent.Status.PENDING:
            continue  # stored processed (profiled: a model instance is 13 to 26 µs of CPU per event)
        row = WebhookEvent.from_db(connection.alias, _ROW_NAMES, [pk, *(values[name] for name in _NAMES)])
        row.channel = channel
        stored.append((row, event))
    order = {id(event): i for i, event in enumerate(payload.events)}
    stored.sort(key=lambda pair: order[id(pair[1])])  # dispatched in LINE's order
    return stored, marked


def _in_a_transaction(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run the one statement ``sql`` as a transaction of its own; its rows, committed when this returns.

    In autocommit (the webhook view, a task) the statement is its own transaction: PostgreSQL commits
    it before it answers, and a database lost before that keeps nothing. One round trip and no
    ``BEGIN`` or ``COMMIT`` to parse (profiled: an explicit ``BEGIN``/``COMMIT`` pipeline cost 0.33 ms
    of the client's CPU for a 1-event delivery, the single statement 0.14 ms). Inside a transaction
    (or with Django's ``AUTOCOMMIT`` off), a savepoint of the caller's transaction.
    """
    if not _autocommitted():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with _server_binding_cursor() or connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _server_binding_cursor() -> Any:
    """Django's cursor over a psycopg 3 cursor that binds parameters on the server; None where none fits.

    The store and outcome statements' arrays and JSON then travel as parameters, not as literals
    in the SQL text the server parses (profiled, a 1-event delivery's statements: 3.0 -> 2.7 ms).
    Django's own cursor binds on the client unless ``OPTIONS["server_side_binding"]`` is set.
    Where ``OPTIONS["prepare_threshold"]`` turns psycopg's prepared statements on (Django leaves
    them off for connection poolers such as PgBouncer's transaction pooling), the statements, run
    for every delivery, are then neither parsed nor planned again (2.6 ms). None with psycopg2.
    Execute wrappers and query logging apply as to any Django cursor.
    """
    connection.ensure_connection()
    raw = connection.connection
    try:
        import psycopg
    except ImportError:  # psycopg2
        return None
    if not isinstance(raw, psycopg.Connection):
        return None
    cursor: Any = psycopg.Cursor(raw)  # django-stubs types make_cursor as taking its own wrapper
    return (
        connection.make_debug_cursor(cursor) if connection.queries_logged else connection.make_cursor(cursor)
    )


_NAMES = [f.attname for f in _FIELDS]
#: A row's values (by ``attname``) in :data:`_FIELDS`' order, as a tuple (made in C).
_VALUES_IN_ORDER = operator.itemgetter(*_NAMES)
#: The positions of the times in a document row (written as ISO 8601 text).
_TIME_POSITIONS = [i for i, f in enumerate(_FIELDS) if f.get_internal_type() == "DateTimeField"]
_ROW_NAMES = ["id", *_NAMES]


def _batches(values: list[Any]) -> list[list[Any]]:
    """``values`` in slices a query can carry as parameters (one slice for any delivery LINE sends)."""
    limit = connection.features.max_query_params
    if not limit or len(values) <= limit - 10:
        return [values]
    size = limit - 10  # room for the query's other parameters
    return [values[i : i + size] for i in range(0, len(values), size)]


def _storable_timestamp(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in _TIMESTAMP_RANGE


def _stored_user_id(user_id: Any) -> str:
    """``source.userId`` as stored in ``WebhookEvent.user_id``: made storable, "" if there is none."""
    return _clean(user_id)[:_USER_ID_LENGTH] if isinstance(user_id, str) else ""


def _stored_id(event_id: Any) -> str | None:
    """The ``webhookEventId`` as stored: made storable, and digested if longer than the column."""
    if not isinstance(event_id, str) or not event_id:
        return None
    event_id = _clean(event_id)
    if len(event_id) > _ID_LENGTH:
        digest = hashlib.sha256(event_id.encode("utf-8")).hexdigest()
        return ("sha256:" + digest)[:_ID_LENGTH]
    return event_id


def _insert_new(rows: list[tuple[WebhookEvent, Event]], channel: Channel) -> list[tuple[WebhookEvent, Event]]:
    """Insert the rows whose event is not stored yet; keep LINE's order in what is returned.

    The fast path is one SELECT and one bulk INSERT. If that fails (a concurrent
    delivery of the same events won the race, or a value the database refuses), each
    row is inserted in its own savepoint instead, in event-ID order, so two
    deliveries that share events lock them in the same order.
    """
    ids = [row.webhook_event_id for row, _ in rows if row.webhook_event_id]
    known: set[str] = set()
    for some in _batches(ids):
        known.update(
            event_id
            for event_id in WebhookEvent.objects.filter(
                channel=channel, webhook_event_id__in=some
            ).values_list("webhook_event_id", flat=True)
            if event_id
        )
    fresh: list[tuple[WebhookEvent, Event]] = []
    for row, event in rows:
        if row.webhook_event_id in known:
            logger.info("webhook event %s is a duplicate; skipped", row.webhook_event_id)
            continue
        if row.webhook_event_id:
            known.add(row.webhook_event_id)  # the same event twice in one delivery
        fresh.append((row, event))
    ordered = sorted((row for row, _ in fresh), key=lambda r: r.webhook_event_id or "")
    if connection.features.can_return_rows_from_bulk_insert:
        try:
            with transaction.atomic():
                WebhookEvent.objects.bulk_create(ordered)
            return fresh
        except (IntegrityError, DataError):
            for row in ordered:
                row.pk = None
    inserted = {id(row) for row in ordered if _insert(row)}
    return [(row, event) for row, event in fresh if id(row) in inserted]


def _insert(row: WebhookEvent) -> bool:
    """Insert a row in its own savepoint; False if its event is stored already.

    Only the unique constraint on the event ID means "duplicate". Any other refusal
    is retried once with the payload made storable (PostgreSQL's jsonb holds no NUL
    character and no lone surrogate); if that fails too, the error propagates, the
    delivery is answered 500, and LINE delivers it again.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return True
        except (IntegrityError, DataError):
            row.pk = None
            if row.webhook_event_id and _is_stored(row):
                return False
            if attempt:
                raise
            row.payload = _clean(row.payload)
    return False  # pragma: no cover - the loop returns or raises


def _is_stored(row: WebhookEvent) -> bool:
    return WebhookEvent.objects.filter(
        channel_id=row.channel_id, webhook_event_id=row.webhook_event_id
    ).exists()


def _clean(value: Any) -> Any:
    """``value`` with every NUL character and lone surrogate (in keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        if value.isascii() and "\x00" not in value:  # most text: two checks in C, no regex scan
            return value
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def dispatch_stored_event(row: WebhookEvent, event: Event | None = None) -> bool:
    """Fire the signals for one stored event; record and return whether every receiver succeeded."""
    ok = _run_receivers(row, event if event is not None else row.event)
    _save_outcomes([row])
    return ok


def lazy_api(channel: Channel) -> LineBotApi:
    """The channel's client, made on first use; :class:`LineClientUnavailable` if it cannot be made.

    The cause is in the message, and the exception is raised without it attached, so
    an error report of the receiver shows no frame that handled the channel's secrets.
    """
    failure: list[str] = []

    def make() -> LineBotApi:
        if not failure:
            try:
                return get_api(channel)
            except Exception as exc:  # noqa: BLE001 - any cause; it is named in the message
                failure.append(f"no LINE client for {channel!r}: {type(exc).__name__}: {exc}")
        raise LineClientUnavailable(failure[0])

    return SimpleLazyObject(make)  # type: ignore[return-value]


def _run_receivers(row: WebhookEvent, event: Event, api: LineBotApi | None = None) -> bool:
    """Fire the event's signal, then ``webhook_event``; set (not save) the outcome on ``row``.

    ``api``: the channel's lazy client, shared by the events of one delivery.
    """
    channel = row.channel
    kwargs: dict[str, Any] = {
        "event": event,
        "channel": channel,
        "api": api if api is not None else lazy_api(channel),
        "webhook_event": row,
        "standby": event.is_standby,
    }
    failures: list[str] = []
    failed: list[tuple[Any, Exception]] = []
    for signal in signals_of(event):
        for receiver, error in _send(signal, type(event), kwargs):
            failed.append((receiver, error))
            name = getattr(receiver, "__qualname__", repr(receiver))
            summary = f"{type(error).__name__}: {error}"
            logger.error(
                "receiver %s failed on %s event %s: %s",
                name,
                row.event_type or "(no type)",
                row.webhook_event_id,
                summary,
                exc_info=(type(error), error, error.__traceback__),
            )
            tb = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            failures.append(f"{name}: {summary}\n{tb}")
    row.attempts += 1  # processed_at: set by _save_outcomes, once for the delivery
    row.status = WebhookEvent.Status.FAILED if failures else WebhookEvent.Status.PROCESSED
    row.error = _clean("\n".join(failures)) if failures else ""
    for receiver, error in failed:
        _send_failed(row, event, channel, receiver, error)
    return not failures


def _send_failed(row: WebhookEvent, event: Event, channel: Any, receiver: Any, error: Exception) -> None:
    """Send ``webhook_event_failed`` for one failed receiver; its own receivers' errors are only logged."""
    kwargs = {
        "event": event,
        "channel": channel,
        "webhook_event": row,
        "receiver": receiver,
        "exception": error,
    }
    for handler, exc in _send(signals.webhook_event_failed, type(event), kwargs):
        logger.error(
            "webhook_event_failed receiver %s failed on event %s: %s: %s",
            getattr(handler, "__qualname__", repr(handler)),
            row.webhook_event_id,
            type(exc).__name__,
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
        )


def _send(signal: Signal, sender: type, kwargs: dict[str, Any]) -> list[tuple[Any, Exception]]:
    """Call each receiver of ``signal``; the receivers that raised, with their error.

    Like ``Signal.send_robust``, but inside a transaction (a replay from a view under
    ``ATOMIC_REQUESTS``, a test, a task run in ``atomic``) each receiver runs in its own
    savepoint: a receiver's database error rolls back its own work only, and leaves the
    connection usable for the next receiver and for the event's outcome. In autocommit
    (the webhook view, Celery tasks, management commands) a failed statement breaks
    nothing, and what a receiver had committed stays, as anywhere in Django; notably
    an access token issued for ``api`` is kept, not rolled back and issued again for
    every event while LINE counts them. ``async def`` receivers run after the others,
    one at a time.
    """
    if not signal.receivers:  # no receiver connected at all (a type nobody handles): nothing to look up
        return []
    sync_receivers, async_receivers = signal._live_receivers(sender)
    receivers = [*sync_receivers, *async_receivers]
    calls = [*sync_receivers, *(_call_async(receiver) for receiver in async_receivers)]
    failed: list[tuple[Any, Exception]] = []
    for receiver, call in zip(receivers, calls, strict=True):
        try:
            if connection.in_atomic_block:
                with transaction.atomic():
                    call(signal=signal, sender=sender, **kwargs)
            else:
                call(signal=signal, sender=sender, **kwargs)
        except Exception as exc:  # noqa: BLE001 - recorded on the event
            failed.append((receiver, exc))
    return failed


class _NoAsyncClient:
    """What an ``async def`` receiver gets as ``api`` when no client can be made: any use raises why."""

    def __init__(self, why: str) -> None:
        self._why = why

    def __getattr__(self, name: str) -> Any:
        raise LineClientUnavailable(self._why)

    def __repr__(self) -> str:
        return "<no AsyncLineBotApi>"


def _call_async(receiver: Any) -> Callable[..., Any]:
    """Call ``receiver`` (``async def``) from sync code with an ``AsyncLineBotApi`` as ``api``.

    The async client is made from the channel's sync client (same secret, token, endpoints, timeout
    and ``raise_errors``) inside the receiver's event loop, and closed when the receiver returns:
    ``async_to_sync`` runs each call in a loop of its own, and an httpx pool belongs to one loop.
    The token is read before, in sync code, as the ORM needs (so it is issued, if LINE has to issue
    one, even for a receiver that then makes no call). Without the ``async`` extra (httpx) the
    receiver gets the sync client, as before.
    """

    def call(**kwargs: Any) -> Any:
        if "api" not in kwargs:  # webhook_event_failed
            return async_to_sync(receiver)(**kwargs)
        sync_api = kwargs["api"]
        try:
            from .sdk.aio import AsyncLineBotApi
        except ImportError:
            return async_to_sync(receiver)(**kwargs)
        try:
            secret, token = sync_api.channel_secret, sync_api.channel_access_token
        except LineClientUnavailable as exc:
            return async_to_sync(receiver)(**{**kwargs, "api": _NoAsyncClient(str(exc))})

        async def run() -> Any:
            async with AsyncLineBotApi(
                channel_secret=secret,
                channel_access_token=token,
                api_endpoint=app_settings.API_ENDPOINT,
                api_data_endpoint=app_settings.API_DATA_ENDPOINT,
                timeout=app_settings.TIMEOUT,
                raise_errors=sync_api.raise_errors,
            ) as api:
                return await receiver(**{**kwargs, "api": api})

        return async_to_sync(run)()

    return call


def replay(row: WebhookEvent) -> WebhookEvent:
    """Dispatch this stored event again (whatever its status) and record the outcome."""
    dispatch_stored_event(row)
    return row


def replay_events(rows: Any) -> tuple[int, int]:
    """Dispatch these stored events again; returns (processed, failed)."""
    processed = failed = 0
    for row in rows:
        if dispatch_stored_event(row):
            processed += 1
        else:
            failed += 1
    return processed, failed


def dispatch_stored_events(rows: list[WebhookEvent]) -> int:
    """Fire the signals of these stored events in their order, then write their outcomes in one UPDATE.

    What the ``linebot.dispatch_events`` task does with a delivery's rows (``DISPATCH = "celery"``),
    as the webhook does with a delivery's new events in ``"sync"``. The events of one channel share
    its lazy client. Returns how many had every receiver succeed.
    """
    return _dispatch([(row, row.event) for row in rows])


def _dispatch(stored: list[tuple[WebhookEvent, Event]], save_every: float | None = None) -> int:
    """Run the receivers of ``stored`` in order; write their outcomes at the end in one UPDATE.

    ``save_every``: also write the outcomes so far once that many seconds have passed since the
    last write (a drain's batch: a worker lost mid-batch then dispatches again only the events of
    its last fraction of a second, not the whole batch).
    """
    apis: dict[int, LineBotApi] = {}
    succeeded = 0
    done: list[WebhookEvent] = []
    written = time.monotonic()
    for row, event in stored:
        api = apis.get(row.channel_id)
        if api is None:
            api = apis[row.channel_id] = lazy_api(row.channel)
        succeeded += _run_receivers(row, event, api)
        done.append(row)
        if save_every is not None and time.monotonic() - written >= save_every:
            _save_outcomes(done)
            done, written = [], time.monotonic()
    if done:
        _save_outcomes(done)
    return succeeded


def _queue_dispatch(pks: list[int]) -> None:
    """Queue the task dispatching a delivery's events; if the broker cannot take it, they wait for the sweep.

    One task per delivery, not per event: Celery's ``delay()`` costs more CPU than storing the
    delivery (profiled, 1.3 ms a message), and the worker dispatches the events in LINE's order.
    The events are stored already, so the delivery is still answered 200 (LINE's redelivery would
    be a duplicate anyway): ``linebot.dispatch_stale_events`` dispatches them once ten minutes old.
    """
    _delay(queue.DISPATCH_EVENTS, pks, f"webhook event rows {pks} are stored but their dispatch")


def _delay(task: str, argument: Any, what: str) -> bool:
    """Queue ``task`` with ``argument``; False, and ``what`` logged as not queued, if the broker refuses it.

    The events it would dispatch are committed: ``linebot.dispatch_stale_events`` has them.
    """
    try:
        queue.task(task).delay(argument)
    except Exception as exc:  # noqa: BLE001 - kombu's OperationalError, a refused connection, ...
        logger.error(
            "%s could not be queued (is the Celery broker running?): %s: %s; "
            "the linebot.dispatch_stale_events task will dispatch them",
            what,
            type(exc).__name__,
            exc,
        )
        return False
    return True


def _save_outcomes(rows: list[WebhookEvent]) -> None:
    """Write the outcome of a delivery's dispatched rows in one UPDATE.

    Should the process die before it, the rows stay pending and ``linebot.dispatch_stale_events``
    dispatches them. On PostgreSQL, outside a transaction, the UPDATE's commit does not wait for
    the disk (``synchronous_commit`` off for that transaction only): only a crash of PostgreSQL
    itself in the next fraction of a second could lose it, with the same effect as this process
    dying before it (the events, committed before any receiver ran, are kept either way).
    """
    processed_at = timezone.now()
    for row in rows:
        row.processed_at = processed_at  # as written
    if connection.vendor == "postgresql":
        statement = _relaxed(_OUTCOME_SQL)
        # The outcomes as one JSON document (json.dumps, in C): psycopg dumps a list parameter element
        # by element in Python (profiled: 1.9 ms of client CPU for a 100-event delivery's four arrays).
        document = [{"id": r.pk, "status": r.status, "error": r.error, "attempts": r.attempts} for r in rows]
        ids = "{" + ",".join(str(r.pk) for r in rows) + "}"  # a bigint[] in PostgreSQL's text form
        params: list[Any] = [processed_at, json.dumps(document, ensure_ascii=False), ids]
        with _server_binding_cursor() or connection.cursor() as cursor:
            cursor.execute(
                statement.format(table=connection.ops.quote_name(WebhookEvent._meta.db_table)), params
            )
        return
    outcomes: dict[tuple[str, str, int], list[int]] = {}
    for row in rows:
        outcomes.setdefault((row.status, row.error, row.attempts), []).append(row.pk)
    if len(outcomes) == 1:
        ((status, error, attempts),) = outcomes
        fields: dict[str, Any] = {"status": status, "error": error, "attempts": attempts}
    else:
        pks_by_field = {
            name: [When(pk__in=pks, then=Value(outcome[i])) for outcome, pks in outcomes.items()]
            for i, name in enumerate(("status", "error", "attempts"))
        }
        fields = {name: Case(*whens) for name, whens in pks_by_field.items()}
    pks = [row.pk for row in rows]
    for some in _batches(pks):
        WebhookEvent.objects.filter(pk__in=some).update(processed_at=processed_at, **fields)


#: The rows are found by their primary keys (``e.id = ANY(...)``, an index scan). Joined to
#: ``jsonb_to_recordset`` alone, which the planner estimates at 100 rows whatever it holds, the
#: UPDATE read the whole event log (a hash join): profiled, 1.0 ms of the server for a 1-event
#: delivery with 2,000 events in the log, growing with it; 0.2 ms by index.
_OUTCOME_SQL = (
    "UPDATE {table} AS e SET status = o.status, error = o.error, attempts = o.attempts, processed_at = %s "
    "FROM jsonb_to_recordset(%s::jsonb) AS o(id bigint, status text, error text, attempts integer) "
    "WHERE e.id = ANY(%s::bigint[]) AND e.id = o.id"
)


def _relaxed(sql: str) -> str:
    """``sql`` (an UPDATE with a WHERE) committed without waiting for the disk, if it is its own transaction.

    ``set_config(..., true)`` is ``SET LOCAL``, for the statement's own transaction in autocommit only:
    never for a caller's transaction, which may hold events.
    """
    if not _autocommitted():
        return sql
    return sql + " AND set_config('synchronous_commit', 'off', true) = 'off'"


def _autocommitted() -> bool:
    """Whether a statement run now is its own transaction (no ``atomic`` block, Django's autocommit on)."""
    return not connection.in_atomic_block and connection.get_autocommit()


def process_webhook(
    channel: Channel, payload: WebhookPayload, *, defer: Callable[[Callable[[], None]], None] | None = None
) -> list[WebhookEvent]:
    """Store the events of one delivery, then dispatch the new ones (now or in Celery).

    ``defer``: with ``DISPATCH = "celery"``, given the call that queues the delivery's task, to make
    it later; the webhook view makes it once its answer is sent, so LINE does not wait for the
    broker. Without it, the task is queued as soon as the events are committed. On PostgreSQL the
    task drains the channel (:func:`queue_channel_dispatch`), elsewhere it dispatches the delivery.
    Returns the rows of the new events it dispatched (``"sync"``) or queued (``"celery"``); the events
    no receiver listens to, stored processed in ``"sync"`` mode, are not among them.
    """
    celery = app_settings.DISPATCH == "celery"
    drains = celery and connection.vendor == "postgresql"
    stored, marked = _store(channel, payload, _settling(not celery), False, mark_drain=drains)
    rows = [row for row, _ in stored]
    if not celery:  # the events nobody listens to were stored processed: nothing to call, no outcome to write
        _dispatch(stored)
        return rows
    if not rows:
        return rows
    if not drains:
        call = functools.partial(_queue_dispatch, [row.pk for row in rows])
    elif marked is None:  # stored by the other path: marked apart
        call = functools.partial(queue_channel_dispatch, channel.pk)
    elif marked:
        call = functools.partial(_publish_drain, channel.pk)
    else:  # a drain of the channel is queued and has not started: it dispatches these events too
        return rows
    publish = functools.partial(transaction.on_commit, call)
    if defer is None:
        publish()
    else:
        defer(publish)
    return rows


#: How long (seconds) a queued ``linebot.dispatch_channel_events`` counts as on its way. A task
#: lost with its broker holds back the channel's next deliveries no longer than this (the
#: ``linebot.dispatch_stale_events`` sweep dispatches what it would have).
WAKEUP_SECONDS = 60
#: Events a drain dispatches before it queues itself again (other channels' tasks get their turn).
DRAIN_BUDGET = 1000
_DRAIN_BATCH = 200
#: How many partitions (by user) a channel's events are drained in: the most drains of one channel
#: dispatching side by side (see :func:`drain_channel_events`).
DRAIN_PARTITIONS = 8
#: Seconds of a drain's dispatching after which the outcomes so far are written (see :func:`_dispatch`).
_SAVE_EVERY = 0.1
#: The first key of the PostgreSQL advisory lock a channel is drained under (``"LINE"`` in ASCII).
_LOCK_SPACE = 0x4C494E45


def queue_channel_dispatch(channel_id: int) -> None:
    """After a delivery's events are committed: have a drain of the channel queued (PostgreSQL).

    Queues ``linebot.dispatch_channel_events`` unless one is queued already and has not started
    (``ChannelDispatch.queued_at``): that one will dispatch these events too. A busy channel's
    deliveries so share tasks, and the worker dispatches them in batches (profiled: a Celery message
    cost the worker 8 ms of CPU per delivery, a drain of 16 deliveries 2.7 ms each). If the
    broker cannot take the task, the mark is taken back and the events wait for the sweep.
    """
    try:
        if not _mark_queued(channel_id):
            return
    except DatabaseError as exc:  # after the answer: the events are committed, the sweep has them
        logger.error(
            "the dispatch of channel %s's stored webhook events could not be marked: %s: %s; "
            "linebot.dispatch_stale_events dispatches them",
            channel_id,
            type(exc).__name__,
            exc,
        )
        return
    _publish_drain(channel_id)


def _publish_drain(channel_id: int) -> None:
    """Queue the drain of a channel marked queued; if the broker cannot take it, take the mark back.

    Run once the answer is sent: a database error taking the mark back is logged, not raised (the
    events are committed: a delivery after :data:`WAKEUP_SECONDS`, or the stale sweep, has them).
    """
    what = f"the drain of channel {channel_id}'s stored webhook events (the next delivery tries again)"
    if _delay(queue.DISPATCH_CHANNEL, channel_id, what):
        return
    try:
        _unmark_queued(channel_id)
    except DatabaseError as exc:
        logger.error(
            "the mark of channel %s's drain could not be taken back: %s: %s; a delivery after "
            "%s seconds queues it, linebot.dispatch_stale_events dispatches the events",
            channel_id,
            type(exc).__name__,
            exc,
            WAKEUP_SECONDS,
        )


def _dispatch_table() -> str:
    return connection.ops.quote_name(ChannelDispatch._meta.db_table)


def _mark_queued(channel_id: int) -> bool:
    """Mark a drain of the channel queued; False if one is queued already (in the last WAKEUP_SECONDS)."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_mark_statement("VALUES (%s, %s)"), _mark_params(channel_id, now))
        return cursor.fetchone() is not None


def _mark_statement(row: str) -> str:
    """The statement marking a channel's drain queued, unless one was in the last WAKEUP_SECONDS.

    ``row``: the SQL of the row ``(channel_id, queued_at)`` to insert; the cutoff is the parameter
    after its own. Returns the channel's key if it marked. The webhook's store statement runs it too
    (:func:`_insert_statement`), so the mark commits with the events.
    """
    table = _dispatch_table()
    return (
        f"INSERT INTO {table} (channel_id, queued_at) {row} "  # noqa: S608 - names from the model
        f"ON CONFLICT (channel_id) DO UPDATE SET queued_at = EXCLUDED.queued_at "
        f"WHERE {table}.queued_at IS NULL OR {table}.queued_at < %s RETURNING channel_id"
    )


def _mark_params(channel_id: int, now: datetime) -> list[Any]:
    """The parameters of :func:`_mark_statement`: the row ``(channel_id, queued_at)``, then the cutoff."""
    return [channel_id, now, now - timedelta(seconds=WAKEUP_SECONDS)]


def _unmark_queued(channel_id: int) -> None:
    """Take the mark off; in autocommit, without waiting for the disk.

    A mark PostgreSQL loses in a crash holds the channel's next deliveries back WAKEUP_SECONDS at most.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _relaxed(f"UPDATE {_dispatch_table()} SET queued_at = NULL WHERE channel_id = %s"),  # noqa: S608
            [channel_id],
        )


def drain_channel_events(
    channel_id: int, budget: int | None = None, received_before: datetime | None = None
) -> tuple[int, bool]:
    """Dispatch the channel's events not dispatched yet, each user's in the order received (PostgreSQL).

    What ``linebot.dispatch_channel_events`` does. The mark queueing it is taken off first, so a
    delivery committed from now on queues another drain. A channel's events are in
    :data:`DRAIN_PARTITIONS` partitions by user (``source.userId``); one drain at a time dispatches a
    partition, under a PostgreSQL advisory lock (released by the database if the worker dies), so a
    user's events go out in order, and up to that many drains dispatch a busy channel side by side
    (receivers that wait on LINE do not hold up other users). A drain skips a partition whose lock is
    taken: the holder looks for pending events again after letting it go, and dispatches what it
    finds. Events whose receivers ran are processed or failed, so none is dispatched twice. The
    outcomes are written every ``_SAVE_EVERY`` seconds: a worker lost mid-drain leaves the events of
    its last fraction of a second pending, and the task's redelivery dispatches them again.
    Returns how many events were dispatched, and whether ``budget`` (default :data:`DRAIN_BUDGET`)
    ran out before the channel's pending events did (the task then queues itself again).
    ``received_before``: only events received before then (the stale sweep's: not the events a
    webhook request in ``"sync"`` mode is dispatching right now).
    """
    budget = DRAIN_BUDGET if budget is None else budget
    _unmark_queued(channel_id)
    channel = kept_channel(channel_id)
    if channel is None:
        return 0, False
    dispatched = 0
    for _ in range(budget // _DRAIN_BATCH + DRAIN_PARTITIONS + 2):  # each round dispatches, or ends
        partitions = _pending_partitions(channel, received_before)  # after letting one go: the look again
        progressed = False
        for partition in partitions:
            if not _lock_partition(channel_id, partition, True):
                continue  # its holder looks again once it lets go
            try:
                while dispatched < budget:
                    limit = min(_DRAIN_BATCH, budget - dispatched)
                    rows = _pending_rows(channel, limit, partition, received_before)
                    _dispatch([(row, row.event) for row in rows], save_every=_SAVE_EVERY)
                    dispatched += len(rows)
                    progressed = True
                    if len(rows) < limit:
                        break  # none left then; any stored since is found by the next look
            finally:
                _lock_partition(channel_id, partition, False)
            if dispatched >= budget:
                return dispatched, True
        if not progressed:
            return dispatched, False
    return dispatched, True


#: A channel's pending events by partition: the user's ID hashed (PostgreSQL's ``hashtext``).
_PARTITION = "(hashtext(user_id) & 2147483647) %% {partitions}"


def _lock_partition(channel_id: int, partition: int, take: bool) -> bool:
    """Take (without waiting) or release this session's advisory lock on draining a partition."""
    function = "pg_try_advisory_lock" if take else "pg_advisory_unlock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [_LOCK_SPACE + partition, channel_id % 2**31])
        return bool(cursor.fetchone()[0])


def _pending_where(channel: Channel, received_before: datetime | None) -> tuple[str, list[Any]]:
    """The FROM and WHERE of the channel's events stored and never dispatched, and their parameters."""
    table = connection.ops.quote_name(WebhookEvent._meta.db_table)
    sql = f"FROM {table} WHERE channel_id = %s AND status = %s AND attempts = 0"
    params: list[Any] = [channel.pk, WebhookEvent.Status.PENDING]
    if received_before is not None:
        sql += " AND received_at < %s"
        params.append(received_before)
    return sql, params


def _pending_partitions(channel: Channel, received_before: datetime | None) -> list[int]:
    """The partitions holding events of the channel stored and never dispatched."""
    where, params = _pending_where(channel, received_before)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT {_PARTITION.format(partitions=DRAIN_PARTITIONS)} {where}", params)
        return sorted(row[0] for row in cursor.fetchall())


def _pending_rows(
    channel: Channel, limit: int, partition: int, received_before: datetime | None
) -> list[WebhookEvent]:
    """A partition's events stored and never dispatched, in the order received (a delivery's in LINE's)."""
    where, params = _pending_where(channel, received_before)
    rows = list(
        WebhookEvent.objects.raw(
            f"SELECT * {where} AND {_PARTITION.format(partitions=DRAIN_PARTITIONS)} = %s "
            "ORDER BY received_at, id LIMIT %s",
            [*params, partition, limit],
        )
    )
    for row in rows:
        row.channel = channel  # one instance, as in the webhook's own dispatch
    return rows
