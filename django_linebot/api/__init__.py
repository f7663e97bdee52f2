"""The REST API: ``path("api/line/", include("django_linebot.api.urls"))``.

It needs the ``api`` extra (``pip install "django-linebot[api]"``: Django REST framework, django-filter and
drf-spectacular); without it, importing this package raises :class:`django_linebot.extras.MissingExtra`
naming the extra, and system check ``linebot.E026`` says the same.

Authentication and permissions are DRF's: ``LINEBOT["API_AUTHENTICATION_CLASSES"]`` and
``LINEBOT["API_PERMISSION_CLASSES"]`` (default: session authentication, Django's model permissions
as in :mod:`django_linebot.api.permissions`); ``LINEBOT["API_THROTTLE_RATE"]`` throttles per user.
The list filters are django-filter FilterSets (:mod:`django_linebot.api.filters`); the OpenAPI schema
(``schema/``) is drf-spectacular's (:mod:`django_linebot.api.schema`).
"""

from ..extras import require

require("api", "django_linebot.api (the REST API)")
