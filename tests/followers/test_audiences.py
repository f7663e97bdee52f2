"""Audiences against the fake platform: JSON and by-file uploads, LINE's status, narrowcasts, click audiences."""

from __future__ import annotations

import pytest

from django_linebot import audiences, send
from django_linebot.channels import settings_channel
from django_linebot.models import Audience, LineUser, OutgoingMessage, RateLimitState
from django_linebot.sdk import LineBotApiError, limits
from django_linebot.tasks import sync_audiences

from ..factories import ChannelFactory, LineUserFactory

pytestmark = pytest.mark.django_db

TEXT = [{"type": "text", "text": "Sale!"}]


@pytest.fixture
def audience_settings(linebot_settings, settings):
    """No audience rate limit (LINE's 60 calls a minute would space the calls a second apart)."""
    settings.LINEBOT = {**settings.LINEBOT, "RATE_LIMITS": {"audience": None}}
    return settings.LINEBOT


def test_audience_calls_take_a_rate_limiter_slot(linebot_settings, line_platform) -> None:
    audiences.upload(None, "Regulars", ["U" + "1" * 32])
    key = f"linebot:rl:channel:{settings_channel().pk}:audience"
    assert RateLimitState.objects.filter(key=key).exists()


def many_users(n: int, channel=None) -> None:
    channel = channel or settings_channel()
    LineUser.objects.bulk_create(
        [LineUser(channel=channel, user_id=f"U{i:032x}", status=LineUser.Status.FOLLOWING) for i in range(n)]
    )


def test_a_queryset_is_uploaded_as_json(audience_settings, line_platform) -> None:
    users = [LineUserFactory() for _ in range(3)]
    LineUserFactory(channel=ChannelFactory())  # another channel's user is not uploaded
    audience = audiences.upload(None, "Regulars", LineUser.objects.all())
    [request] = line_platform.requests_to("/v2/bot/audienceGroup/upload", "POST")
    assert request.json["description"] == "Regulars"
    assert sorted(a["id"] for a in request.json["audiences"]) == sorted(u.user_id for u in users)
    assert audience.status == Audience.Status.IN_PROGRESS
    assert audience.uploaded_count == 3 and audience.audience_group_id in line_platform.audiences
    assert audience.recipient == {"type": "audience", "audienceGroupId": audience.audience_group_id}


def test_above_the_json_limit_the_ids_go_as_a_file(audience_settings, line_platform) -> None:
    many_users(limits.AUDIENCE_JSON_MAX_IDS + 1)
    audience = audiences.upload(None, "Everyone", LineUser.objects.all())
    assert not line_platform.requests_to("/v2/bot/audienceGroup/upload", "POST")
    [request] = line_platform.requests_to("/v2/bot/audienceGroup/upload/byFile", "POST")
    assert b"Content-Disposition" in request.body and b"audience.txt" in request.body
    group = line_platform.audiences[audience.audience_group_id]
    assert group["audienceCount"] == limits.AUDIENCE_JSON_MAX_IDS + 1
    assert audience.uploaded_count == limits.AUDIENCE_JSON_MAX_IDS + 1


def test_above_the_file_limit_more_files_and_a_last_json_batch_follow(
    audience_settings, line_platform, monkeypatch
) -> None:
    monkeypatch.setattr(limits, "AUDIENCE_JSON_MAX_IDS", 3)
    monkeypatch.setattr(limits, "AUDIENCE_FILE_MAX_IDS", 5)
    ids = [f"U{i:032x}" for i in range(12)]
    audience = audiences.upload(None, "Big", iter(ids))
    assert len(line_platform.requests_to("/v2/bot/audienceGroup/upload/byFile", "POST")) == 1
    [added_file] = line_platform.requests_to("/v2/bot/audienceGroup/upload/byFile", "PUT")
    [added_json] = line_platform.requests_to("/v2/bot/audienceGroup/upload", "PUT")
    assert [a["id"] for a in added_json.json["audiences"]] == ids[10:]
    assert line_platform.audiences[audience.audience_group_id]["audienceCount"] == 12
    assert audience.uploaded_count == 12
    assert audiences.add_users(audience, ["U" + "f" * 32]) == 1
    assert line_platform.audiences[audience.audience_group_id]["audienceCount"] == 13
    assert added_file.body.count(b"\nU") >= 4


