"""The REST API: ``path("api/line/", include("django_linebot.api.urls"))``.

Authentication and permissions are DRF's: ``LINEBOT["API_AUTHENTICATION_CLASSES"]`` and
``LINEBOT["API_PERMISSION_CLASSES"]`` (default: session authentication, Django's model permissions
as in :mod:`django_linebot.api.permissions`); ``LINEBOT["API_THROTTLE_RATE"]`` throttles per user.
"""
