"""Audiences on LINE: upload users as an audience group, follow LINE's status of it, narrowcast to it.

::

    from django_linebot import audiences, send
    from django_linebot.models import LineUser

    audience = audiences.upload(channel, "Tokyo regulars", LineUser.objects.filter(language="ja"))
    ...  # linebot.sync_audiences follows it until LINE says "ready"
    send.narrowcast(channel, messages, recipient=audience.recipient)

Up to :data:`~django_linebot.sdk.limits.AUDIENCE_JSON_MAX_IDS` user IDs go in one JSON request; more
go as text files (LINE's "by file" calls), at most
:data:`~django_linebot.sdk.limits.AUDIENCE_FILE_MAX_IDS` per file: the first file creates the
audience, the next ones add to it. IDs are read from the queryset as they are uploaded, in batches.

:func:`from_message` makes a click- or impression-based audience from a sent broadcast or narrowcast
(its request ID). Every call waits for the rate limiter's ``audience`` slot.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, BinaryIO, cast

from django.db.models import QuerySet
from django.utils import timezone

from . import ratelimit, send
from .channels import channel_or_settings, get_api
from .models import Audience, Channel, LineUser, OutgoingChunk, OutgoingMessage
from .sdk import LineBotApi, LineBotResponse, limits

logger = logging.getLogger(__name__)

#: LINE's audience statuses, as stored.
LINE_STATUSES = {
    "IN_PROGRESS": Audience.Status.IN_PROGRESS,
    "READY": Audience.Status.READY,
    "FAILED": Audience.Status.FAILED,
    "EXPIRED": Audience.Status.EXPIRED,
    "INACTIVE": Audience.Status.INACTIVE,
    "ACTIVATING": Audience.Status.ACTIVATING,
}
#: Tries for a rate-limit slot, and the longest sleep between two (seconds).
SLOT_TRIES, SLEEP_CAP = 100, 30.0
#: The statuses that can still change on LINE's side (polled by ``linebot.sync_audiences``).
PENDING_STATUSES = (Audience.Status.IN_PROGRESS, Audience.Status.ACTIVATING)


def _slot(channel: Channel) -> None:
    """Wait for the rate limiter's ``audience`` slot of the channel (60 calls a minute)."""
    for _ in range(SLOT_TRIES):
        ok, wait = ratelimit.acquire(f"channel:{channel.pk}", "audience")
        if ok:
            return
        time.sleep(min(wait, SLEEP_CAP))


def user_ids(users: QuerySet[LineUser] | Iterable[str]) -> Iterator[str]:
    """The user IDs of a :class:`LineUser` queryset (read in batches) or of any iterable, each once
    per batch, without empty ones."""
    if isinstance(users, QuerySet):
        source: Iterable[str] = users.values_list("user_id", flat=True).iterator(chunk_size=1024)
    elif isinstance(users, str):
        raise ValueError("users must be a queryset or an iterable of user IDs, not one string")
    else:
        source = users
    return (u for u in source if isinstance(u, str) and u)


