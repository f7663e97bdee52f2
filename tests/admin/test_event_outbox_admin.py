"""The webhook event and outbox admins as an operator uses them (issue 13, "Smaller defects"):
search by user and text, readable columns, a confirmation before replaying what already succeeded."""

from __future__ import annotations

import datetime
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone
from django.utils.formats import localize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_linebot.models import OutgoingMessage, WebhookEvent

from ..factories import OutgoingMessageFactory, WebhookEventFactory

pytestmark = pytest.mark.django_db

EVENTS = "/admin/linebot/webhookevent/"
OUTBOX = "/admin/linebot/outgoingmessage/"
ALICE = "U" + "a" * 32
BOB = "U" + "b" * 32


def text_event(user: str, text: str, status: str = "pending", **fields) -> WebhookEvent:
    payload = {
        "type": "message",
        "mode": "active",
        "timestamp": 1_700_000_000_000,
        "source": {"type": "user", "userId": user},
        "replyToken": "r" * 32,
        "message": {"id": "1", "type": "text", "text": text, "quoteToken": "q"},
        "webhookEventId": f"01HX{user[-4:]}{text[:4]}",
        "deliveryContext": {"isRedelivery": False},
    }
    return WebhookEventFactory(
        event_type="message", payload=payload, status=status, timestamp=1_700_000_000_000, **fields
    )


def listed(client: Client, url: str, query: str) -> str:
    res = client.get(url, {"q": query})
    assert res.status_code == 200
    return res.content.decode()


def test_events_searchable_by_user_id_and_message_text(admin_client) -> None:
    text_event(ALICE, "Where is my order?")
    text_event(BOB, "こんにちは、予約したい")
    html = listed(admin_client, EVENTS, "aaaaaaaa")
    assert ALICE in html and BOB not in html
    html = listed(admin_client, EVENTS, "MY ORDER")
    assert "Where is my order?" in html and BOB not in html
    html = listed(admin_client, EVENTS, "予約")
    assert BOB in html and ALICE not in html


def test_event_list_shows_user_and_text(admin_client) -> None:
    text_event(ALICE, "<b>hi</b>")
    html = admin_client.get(EVENTS).content.decode()
    link = (
        f'<a href="/admin/linebot/webhookevent/?user_id={ALICE}" title="every event of this user">{ALICE}</a>'
    )
    assert f'<td class="field-source_user">{link}</td>' in html
    assert '<td class="field-message_text">&lt;b&gt;hi&lt;/b&gt;</td>' in html


def test_event_page_pretty_prints_payload_and_timestamp(admin_client) -> None:
    event = text_event(ALICE, "<script>x</script>")
    html = admin_client.get(f"{EVENTS}{event.pk}/change/").content.decode()
    assert '\n  "message": {\n    "id": "1",' in html.replace("&quot;", '"')
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    when = datetime.datetime(2023, 11, 14, 22, 13, 20, tzinfo=datetime.UTC)
    assert f'<span title="1700000000000 ms">{localize(timezone.localtime(when))}</span>' in html


def test_absurd_timestamp_shows_raw(admin_client) -> None:
    event = WebhookEventFactory(timestamp=10**18)
    html = admin_client.get(f"{EVENTS}{event.pk}/change/").content.decode()
    assert str(10**18) in html


def replay(client: Client, events: list[WebhookEvent], **extra: str):
    data = {"action": "replay", "_selected_action": [e.pk for e in events], **extra}
    return client.post(EVENTS, data, follow=True)


def test_replaying_processed_events_asks_first(admin_client, linebot_settings) -> None:
    done = text_event(ALICE, "done", status="processed", attempts=1)
    failed = text_event(BOB, "oops", status="failed", attempts=1)
    res = replay(admin_client, [done, failed])
    html = res.content.decode()
    assert "Replay events that already succeeded?" in html
    assert "sent again" in html and str(done) in html.split("replay-processed")[1].split("</ul>")[0]
    assert "1 other selected event(s) (pending or failed)" in html
    assert "Replayed" not in html
    for row in (done, failed):
        row.refresh_from_db()
        assert row.attempts == 1
    res = replay(admin_client, [done, failed], confirm="yes")
    assert "Replayed 2 event(s)" in res.content.decode()
    done.refresh_from_db()
    assert done.attempts == 2


