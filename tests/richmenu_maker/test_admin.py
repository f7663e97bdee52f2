"""The image maker's admin page: permissions, preview, download, create, publish, and form errors, never a 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from django_linebot import richmenu_maker
from django_linebot.channels import settings_channel
from django_linebot.models import RichMenu, RichMenuArea
from django_linebot.richmenu_maker import LAYOUTS, MAX_LAYOUT_AREAS

pytestmark = pytest.mark.django_db

URL = "/admin/linebot/richmenu/maker/"
LABELS = ["Shop", "News", "Help", "Call us", "Map", "Info"]


def staff(username: str, perms: list[str]) -> Client:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="linebot", codename__in=perms)
    )
    client = Client()
    client.force_login(user)
    return client


def maker_post(layout: str = "compact-3", button: str = "create", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "channel": settings_channel().pk,
        "name": "Made menu",
        "chat_bar_text": "Menu",
        "layout": layout,
        button: "1",
    }
    for i in range(MAX_LAYOUT_AREAS):
        data.update(
            {
                f"area-{i}-label": LABELS[i],
                f"area-{i}-icon": "star",
                f"area-{i}-background": "#06c755",
                f"area-{i}-foreground": "#ffffff",
                f"area-{i}-action_type": "postback",
                f"area-{i}-action_value": f"menu={i + 1}",
            }
        )
    data.update(extra)
    return data


# ------------------------------------------------------------------ permissions


@pytest.mark.parametrize("perms", [[], ["view_richmenu"], ["view_richmenu", "change_richmenu"]])
def test_staff_who_may_not_add_menus_get_403_and_nothing_is_made(perms: list[str]) -> None:
    client = staff("someone", perms)
    assert client.get(URL).status_code == 403
    assert client.post(URL, maker_post()).status_code == 403
    assert not RichMenu.objects.exists()


def test_not_logged_in_is_sent_to_the_login_page() -> None:
    res = Client().get(URL)
    assert res.status_code == 302 and "/admin/login/" in res["Location"]


def test_staff_who_may_add_menus_make_one_but_cannot_publish(linebot_settings, line_platform) -> None:
    client = staff("maker", ["view_richmenu", "add_richmenu"])
    page = client.get(URL)
    assert page.status_code == 200
    assert 'name="publish"' not in page.content.decode()
    res = client.post(URL, maker_post(publish="on", make_default="on"))
    assert res.status_code == 302
    menu = RichMenu.objects.get()
    assert menu.status == RichMenu.Status.DRAFT  # "publish" is not a field for this user: ignored
    assert line_platform.requests == []


def test_with_the_publish_permission_the_menu_is_published_and_made_default(
    linebot_settings, line_platform
) -> None:
    client = staff("publisher", ["view_richmenu", "add_richmenu", "change_richmenu", "publish_richmenu"])
    assert 'name="publish"' in client.get(URL).content.decode()
    res = client.post(URL, maker_post(publish="on", make_default="on"), follow=True)
    html = res.content.decode()
    menu = RichMenu.objects.get()
    assert f"published as {menu.line_rich_menu_id}" in html and "now the default menu" in html
    assert menu.status == RichMenu.Status.PUBLISHED and menu.is_default
    assert line_platform.default_rich_menu == menu.line_rich_menu_id
    body = line_platform.requests_to("/v2/bot/richmenu", "POST")[0].json
    assert body["size"] == {"width": 2500, "height": 843}
    assert [a["bounds"]["width"] for a in body["areas"]] == [833, 834, 833]
    assert [a["action"] for a in body["areas"]] == [
        {"type": "postback", "data": f"menu={i}"} for i in (1, 2, 3)
    ]
    content_type, image = line_platform.rich_menu_images[menu.line_rich_menu_id]
    assert content_type == "image/png" and Image.open(io.BytesIO(image)).size == (2500, 843)


# ---------------------------------------------------------------- the page's work


def test_get_shows_the_form_the_icons_and_the_layouts(admin_client) -> None:
    html = admin_client.get(URL).content.decode()
    assert 'id="id_layout"' in html and 'id="linebot-layouts"' in html
    assert "/static/django_linebot/richmenu_icons/home.png" in html
    assert html.count('class="linebot-maker-area"') == MAX_LAYOUT_AREAS
    assert "maxlength" not in html  # lengths are checked by the server, not cut short by the browser


def test_preview_shows_the_image_and_creates_nothing(admin_client) -> None:
    res = admin_client.post(URL, maker_post("large-3x2", button="preview"))
    html = res.content.decode()
    assert res.status_code == 200 and 'src="data:image/png;base64,' in html
    assert "Preview (2500 x 1686 px)" in html
    assert not RichMenu.objects.exists()


def test_download_is_the_png(admin_client) -> None:
    res = admin_client.post(URL, maker_post("large-2x2", button="download", name="Spring sale!"))
    assert res.status_code == 200 and res["Content-Type"] == "image/png"
    assert res["Content-Disposition"] == 'attachment; filename="spring-sale.png"'
    image = Image.open(io.BytesIO(res.content))
    assert image.size == (2500, 1686) and image.format == "PNG"
    assert not RichMenu.objects.exists()


def test_create_makes_the_menu_with_its_image_and_areas(admin_client) -> None:
    res = admin_client.post(
        URL,
        maker_post(
            "large-1-2",
            **{
                "area-0-action_type": "uri",
                "area-0-action_value": "https://shop.example.com/",
                "area-1-action_type": "message",
                "area-1-action_value": "",  # the label is the message
                "area-2-action_type": "richmenuswitch",
                "area-2-action_value": "page-2",
                "area-3-action_value": "",  # area 4 is not in the layout: ignored
                "area-3-background": "not a colour",
            },
        ),
    )
    menu = RichMenu.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/admin/linebot/richmenu/{menu.pk}/change/"
    assert (menu.width, menu.height, menu.name, menu.chat_bar_text) == (2500, 1686, "Made menu", "Menu")
    areas = list(menu.areas.all())
    assert [(a.x, a.y, a.width, a.height) for a in areas] == [
        (0, 0, 1250, 1686),
        (1250, 0, 1250, 843),
        (1250, 843, 1250, 843),
    ]
    assert [a.action for a in areas] == [
        {"type": "uri", "uri": "https://shop.example.com/"},
        {"type": "message", "text": "News"},
        {"type": "richmenuswitch", "richMenuAliasId": "page-2", "data": "richmenu=page-2"},
    ]
    menu.full_clean_for_line()  # what the publish step checks


def test_a_failed_publish_keeps_the_draft_and_says_why(admin_client, linebot_settings, line_platform) -> None:
    line_platform.add_fault(
        path="^/v2/bot/richmenu$", method="POST", status=400, body={"message": "size invalid"}
    )
    res = admin_client.post(URL, maker_post(publish="on", make_default="on"), follow=True)
    html = res.content.decode()
    menu = RichMenu.objects.get()
    assert res.status_code == 200 and menu.status == RichMenu.Status.DRAFT and not menu.is_default
    assert "Made menu: HTTP 400: size invalid" in html
    assert line_platform.requests[-1].request_id in html
    assert line_platform.rich_menus == {} and line_platform.default_rich_menu is None


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required"),
        ({"chat_bar_text": "x" * 15}, "chat_bar_text", "15 characters; LINE takes at most 14"),
        ({"layout": "nope"}, "layout", "Select a valid choice"),
        ({"make_default": "on"}, "make_default", "tick Publish too"),
    ],
)
def test_menu_errors_are_on_their_field(admin_client, extra, field, message) -> None:
    res = admin_client.post(URL, maker_post(**extra))
    assert res.status_code == 200
    assert any(message in e for e in res.context["form"].errors[field])
    assert not RichMenu.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        (
            {"area-1-action_type": "uri", "area-1-action_value": "javascript:alert(1)"},
            "action_value",
            "A URL",
        ),
        (
            {"area-1-action_type": "richmenuswitch", "area-1-action_value": "Bad Alias"},
            "action_value",
            "alias",
        ),
        ({"area-1-action_value": ""}, "action_value", "Give the postback data"),
        ({"area-1-background": "teal-ish"}, "background", "not a colour"),
        ({"area-1-icon": "rocket"}, "icon", "Select a valid choice"),
        ({"area-1-label": "x" * 41}, "label", "at most 40"),
    ],
)
def test_area_errors_are_on_the_areas_field(admin_client, extra, field, message) -> None:
    res = admin_client.post(URL, maker_post(**extra))
    assert res.status_code == 200
    html = res.content.decode()
    assert "Please correct the errors below (area 2)." in html
    area_forms = [area for _, area, _ in res.context["areas"]]
    assert any(message in e for e in area_forms[1].errors[field])
    assert not area_forms[0].errors and not RichMenu.objects.exists()


def test_a_label_no_installed_font_draws_is_an_error_on_the_label(admin_client, monkeypatch) -> None:
    monkeypatch.setattr(richmenu_maker, "FONT_CANDIDATES", ())  # Pillow's own font only: ASCII
    richmenu_maker.installed_fonts.cache_clear()
    try:
        res = admin_client.post(URL, maker_post(**{"area-2-label": "Café"}))
    finally:
        monkeypatch.undo()
        richmenu_maker.installed_fonts.cache_clear()
    assert res.status_code == 200 and not RichMenu.objects.exists()
    errors = [area for _, area, _ in res.context["areas"]][2].errors["label"]
    assert errors == [
        "no installed font draws 'é': install one that does (Debian: fonts-noto-cjk for Chinese, "
        "Japanese and Korean, fonts-noto-core for Thai)"
    ]


def test_a_channel_the_user_may_not_use_is_refused(admin_client, settings) -> None:
    from ..factories import ChannelFactory

    other = ChannelFactory(name="Other", slug="other")
    settings.LINEBOT = {
        **settings.LINEBOT,
        "USER_CHANNELS": lambda user: type(other).objects.exclude(pk=other.pk),
    }
    res = admin_client.post(URL, maker_post(channel=other.pk))
    assert res.status_code == 200 and "channel" in res.context["form"].errors


# ------------------------------------------------------------------ properties

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
field_values = st.one_of(
    text,
    st.sampled_from(
        [
            "",
            "#000000",
            "#zzzzzz",
            "red",
            "home",
            "uri",
            "postback",
            "https://x.example",
            "-1",
            "お知らせ",
            "ก",
        ]
    ),
)
FIELDS = ["label", "icon", "background", "foreground", "action_type", "action_value"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    layout=st.one_of(st.sampled_from(list(LAYOUTS)), text),
    button=st.sampled_from(["preview", "download", "create", "nothing"]),
    menu=st.dictionaries(st.sampled_from(["name", "chat_bar_text", "channel", "selected"]), text, max_size=4),
    areas=st.dictionaries(
        st.tuples(st.integers(0, MAX_LAYOUT_AREAS), st.sampled_from(FIELDS)).map(
            lambda k: f"area-{k[0]}-{k[1]}"
        ),
        field_values,
        max_size=10,
    ),
)
def test_any_input_is_a_page_a_png_or_a_redirect_never_a_500(
    admin_client, layout, button, menu, areas
) -> None:
    data = maker_post(layout, button=button)
    data.update(menu)
    data.update(areas)
    res = admin_client.post(URL, data)  # the test client raises on a 500
    assert res.status_code in (200, 302)
    if res.status_code == 302:
        assert button == "create"
    elif res["Content-Type"] == "image/png":
        assert button == "download"
    else:
        form = res.context["form"]
        shown = [area for _, area, used in res.context["areas"] if used]
        assert button in ("preview", "nothing") or form.errors or any(a.errors for a in shown)
    assert RichMenuArea.objects.count() == sum(len(m.areas.all()) for m in RichMenu.objects.all())


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    labels=st.lists(
        st.one_of(text, st.sampled_from(["お知らせ", "ก", "Café ✓", "😀", "a\nb", " "])),
        min_size=3,
        max_size=3,
    ),
    button=st.sampled_from(["preview", "download", "create"]),
)
def test_any_label_is_drawn_or_refused_on_its_field(admin_client, labels, button) -> None:
    """Whatever the labels, with everything else valid: the image, or an error on the label."""
    data = maker_post("compact-3", button=button)
    data.update({f"area-{i}-label": label for i, label in enumerate(labels)})
    res = admin_client.post(URL, data)
    assert res.status_code in (200, 302)
    if res.status_code == 200 and res["Content-Type"].startswith("text/html") and button != "preview":
        shown = [area for _, area, used in res.context["areas"] if used]
        assert all(set(area.errors) <= {"label"} for area in shown)
        assert any(area.errors for area in shown)
