"""The REST API: ``path("api/line/", include("django_linebot.api.urls"))``.

Authentication and permissions are DRF's: ``LINEBOT["API_AUTHENTICATION_CLASSES"]`` and
``LINEBOT["API_PERMISSION_CLASSES"]`` (default: DRF's authentication defaults, admin users only).
"""