def test_failed_and_pending_events_replay_without_asking(admin_client, linebot_settings) -> None:
    failed = text_event(BOB, "oops", status="failed", attempts=1)
    pending = text_event(ALICE, "wait")
    res = replay(admin_client, [failed, pending])
    assert "Replayed 2 event(s)" in res.content.decode()


def staff(username: str, perms: list[str]) -> Client:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="linebot", codename__in=perms)
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("perms", "status", "confirms", "replays"),
    [
        ([], 403, False, False),
        (["view_webhookevent"], 200, False, False),
        (["view_webhookevent", "replay_webhookevent"], 200, True, True),
    ],
    ids=["no-permission", "view-only", "replay"],
)
def test_replay_confirmation_permissions(linebot_settings, perms, status, confirms, replays) -> None:
    done = text_event(ALICE, "done", status="processed", attempts=1)
    client = staff("someone", perms)
    first = replay(client, [done])
    assert first.status_code == status
    assert ("Replay events that already succeeded?" in first.content.decode()) == confirms
    second = replay(client, [done], confirm="yes")
    assert second.status_code == status
    done.refresh_from_db()
    assert (done.attempts == 2) == replays


def test_push_and_reply_count_one_recipient(admin_client) -> None:
    OutgoingMessageFactory(kind=OutgoingMessage.Kind.PUSH, to=ALICE)
    OutgoingMessageFactory(kind=OutgoingMessage.Kind.MULTICAST, to="", recipient_count=3)
    OutgoingMessageFactory(kind=OutgoingMessage.Kind.BROADCAST, to="")
    OutgoingMessageFactory(kind=OutgoingMessage.Kind.NARROWCAST, to="", recipient={"type": "audience"})
    html = admin_client.get(OUTBOX).content.decode()
    cells = [part.split("</td>")[0] for part in html.split('<td class="field-recipients">')[1:]]
    assert sorted(cells) == sorted(["1", "3", "all", "audience"])


def test_outbox_searchable_by_message_text(admin_client) -> None:
    OutgoingMessageFactory(
        to=ALICE,
        messages=[
            {"type": "sticker", "packageId": "1", "stickerId": "1"},
            {"type": "text", "text": "Your parcel ships today"},
        ],
    )
    OutgoingMessageFactory(
        to=BOB, messages=[{"type": "template", "altText": "予約の確認", "template": {"type": "buttons"}}]
    )
    html = listed(admin_client, OUTBOX, "PARCEL")
    assert ALICE in html and BOB not in html
    html = listed(admin_client, OUTBOX, "予約")
    assert BOB in html and ALICE not in html


def test_outbox_renders_messages_readably(admin_client) -> None:
    message = OutgoingMessageFactory(
        to=ALICE,
        messages=[
            {"type": "text", "text": "line one\nline <two>"},
            {"type": "flex", "altText": "Your receipt", "contents": {"type": "bubble"}},
        ],
    )
    html = admin_client.get(f"{OUTBOX}{message.pk}/change/").content.decode()
    assert '<li style="white-space: pre-wrap">line one\nline &lt;two&gt;</li>' in html
    assert "[flex] Your receipt" in html
    assert '"altText": "Your receipt",\n' in html.replace("&quot;", '"')  # the indented JSON stays
    listing = admin_client.get(OUTBOX).content.decode()
    assert "line one\nline &lt;two&gt; | [flex] Your receipt" in listing


def search_raw(client: Client, url: str, query: str):
    """GET the search as a browser would send it, lone surrogates as the (invalid UTF-8) bytes they make."""
    return client.get(f"{url}?q={quote(query, safe='', errors='surrogatepass')}")


#: Any character, lone surrogates and NUL included (st.text() leaves the surrogates out).
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=ANY_TEXT)
def test_no_search_is_a_500(admin_client, query: str) -> None:
    if not WebhookEvent.objects.exists():
        text_event(ALICE, "hello")
        OutgoingMessageFactory(to=ALICE)
    for url in (EVENTS, OUTBOX, "/admin/linebot/channel/"):
        assert search_raw(admin_client, url, query).status_code == 200


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "\ud800", "x\udfff", "%", "_", "'", "\\"])
def test_search_with_unstorable_characters(admin_client, query: str) -> None:
    text_event(ALICE, "hello")
    OutgoingMessageFactory(to=ALICE)
    for url in (EVENTS, OUTBOX):
        assert search_raw(admin_client, url, query).status_code == 200
