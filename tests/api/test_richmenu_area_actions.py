"""The REST API checks a rich menu area's action with the SDK's rule (``sdk.richmenu_actions``): a 400
naming the area (from 1) and the property, nothing stored."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from django_linebot.models import RichMenu

from ..factories import ChannelFactory

pytestmark = pytest.mark.django_db

API = "/api/line"


@pytest.fixture
def root() -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def area(action: dict) -> dict:
    return {"x": 0, "y": 0, "width": 100, "height": 100, "action": action}


def test_a_bad_action_is_400_on_its_area_and_property(root) -> None:
    channel = ChannelFactory()
    body = {
        "channel": channel.pk,
        "name": "M",
        "chat_bar_text": "m",
        "areas": [
            area({"type": "message", "text": "ok"}),
            area({"type": "message", "text": "ok"}),
            area({"type": "uri", "uri": "ftp://example.com"}),
            area({"type": "camera", "label": "Camera"}),
        ],
    }
    res = root.post(f"{API}/rich-menus/", body, format="json")
    assert res.status_code == 400, res.content[:500]
    errors = res.json()["areas"]
    assert errors[:2] == [{}, {}]
    assert errors[2]["action"]["uri"] == ["area 3: uri must start with https://, http://, line:// or tel:"]
    assert "area 4: a camera action works only in quick reply buttons" in errors[3]["action"]["type"][0]
    assert not RichMenu.objects.exists()


def test_good_actions_are_stored(root) -> None:
    channel = ChannelFactory()
    action = {"type": "datetimepicker", "data": "d", "mode": "datetime", "initial": "2017-12-25t12:00"}
    body = {"channel": channel.pk, "name": "M", "chat_bar_text": "m", "areas": [area(action)]}
    res = root.post(f"{API}/rich-menus/", body, format="json")
    assert res.status_code == 201, res.content[:500]
    assert RichMenu.objects.get().areas.get().action == action
