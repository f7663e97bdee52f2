"""The conversation page, the dashboard and the audience-from-a-message page: with data and with none,
for staff without permissions, with the view permission only, and with the permission to act."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from django_linebot import send
from django_linebot.channels import settings_channel
from django_linebot.models import Audience, OutgoingMessage, WebhookEvent
from django_linebot.testing import make_event

from ..factories import (
    ChannelDailyStatsFactory,
    ChannelFactory,
    LineUserFactory,
    OutgoingChunkFactory,
    OutgoingMessageFactory,
    WebhookEventFactory,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/linebot/"


def staff(username: str, perms: list[str]) -> Client:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="linebot", codename__in=perms)
    )
    client = Client()
    client.force_login(user)
    return client


def conversation_url(user) -> str:
    return f"{ADMIN}lineuser/{user.pk}/conversation/"


def event_row(user, kind="message", text="hello", status="processed", error="", minutes_ago=10):
    stamp = int((timezone.now() - timedelta(minutes=minutes_ago)).timestamp() * 1000)
    fields = {"message": {"type": "text", "id": "1", "text": text}} if kind == "message" else {}
    payload = make_event(kind, source={"type": "user", "userId": user.user_id}, timestamp=stamp, **fields)
    return WebhookEventFactory(
        channel=user.channel,
        event_type=kind,
        payload=payload,
        webhook_event_id=payload["webhookEventId"],
        status=status,
        error=error,
        timestamp=stamp,
        processed_at=timezone.now(),
    )


def test_the_conversation_shows_events_and_messages_in_order(admin_client, linebot_settings) -> None:
    user = LineUserFactory(display_name="Aiko")
    first = event_row(user, text="<b>hi</b> there", minutes_ago=30)
    reply = OutgoingMessageFactory(
        kind=OutgoingMessage.Kind.REPLY,
        to="",
        reply_token=first.payload["replyToken"],
        messages=[{"type": "text", "text": "Welcome!"}],
        status="sent",
    )
    OutgoingMessage.objects.filter(pk=reply.pk).update(created_at=timezone.now() - timedelta(minutes=29))
    event_row(
        user, text="are you there?", status="failed", error="ValueError: boom\ntraceback", minutes_ago=5
    )
    failed_push = OutgoingMessageFactory(
        to=user.user_id,
        messages=[{"type": "flex", "altText": "Your order", "contents": {}}],
        status="failed",
        last_error="HTTP 400: The request body has 1 error(s)",
    )
    OutgoingMessageFactory(to="U-somebody-else", messages=[{"type": "text", "text": "not theirs"}])
    event_row(LineUserFactory(), text="another user")
    page = admin_client.get(conversation_url(user))
    html = page.content.decode()
    assert page.status_code == 200
    positions = [
        html.index(t)
        for t in ("&lt;b&gt;hi&lt;/b&gt; there", "Welcome!", "are you there?", "[flex] Your order")
    ]
    assert positions == sorted(positions)
    assert "<b>hi</b>" not in html
    assert "ValueError: boom" in html and "traceback" not in html  # the error's first line
    assert "HTTP 400: The request body has 1 error(s)" in html
    assert "not theirs" not in html and "another user" not in html
    assert 'name="text"' in html
    assert failed_push.pk


def test_an_empty_conversation(admin_client, linebot_settings) -> None:
    user = LineUserFactory()
    html = admin_client.get(conversation_url(user)).content.decode()
    assert "No event from this user" in html


def test_the_send_box_queues_a_push(
    admin_client, linebot_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    user = LineUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        res = admin_client.post(conversation_url(user), {"text": "Hello from the admin"}, follow=True)
    assert res.status_code == 200 and "Queued as outbox message" in res.content.decode()
    [sent] = line_platform.sent_messages
    assert sent["to"] == user.user_id and sent["messages"][0]["text"] == "Hello from the admin"
    assert "Hello from the admin" in res.content.decode()  # in the timeline now
    for bad in ({"text": ""}, {"text": "   "}, {"text": "x" * 5001}, {}):
        res = admin_client.post(conversation_url(user), bad)
        assert res.status_code == 200 and "errorlist" in res.content.decode()
    assert len(line_platform.sent_messages) == 1


def test_conversation_permissions(linebot_settings, line_platform) -> None:
    user = LineUserFactory()
    url = conversation_url(user)
    nobody = staff("nobody", [])
    viewer = staff("viewer", ["view_lineuser"])
    sender = staff("sender", ["view_lineuser", "send_message"])
    assert nobody.get(url).status_code == 403
    assert nobody.post(url, {"text": "x"}).status_code == 403
    page = viewer.get(url)
    assert page.status_code == 200 and 'name="text"' not in page.content.decode()
    assert viewer.post(url, {"text": "x"}).status_code == 403
    assert 'name="text"' in sender.get(url).content.decode()
    assert not OutgoingMessage.objects.exists() and line_platform.requests == []
    assert staff("other", ["view_lineuser"]).get(f"{ADMIN}lineuser/999999/conversation/").status_code == 404
    assert viewer.get(f"{ADMIN}lineuser/abc/conversation/").status_code == 404


def test_conversation_of_another_team_channel_is_not_found(settings, linebot_settings) -> None:
    from django_linebot.models import Channel

    ours, theirs = ChannelFactory(slug="ours"), ChannelFactory(slug="theirs")
    user = LineUserFactory(channel=theirs)
    settings.LINEBOT = {**settings.LINEBOT, "USER_CHANNELS": lambda u: Channel.objects.filter(pk=ours.pk)}
    client = staff("team", ["view_lineuser", "send_message"])
    assert client.get(conversation_url(user)).status_code == 404
    assert client.post(conversation_url(user), {"text": "x"}).status_code == 404
    assert user.user_id not in client.get(f"{ADMIN}lineuser/").content.decode()


def test_the_user_list_searches_names_and_ids(admin_client, linebot_settings) -> None:
    aiko, ken = LineUserFactory(display_name="Aiko"), LineUserFactory(display_name="Ken")
    html = admin_client.get(f"{ADMIN}lineuser/?q=aik").content.decode()
    assert aiko.user_id in html and ken.user_id not in html
    html = admin_client.get(f"{ADMIN}lineuser/?q={ken.user_id}").content.decode()
    assert ken.user_id in html and aiko.user_id not in html
    assert admin_client.get(f"{ADMIN}lineuser/?status=unfollowed").status_code == 200
    assert conversation_url(aiko) in admin_client.get(f"{ADMIN}lineuser/").content.decode()


# ------------------------------------------------------------------ dashboard

DASHBOARD = f"{ADMIN}channeldailystats/"


def test_the_dashboard_renders_with_no_data(admin_client, linebot_settings) -> None:
    page = admin_client.get(DASHBOARD)
    html = page.content.decode()
    assert page.status_code == 200
    for title in (
        "Followers, targeted reaches",
        "Messages this month",
        "Deliveries per day",
        "Webhook events",
    ):
        assert title in html
    assert "No data yet." in html
    assert "http://" not in html.split("<body")[1].replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html.split("<body")[1]  # nothing loaded from elsewhere


def dashboard_data():
    channel = settings_channel()
    for days_ago in (1, 2, 3):
        ChannelDailyStatsFactory(
            channel=channel,
            date=timezone.localdate() - timedelta(days=days_ago),
            followers=100 + days_ago,
            blocks=days_ago,
            quota=1000,
            quota_usage=250,
        )
    sent = OutgoingMessageFactory(channel=channel, status="sent")
    OutgoingChunkFactory(message=sent, status="sent")
    OutgoingMessageFactory(channel=channel, kind="multicast", to="", status="failed", recipient_count=3)
    user = LineUserFactory(channel=channel)
    event_row(user, status="processed")
    event_row(user, kind="follow", status="failed", error="boom")
    WebhookEvent.objects.update(received_at=timezone.now() - timedelta(seconds=2))
    return channel


def test_the_dashboard_renders_with_data(admin_client, linebot_settings) -> None:
    channel = dashboard_data()
    other = ChannelFactory(name="Other shop")
    html = admin_client.get(DASHBOARD).content.decode()
    assert html.count('role="img"') == 4 and "<polyline" in html and "<rect" in html
    assert "250 / 1,000 (25%)" in html  # the quota meter
    assert "103" in html and "25.0" in html  # followers three days ago; 250 of 1000 used
    assert "multicast" in html and "failed" in html
    assert "follow" in html and "message" in html
    one = admin_client.get(f"{DASHBOARD}?channel={channel.pk}&days=7").content.decode()
    assert f"Dashboard: {channel}" in one and "103" in one
    empty = admin_client.get(f"{DASHBOARD}?channel={other.pk}").content.decode()
    assert "103" not in empty and "No data yet." in empty


def test_each_chart_downloads_as_csv(admin_client, linebot_settings) -> None:
    dashboard_data()
    for key, header in (
        ("followers", ["date", "followers", "targeted reaches", "blocks"]),
        ("quota", None),
        ("deliveries", ["date", "kind", "outcome", "messages"]),
        ("events", ["date", "type", "events", "failed", "p50 ms", "p95 ms", "p99 ms"]),
    ):
        res = admin_client.get(f"{DASHBOARD}?csv={key}")
        assert res["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(res.content.decode())))
        assert rows and len(rows) > 1, key
        if header:
            assert rows[0] == header
    events = list(csv.reader(io.StringIO(admin_client.get(f"{DASHBOARD}?csv=events").content.decode())))
    follow = next(row for row in events if row[1] == "follow")
    assert follow[2:4] == ["1", "1"] and float(follow[4]) >= 0


def test_a_csv_cell_is_never_a_formula(admin_client, linebot_settings) -> None:
    user = LineUserFactory()
    row = event_row(user)
    WebhookEvent.objects.filter(pk=row.pk).update(event_type='=HYPERLINK("x")')
    text = admin_client.get(f"{DASHBOARD}?csv=events").content.decode()
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize(
    "query",
    ["?days=abc", "?days=0", "?days=99999999999", "?channel=abc", "?channel=999999", "?csv=nope", "?days=-3"],
)
def test_odd_queries_never_fail(admin_client, linebot_settings, query) -> None:
    assert admin_client.get(DASHBOARD + query).status_code == 200


def test_dashboard_permissions(linebot_settings) -> None:
    assert staff("nobody", []).get(DASHBOARD).status_code == 403
    assert staff("nobody2", []).get(f"{DASHBOARD}?csv=followers").status_code == 403
    assert staff("viewer", ["view_channeldailystats"]).get(DASHBOARD).status_code == 200
    assert staff("viewer2", ["view_channeldailystats"]).get(f"{DASHBOARD}add/").status_code == 403


# ----------------------------------------------------------- audience pages

FROM_MESSAGE = f"{ADMIN}audience/from-message/"


def test_an_audience_from_a_sent_broadcast(
    admin_client, linebot_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send.broadcast(None, [{"type": "text", "text": "Sale"}])
    assert "Audience from a sent message" in admin_client.get(f"{ADMIN}audience/").content.decode()
    page = admin_client.get(FROM_MESSAGE)
    assert page.status_code == 200 and f'value="{message.pk}"' in page.content.decode()
    res = admin_client.post(
        FROM_MESSAGE, {"message": message.pk, "kind": "click", "description": "Clicked"}, follow=True
    )
    assert res.status_code == 200 and "made on LINE" in res.content.decode()
    assert Audience.objects.get().kind == "click"
    res = admin_client.post(FROM_MESSAGE, {"message": "x", "kind": "nope", "description": ""})
    assert res.status_code == 200 and "errorlist" in res.content.decode()


def test_a_refused_audience_is_a_message_not_a_500(
    admin_client, linebot_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send.broadcast(None, [{"type": "text", "text": "Sale"}])
    line_platform.add_fault(
        status=400, body={"message": "requestId is too old"}, path="/v2/bot/audienceGroup/click"
    )
    res = admin_client.post(FROM_MESSAGE, {"message": message.pk, "kind": "click", "description": "Clicked"})
    assert res.status_code == 200 and "requestId is too old" in res.content.decode()


def test_audience_page_permissions(linebot_settings, line_platform) -> None:
    assert staff("nobody", []).get(FROM_MESSAGE).status_code == 403
    viewer = staff("viewer", ["view_audience"])
    assert viewer.get(FROM_MESSAGE).status_code == 403
    assert "Audience from a sent message" not in viewer.get(f"{ADMIN}audience/").content.decode()
    assert staff("maker", ["view_audience", "add_audience"]).get(FROM_MESSAGE).status_code == 200
    assert line_platform.requests == []


def test_sending_to_several_users_is_one_multicast_per_channel(
    admin_client, linebot_settings, line_platform, django_capture_on_commit_callbacks
) -> None:
    shop = ChannelFactory(name="Shop")
    users = [LineUserFactory(), LineUserFactory(), LineUserFactory(channel=shop)]
    with django_capture_on_commit_callbacks(execute=True):
        res = admin_client.post(
            f"{ADMIN}lineuser/",
            {"action": "send_message", "_selected_action": [u.pk for u in users], "apply": "1", "text": "Hi"},
            follow=True,
        )
    assert res.status_code == 200
    multicast = OutgoingMessage.objects.get(kind="multicast")
    push = OutgoingMessage.objects.get(kind="push")
    assert multicast.channel == settings_channel() and multicast.recipient_count == 2
    assert push.channel == shop and push.to == users[2].user_id
    sent = sorted(line_platform.sent_messages, key=lambda s: s["kind"])
    assert [s["kind"] for s in sent] == ["multicast", "push"]
    assert sorted(sent[0]["to"]) == sorted(u.user_id for u in users[:2])
