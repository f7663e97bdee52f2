"""The OpenAPI schema (drf-spectacular): generated without a warning, valid, and true to the routes."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.urls import path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from django_linebot.api.schema import LineSchemaGenerator
from django_linebot.api.urls import router

pytestmark = pytest.mark.django_db

API = "/api/line"


@pytest.fixture
def schema() -> dict:
    """The schema as the API serves it (JSON), with drf-spectacular's warnings and errors counted."""
    GENERATOR_STATS.reset()
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("root", "root@example.com", "pw"))
    res = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert res.status_code == 200
    return json.loads(res.content)


def test_generates_without_warnings_and_validates(schema) -> None:
    """What ``manage.py spectacular --validate --fail-on-warn`` checks."""
    assert not GENERATOR_STATS, (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
    validate_schema(schema)
    assert schema["info"]["title"] == "django-linebot API"


def parameters(operation: dict) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


def test_webhook_event_list_documents_its_filters_and_answers(schema) -> None:
    operation = schema["paths"][f"{API}/webhook-events/"]["get"]
    params = parameters(operation)
    assert set(params) == {"type", "status", "received_after", "received_before", "page", "page_size"}
    assert params["status"]["schema"]["enum"] == ["failed", "pending", "processed"]
    assert params["received_after"]["schema"] == {"type": "string", "format": "date-time"}
    assert set(operation["responses"]) == {"200", "400", "403", "429"}


def test_message_routes_document_their_filters_and_answers(schema) -> None:
    listing = schema["paths"][f"{API}/messages/"]["get"]
    params = parameters(listing)
    assert {"status", "kind"} <= set(params)
    assert "push" in params["kind"]["schema"]["enum"] and "sent" in params["status"]["schema"]["enum"]
    create = schema["paths"][f"{API}/messages/"]["post"]
    assert set(create["responses"]) == {"202", "400", "403", "429"}  # accepted into the outbox, not created
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert {"kind", "messages", "to", "user_ids"} <= set(schema["components"]["schemas"][body]["properties"])


def test_line_calling_route_documents_line_refusals(schema) -> None:
    publish = schema["paths"][f"{API}/rich-menus/{{id}}/publish/"]["post"]
    assert set(publish["responses"]) == {"200", "400", "403", "404", "429", "502", "503"}
    assert "requestBody" not in publish  # publish takes no body
    refusal = publish["responses"]["502"]["content"]["application/json"]["schema"]["$ref"]
    assert refusal.endswith("/LineRefusal")
    link = schema["paths"][f"{API}/rich-menus/{{id}}/link/"]["post"]
    assert json.dumps(link["requestBody"]).count("UserIds") >= 1
    destroy = schema["paths"][f"{API}/rich-menus/{{id}}/"]["delete"]
    assert set(destroy["responses"]) == {"204", "400", "403", "404", "429", "502", "503"}
    channels = schema["paths"][f"{API}/channels/{{id}}/"]["get"]
    assert set(channels["responses"]) == {"200", "403", "404", "429"}


def test_no_secret_field_in_the_schema(schema) -> None:
    components = json.dumps(schema["components"])
    for name in (
        "channel_secret",
        "channel_access_token",
        "previous_channel_secret",
        "assertion_private_key",
    ):
        assert name not in components


class _ProjectView(APIView):
    """A project's own DRF view with DRF's default schema class (not drf-spectacular's)."""

    def get(self, request):  # pragma: no cover - never called
        return Response({})


def test_other_drf_views_of_the_project_are_left_out() -> None:
    GENERATOR_STATS.reset()
    patterns = [path("api/line/", include_router()), path("mine/", _ProjectView.as_view())]
    schema = LineSchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    assert not GENERATOR_STATS
    assert "/mine/" not in schema["paths"] and "/api/line/channels/" in schema["paths"]


def include_router():
    from django.urls import include

    return include((router.urls, "linebot-api"))
