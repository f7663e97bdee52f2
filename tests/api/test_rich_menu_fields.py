"""The rich menu API's display period (writable, checked as the model checks it) and edited_since_publish."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from django_linebot import richmenus
from django_linebot.models import RichMenu

from ..factories import ChannelFactory, RichMenuFactory
from ..richmenu_images import upload

pytestmark = pytest.mark.django_db

API = "/api/line"
MAY, JUNE, JULY = "2030-05-01T00:00:00Z", "2030-06-01T00:00:00Z", "2030-07-01T00:00:00Z"


@pytest.fixture
def api() -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    return client


def create(api: APIClient, **data) -> object:
    payload = {"name": "Sale", "chat_bar_text": "Menu", "image": upload(), **data}
    return api.post(f"{API}/rich-menus/", payload, format="multipart")


def test_a_display_period_is_written_and_read(api) -> None:
    res = create(api, display_from=MAY, display_until=JUNE)
    assert res.status_code == 201, res.json()
    body = res.json()
    assert (body["display_from"], body["display_until"]) == (MAY, JUNE)
    assert body["edited_since_publish"] is False
    url = f"{API}/rich-menus/{body['id']}/"
    res = api.patch(url, {"display_until": JULY}, format="json")  # the start stays
    assert res.status_code == 200 and (res.json()["display_from"], res.json()["display_until"]) == (MAY, JULY)
    res = api.patch(url, {"display_from": None, "display_until": None}, format="json")  # no period
    assert res.status_code == 200 and res.json()["display_from"] is None
    assert RichMenu.objects.get().display_until is None


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"display_from": JUNE, "display_until": MAY}, "display_until", "must end after it starts"),
        ({"display_from": MAY, "display_until": MAY}, "display_until", "must end after it starts"),
        ({"display_from": MAY}, "display_until", "needs a start and an end"),
        ({"display_until": MAY}, "display_from", "needs a start and an end"),
        ({"display_from": "not a date", "display_until": MAY}, "display_from", "Datetime has wrong format"),
    ],
)
def test_a_wrong_period_is_a_400_on_its_field(api, data, field, text) -> None:
    res = create(api, **data)
    assert res.status_code == 400 and text in json.dumps(res.json()[field]), res.json()
    assert not RichMenu.objects.exists()


def test_an_overlapping_period_is_a_400_naming_the_other_menu(api) -> None:
    assert create(api, name="Spring", display_from=MAY, display_until=JUNE).status_code == 201
    res = create(api, name="Overlap", display_from="2030-05-15T00:00:00Z", display_until=JULY)
    assert res.status_code == 400 and "overlaps the one of 'Spring'" in json.dumps(res.json()["display_from"])
    assert (
        create(api, name="Next", display_from=JUNE, display_until=JULY).status_code == 201
    )  # touching is fine
    other = ChannelFactory()
    res = create(api, name="Elsewhere", channel=other.pk, display_from=MAY, display_until=JULY)
    assert res.status_code == 201, res.json()  # another channel's periods are its own
    # a partial update is checked against the period it leaves
    spring = RichMenu.objects.get(name="Spring")
    res = api.patch(
        f"{API}/rich-menus/{spring.pk}/", {"display_until": "2030-06-15T00:00:00Z"}, format="json"
    )
    assert res.status_code == 400 and "overlaps the one of 'Next'" in json.dumps(res.json())
    # moving a menu to a channel where its period overlaps
    res = api.patch(f"{API}/rich-menus/{spring.pk}/", {"channel": other.pk}, format="json")
    assert res.status_code == 400 and "overlaps the one of 'Elsewhere'" in json.dumps(res.json())
    assert RichMenu.objects.get(pk=spring.pk).channel_id != other.pk


def test_edited_since_publish_is_read_only_and_true_after_a_change(
    api, linebot_settings, line_platform
) -> None:
    menu = RichMenuFactory()
    richmenus.publish(menu)
    url = f"{API}/rich-menus/{menu.pk}/"
    assert api.get(url).json()["edited_since_publish"] is False
    res = api.patch(url, {"edited_since_publish": True}, format="json")
    assert res.status_code == 200 and res.json()["edited_since_publish"] is False  # ignored: read-only
    areas = [{"x": 0, "y": 0, "width": 2500, "height": 843, "action": {"type": "message", "text": "all"}}]
    res = api.patch(url, {"areas": areas}, format="json")
    assert res.status_code == 200 and res.json()["edited_since_publish"] is True
    assert res.json()["status"] == "published"
    listing = api.get(f"{API}/rich-menus/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert [row["edited_since_publish"] for row in rows] == [True]
    res = api.post(url + "publish/")
    assert res.status_code == 200 and res.json()["edited_since_publish"] is False


def test_the_schema_documents_the_fields(api) -> None:
    res = api.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schemas = json.loads(res.content)["components"]["schemas"]
    props = schemas["RichMenu"]["properties"]
    for name in ("display_from", "display_until"):
        assert props[name]["type"] == "string" and props[name]["format"] == "date-time"
        assert props[name].get("nullable") is True and not props[name].get("readOnly")
    assert props["edited_since_publish"] == {
        "type": "boolean",
        "readOnly": True,
        "description": "Published, but changed since: publishing again makes a new LINE menu.",
    }
    assert "edited_since_publish" in schemas["RichMenu"]["required"]  # always in an answer
    assert "display_from" in schemas["PatchedRichMenu"]["properties"]
    assert "edited_since_publish" in schemas["PublishedRichMenu"]["properties"]


def test_writing_a_period_needs_the_change_permission(linebot_settings) -> None:
    from ..helpers import user_with

    menu = RichMenuFactory()
    url = f"{API}/rich-menus/{menu.pk}/"
    for perms, status in (([], 403), (["linebot.view_richmenu"], 403), (["linebot.change_richmenu"], 200)):
        client = APIClient()
        client.force_authenticate(user_with(f"user-{status}-{perms[-1:]}", perms, staff=True))
        res = client.patch(url, {"display_from": MAY, "display_until": JUNE}, format="json")
        assert res.status_code == status, res.content
        menu.refresh_from_db()
        assert (menu.display_from is not None) == (status == 200)
