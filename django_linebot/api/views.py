from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from .. import richmenus
from ..crypto import SecretNotReadable
from ..inbound import replay
from ..models import Channel, OutgoingMessage, RichMenu, WebhookEvent
from ..sdk import LineBotApiError
from . import serializers as s
from .filters import OutgoingMessageFilter, WebhookEventFilter
from .parsers import SafeJSONParser
from .permissions import ConfiguredAccessMixin
from .schema import INVALID, LINE_CALL, document

SEND = "linebot.send_message"
PUBLISH = "linebot.publish_richmenu"
LINK = "linebot.link_richmenu"
REPLAY = "linebot.replay_webhookevent"
VIEW_MENU = "linebot.view_richmenu"
VIEW_EVENT = "linebot.view_webhookevent"


class LineRefused(APIException):
    """LINE refused a call: a 502, or a 400 when LINE said the request was wrong (a 4xx but 429).

    The body has the message, and LINE's status, request id and details as LINE gave them.
    """

    status_code: int = status.HTTP_502_BAD_GATEWAY
    default_code = "line_refused"

    def __init__(self, err: LineBotApiError) -> None:
        super().__init__(str(err))
        if err.status and 400 <= err.status < 500 and err.status != 429:
            self.status_code = status.HTTP_400_BAD_REQUEST
        # Set after __init__: DRF would turn every value into a string ("500", "None"); its handler
        # renders a dict detail as it is, so the status stays a number and a missing request id null.
        body: dict[str, Any] = {
            "detail": self.detail,
            "line_status": err.status,
            "line_request_id": err.request_id,
            "line_details": err.details,
        }
        self.detail = body


class ChannelNotReadable(APIException):
    """The channel's stored secrets cannot be decrypted: nothing can be sent to LINE for it."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "cannot_decrypt"


def _line(call: Any) -> Any:
    """Run a LINE operation; LINE's refusal becomes a 502 with its message and request id."""
    try:
        return call()
    except LineBotApiError as err:
        raise LineRefused(err) from None
    except DjangoValidationError as err:
        raise ValidationError(
            err.message_dict if hasattr(err, "error_dict") else {"detail": err.messages}
        ) from None
    except SecretNotReadable as err:
        raise ChannelNotReadable({"channel": [str(err)]}) from None


class ChannelViewSet(ConfiguredAccessMixin, viewsets.ReadOnlyModelViewSet):
    """Channels (read only; secrets and tokens are never serialised)."""

    queryset = Channel.objects.all()
    serializer_class = s.ChannelSerializer
    channel_field = "pk"


def _count(name: str) -> Any:
    return inline_serializer(name.capitalize() + "Count", {name: serializers.IntegerField()})


@extend_schema_view(destroy=document(responses={204: None, **LINE_CALL}))
class RichMenuViewSet(ConfiguredAccessMixin, viewsets.ModelViewSet):
    """Rich menus: create (with image upload), update, publish, set default, link and unlink users, delete."""

    queryset = RichMenu.objects.prefetch_related("areas", "aliases")
    serializer_class = s.RichMenuSerializer
    parser_classes = [SafeJSONParser, MultiPartParser, FormParser]
    #: an action answers with the menu, so it needs the view permission as well (as in the admin)
    action_permissions = {
        "publish": [VIEW_MENU, PUBLISH],
        "set_default": [VIEW_MENU, PUBLISH],
        "alias": [VIEW_MENU, PUBLISH],
        "link": [VIEW_MENU, LINK],
        "unlink": [VIEW_MENU, LINK],
    }

    def object_permissions(self, menu: RichMenu) -> list[str]:
        """Deleting a menu that is on LINE deletes it there too: that is publishing's business."""
        if self.action == "destroy" and menu.line_rich_menu_id:
            return [PUBLISH]
        return []

    def perform_destroy(self, instance: RichMenu) -> None:
        """Delete on LINE too."""
        _line(lambda: richmenus.delete_on_line(instance))
        instance.delete()

    @document(
        request=None,
        responses={
            200: s.PublishedRichMenuSerializer,
            **LINE_CALL,
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        menu = self.get_object()
        result = _line(lambda: richmenus.publish(menu))
        return Response(
            {
                "published": result.changed,
                "warnings": result.warnings,
                **s.RichMenuSerializer(menu, context={"request": request}).data,
            }
        )

    @document(request=None, responses={200: s.RichMenuSerializer, **LINE_CALL})
    @action(detail=True, methods=["post"], url_path="set-default")
    def set_default(self, request: Request, pk: Any = None) -> Response:
        menu = self.get_object()
        _line(lambda: richmenus.set_default(menu))
        return Response(s.RichMenuSerializer(menu, context={"request": request}).data)

    def _users(self, request: Request, link: bool) -> Response:
        menu = self.get_object()
        body = s.UserIdsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["user_ids"]
        call = richmenus.link_users if link else richmenus.unlink_users
        count = _line(lambda: call(menu, ids))
        return Response({"linked" if link else "unlinked": count})

    @document(request=s.UserIdsSerializer, responses={200: _count("linked"), **LINE_CALL})
    @action(detail=True, methods=["post"])
    def link(self, request: Request, pk: Any = None) -> Response:
        return self._users(request, link=True)

    @document(request=s.UserIdsSerializer, responses={200: _count("unlinked"), **LINE_CALL})
    @action(detail=True, methods=["post"])
    def unlink(self, request: Request, pk: Any = None) -> Response:
        return self._users(request, link=False)

    @document(request=s.AliasSerializer, responses={200: s.RichMenuAliasSerializer, **LINE_CALL})
    @action(detail=True, methods=["post"])
    def alias(self, request: Request, pk: Any = None) -> Response:
        menu = self.get_object()
        body = s.AliasSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        alias = _line(lambda: richmenus.create_or_switch_alias(body.validated_data["alias_id"], menu))
        return Response(s.RichMenuAliasSerializer(alias).data)


class OutgoingMessageViewSet(
    ConfiguredAccessMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """POST a push, multicast, broadcast or narrowcast (through the outbox and Celery); GET its status."""

    queryset = OutgoingMessage.objects.prefetch_related("chunks")
    serializer_class = s.OutgoingMessageSerializer
    action_permissions = {"create": [SEND]}

    @document(responses={202: s.OutgoingMessageSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = serializer.save()
        data = self.get_serializer(self.get_queryset().get(pk=message.pk)).data
        return Response(data, status=status.HTTP_202_ACCEPTED)

    filterset_class = OutgoingMessageFilter


class WebhookEventViewSet(ConfiguredAccessMixin, viewsets.ReadOnlyModelViewSet):
    """Stored webhook events; filter with ?type=, ?status=, ?received_after=, ?received_before=; replay."""

    queryset = WebhookEvent.objects.all()
    serializer_class = s.WebhookEventSerializer

    filterset_class = WebhookEventFilter
    action_permissions = {"replay": [VIEW_EVENT, REPLAY]}

    @document(request=None, responses={200: s.WebhookEventSerializer, 400: INVALID})
    @action(detail=True, methods=["post"])
    def replay(self, request: Request, pk: Any = None) -> Response:
        row = self.get_object()
        payload = row.payload
        if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
            raise ValidationError(
                {"payload": ["This stored event is not a LINE event object: nothing to replay."]}
            )
        _line(lambda: replay(row))
        return Response(self.get_serializer(row).data)
