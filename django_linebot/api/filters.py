"""The list filters of the REST API, as django-filter FilterSets (so the OpenAPI schema documents them).

A value a filter cannot use (a status that does not exist, an impossible date, a NUL character) is a 400
naming the query parameter, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend

from ..models import OutgoingMessage, WebhookEvent


class LineFilterBackend(DjangoFilterBackend):
    """django-filter's DRF backend; its browsable-API form comes from this app's templates, so
    ``django_filters`` need not be in ``INSTALLED_APPS``."""

    template = "django_linebot/api/filter_form.html"


class MomentField(IsoDateTimeField):
    """An ISO 8601 date and time; one without an offset is UTC (not the project's ``TIME_ZONE``)."""

    default_error_messages = {"invalid": "Use a real ISO 8601 date and time, e.g. 2024-02-29T10:00:00Z."}

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        try:
            when = parse_datetime(str(value).strip())
            if when is not None and timezone.is_naive(when):
                when = timezone.make_aware(when, dt.UTC)
            if when is not None:
                when.astimezone(dt.UTC)  # far-off years with an offset overflow here, not in the query
        except (ValueError, OverflowError):
            when = None
        if when is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return when


class MomentFilter(django_filters.IsoDateTimeFilter):
    """``IsoDateTimeFilter`` (documented as a date-time) with :class:`MomentField`'s parsing."""

    field_class = MomentField


class OutgoingMessageFilter(django_filters.FilterSet):
    """``?status=sent&kind=push``."""

    status = django_filters.ChoiceFilter(choices=OutgoingMessage.Status.choices, help_text="The status.")
    kind = django_filters.ChoiceFilter(choices=OutgoingMessage.Kind.choices, help_text="The kind of send.")

    class Meta:
        model = OutgoingMessage
        fields = ["status", "kind"]


class WebhookEventFilter(django_filters.FilterSet):
    """``?type=follow&status=processed&received_after=2024-02-29T10:00:00Z&received_before=...``."""

    type = django_filters.CharFilter(
        field_name="event_type", help_text='The event type ("message", "follow"...).'
    )
    status = django_filters.ChoiceFilter(choices=WebhookEvent.Status.choices, help_text="The status.")
    received_after = MomentFilter(
        field_name="received_at",
        lookup_expr="gte",
        help_text="Received at or after this ISO 8601 moment (UTC when it names no offset).",
    )
    received_before = MomentFilter(
        field_name="received_at",
        lookup_expr="lt",
        help_text="Received before this ISO 8601 moment (UTC when it names no offset).",
    )

    class Meta:
        model = WebhookEvent
        fields = ["type", "status", "received_after", "received_before"]
