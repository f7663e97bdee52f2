"""The webhook event and outbox admin: a stored row that is not valid UTF-8 still shows."""

from __future__ import annotations

import pytest
from django.db import connection

from ..factories import OutgoingMessageFactory, WebhookEventFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor == "postgresql",
        reason="PostgreSQL's jsonb refuses lone surrogates: such a row cannot be stored there",
    ),
]


def test_lone_surrogate_in_a_stored_event_renders(admin_client) -> None:
    event = WebhookEventFactory(
        event_type="message",
        webhook_event_id="01HX0000000000000000000001",
        payload={"type": "message", "message": {"type": "text", "text": "a\ud800b"}},
    )
    listing = admin_client.get("/admin/linebot/webhookevent/")
    assert listing.status_code == 200 and "01HX0000000000000000000001" in listing.content.decode()
    page = admin_client.get(f"/admin/linebot/webhookevent/{event.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "a\\ud800b" in html and '"type": "text"' in html.replace("&quot;", '"')


def test_lone_surrogate_in_an_outgoing_message_renders(admin_client) -> None:
    from django_linebot.models import OutgoingMessage

    message = OutgoingMessageFactory(
        kind=OutgoingMessage.Kind.PUSH, to="U" + "0" * 32, messages=[{"type": "text", "text": "a\ud800b"}]
    )
    assert admin_client.get("/admin/linebot/outgoingmessage/").status_code == 200
    page = admin_client.get(f"/admin/linebot/outgoingmessage/{message.pk}/change/")
    assert page.status_code == 200 and "a\\ud800b" in page.content.decode()
