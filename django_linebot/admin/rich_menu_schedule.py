from __future__ import annotations

from django.contrib import admin

from ..models import RichMenuScheduleLog
from .helpers import ReadOnlyAdmin


@admin.register(RichMenuScheduleLog)
class RichMenuScheduleLogAdmin(ReadOnlyAdmin):
    """What the display-period task did on LINE: read only."""

    list_display = ("at", "channel", "what", "rich_menu", "line_rich_menu_id", "error")
    list_filter = (("channel", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("what", "line_rich_menu_id", "rich_menu__name")
    date_hierarchy = "at"

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
