"""URLs of the test suite: the admin, the webhook and the REST API where the README puts them."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("line/", include("django_linebot.urls")),
    path("api/line/", include("django_linebot.api.urls")),
]
