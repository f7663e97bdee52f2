from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from ..richmenu_images import inspect_image, validate_rich_menu_image
from ..sdk import limits
from ..sdk.richmenu_actions import action_problems

MAX_AREAS = limits.RICH_MENU_MAX_AREAS


class RichMenu(models.Model):
    """A rich menu, edited here and published to LINE by :mod:`django_linebot.richmenus`.

    LINE images cannot be replaced: a published menu whose image or areas
    change is published as a new LINE menu, and its aliases and default status
    move to the new one before the old one is deleted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "draft"
        PUBLISHED = "published", "published"
        GONE = "gone", "gone from LINE"

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="rich_menus")
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
    is_default = models.BooleanField(default=False, help_text="LINE shows this menu to users without one.")
    fallback_default = models.BooleanField(
        "default outside display periods",
        default=False,
        editable=False,
        help_text="Set by 'Set as default'; the schedule returns to it when a display period ends.",
    )
    display_from = models.DateTimeField(
        null=True, blank=True, help_text="With 'display until': the default menu during this period."
    )
    display_until = models.DateTimeField(null=True, blank=True)
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
    def edited_since_publish(self) -> bool:
        """Published, but edited since (its content hash is not the published one): publishing
        again makes a new LINE menu. False when the image cannot be read (the page says so)."""
        if self.status != self.Status.PUBLISHED:
            return False
        try:
            return self.published_hash != self.content_hash()
        except (OSError, ValidationError):
            return False

    #: The older name of :attr:`edited_since_publish`.
    is_outdated = edited_since_publish

    def in_display_period(self, now: datetime) -> bool:
        """Whether ``now`` is inside the menu's display period (start included, end excluded)."""
        return (
            self.display_from is not None
            and self.display_until is not None
            and self.display_from <= now < self.display_until
        )

    def clean(self) -> None:
        """A display period has a start and an end, the end after the start, and overlaps no
        other scheduled menu of the channel."""
        start, end = self.display_from, self.display_until
        if start is None and end is None:
            return
        if start is None or end is None:
            field = "display_from" if start is None else "display_until"
            raise ValidationError({field: "A display period needs a start and an end."})
        if end <= start:
            raise ValidationError({"display_until": "The display period must end after it starts."})
        if self.channel_id is None:
            return
        clash = (
            RichMenu.objects.filter(channel_id=self.channel_id, display_from__lt=end, display_until__gt=start)
            .exclude(pk=self.pk)
            .first()
        )
        if clash is not None and clash.display_from and clash.display_until:
            since, until = timezone.localtime(clash.display_from), timezone.localtime(clash.display_until)
            raise ValidationError(
                {
                    "display_from": f"The display period overlaps the one of {clash.name!r} "
                    f"({since:%Y-%m-%d %H:%M} to {until:%Y-%m-%d %H:%M})."
                }
            )

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
        """The action as LINE checks a rich menu area's (:mod:`django_linebot.sdk.richmenu_actions`):
        each problem names the property that is wrong."""
        problems = action_problems(self.action)
        if problems:
            raise ValidationError({"action": [p.message for p in problems]})

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
        verbose_name_plural = "rich menu aliases"
        constraints = [
            models.UniqueConstraint(fields=["rich_menu", "alias_id"], name="linebot_richmenualias_unique"),
        ]

    def __str__(self) -> str:
        return self.alias_id


class RichMenuUserLink(models.Model):
    """A user linked to a rich menu one by one (``richmenus.link_users``): the record that lets a
    republished menu take its users along. LINE links a user to one menu per channel."""

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="+")
    user_id = models.CharField("LINE user ID", max_length=64)
    rich_menu = models.ForeignKey(RichMenu, on_delete=models.CASCADE, related_name="user_links")
    linked_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        ordering = ["user_id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "user_id"], name="linebot_richmenuuserlink_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.rich_menu_id}"


class RichMenuScheduleLog(models.Model):
    """What the display-period task (``linebot.apply_rich_menu_schedule``) did on LINE, one row a switch."""

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(db_index=True)
    rich_menu = models.ForeignKey(
        RichMenu, null=True, blank=True, on_delete=models.SET_NULL, related_name="schedule_log"
    )
    line_rich_menu_id = models.CharField("LINE rich menu ID", max_length=100, blank=True)
    what = models.CharField(max_length=255)
    error = models.TextField(blank=True)

    class Meta:
        app_label = "linebot"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}: {self.what}"
