from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone

from ..richmenu_images import inspect_image, validate_rich_menu_image
from ..sdk import limits
from ..sdk.validation import validate_action
from .channel import OnChannel

logger = logging.getLogger("django_linebot.richmenu")

MAX_AREAS = limits.RICH_MENU_MAX_AREAS
LINK_CHUNK = limits.RICH_MENU_USERS_PER_REQUEST


class RichMenu(OnChannel, models.Model):
    """A rich menu, edited here and published to LINE.

    LINE images cannot be replaced: a published menu whose image or areas
    change is published as a new LINE menu, and its aliases and default status
    move to the new one before the old one is deleted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        PUBLISHED = "published", "published"
        GONE = "gone", "gone from LINE"

    channel = models.ForeignKey(
        "linebot.Channel",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rich_menus",
        help_text="Empty: the channel in LINEBOT settings.",
    )
    name = models.CharField(max_length=limits.RICH_MENU_NAME_MAX_LENGTH)
    chat_bar_text = models.CharField(
        max_length=limits.RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(limits.RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH)],
    )
    selected = models.BooleanField(default=False, help_text="Open the menu when the chat opens.")
    image = models.ImageField(
        upload_to="linebot/richmenus/",
        blank=True,
        validators=[validate_rich_menu_image],
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    line_rich_menu_id = models.CharField("LINE rich menu ID", max_length=100, blank=True, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_hash = models.CharField(max_length=64, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        ordering = ["name", "id"]
        permissions = [
            ("publish_richmenu", "Can publish rich menus to LINE, set defaults and aliases, delete there"),
            ("link_richmenu", "Can link rich menus to users and unlink them"),
        ]

    def __str__(self) -> str:
        return self.name

    # ---------------------------------------------------------------- content

    def to_line(self) -> dict[str, Any]:
        """The rich menu object LINE's create endpoint takes."""
        return {
            "size": {"width": self.width, "height": self.height},
            "selected": self.selected,
            "name": self.name,
            "chatBarText": self.chat_bar_text,
            "areas": [area.to_line() for area in self.areas.all()],
        }

    def read_image(self) -> tuple[str, bytes]:
        self.image.open("rb")
        try:
            data = self.image.read()
            content_type, _, _ = inspect_image(self.image)
        finally:
            self.image.close()
        return content_type, data

    def content_hash(self) -> str:
        """Identifies what LINE holds: the menu object and the image bytes."""
        digest = hashlib.sha256(json.dumps(self.to_line(), sort_keys=True).encode())
        if self.image:
            digest.update(self.read_image()[1])
        return digest.hexdigest()

    @property
    def is_outdated(self) -> bool:
        """Published, but edited since: publishing again makes a new LINE menu."""
        return self.status == self.Status.PUBLISHED and self.published_hash != self.content_hash()

    def full_clean_for_line(self) -> None:
        """Everything LINE checks, locally, with errors on the field that is wrong."""
        if not self.image:
            raise ValidationError({"image": "A rich menu needs an image before it is published."})
        self.image.open("rb")
        try:
            validate_rich_menu_image(self.image)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}) from None
        finally:
            self.image.close()
        areas = list(self.areas.all())
        validate_areas([(a.x, a.y, a.width, a.height) for a in areas], self.width, self.height)

    # -------------------------------------------------------------- life cycle

    def publish(self) -> bool:
        """Create the menu on LINE and upload its image; False if LINE already has this content.

        On failure LINE keeps nothing half-made (a menu whose image upload failed
        is deleted again) and this row keeps its previous state.
        """
        self.full_clean_for_line()
        content_hash = self.content_hash()
        if self.status == self.Status.PUBLISHED and self.published_hash == content_hash:
            return False
        api = self.get_channel().get_api(raise_errors=False)
        new_id = api.create_rich_menu(self.to_line()).raise_for_status().rich_menu_id
        content_type, data = self.read_image()
        try:
            api.upload_rich_menu_image(new_id, content_type, data).raise_for_status()
            old_id = self.line_rich_menu_id if self.status == self.Status.PUBLISHED else ""
            if old_id:
                for alias in self.aliases.all():
                    api.update_rich_menu_alias(alias.alias_id, new_id).raise_for_status()
                if self.is_default:
                    api.set_default_rich_menu(new_id).raise_for_status()
        except Exception:
            api.delete_rich_menu(new_id)
            raise
        if old_id:
            res = api.delete_rich_menu(old_id)
            if not res.is_success:
                logger.warning("old LINE rich menu %s of %r not deleted: %s", old_id, self, res.message)
        self.line_rich_menu_id = new_id
        self.status = self.Status.PUBLISHED
        self.published_hash = content_hash
        self.published_at = timezone.now()
        self.save(
            update_fields=["line_rich_menu_id", "status", "published_hash", "published_at", "updated_at"]
        )
        return True

    def _require_published(self) -> str:
        if self.status != self.Status.PUBLISHED or not self.line_rich_menu_id:
            raise ValidationError(f"Rich menu {self.name!r} is not published on LINE yet.")
        return self.line_rich_menu_id

    def set_default(self) -> None:
        """Make this the menu every user without a linked menu sees."""
        rich_menu_id = self._require_published()
        self.get_channel().get_api(raise_errors=False).set_default_rich_menu(rich_menu_id).raise_for_status()
        with transaction.atomic():
            RichMenu.objects.filter(channel=self.channel, is_default=True).exclude(pk=self.pk).update(
                is_default=False
            )
            self.is_default = True
            self.save(update_fields=["is_default", "updated_at"])

    def link_users(self, user_ids: Iterable[str]) -> int:
        """Link users to this menu, :data:`LINK_CHUNK` per request; returns how many."""
        rich_menu_id = self._require_published()
        api = self.get_channel().get_api(raise_errors=False)
        return _in_chunks(
            list(user_ids), lambda chunk: api.link_rich_menu_to_multiple_users(chunk, rich_menu_id)
        )

    def unlink_users(self, user_ids: Iterable[str]) -> int:
        api = self.get_channel().get_api(raise_errors=False)
        return _in_chunks(list(user_ids), api.unlink_rich_menu_from_multiple_users)

    def delete_on_line(self) -> None:
        """Delete the menu on LINE (its aliases go with it); the row stays as a draft."""
        if self.line_rich_menu_id:
            api = self.get_channel().get_api(raise_errors=False)
            res = api.delete_rich_menu(self.line_rich_menu_id)
            if res.http_status != 404:
                res.raise_for_status()
        self.aliases.all().delete()
        self.line_rich_menu_id = ""
        self.status = self.Status.DRAFT
        self.published_hash = ""
        self.is_default = False
        self.save(update_fields=["line_rich_menu_id", "status", "published_hash", "is_default", "updated_at"])

    @classmethod
    def sync(cls, channel: Any = None) -> dict[str, int]:
        """Import menus created elsewhere on LINE and mark as gone the ones LINE no longer has."""
        from .channel import Channel, SettingsChannel

        chan = channel if isinstance(channel, Channel) else None
        api = (chan or SettingsChannel()).get_api(raise_errors=False)
        menus = api.get_rich_menu_list().raise_for_status().data.get("richmenus", [])
        default = api.get_default_rich_menu_id()
        default_id = default.data.get("richMenuId") if default.is_success else None
        on_line = {m["richMenuId"]: m for m in menus}
        rows = cls.objects.filter(channel=chan)
        known = {r.line_rich_menu_id: r for r in rows if r.line_rich_menu_id}
        imported = 0
        for rich_menu_id, menu in on_line.items():
            if rich_menu_id in known:
                continue
            row = cls(
                channel=chan,
                name=menu.get("name", "")[: limits.RICH_MENU_NAME_MAX_LENGTH],
                chat_bar_text=menu.get("chatBarText", "")[: limits.RICH_MENU_CHAT_BAR_TEXT_MAX_LENGTH],
                selected=bool(menu.get("selected")),
                line_rich_menu_id=rich_menu_id,
                status=cls.Status.PUBLISHED,
                published_at=timezone.now(),
                is_default=rich_menu_id == default_id,
            )
            _attach_image(api, row, rich_menu_id, menu)
            row.save()
            for area in menu.get("areas", []):
                bounds = area.get("bounds", {})
                row.areas.create(
                    x=bounds.get("x", 0),
                    y=bounds.get("y", 0),
                    width=bounds.get("width", 0),
                    height=bounds.get("height", 0),
                    action=area.get("action", {}),
                )
            row.published_hash = row.content_hash()
            row.save(update_fields=["published_hash"])
            imported += 1
        gone = 0
        for rich_menu_id, row in known.items():
            if rich_menu_id not in on_line and row.status != cls.Status.GONE:
                row.status = cls.Status.GONE
                row.is_default = False
                row.save(update_fields=["status", "is_default", "updated_at"])
                gone += 1
            elif rich_menu_id in on_line and row.is_default != (rich_menu_id == default_id):
                row.is_default = rich_menu_id == default_id
                row.save(update_fields=["is_default", "updated_at"])
        return {"imported": imported, "gone": gone, "on_line": len(on_line)}


