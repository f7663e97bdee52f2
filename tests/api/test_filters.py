"""The list filters (django-filter FilterSets): what they select, and a 400 naming the parameter for a value
they cannot use, never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from django_linebot.models import WebhookEvent

from ..factories import OutgoingMessageFactory, WebhookEventFactory

pytestmark = pytest.mark.django_db

API = "/api/line"
TEXT = [{"type": "text", "text": "x"}]


@pytest.fixture
def root() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


@pytest.fixture
def rows() -> None:
    WebhookEventFactory(webhook_event_id="E1", event_type="follow", payload={})
    WebhookEventFactory(webhook_event_id="E2", event_type="message", payload={}, status="processed")
    OutgoingMessageFactory(kind="push", to="U1", messages=TEXT)
    OutgoingMessageFactory(kind="broadcast", messages=TEXT, status="sent")


@pytest.mark.parametrize(
    ("url", "query", "count"),
    [
        ("webhook-events/", {"type": "follow"}, 1),
        ("webhook-events/", {"type": "unfollow"}, 0),  # LINE adds event types: any name filters
        ("webhook-events/", {"status": "processed"}, 1),
        ("webhook-events/", {"type": "message", "status": "pending"}, 0),
        ("webhook-events/", {"type": "", "status": ""}, 2),  # empty: no filter, as before
        ("messages/", {"kind": "push"}, 1),
        ("messages/", {"status": "sent"}, 1),
        ("messages/", {"status": "sent", "kind": "push"}, 0),
        ("messages/", {"kind": ""}, 2),
    ],
)
def test_filters_select(url, query, count, rows, root) -> None:
    res = root.get(f"{API}/{url}", query)
    assert res.status_code == 200 and res.json()["count"] == count


@pytest.mark.parametrize(
    ("url", "name", "value"),
    [
        ("messages/", "status", "delivered"),
        ("messages/", "kind", "telegram"),
        ("messages/", "kind", "push\x00"),
        ("webhook-events/", "status", "done"),
        ("webhook-events/", "type", "follow\x00"),  # PostgreSQL refuses NUL in a query: a 500 before
        ("webhook-events/", "received_after", "\x00"),
        ("webhook-events/", "received_before", "9" * 40),
    ],
)
def test_unusable_filter_values_are_400_naming_the_parameter(url, name, value, rows, root) -> None:
    res = root.get(f"{API}/{url}", {name: value})
    assert res.status_code == 400 and list(res.json()) == [name], (res.status_code, res.content[:300])


def test_a_detail_route_ignores_no_filter(rows, root) -> None:
    """As before: the filters narrow the queryset of every route, the detail routes included."""
    event = WebhookEvent.objects.get(webhook_event_id="E1")
    assert root.get(f"{API}/webhook-events/{event.pk}/").status_code == 200
    assert root.get(f"{API}/webhook-events/{event.pk}/", {"type": "message"}).status_code == 404


def test_the_browsable_api_shows_the_filter_form(rows, root, settings) -> None:
    """Its template is this app's, so it renders without django_filters in INSTALLED_APPS."""
    assert "django_filters" not in settings.INSTALLED_APPS
    res = root.get(f"{API}/webhook-events/", HTTP_ACCEPT="text/html")
    assert res.status_code == 200
    page = res.content.decode()
    assert "Field filters" in page and 'name="received_after"' in page and 'name="status"' in page
