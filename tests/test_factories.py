"""tests/factories.py: one factory per model of the app, each building a row the model's own checks accept."""

from __future__ import annotations

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from django_linebot.channels import settings_channel

from . import factories

pytestmark = pytest.mark.django_db

FACTORIES = {
    obj._meta.model: obj
    for obj in vars(factories).values()
    if inspect.isclass(obj) and issubclass(obj, DjangoModelFactory) and obj is not DjangoModelFactory
}


def test_every_model_has_a_factory() -> None:
    assert set(FACTORIES) == set(apps.get_app_config("linebot").get_models())


@pytest.mark.parametrize("model", sorted(FACTORIES, key=lambda m: m.__name__), ids=lambda m: m.__name__)
def test_default_rows_pass_the_model_checks(model) -> None:
    first, second = FACTORIES[model](), FACTORIES[model]()
    for row in (first, second):
        row.full_clean()  # unique fields differ between two rows, every field is valid
    assert model.objects.filter(pk__in=[first.pk, second.pk]).count() == 2


def test_a_channel_in_another_mode_has_no_long_lived_token() -> None:
    assert factories.ChannelFactory().channel_access_token
    assert factories.ChannelFactory(auth_mode="short_lived").channel_access_token == ""
    assert factories.ChannelAccessTokenFactory().channel.channel_access_token == ""


def test_rows_without_a_channel_are_on_the_settings_channel() -> None:
    channel = factories.ChannelFactory()
    assert factories.WebhookEventFactory(channel=channel).channel == channel
    for factory in (
        factories.WebhookEventFactory,
        factories.OutgoingMessageFactory,
        factories.RichMenuFactory,
    ):
        assert factory().channel == settings_channel()


def test_a_menu_has_two_areas_unless_told() -> None:
    menu = factories.RichMenuFactory()
    assert [(a.x, a.width, a.action["data"]) for a in menu.areas.all()] == [
        (0, 1250, "tab=0"),
        (1250, 1250, "tab=1"),
    ]
    menu.full_clean_for_line()
    assert factories.RichMenuFactory(areas=0).areas.count() == 0