def _attach_image(api: Any, row: RichMenu, rich_menu_id: str, menu: dict[str, Any]) -> None:
    from django.core.files.base import ContentFile

    res = api.download_rich_menu_image(rich_menu_id)
    if res.is_success and res.content:
        ext = "png" if (res.content_type or "").endswith("png") else "jpg"
        row.image.save(f"{rich_menu_id}.{ext}", ContentFile(res.content), save=False)
    size = menu.get("size", {})
    row.width, row.height = row.width or size.get("width", 0), row.height or size.get("height", 0)


def _in_chunks(user_ids: list[str], call: Any) -> int:
    for start in range(0, len(user_ids), LINK_CHUNK):
        call(user_ids[start : start + LINK_CHUNK]).raise_for_status()
    return len(user_ids)


def validate_areas(bounds: list[tuple[int, int, int, int]], width: int, height: int) -> None:
    """At most :data:`MAX_AREAS` areas, each inside the image; ``ValidationError`` on ``areas`` otherwise."""
    errors = []
    if len(bounds) > MAX_AREAS:
        errors.append(f"{len(bounds)} areas; LINE takes at most {MAX_AREAS}.")
    for i, (x, y, w, h) in enumerate(bounds, 1):
        if w <= 0 or h <= 0:
            errors.append(f"Area {i} has no size.")
        elif x < 0 or y < 0 or x + w > width or y + h > height:
            errors.append(f"Area {i} ({x},{y} {w}x{h}) is not inside the {width}x{height} image.")
    if errors:
        raise ValidationError({"areas": errors})