def test_line_status_is_followed_by_the_sync_task(audience_settings, line_platform) -> None:
    audience = audiences.upload(None, "Regulars", ["U" + "1" * 32])
    group = line_platform.audiences[audience.audience_group_id]
    group["status"] = "IN_PROGRESS"
    assert sync_audiences() == 1
    audience.refresh_from_db()
    assert audience.status == Audience.Status.IN_PROGRESS and audience.synced_at is not None
    group["status"] = "READY"
    sync_audiences()
    audience.refresh_from_db()
    assert audience.status == Audience.Status.READY and audience.audience_count == 1
    assert sync_audiences() == 0  # ready: no longer polled every 10 minutes
    group["status"] = "EXPIRED"
    assert sync_audiences(everything=True) == 1
    audience.refresh_from_db()
    assert audience.status == Audience.Status.EXPIRED


def test_a_failed_audience_keeps_line_reason(audience_settings, line_platform) -> None:
    audience = audiences.upload(None, "Regulars", ["U" + "1" * 32])
    line_platform.audiences[audience.audience_group_id].update(
        status="FAILED", failedType="AUDIENCE_GROUP_AUDIENCE_INSUFFICIENT"
    )
    audiences.refresh(audience)
    assert audience.status == Audience.Status.FAILED
    assert audience.failed_type == "AUDIENCE_GROUP_AUDIENCE_INSUFFICIENT"


def test_deleted_on_line(audience_settings, line_platform) -> None:
    audience = audiences.upload(None, "Regulars", ["U" + "1" * 32])
    audience2 = audiences.upload(None, "Other", ["U" + "2" * 32])
    del line_platform.audiences[audience.audience_group_id]
    audiences.refresh(audience)
    assert audience.status == Audience.Status.GONE
    audiences.delete_on_line(audience2)
    assert audience2.audience_group_id not in line_platform.audiences
    assert audience2.status == Audience.Status.GONE


def test_a_refused_upload_is_recorded_and_raised(audience_settings, line_platform) -> None:
    line_platform.add_fault(
        status=400,
        body={"message": "The request body has 1 error(s)"},
        path="/v2/bot/audienceGroup/upload",
        times=1,
    )
    with pytest.raises(LineBotApiError):
        audiences.upload(None, "Regulars", ["U" + "1" * 32])
    audience = Audience.objects.get()
    assert audience.status == Audience.Status.DRAFT and "HTTP 400" in audience.last_error


@pytest.mark.parametrize(
    ("description", "users"),
    [("", ["U1"]), ("x" * (limits.AUDIENCE_DESCRIPTION_MAX_LENGTH + 1), ["U1"]), ("ok", []), ("ok", "U1")],
)
def test_bad_input_is_a_value_error_before_line(audience_settings, line_platform, description, users) -> None:
    with pytest.raises(ValueError):
        audiences.upload(None, description, users)
    assert line_platform.requests == [] and not Audience.objects.exists()


def test_narrowcast_to_an_audience(
    audience_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    audience = audiences.upload(None, "Regulars", ["U" + "1" * 32])
    with django_capture_on_commit_callbacks(execute=True):
        message = audiences.narrowcast(audience, TEXT)
    [sent] = line_platform.sent_messages
    assert sent["kind"] == "narrowcast"
    assert message.recipient == {"type": "audience", "audienceGroupId": audience.audience_group_id}
    with pytest.raises(ValueError, match="not on LINE"):
        Audience(description="draft").recipient  # noqa: B018


@pytest.mark.parametrize("kind", ["click", "impression"])
def test_click_and_impression_audiences_from_a_sent_broadcast(
    audience_settings, line_platform, django_capture_on_commit_callbacks, kind
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send.broadcast(None, TEXT)
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT
    request_id = message.chunks.get().request_id
    audience = audiences.from_message(
        message, "Clicked the sale", kind=kind, click_url="https://example.com/s"
    )
    path = "/v2/bot/audienceGroup/click" if kind == "click" else "/v2/bot/audienceGroup/imp"
    [request] = line_platform.requests_to(path, "POST")
    assert request.json["requestId"] == request_id
    assert ("clickUrl" in request.json) is (kind == "click")
    assert audience.kind == kind and audience.message == message and audience.audience_group_id


def test_no_click_audience_from_a_push_or_an_unsent_message(audience_settings, line_platform) -> None:
    push = OutgoingMessage.objects.create(channel=settings_channel(), kind="push", to="U1", messages=TEXT)
    with pytest.raises(ValueError, match="broadcast or a narrowcast"):
        audiences.from_message(push, "x")
    unsent = OutgoingMessage.objects.create(channel=settings_channel(), kind="broadcast", messages=TEXT)
    with pytest.raises(ValueError, match="not sent"):
        audiences.from_message(unsent, "x")
    assert line_platform.requests == []
