"""The users of a channel (kept from webhook events) and the channel's figures per day."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from ..sdk import limits


class LineUser(models.Model):
    """One LINE user of one channel, kept up to date from follow, unfollow and message events.

    Rows are written by :mod:`django_linebot.followers` when ``LINEBOT["TRACK_USERS"]`` is on. The
    status follows the latest of ``followed_at`` and ``unfollowed_at``, which are the *events'*
    timestamps: a follow delivered late never revives a user who unfollowed after it. The profile
    (name, picture, language) is fetched from LINE by the ``linebot.fetch_profile`` task.
    """

    class Status(models.TextChoices):
        FOLLOWING = "following", "following"
        UNFOLLOWED = "unfollowed", "blocked / unfollowed"
        UNKNOWN = "unknown", "unknown (no follow event seen)"

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="line_users")
    user_id = models.CharField("LINE user ID", max_length=64)
    display_name = models.CharField(max_length=255, blank=True)
    picture_url = models.URLField("picture URL", max_length=1000, blank=True)
    language = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UNKNOWN, db_index=True)
    followed_at = models.DateTimeField(null=True, blank=True, help_text="The latest follow event's time.")
    unfollowed_at = models.DateTimeField(
        null=True, blank=True, help_text="The latest unfollow (block) event's time."
    )
    last_event_at = models.DateTimeField(null=True, blank=True, db_index=True)
    profile_fetched_at = models.DateTimeField(null=True, blank=True)
    profile_error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        verbose_name = "LINE user"
        ordering = ["-last_event_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "user_id"], name="linebot_lineuser_unique_per_channel")
        ]
        indexes = [models.Index(fields=["channel", "status"], name="linebot_lu_channel_status")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.user_id})" if self.display_name else self.user_id

    def derived_status(self) -> str:
        """The status the follow and unfollow times say: the later of the two wins."""
        followed, unfollowed = self.followed_at, self.unfollowed_at
        if followed is not None and (unfollowed is None or followed > unfollowed):
            return self.Status.FOLLOWING
        if unfollowed is not None:
            return self.Status.UNFOLLOWED
        return self.status

    def erase_profile(self) -> None:
        """Blank what LINE's profile told about the user (not saved)."""
        self.display_name = self.picture_url = self.language = ""
        self.profile_fetched_at = None

    @property
    def last_status_change(self) -> datetime | None:
        """When the user last followed or unfollowed."""
        times = [t for t in (self.followed_at, self.unfollowed_at) if t is not None]
        return max(times) if times else None


class ChannelDailyStats(models.Model):
    """A channel's figures of one day, stored by the ``linebot.record_daily_stats`` beat task.

    ``rich_menu_insight`` and ``rich_menus_asked`` are ``linebot.record_rich_menu_stats``'s: whether
    LINE gives the channel rich menu statistics, and which menus it asked for on this day.

    ``followers``, ``targeted_reaches`` and ``blocks`` are LINE's ``get_number_of_followers`` of
    that day (``None`` while LINE has not computed them); ``quota`` and ``quota_usage`` are this
    month's message quota and consumption as LINE reported them when the row was written.
    """

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="daily_stats")
    date = models.DateField(help_text="The day (LINE counts in UTC+9).")
    followers = models.PositiveIntegerField(null=True, blank=True)
    targeted_reaches = models.PositiveIntegerField(null=True, blank=True)
    blocks = models.PositiveIntegerField(null=True, blank=True)
    insight_status = models.CharField(max_length=16, blank=True, help_text="LINE's: ready, unready, ...")
    quota = models.BigIntegerField(null=True, blank=True, help_text="None: no limit, or not known.")
    quota_usage = models.BigIntegerField(null=True, blank=True)
    rich_menu_insight = models.BooleanField(
        "rich menu statistics",
        null=True,
        blank=True,
        help_text="Whether LINE gives the channel rich menu statistics (None: not asked, or no answer).",
    )
    #: The LINE rich menu IDs whose figures ``linebot.record_rich_menu_stats`` asked LINE for on this day.
    rich_menus_asked = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        verbose_name = "channel's daily figures"
        verbose_name_plural = "dashboard"
        ordering = ["-date", "channel_id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "date"], name="linebot_dailystats_unique_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.date}"


class RichMenuDailyStats(models.Model):
    """A published rich menu's impressions and clicks of one day, as LINE's rich menu insight reports them.

    Stored by the ``linebot.record_rich_menu_stats`` beat task (``getRichMenuInsightDaily``) for each
    menu published on LINE. A menu published again is a new LINE menu: rows are per LINE rich menu
    ID, and keep the menu's name in case the row of the menu goes. Nothing is stored for a channel
    whose plan has no rich menu insight (its :class:`ChannelDailyStats` says so) nor for a day below
    LINE's privacy threshold (LINE gives no figures then).
    """

    channel = models.ForeignKey("linebot.Channel", on_delete=models.CASCADE, related_name="+")
    rich_menu = models.ForeignKey(
        "linebot.RichMenu", null=True, blank=True, on_delete=models.SET_NULL, related_name="daily_stats"
    )
    line_rich_menu_id = models.CharField("LINE rich menu ID", max_length=100)
    name = models.CharField(
        max_length=limits.RICH_MENU_NAME_MAX_LENGTH,
        blank=True,
        help_text="The menu's name when the row was written.",
    )
    date = models.DateField(help_text="The day (LINE counts in UTC+9).")
    impressions = models.PositiveBigIntegerField(null=True, blank=True)
    unique_impressions = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="LINE's approximate number of users who saw the menu."
    )
    clicks = models.PositiveBigIntegerField(null=True, blank=True, help_text="Taps on all areas.")
    #: The taps per area: ``[{"x", "y", "width", "height", "count", "uniqueUsers"}, ...]``.
    areas = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "linebot"
        verbose_name = "rich menu's daily figures"
        verbose_name_plural = "rich menus' daily figures"
        ordering = ["-date", "line_rich_menu_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "line_rich_menu_id", "date"], name="linebot_richmenustats_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name or self.line_rich_menu_id} {self.date}"
