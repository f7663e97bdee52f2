"""Helpers shared by test modules that are neither fixtures nor factories."""

from __future__ import annotations

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
