"""LINE rules with one home in ``sdk.validation``, used by the model, the admin, the API and the command."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from django_linebot.admin.channel import WebhookURLForm
from django_linebot.channels import settings_channel
from django_linebot.models import RichMenu, RichMenuArea
from django_linebot.sdk import limits
from django_linebot.sdk.validation import validate_action, validate_webhook_url

pytestmark = pytest.mark.django_db

LONG_URL = "https://bot.example.com/" + "a" * (
    limits.WEBHOOK_URL_MAX_LENGTH - len("https://bot.example.com/") + 1
)


@pytest.mark.parametrize("action_type", sorted(limits.ACTION_TYPES))
def test_every_line_action_type_is_accepted(action_type: str) -> None:
    validate_action({"type": action_type})


@pytest.mark.parametrize(
    ("action", "match"),
    [
        ({"type": "teleport"}, "action.type must be one of"),
        ({"label": "no type"}, 'needs a "type"'),
        ({"type": ""}, 'needs a "type"'),
        (["postback"], "must be an action object"),
        (None, "must be an action object"),
    ],
)
def test_an_action_line_refuses_is_refused_here(action, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        validate_action(action)


def test_the_model_refuses_an_unknown_action_type() -> None:
    menu = RichMenu.objects.create(channel=settings_channel(), name="M", chat_bar_text="m")
    area = RichMenuArea(rich_menu=menu, x=0, y=0, width=10, height=10, action={"type": "teleport"})
    with pytest.raises(ValidationError) as info:
        area.full_clean()
    assert "type must be message, postback, uri" in info.value.message_dict["action"][0]
    RichMenuArea(
        rich_menu=menu, x=0, y=0, width=10, height=10, action={"type": "uri", "uri": "https://x"}
    ).full_clean()


def test_the_api_refuses_an_unknown_action_type() -> None:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    areas = [{"x": 0, "y": 0, "width": 10, "height": 10, "action": {"type": "teleport"}}]
    res = client.post(
        "/api/line/rich-menus/", {"name": "M", "chat_bar_text": "m", "areas": areas}, format="json"
    )
    assert res.status_code == 400
    assert "area 1: type must be message, postback, uri" in str(res.json()["areas"])
    assert not RichMenu.objects.exists()


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("http://bot.example.com/line/webhook/", "not an https:// URL"),
        ("https://", "not an https:// URL"),
        ("https://[::1", "not an https:// URL"),
        (LONG_URL, f"at most {limits.WEBHOOK_URL_MAX_LENGTH}"),
        ("", "required"),
    ],
)
def test_a_webhook_url_line_refuses_is_refused_here(url: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        validate_webhook_url(url)


def test_a_webhook_url_of_the_longest_length_is_accepted() -> None:
    url = LONG_URL[:-1]
    assert len(url) == limits.WEBHOOK_URL_MAX_LENGTH and validate_webhook_url(url) == url


@pytest.mark.parametrize(
    "url", ["http://bot.example.com/line/webhook/", LONG_URL, "https://bot.example.com/" + "a" * 400]
)
def test_the_admin_form_refuses_what_the_command_refuses(url: str) -> None:
    form = WebhookURLForm({"url": url})
    try:
        validate_webhook_url(url)
    except ValueError:
        assert not form.is_valid() and "url" in form.errors
        with pytest.raises(CommandError):
            call_command("linebot_setwebhook", url)
    else:
        assert form.is_valid(), form.errors


def test_the_admin_form_refuses_plain_http() -> None:
    form = WebhookURLForm({"url": "http://bot.example.com/line/webhook/"})
    assert not form.is_valid()
    assert "not an https:// URL" in form.errors["url"][0]
