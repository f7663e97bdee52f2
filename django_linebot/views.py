"""The webhook endpoint LINE posts events to."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .channels import forget_webhook_channels, webhook_channel
from .conf import app_settings
from .crypto import SecretNotReadable
from .inbound import process_webhook
from .models import Channel
from .sdk.events import InvalidWebhookBody, parse_webhook_body
from .sdk.signature import SIGNATURE_HEADER

logger = logging.getLogger(__name__)


def _answer(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)


#: The body of the 200 answer, as ``_answer(200, "OK")`` writes it; encoded once, not at every delivery.
_OK = json.dumps({"message": "OK"}).encode()


class _AnswerThen(HttpResponse):
    """The 200 answer, making the calls in ``after`` (if any) once it is sent: servers ``close()`` it then."""

    def __init__(self, after: list[Callable[[], None]]) -> None:
        super().__init__(_OK, content_type="application/json")
        self._after = after

    def close(self) -> None:
        try:
            for call in self._after:
                call()
        finally:
            self._after = []
            super().close()


class WebhookView(View):
    """Check the signature on the raw body, store the events, fire their signals, answer 200.

    Works under WSGI and ASGI (Django runs this sync view in a thread under
    ASGI); receivers may be ``async def``. LINE is not a logged-in user: the view
    is exempt from CSRF and from ``LoginRequiredMiddleware``. It is not wrapped in
    ``ATOMIC_REQUESTS``' transaction: the events are committed before any receiver
    runs, and one receiver's database error does not affect the next one or the
    event's recorded outcome.
    """

    http_method_names = ["post"]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponseBase]:
        """The view function: exempt from CSRF and ``LoginRequiredMiddleware``, outside ``ATOMIC_REQUESTS``.

        Decorated once here, as DRF's ``APIView.as_view`` does, and so for subclasses too
        (``method_decorator`` on ``dispatch`` rebuilt its wrappers at every request).
        """
        view = super().as_view(**initkwargs)
        return csrf_exempt(login_not_required(transaction.non_atomic_requests(view)))

    def get_channel(self, slug: str | None, fresh: bool = False) -> Channel | None:
        """The active channel at ``/webhook/<slug>/``; at ``/webhook/``, the one in ``LINEBOT`` settings.

        The settings channel's row is reached at ``/webhook/`` only, and only while ``LINEBOT``
        has a ``CHANNEL_SECRET`` (no row is made before that). The row is kept in the process for
        a few seconds (:func:`~django_linebot.channels.webhook_channel`); ``fresh=True`` reads it again.
        """
        return webhook_channel(slug, fresh=fresh)

    def post(self, request: HttpRequest, slug: str | None = None) -> HttpResponse:
        channel = self.get_channel(slug)
        if channel is None:
            logger.warning("webhook at %s refused: unknown or inactive channel", request.path)
            return _answer(404, "unknown channel")
        limit = app_settings.MAX_BODY_SIZE
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit or len(body := request.read(limit + 1)) > limit:
            logger.warning("webhook for %r refused: body larger than %s bytes", channel, limit)
            return _answer(413, f"body larger than {limit} bytes")
        try:
            signed = channel.check_signature(body, request.headers.get(SIGNATURE_HEADER))
            if not signed:
                # The kept row may predate a secret rotation made by another process: read it again.
                channel = self.get_channel(slug, fresh=True)
                if channel is None:
                    logger.warning("webhook at %s refused: unknown or inactive channel", request.path)
                    return _answer(404, "unknown channel")
                signed = channel.check_signature(body, request.headers.get(SIGNATURE_HEADER))
        except SecretNotReadable as exc:
            # The deployment's fault, not LINE's: 500, so LINE delivers again once the key is fixed.
            forget_webhook_channels()
            logger.error("webhook for %r answered 500: %s", channel, exc)
            response = _answer(500, "the channel secret cannot be read; see the server log")
            response._has_been_logged = True  # type: ignore[attr-defined] # one log line, not two
            return response
        if not signed:
            logger.warning("webhook for %r refused: missing or invalid signature", channel)
            return _answer(400, "invalid signature")
        try:
            payload = parse_webhook_body(body)
        except InvalidWebhookBody as exc:
            logger.warning("webhook for %r refused: %s", channel, exc)
            return _answer(400, str(exc))
        after: list[Callable[[], None]] = []  # Celery mode: the task, queued once LINE has its answer
        if payload.events:
            try:
                process_webhook(channel, payload, defer=after.append)
            except IntegrityError:
                # Nothing of the delivery was stored. The kept row may be of a channel deleted by
                # another process (its events refused by the foreign key): read it again, once.
                again = self.get_channel(slug, fresh=True)
                if again is None:
                    logger.warning("webhook at %s refused: unknown or inactive channel", request.path)
                    return _answer(404, "unknown channel")
                if again.pk == channel.pk:
                    raise
                process_webhook(again, payload, defer=after.append)
        return _AnswerThen(after)


webhook = WebhookView.as_view()