def describe_action(action: dict[str, Any]) -> str:
    """A short label for an action: what a user's tap does."""
    kind = action.get("type", "?")
    detail = (
        action.get("data")
        or action.get("text")
        or action.get("uri")
        or action.get("richMenuAliasId")
        or action.get("clipboardText")
        or action.get("label")
        or ""
    )
    if kind == "richmenuswitch":
        detail = f"→ {action.get('richMenuAliasId', '')}"
    return f"{kind}: {detail}" if detail else kind


class RichMenuArea(models.Model):
    """A tappable rectangle of a rich menu and the action a tap runs."""

    rich_menu = models.ForeignKey(RichMenu, on_delete=models.CASCADE, related_name="areas")
    x = models.PositiveIntegerField()
    y = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    action = models.JSONField(help_text='An action object, e.g. {"type": "postback", "data": "menu=a"}.')

    class Meta:
        app_label = "linebot"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.x},{self.y} {self.width}x{self.height} {describe_action(self.action)}"

    def clean(self) -> None:
        try:
            validate_action(self.action)
        except ValueError as exc:
            raise ValidationError({"action": str(exc)}) from None

    @property
    def label(self) -> str:
        return describe_action(self.action)

    def to_line(self) -> dict[str, Any]:
        return {
            "bounds": {"x": self.x, "y": self.y, "width": self.width, "height": self.height},
            "action": self.action,
        }


class RichMenuAlias(models.Model):
    """A rich menu alias (what richmenuswitch actions point at)."""

    rich_menu = models.ForeignKey(RichMenu, on_delete=models.CASCADE, related_name="aliases")
    alias_id = models.SlugField(
        "alias ID", max_length=limits.RICH_MENU_ALIAS_ID_MAX_LENGTH, help_text=limits.RICH_MENU_ALIAS_ID_RULE
    )

    class Meta:
        app_label = "linebot"
        ordering = ["alias_id"]
        constraints = [
            models.UniqueConstraint(fields=["rich_menu", "alias_id"], name="linebot_richmenualias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias_id

    @classmethod
    def create_or_switch(cls, alias_id: str, rich_menu: RichMenu) -> RichMenuAlias:
        """Point ``alias_id`` at ``rich_menu`` on LINE, creating the alias if it is new."""
        rich_menu_id = rich_menu._require_published()
        api = rich_menu.get_channel().get_api(raise_errors=False)
        existing = cls.objects.filter(alias_id=alias_id, rich_menu__channel=rich_menu.channel).first()
        if existing is None and api.get_rich_menu_alias(alias_id).http_status == 404:
            api.create_rich_menu_alias(alias_id, rich_menu_id).raise_for_status()
        else:
            api.update_rich_menu_alias(alias_id, rich_menu_id).raise_for_status()
        if existing is not None:
            existing.rich_menu = rich_menu
            existing.save(update_fields=["rich_menu"])
            return existing
        return cls.objects.create(alias_id=alias_id, rich_menu=rich_menu)

    def delete_on_line(self) -> None:
        res = self.rich_menu.get_channel().get_api(raise_errors=False).delete_rich_menu_alias(self.alias_id)
        if res.http_status != 404:
            res.raise_for_status()
        self.delete()
