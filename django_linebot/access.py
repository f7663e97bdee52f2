"""Which channels a user may see and act on: the ``LINEBOT["USER_CHANNELS"]`` hook.

Many projects run several LINE channels for different teams. Point
``LINEBOT["USER_CHANNELS"]`` at a callable that takes a user and returns the
:class:`~django_linebot.models.Channel` queryset that user may work with, or
``None`` for every channel (the default)::

    def team_channels(user):
        if user.is_superuser:
            return None
        return Channel.objects.filter(slug__in=user.teams.values("slug"))

    LINEBOT = {..., "USER_CHANNELS": "myproject.access.team_channels"}

The channel configured in ``LINEBOT`` is a row too (``Channel.from_settings``): a
restricted user sees it, and its rows, only if the hook's queryset includes it. The REST
API's querysets and the admin's use :func:`restrict`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.module_loading import import_string

from .conf import app_settings
from .models import Channel


def allowed_channels(user: Any) -> QuerySet[Channel] | None:
    """The channels ``user`` may work with, or ``None`` for all of them."""
    hook = app_settings.USER_CHANNELS
    if hook is None:
        return None
    func = import_string(hook) if isinstance(hook, str) else hook
    return func(user)


def restrict(queryset: QuerySet[Any], user: Any, field: str = "channel") -> QuerySet[Any]:
    """``queryset`` narrowed to the rows whose ``field`` is a channel ``user`` may work with.

    ``field`` is the path to the channel (``"channel"``, ``"rich_menu__channel"``), or ``"pk"``
    for a queryset of channels.
    """
    channels = allowed_channels(user)
    if channels is None:
        return queryset
    ids = channels.values("pk")
    if field == "pk":
        return queryset.filter(pk__in=ids)
    return queryset.filter(**{f"{field}__in": ids})


def may_use_channel(user: Any, channel: Channel | None) -> bool:
    """Whether ``user`` may act on ``channel`` (``None``: no channel, which no restricted user may use)."""
    channels = allowed_channels(user)
    if channels is None:
        return True
    if channel is None or channel.pk is None:
        return False
    return channels.filter(pk=channel.pk).exists()
