"""Property-based: whatever the admin forms receive, the answer is success or a form error naming a field.

Covers the channel add and change forms, the rich menu add and change forms with their areas inline,
and the intermediate forms of the admin actions. Never a 500 (the test client would raise it).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.forms import NON_FIELD_ERRORS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django_linebot import richmenus
from django_linebot.models import Channel, RichMenu

from ..factories import ChannelFactory, RichMenuFactory
from ..richmenu_images import image_bytes

pytestmark = pytest.mark.django_db

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
# What a browser can send: any text but lone surrogates (not encodable as UTF-8).
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
numbers = st.integers(-(2**70), 2**70).map(str)
maybe_number = st.one_of(numbers, text, st.sampled_from(["0", "1250", "843", "2500", "-1", "1e3", ""]))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8,
)
actions = st.one_of(
    text,
    json_values.map(json.dumps),
    st.sampled_from(
        [
            '{"type": "postback", "data": "a"}',
            '{"type": "uri", "uri": "https://example.com"}',
            '{"type": "message", "text": "x"}',
            '{"type": "message"}',
            "[]",
            "1",
        ]
    ),
)
IMAGES = {
    "good": image_bytes(2500, 843),
    "small": image_bytes(300, 200),
    "gif": image_bytes(1200, 810, "GIF"),
    "junk": b"not an image at all",
    "empty": b"",
}


def assert_success_or_field_errors(res: Any, extra_forms: tuple[str, ...] = ()) -> None:
    """302 (saved), or 200 with errors that each name a field of the form (or the whole form)."""
    assert res.status_code in (200, 302), res.status_code
    if res.status_code == 302:
        return
    form = res.context["adminform"].form
    errors = dict(form.errors)
    for key in errors:
        assert key == NON_FIELD_ERRORS or key in form.fields, key
    formset_errors = [
        (f.formset.non_form_errors(), f.formset.errors)
        for f in res.context["inline_admin_formsets"]
        if f.formset.prefix in extra_forms
    ]
    for _, per_form in formset_errors:
        for form_errors in per_form:
            assert all(key == NON_FIELD_ERRORS or key.isidentifier() for key in form_errors)
    assert errors or any(non_form or any(per_form) for non_form, per_form in formset_errors)


channel_forms = st.fixed_dictionaries(
    {
        "name": text,
        "slug": st.one_of(text, st.sampled_from(["shop", "other", "a-b_c"])),
        "channel_id": st.one_of(text, numbers),
        "bot_user_id": text,
        "channel_secret": text,
        "previous_channel_secret": text,
        "previous_secret_valid_until_0": st.one_of(text, st.sampled_from(["2024-02-30", "2030-01-01", ""])),
        "previous_secret_valid_until_1": st.one_of(text, st.sampled_from(["25:00:00", "10:00:00", ""])),
        "auth_mode": st.one_of(text, st.sampled_from([m.value for m in Channel.AuthMode])),
        "channel_access_token": text,
        "assertion_private_key": text,
        "assertion_key_id": text,
        "is_active": st.sampled_from(["on", "", "yes", "0"]),
        "end_previous_secret": st.sampled_from(["on", ""]),
    }
)
INLINE = {"access_tokens-TOTAL_FORMS": "0", "access_tokens-INITIAL_FORMS": "0"}


@PROPERTY
@given(data=channel_forms)
def test_channel_add_form(admin_client, data) -> None:
    res = admin_client.post("/admin/linebot/channel/add/", {**data, **INLINE})
    assert_success_or_field_errors(res)
    Channel.objects.exclude(slug="shop").delete()


@PROPERTY
@given(data=channel_forms)
def test_channel_change_form(admin_client, data) -> None:
    channel = Channel.objects.filter(slug="shop").first() or ChannelFactory(
        name="Shop", slug="shop", channel_secret="s", channel_access_token="t"
    )
    res = admin_client.post(f"/admin/linebot/channel/{channel.pk}/change/", {**data, **INLINE})
    assert_success_or_field_errors(res)
    Channel.objects.exclude(pk=channel.pk).delete()


areas = st.lists(
    st.tuples(maybe_number, maybe_number, maybe_number, maybe_number, actions, st.sampled_from(["", "on"])),
    max_size=3,
)
menu_forms = st.fixed_dictionaries(
    {
        "name": text,
        "chat_bar_text": text,
        "selected": st.sampled_from(["on", ""]),
        "channel": st.sampled_from(["", "999999", "x"]),
    }
)


def menu_post(fields: dict[str, str], image: str | None, area_rows: list[tuple[str, ...]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        **fields,
        "areas-TOTAL_FORMS": str(len(area_rows)),
        "areas-INITIAL_FORMS": "0",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    if image is not None:
        data["image"] = SimpleUploadedFile(f"menu-{image}.png", IMAGES[image], content_type="image/png")
    for i, (x, y, w, h, action, delete) in enumerate(area_rows):
        data.update(
            {
                f"areas-{i}-x": x,
                f"areas-{i}-y": y,
                f"areas-{i}-width": w,
                f"areas-{i}-height": h,
                f"areas-{i}-action": action,
                f"areas-{i}-DELETE": delete,
            }
        )
    return data


@PROPERTY
@given(fields=menu_forms, image=st.sampled_from([None, *IMAGES]), area_rows=areas)
def test_rich_menu_add_form(admin_client, fields, image, area_rows) -> None:
    res = admin_client.post("/admin/linebot/richmenu/add/", menu_post(fields, image, area_rows))
    assert_success_or_field_errors(res, ("areas",))
    RichMenu.objects.all().delete()


@PROPERTY
@given(fields=menu_forms, image=st.sampled_from([None, *IMAGES]), area_rows=areas)
def test_rich_menu_change_form(admin_client, fields, image, area_rows) -> None:
    menu = RichMenu.objects.filter(name="Main").first() or RichMenuFactory(areas=0)
    res = admin_client.post(f"/admin/linebot/richmenu/{menu.pk}/change/", menu_post(fields, image, area_rows))
    assert_success_or_field_errors(res, ("areas",))
    RichMenu.objects.exclude(pk=menu.pk).delete()
    RichMenu.objects.filter(pk=menu.pk).update(name="Main")


ACTION_FORMS = {
    "set_webhook_url": ("channel", "url"),
    "link_users": ("richmenu", "user_ids"),
    "unlink_users": ("richmenu", "user_ids"),
    "create_or_switch_alias": ("richmenu", "alias_id"),
}


@PROPERTY
@given(
    action=st.sampled_from(sorted(ACTION_FORMS)),
    value=st.one_of(
        text,
        st.sampled_from(
            ["https://bot.example.com/line/", "U" + "a" * 32, "main-tab", "..", "a/b", "http://x"]
        ),
    ),
)
def test_intermediate_action_forms(admin_client, linebot_settings, line_platform, action, value) -> None:
    model, field = ACTION_FORMS[action]
    if model == "channel":
        obj = Channel.objects.filter(slug="shop").first() or ChannelFactory(
            name="Shop", slug="shop", channel_secret="s", channel_access_token="t"
        )
    else:
        obj = RichMenu.objects.filter(status=RichMenu.Status.PUBLISHED).first()
        if obj is None:
            obj = RichMenuFactory()
            richmenus.publish(obj)
    res = admin_client.post(
        f"/admin/linebot/{model}/",
        {"action": action, "_selected_action": [obj.pk], "apply": "1", field: value},
    )
    assert res.status_code in (200, 302), res.status_code
    if res.status_code == 200:  # the intermediate page again, with the error on the field
        form = res.context["form"]
        assert set(form.errors) == {field}
