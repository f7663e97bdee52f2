"""Who may use the REST API: Django's model permissions, the ``USER_CHANNELS`` hook, throttling.

Defaults (each replaceable in ``LINEBOT``):

- authentication: ``API_AUTHENTICATION_CLASSES``, default DRF's ``SessionAuthentication`` only;
- permissions: ``API_PERMISSION_CLASSES``, default :class:`LineModelPermissions`: reading needs the
  model's ``view`` permission, writing its ``add``/``change``/``delete`` permission, and the actions
  that reach LINE their own permission (each viewset's ``action_permissions``);
- throttling: ``API_THROTTLE_RATE`` per user (default ``"120/minute"``; ``None`` turns it off).

Every queryset is narrowed with :func:`django_linebot.access.restrict`, so a user restricted to
some channels neither sees nor acts on the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.module_loading import import_string
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.permissions import DjangoModelPermissions
from rest_framework.request import Request
from rest_framework.schemas.inspectors import ViewInspector
from rest_framework.throttling import UserRateThrottle

from .. import access
from ..conf import app_settings
from .filters import LineFilterBackend
from .parsers import SafeJSONParser
from .schema import LineAutoSchema

DEFAULT_AUTHENTICATION = ["rest_framework.authentication.SessionAuthentication"]
DEFAULT_PERMISSIONS = ["django_linebot.api.permissions.LineModelPermissions"]


def _classes(value: Sequence[str | type[Any]] | None, default: list[str]) -> list[Any]:
    """The classes an ``API_*_CLASSES`` setting names (dotted paths or classes), or ``default``."""
    if value is None:
        value = default
    return [import_string(path) if isinstance(path, str) else path for path in value]


class LineModelPermissions(DjangoModelPermissions):
    """Django's model permissions, ``view`` included, plus a permission per custom action.

    A view names the permissions of its actions in ``action_permissions``
    (``{"publish": ["linebot.publish_richmenu"]}``); those replace the method's
    default. ``object_permissions(obj)`` on the view adds permissions that depend
    on the object (deleting a menu that is on LINE also needs ``publish_richmenu``).
    Views without a model (the API root, the schema) need some ``linebot`` permission,
    as the admin's index does.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def required_permissions(self, request: Request, view: Any) -> list[str]:
        """The permissions ``request`` needs on ``view`` before any object is looked at."""
        action = getattr(view, "action", None)
        by_action = getattr(view, "action_permissions", {})
        if action in by_action:
            return list(by_action[action])
        # has_permission asks only for views with a queryset; request.method is None only outside a request
        return self.get_required_permissions(request.method or "", view.queryset.model)

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if getattr(view, "queryset", None) is None:
            return user.has_module_perms("linebot")
        return user.has_perms(self.required_permissions(request, view))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        extra = getattr(view, "object_permissions", None)
        return extra is None or request.user.has_perms(extra(obj))


class LineUserRateThrottle(UserRateThrottle):
    """Requests per user (or per address for anonymous ones), at ``LINEBOT["API_THROTTLE_RATE"]``."""

    scope = "linebot"

    def get_rate(self) -> str | None:
        return app_settings.API_THROTTLE_RATE


class LinePagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (1 to 1000; anything else: the default 100)."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            from rest_framework.exceptions import ValidationError

            raise ValidationError(
                {self.page_query_param: ["Use a page number from 1 to the last page."]}
            ) from None


class ConfiguredAccessMixin:
    """Authentication, permission and throttle classes from ``LINEBOT``, read per request (so tests
    can override); querysets narrowed to the user's channels; lists paginated and filtered by the view's
    ``filterset_class``; documented in the OpenAPI schema by :class:`~.schema.LineAutoSchema`."""

    pagination_class: type[BasePagination] | None = LinePagination
    parser_classes: Sequence[type[BaseParser]] = [SafeJSONParser, FormParser, MultiPartParser]
    filter_backends: Sequence[type[Any]] = [LineFilterBackend]
    schema: ViewInspector | None = LineAutoSchema()
    #: the path from the model to its channel, for :func:`access.restrict`
    channel_field = "channel"

    def get_queryset(self) -> Any:
        qs = super().get_queryset()  # type: ignore[misc]
        request = self.request  # type: ignore[attr-defined]
        return access.restrict(qs, request.user, self.channel_field)

    def get_authenticators(self) -> list[Any]:
        return [cls() for cls in _classes(app_settings.API_AUTHENTICATION_CLASSES, DEFAULT_AUTHENTICATION)]

    def get_permissions(self) -> list[Any]:
        return [cls() for cls in _classes(app_settings.API_PERMISSION_CLASSES, DEFAULT_PERMISSIONS)]

    def get_throttles(self) -> list[Any]:
        return [LineUserRateThrottle()] if app_settings.API_THROTTLE_RATE else []
