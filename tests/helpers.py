"""Helpers shared by test modules that are neither fixtures nor factories."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission, User


def user_with(username: str, perms: list[str], *, staff: bool = False) -> User:
    """A user holding exactly ``perms`` (``"linebot.view_channel"``...), fetched anew (no perm cache)."""
    user = User.objects.create_user(username, f"{username}@example.com", "pw", is_staff=staff)
    codenames = [p.split(".", 1)[1] for p in perms]
    found = Permission.objects.filter(content_type__app_label="linebot", codename__in=codenames)
    assert found.count() == len(set(codenames)), perms
    user.user_permissions.set(found)
    return User.objects.get(pk=user.pk)


def view_permissions() -> list[str]:
    """Every ``view`` permission of the app."""
    return [
        f"linebot.{p.codename}"
        for p in Permission.objects.filter(content_type__app_label="linebot", codename__startswith="view_")
    ]


def refuse_stored_events(patch: Any) -> None:
    """Have the database refuse every event row (``attempts`` -1 breaks its CHECK), not as a duplicate.

    ``patch``: pytest's ``monkeypatch`` (or a ``monkeypatch.context()``).
    """
    from django_linebot import inbound

    row_values = inbound._row_values
    patch.setattr(inbound, "_row_values", lambda *args: {**row_values(*args), "attempts": -1})


def fill_event_log(channel_id: int, count: int) -> None:
    """Add ``count`` processed events of other users to the channel's log, then ``ANALYZE`` it (PostgreSQL).

    For query plan tests: a log of that size, and statistics of it, whatever earlier tests left.
    """
    from django.db import connection

    from django_linebot.models import WebhookEvent

    table = connection.ops.quote_name(WebhookEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (channel_id, webhook_event_id, event_type, payload, destination, mode, "  # noqa: S608
            "is_redelivery, status, attempts, error, received_at, user_id) "
            "SELECT %s, 'filler-' || g, 'message', '{}', '', 'active', false, 'processed', 1, '', now(), 'U' || g "
            "FROM generate_series(1, %s) AS g",
            [channel_id, count],
        )
        cursor.execute(f"ANALYZE {table}")