def _file_of(ids: Iterable[str]) -> tuple[BinaryIO, int]:
    """A temporary text file of the IDs, one a line (spooled to disk past a few MB), and its count."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - the caller closes it
    count = 0
    for user_id in ids:
        spool.write(user_id.encode("utf-8") + b"\n")
        count += 1
    spool.seek(0)
    return cast(BinaryIO, spool), count


def _store_created(audience: Audience, res: LineBotResponse) -> None:
    data = res.data if isinstance(res.data, dict) else {}
    audience.audience_group_id = int(data.get("audienceGroupId") or 0) or None
    audience.status = Audience.Status.IN_PROGRESS
    audience.last_error = ""
    audience.save()


def _add(api: LineBotApi, audience: Audience, ids: Iterator[str]) -> int:
    """Upload the IDs to an audience that exists on LINE: JSON batches or files, as their number says."""
    added = 0
    while True:
        head = list(islice(ids, limits.AUDIENCE_JSON_MAX_IDS + 1))
        if not head:
            return added
        _slot(audience.channel)
        if len(head) <= limits.AUDIENCE_JSON_MAX_IDS:
            api.add_audience_to_audience_group(
                audience.audience_group_id or 0, [{"id": u} for u in head]
            ).raise_for_status()
            return added + len(head)
        rest = islice(ids, limits.AUDIENCE_FILE_MAX_IDS - len(head))
        spool, count = _file_of(_chain(head, rest))
        with spool:
            api.add_user_ids_to_audience(spool, audience.audience_group_id).raise_for_status()
        added += count


def _chain(head: list[str], rest: Iterable[str]) -> Iterator[str]:
    yield from head
    yield from rest


def upload(
    channel: Channel | None,
    description: str,
    users: QuerySet[LineUser] | Iterable[str],
    *,
    is_ifa: bool = False,
) -> Audience:
    """Create an upload audience on LINE from a :class:`LineUser` queryset or any iterable of IDs.

    Up to 10,000 IDs: one JSON request. More: a text file (by file), and further files for every
    1,500,000 more. The :class:`~django_linebot.models.Audience` row is saved first (``draft``) and
    becomes ``in_progress`` once LINE has it; a refusal is stored on it and raised
    (:class:`~django_linebot.sdk.LineBotApiError`). ``ValueError`` for no user or a bad description.
    """
    channel = channel_or_settings(channel)
    if not description or len(description) > limits.AUDIENCE_DESCRIPTION_MAX_LENGTH:
        raise ValueError(
            f"an audience needs a description of 1 to {limits.AUDIENCE_DESCRIPTION_MAX_LENGTH} characters"
        )
    if isinstance(users, QuerySet) and users.model is LineUser:
        users = users.filter(channel=channel)
    ids = user_ids(users)
    head = list(islice(ids, limits.AUDIENCE_JSON_MAX_IDS + 1))
    if not head:
        raise ValueError("an audience needs at least one user")
    audience = Audience.objects.create(channel=channel, description=description, kind=Audience.Kind.UPLOAD)
    api = get_api(channel)
    try:
        _slot(channel)
        if len(head) <= limits.AUDIENCE_JSON_MAX_IDS:
            res = api.create_audience_group(
                description, [{"id": u} for u in head], is_ifa_audience=is_ifa or None
            )
            uploaded = len(head)
            _store_created(audience, res)
        else:
            rest = islice(ids, limits.AUDIENCE_FILE_MAX_IDS - len(head))
            spool, uploaded = _file_of(_chain(head, rest))
            with spool:
                res = api.create_audience_for_uploading_user_ids(
                    spool, description=description, is_ifa_audience=is_ifa or None
                )
            _store_created(audience, res)
            uploaded += _add(api, audience, ids)
    except Exception as err:
        audience.last_error = str(err)
        audience.status = Audience.Status.FAILED if audience.audience_group_id else Audience.Status.DRAFT
        audience.save()
        raise
    audience.uploaded_count = uploaded
    audience.save(update_fields=["uploaded_count", "updated_at"])
    return audience


def add_users(audience: Audience, users: QuerySet[LineUser] | Iterable[str]) -> int:
    """Add users to an upload audience on LINE (JSON or by file as their number says); how many."""
    if audience.kind != Audience.Kind.UPLOAD or audience.audience_group_id is None:
        raise ValueError("users can be added to an upload audience that is on LINE only")
    if isinstance(users, QuerySet) and users.model is LineUser:
        users = users.filter(channel=audience.channel)
    added = _add(get_api(audience.channel), audience, user_ids(users))
    Audience.objects.filter(pk=audience.pk).update(
        uploaded_count=audience.uploaded_count + added, updated_at=timezone.now()
    )
    audience.uploaded_count += added
    return added


def _request_id(message: OutgoingMessage) -> str:
    if message.kind not in (OutgoingMessage.Kind.BROADCAST, OutgoingMessage.Kind.NARROWCAST):
        raise ValueError("click and impression audiences are made from a broadcast or a narrowcast")
    chunk = message.chunks.filter(status=OutgoingChunk.Status.SENT).exclude(request_id="").first()
    if chunk is None:
        raise ValueError("the message has no request ID from LINE yet: it was not sent")
    return chunk.request_id


def from_message(
    message: OutgoingMessage, description: str, *, kind: str = Audience.Kind.CLICK, click_url: str = ""
) -> Audience:
    """A click-based (users who tapped a link; only ``click_url`` if given) or impression-based
    (users who saw it) audience of a sent broadcast or narrowcast, made from its request ID."""
    if kind not in (Audience.Kind.CLICK, Audience.Kind.IMPRESSION):
        raise ValueError("kind is click or impression")
    if not description or len(description) > limits.AUDIENCE_DESCRIPTION_MAX_LENGTH:
        raise ValueError(
            f"an audience needs a description of 1 to {limits.AUDIENCE_DESCRIPTION_MAX_LENGTH} characters"
        )
    request_id = _request_id(message)
    channel = message.channel
    audience = Audience.objects.create(
        channel=channel,
        description=description,
        kind=kind,
        request_id=request_id,
        click_url=click_url if kind == Audience.Kind.CLICK else "",
        message=message,
    )
    api = get_api(channel)
    try:
        _slot(channel)
        if kind == Audience.Kind.CLICK:
            res: LineBotResponse = api.create_click_based_audience_group(
                description, request_id, click_url=click_url or None
            )
        else:
            res = api.create_imp_based_audience_group(description, request_id)
    except Exception as err:
        audience.last_error = str(err)
        audience.save(update_fields=["last_error", "updated_at"])
        raise
    _store_created(audience, res)
    return audience


def refresh(audience: Audience) -> Audience:
    """Read LINE's status and size of the audience (``get_audience_data``) into the row.

    A 404 marks it ``gone`` (deleted on LINE); other refusals raise.
    """
    if audience.audience_group_id is None:
        return audience
    res = get_api(audience.channel, raise_errors=False).get_audience_data(audience.audience_group_id)
    if res.http_status == 404:
        audience.status = Audience.Status.GONE
    else:
        res.raise_for_status()
        group: dict[str, Any] = (res.data or {}).get("audienceGroup") or {}
        status = LINE_STATUSES.get(str(group.get("status") or ""))
        if status is not None:
            audience.status = status
        count = group.get("audienceCount")
        if isinstance(count, int) and count >= 0:
            audience.audience_count = count
        audience.failed_type = str(group.get("failedType") or "")[:64]
    audience.synced_at = timezone.now()
    audience.save()
    return audience


def delete_on_line(audience: Audience) -> None:
    """Delete the audience on LINE (the row stays, marked ``gone``)."""
    if audience.audience_group_id is not None:
        res = get_api(audience.channel, raise_errors=False).delete_audience_group(audience.audience_group_id)
        if res.http_status != 404:
            res.raise_for_status()
    audience.status = Audience.Status.GONE
    audience.save(update_fields=["status", "updated_at"])


def narrowcast(audience: Audience, messages: Any, **options: Any) -> OutgoingMessage:
    """Narrowcast to the audience through the outbox (``send.narrowcast`` with its recipient)."""
    return send.narrowcast(audience.channel, messages, recipient=audience.recipient, **options)
