"""The rich menu admin's action editor (a form per area, not JSON), its errors on the area's row, and
an upload kept across a submission with errors."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage

from django_linebot.admin.rich_menu import KEPT_DIR
from django_linebot.channels import settings_channel
from django_linebot.models import RichMenu

from ..factories import ChannelFactory, RichMenuAliasFactory, RichMenuAreaFactory, RichMenuFactory
from ..helpers import user_with
from ..richmenu_images import upload

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/"


def form_data(image, areas=(), **overrides):
    """The add page's POST, each area's action as the editor posts it: ``(x, y, w, h, type, {key: value})``."""
    data = {
        "channel": str(settings_channel().pk),
        "name": "Main menu",
        "chat_bar_text": "Menu",
        "areas-TOTAL_FORMS": str(len(areas)),
        "areas-INITIAL_FORMS": "0",
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "20",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    if image is not None:
        data["image"] = image
    for i, (x, y, w, h, kind, values) in enumerate(areas):
        data.update({f"areas-{i}-x": x, f"areas-{i}-y": y, f"areas-{i}-width": w, f"areas-{i}-height": h})
        data[f"areas-{i}-action__type"] = kind
        for key, value in values.items():
            data[f"areas-{i}-action__{key}"] = value
    data.update(overrides)
    return data


def row_errors(res) -> list[list[str]]:
    formset = next(f for f in res.context["inline_admin_formsets"] if f.formset.prefix == "areas").formset
    return [form.errors.get("action", []) for form in formset.forms]


def test_every_type_saved_from_its_form_fields(admin_client) -> None:
    areas = [
        (0, 0, 400, 843, "message", {"text": "Hello", "data": "ignored: not a message property"}),
        (
            400,
            0,
            400,
            843,
            "postback",
            {
                "data": "a=1",
                "displayText": "A",
                "inputOption": "openKeyboard",
                "fillInText": "#tag",
                "label": "A",
            },
        ),
        (800, 0, 400, 843, "uri", {"uri": "https://example.com", "altUri.desktop": "https://example.com/pc"}),
        (1200, 0, 400, 843, "datetimepicker", {"data": "when", "mode": "date", "initial": "2017-12-25"}),
        (1600, 0, 400, 843, "richmenuswitch", {"richMenuAliasId": "tab-b", "data": "to=b"}),
        (2000, 0, 500, 843, "clipboard", {"clipboardText": "COUPON1"}),
    ]
    res = admin_client.post(f"{URL}add/", form_data(upload(2500, 843), areas))
    assert res.status_code == 302, res.context and row_errors(res)
    assert [a.action for a in RichMenu.objects.get().areas.all()] == [
        {"type": "message", "text": "Hello"},
        {
            "type": "postback",
            "data": "a=1",
            "displayText": "A",
            "inputOption": "openKeyboard",
            "fillInText": "#tag",
            "label": "A",
        },
        {"type": "uri", "uri": "https://example.com", "altUri": {"desktop": "https://example.com/pc"}},
        {"type": "datetimepicker", "data": "when", "mode": "date", "initial": "2017-12-25"},
        {"type": "richmenuswitch", "data": "to=b", "richMenuAliasId": "tab-b"},
        {"type": "clipboard", "clipboardText": "COUPON1"},
    ]


def test_errors_are_on_the_area_row_naming_area_and_property(admin_client) -> None:
    areas = [
        (0, 0, 1250, 843, "message", {"text": "ok"}),
        (1250, 0, 1250, 843, "uri", {"uri": "ftp://example.com"}),
    ]
    res = admin_client.post(f"{URL}add/", form_data(upload(2500, 843), areas))
    assert res.status_code == 200 and not RichMenu.objects.exists()
    assert row_errors(res) == [[], ["area 2: uri must start with https://, http://, line:// or tel:"]]
    page = res.content.decode()
    assert "area 2: uri must start with" in page
    # the row comes back as typed, in the form
    assert re.search(
        r'name="areas-1-action__uri"[^>]*value="ftp://example.com"[^>]*aria-invalid="true"', page
    )
    assert not re.search(r'name="areas-0-action__text"[^>]*aria-invalid', page)


def test_the_area_number_skips_rows_being_deleted(admin_client) -> None:
    menu = RichMenuFactory(image=upload(2500, 843), areas=0)
    kept = RichMenuAreaFactory(rich_menu=menu, x=0, y=0, width=1250, height=843)
    data = form_data(None, [], name=menu.name, chat_bar_text=menu.chat_bar_text, channel=str(menu.channel_id))
    data.update(
        {
            "areas-TOTAL_FORMS": "2",
            "areas-INITIAL_FORMS": "1",
            "areas-0-id": str(kept.pk),
            "areas-0-rich_menu": str(menu.pk),
            "areas-0-x": "0",
            "areas-0-y": "0",
            "areas-0-width": "1250",
            "areas-0-height": "843",
            "areas-0-action__type": "message",
            "areas-0-action__text": "a",
            "areas-0-DELETE": "on",
            "areas-1-x": "1250",
            "areas-1-y": "0",
            "areas-1-width": "1250",
            "areas-1-height": "843",
            "areas-1-action__type": "message",
            "areas-1-action__text": "",
        }
    )
    res = admin_client.post(f"{URL}{menu.pk}/change/", data)
    assert res.status_code == 200
    assert row_errors(res)[1] == ["area 1: text is required for a message action"]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            '{"type": "camera", "label": "Camera"}',
            "area 1: a camera action works only in quick reply buttons",
        ),
        ('{"type": "message"', "area 1: the raw JSON is not valid"),
        ("null", "area 1: the raw JSON must be an action object"),
        (
            '{"type": "datetimepicker", "data": "d", "mode": "time", "max": "25:00"}',
            "area 1: max must be a time",
        ),
    ],
)
def test_raw_json_is_checked_the_same_way(admin_client, raw, text) -> None:
    data = form_data(upload(2500, 843), [(0, 0, 2500, 843, "message", {"text": "not used"})])
    data.update({"areas-0-action__raw": "on", "areas-0-action": raw})
    res = admin_client.post(f"{URL}add/", data)
    assert res.status_code == 200 and not RichMenu.objects.exists()
    assert any(text in e for e in row_errors(res)[0]), row_errors(res)


def test_raw_json_when_chosen_is_what_is_saved(admin_client) -> None:
    data = form_data(upload(2500, 843), [(0, 0, 2500, 843, "message", {"text": "not used"})])
    data.update({"areas-0-action__raw": "on", "areas-0-action": '{"type": "postback", "data": "raw=1"}'})
    assert admin_client.post(f"{URL}add/", data).status_code == 302
    assert RichMenu.objects.get().areas.get().action == {"type": "postback", "data": "raw=1"}


def test_a_new_row_is_a_blank_message_form_never_null(admin_client) -> None:
    page = admin_client.get(f"{URL}add/").content.decode()
    empty = page[page.index('id="areas-empty"') :]
    assert 'name="areas-__prefix__-action__type"' in empty
    assert re.search(r'<option value="message" selected>', empty)
    assert ">null</textarea>" not in page
    assert 'name="areas-__prefix__-action__text"' in empty


def test_an_untouched_extra_row_is_ignored(admin_client) -> None:
    data = form_data(upload(2500, 843), [(0, 0, 2500, 843, "message", {"text": "a"})])
    data.update({"areas-TOTAL_FORMS": "2", "areas-1-action__type": "message"})
    res = admin_client.post(f"{URL}add/", data)
    assert res.status_code == 302 and RichMenu.objects.get().areas.count() == 1


def test_an_action_the_form_cannot_show_opens_as_raw_json(admin_client) -> None:
    menu = RichMenuFactory(image=upload(2500, 843), areas=0)
    RichMenuAreaFactory(rich_menu=menu, action={"type": "message", "text": "a", "extra": 1})
    page = admin_client.get(f"{URL}{menu.pk}/change/").content.decode()
    assert re.search(r'name="areas-0-action__raw"[^>]* checked', page)
    assert "&quot;extra&quot;: 1" in page


def test_the_channels_aliases_are_offered(admin_client) -> None:
    menu = RichMenuFactory(image=upload(2500, 843), areas=1)
    RichMenuAliasFactory(rich_menu=RichMenuFactory(channel=menu.channel), alias_id="tab-two")
    RichMenuAliasFactory(rich_menu=RichMenuFactory(channel=ChannelFactory()), alias_id="other-channel")
    page = admin_client.get(f"{URL}{menu.pk}/change/").content.decode()
    assert '<option value="tab-two">' in page and "other-channel" not in page


def test_a_viewer_sees_no_action_form(linebot_settings, client) -> None:
    menu = RichMenuFactory(image=upload(2500, 843), areas=1)
    client.force_login(
        user_with("viewer", ["linebot.view_richmenu", "linebot.view_richmenuarea"], staff=True)
    )
    res = client.get(f"{URL}{menu.pk}/change/")
    assert res.status_code == 200 and "action__type" not in res.content.decode()
    client.force_login(user_with("nobody", [], staff=True))
    assert client.get(f"{URL}{menu.pk}/change/").status_code == 403


# ------------------------------------------------------------- the upload kept across a failed submission


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def kept_files() -> list[str]:
    try:
        return default_storage.listdir(KEPT_DIR)[1]
    except FileNotFoundError:
        return []


def test_an_upload_is_kept_across_a_failed_submission_and_saved_with_the_fix(admin_client) -> None:
    bad = [(0, 0, 2500, 843, "uri", {"uri": "example.com"})]
    res = admin_client.post(f"{URL}add/", form_data(upload(2500, 843), bad))
    assert res.status_code == 200 and not RichMenu.objects.exists()
    page = res.content.decode()
    assert "image kept: menu.png" in page
    token = re.search(r'name="image_kept" value="([^"]+)"', page).group(1)
    assert len(kept_files()) == 1
    # fixed, no file chosen again: the kept image is the menu's
    good = [(0, 0, 2500, 843, "uri", {"uri": "https://example.com"})]
    res = admin_client.post(f"{URL}add/", form_data(None, good, image_kept=token))
    assert res.status_code == 302, res.context and res.context["adminform"].form.errors
    menu = RichMenu.objects.get()
    assert menu.image and (menu.width, menu.height) == (2500, 843)
    assert menu.read_image()[0] == "image/png"
    assert kept_files() == []  # the kept copy is deleted once saved


def test_an_upload_is_kept_when_the_menu_fields_have_errors(admin_client) -> None:
    res = admin_client.post(f"{URL}add/", form_data(upload(2500, 843), [], chat_bar_text="x" * 15))
    assert "at most 14" in str(res.context["adminform"].form.errors["chat_bar_text"])
    token = re.search(r'name="image_kept" value="([^"]+)"', res.content.decode()).group(1)
    res = admin_client.post(f"{URL}add/", form_data(None, [], image_kept=token))
    assert res.status_code == 302 and RichMenu.objects.get().width == 2500


def test_a_bad_image_is_not_kept(admin_client) -> None:
    res = admin_client.post(f"{URL}add/", form_data(upload(799, 300), []))
    assert "799 px wide" in str(res.context["adminform"].form.errors["image"])
    assert "image kept" not in res.content.decode() and kept_files() == []


@pytest.mark.parametrize("token", ["forged", "linebot/richmenus/kept/x.png"])
def test_a_forged_token_is_an_error_on_the_image(admin_client, token) -> None:
    res = admin_client.post(f"{URL}add/", form_data(None, [], image_kept=token))
    assert res.status_code == 200 and not RichMenu.objects.exists()
    assert "expired" in str(res.context["adminform"].form.errors["image"])


def test_kept_uploads_older_than_a_day_are_deleted_when_another_is_kept(admin_client, settings) -> None:
    import os
    import time

    old = default_storage.save(f"{KEPT_DIR}old.png", upload(2500, 843))
    day_ago = time.time() - 25 * 3600
    os.utime(default_storage.path(old), (day_ago, day_ago))
    res = admin_client.post(f"{URL}add/", form_data(upload(2500, 843), [], chat_bar_text="x" * 15))
    assert "image kept: menu.png" in res.content.decode()
    assert len(kept_files()) == 1 and "old.png" not in kept_files()
