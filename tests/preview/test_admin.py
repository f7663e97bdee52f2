"""The preview in the admin: the outbox, the webhook events, the widget's view; no request leaves the page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from django_linebot.models import OutgoingMessage
from django_linebot.preview import CSS, JS
from django_linebot.widgets import MessagesJSONWidget

from ..factories import ChannelFactory, OutgoingChunkFactory, OutgoingMessageFactory, WebhookEventFactory
from .samples import BUTTONS, EVERY_KIND, RECEIPT, TEXT_WITH_EMOJIS

pytestmark = pytest.mark.django_db

#: Attributes through which a browser fetches something by itself.
FETCHING = {"src", "href", "srcset", "poster", "data", "action", "background", "formaction"}


class Resources(HTMLParser):
    """Every URL the page makes the browser fetch: link/script/img/... attributes and CSS ``url(...)``."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", value)
            elif name in FETCHING and not (
                tag == "a" and name == "href"
            ):  # a link is followed on a click only
                self.urls += [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data) + re.findall(
                r"@import\s+['\"]([^'\"]+)", data
            )


def outside_urls(html: str) -> list[str]:
    parser = Resources()
    parser.feed(html)
    return [u for u in parser.urls if re.match(r"(?i)\s*(https?:)?//", u)]


def test_outbox_page_shows_each_message_with_recipients_and_outcome(admin_client) -> None:
    message = OutgoingMessageFactory(to="Uabc", messages=[TEXT_WITH_EMOJIS, BUTTONS, RECEIPT])
    OutgoingChunkFactory(message=message, status="sent")
    page = admin_client.get(f"/admin/linebot/outgoingmessage/{message.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="lbp-row lbp-bot"') == 3 and "Brown Store" in html and "Add to cart" in html
    side = html[html.index("lbp-admin-side") :]
    assert "<dt>to</dt><dd>Uabc</dd>" in side and "<dt>part 1</dt><dd>1 recipient(s): sent</dd>" in side
    assert CSS in html


def test_admin_pages_request_nothing_outside_the_site(admin_client) -> None:
    """Every message kind, images and emojis included: no http(s):// resource on the outbox or event page."""
    message = OutgoingMessageFactory(messages=EVERY_KIND)
    event = WebhookEventFactory(
        event_type="message",
        payload={"type": "message", "replyToken": "rt-1", "message": TEXT_WITH_EMOJIS},
    )
    OutgoingMessageFactory(
        kind=OutgoingMessage.Kind.REPLY, to="", reply_token="rt-1", messages=EVERY_KIND[3:8]
    )
    pages = [
        f"/admin/linebot/outgoingmessage/{message.pk}/change/",
        f"/admin/linebot/webhookevent/{event.pk}/change/",
        "/admin/linebot/outgoingmessage/preview/",
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        assert "lbp-" in html, url
        assert outside_urls(html) == [], url
    stylesheet = Path(finders.find(CSS)).read_text(encoding="utf-8")
    assert "url(" not in stylesheet and "@import" not in stylesheet


def test_the_checker_sees_outside_resources() -> None:
    html = (
        '<img src="https://x.example/a.png"><link href="//cdn.example/c.css"><div style="background:url(http://e/x)">'
        '<a href="https://docs.example/">docs</a><script src="/static/local.js"></script><style>@import "https://f/";</style>'
    )
    assert outside_urls(html) == [
        "https://x.example/a.png",
        "//cdn.example/c.css",
        "http://e/x",
        "https://f/",
    ]


def test_remote_images_setting_draws_them(admin_client, settings) -> None:
    settings.LINEBOT = {**settings.LINEBOT, "PREVIEW_REMOTE_IMAGES": True}
    message = OutgoingMessageFactory(messages=[TEXT_WITH_EMOJIS])
    html = admin_client.get(f"/admin/linebot/outgoingmessage/{message.pk}/change/").content.decode()
    assert '<img class="lbp-emoji" src="https://stickershop.line-scdn.net/sticonshop/v1/sticon/' in html


def test_webhook_event_page_shows_the_users_message_and_the_bots_replies(admin_client) -> None:
    event = WebhookEventFactory(
        event_type="message",
        payload={
            "type": "message",
            "replyToken": "rt-9",
            "message": {"type": "text", "text": "Where is my order?"},
        },
    )
    OutgoingMessageFactory(kind=OutgoingMessage.Kind.REPLY, to="", reply_token="rt-9", messages=[RECEIPT])
    other = ChannelFactory()  # the same token on another channel is another conversation
    OutgoingMessageFactory(
        channel=other,
        kind=OutgoingMessage.Kind.REPLY,
        to="",
        reply_token="rt-9",
        messages=[{"type": "text", "text": "NOT MINE"}],
    )
    html = admin_client.get(f"/admin/linebot/webhookevent/{event.pk}/change/").content.decode()
    user = html.index('class="lbp-row lbp-user"')
    assert (
        user
        < html.index("Where is my order?")
        < html.index('class="lbp-row lbp-bot"')
        < html.index("Brown Store")
    )
    assert "NOT MINE" not in html


def test_hostile_stored_messages_stay_escaped_in_the_admin(admin_client) -> None:
    attack = "<script>alert(1)</script>"
    message = OutgoingMessageFactory(
        messages=[
            {"type": "text", "text": attack},
            {"type": attack, "x": attack},
            RECEIPT | {"altText": attack},
        ]
    )
    event = WebhookEventFactory(
        event_type="message", payload={"type": "message", "message": {"type": "text", "text": attack}}
    )
    for url in (
        f"/admin/linebot/outgoingmessage/{message.pk}/change/",
        f"/admin/linebot/webhookevent/{event.pk}/change/",
    ):
        page = admin_client.get(url)
        assert page.status_code == 200 and attack not in page.content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


def test_preview_view_draws_posted_json(admin_client) -> None:
    url = "/admin/linebot/outgoingmessage/preview/"
    res = admin_client.post(url, data=json.dumps([BUTTONS]), content_type="application/json")
    assert res.status_code == 200 and res["Content-Type"].startswith("text/html")
    assert "Add to cart" in res.content.decode() and res.content.decode().startswith('<div class="lbp-chat">')
    one = admin_client.post(
        url, data=json.dumps({"type": "text", "text": "<b>hi</b>"}), content_type="application/json"
    )
    assert "&lt;b&gt;hi&lt;/b&gt;" in one.content.decode()
    bad = admin_client.post(url, data="{not json", content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("text/plain")
    big = admin_client.post(url, data=json.dumps("x" * 600_000), content_type="application/json")
    assert big.status_code == 400
    page = admin_client.get(url)
    assert (
        page.status_code == 200
        and JS in page.content.decode()
        and "lbp-preview-button" in page.content.decode()
    )


def test_preview_view_is_for_staff_only(client, django_user_model) -> None:
    url = "/admin/linebot/outgoingmessage/preview/"
    res = client.post(url, data="[]", content_type="application/json")
    assert res.status_code == 302 and "/admin/login/" in res["Location"]
    django_user_model.objects.create_user("plain", password="pw-for-test")
    client.login(username="plain", password="pw-for-test")
    assert client.post(url, data="[]", content_type="application/json").status_code == 302


@pytest.mark.parametrize(
    ("perms", "allowed"),
    [
        ([], False),  # staff without permissions
        (
            ["linebot.view_lineuser", "linebot.view_webhookevent", "linebot.view_richmenu"],
            False,
        ),  # not the outbox
        (["linebot.view_outgoingmessage"], True),  # the outbox's view permission: a preview sends nothing
        (["linebot.send_message"], True),  # who may send may see what they write drawn
    ],
    ids=["nobody", "other-views", "view-outbox", "send"],
)
def test_the_preview_needs_the_outbox_view_or_the_send_permission(perms, allowed) -> None:
    """Decided: the outbox's view permission, or send_message; 403 before the body is even read."""
    from django.test import Client

    from ..helpers import user_with

    client = Client()
    client.force_login(user_with("staff", perms, staff=True))
    url = "/admin/linebot/outgoingmessage/preview/"
    body = json.dumps({"type": "text", "text": "<b>hi</b>"})
    page, drawn = client.get(url), client.post(url, data=body, content_type="application/json")
    too_big = client.post(url, data=json.dumps("x" * 600_000), content_type="application/json")
    if allowed:
        assert page.status_code == 200 and drawn.status_code == 200 and too_big.status_code == 400
        assert "&lt;b&gt;hi&lt;/b&gt;" in drawn.content.decode()
    else:
        assert (page.status_code, drawn.status_code, too_big.status_code) == (403, 403, 403)
        assert "hi" not in drawn.content.decode()
    assert not OutgoingMessage.objects.exists()  # nothing sent, nothing stored


def test_preview_view_checks_csrf(django_user_model) -> None:
    from django.test import Client

    django_user_model.objects.create_superuser("boss", "b@example.com", "pw-for-test")
    client = Client(enforce_csrf_checks=True)
    client.login(username="boss", password="pw-for-test")
    assert (
        client.post(
            "/admin/linebot/outgoingmessage/preview/", data="[]", content_type="application/json"
        ).status_code
        == 403
    )


def test_widget_renders_the_button_and_ships_its_static_files() -> None:
    html = MessagesJSONWidget().render(
        "messages", '[{"type": "text", "text": "hi"}]', attrs={"id": "id_messages"}
    )
    assert 'data-preview-url="/admin/linebot/outgoingmessage/preview/"' in html
    assert 'data-preview-for="id_messages"' in html and 'id="id_messages_preview"' in html
    assert "&quot;text&quot;" in html  # the value, escaped, in the textarea
    assert finders.find(CSS) and finders.find(JS)
    assert str(MessagesJSONWidget().media).count("/static/django_linebot/preview/") == 2
