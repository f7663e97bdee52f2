from __future__ import annotations

from typing import Any

from django.utils.module_loading import import_string
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

from .. import conf


def _classes(setting: str, default: list[Any]) -> list[Any]:
    value = conf.get(setting)
    if value is None:
        value = default
    return [import_string(path) if isinstance(path, str) else path for path in value]


class LinePagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class ConfiguredAccessMixin:
    """Authentication and permission classes from ``LINEBOT``, read per request (so tests can override);
    lists are paginated (``?page=``, ``?page_size=``)."""

    pagination_class = LinePagination
    #: query parameter -> field, for ``?status=sent``-style exact filters on list views
    exact_filters: dict[str, str] = {}

    def get_queryset(self) -> Any:
        qs = super().get_queryset()  # type: ignore[misc]
        params = self.request.query_params  # type: ignore[attr-defined]
        wanted = {field: params[name] for name, field in self.exact_filters.items() if params.get(name)}
        return qs.filter(**wanted) if wanted else qs

    def get_authenticators(self) -> list[Any]:
        return [
            cls()
            for cls in _classes("API_AUTHENTICATION_CLASSES", api_settings.DEFAULT_AUTHENTICATION_CLASSES)
        ]

    def get_permissions(self) -> list[Any]:
        return [
            cls() for cls in _classes("API_PERMISSION_CLASSES", ["rest_framework.permissions.IsAdminUser"])
        ]
