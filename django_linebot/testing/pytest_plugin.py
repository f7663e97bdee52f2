"""pytest fixtures for testing a Django project that uses django-linebot (loaded automatically once
the package is installed: it is the ``pytest11`` entry point ``django_linebot``).

The fake LINE platform
    ``line_platform``: a :class:`~django_linebot.testing.FakeLinePlatform` running on 127.0.0.1 for
    the session, emptied before and after each test. ``line_api``: a
    :class:`~django_linebot.sdk.LineBotApi` pointed at it. ``linebot_settings``: ``LINEBOT``
    pointed at it for one test (needs pytest-django's ``settings``).

The webhook
    ``post_webhook(body, *, url=None, secret=None, signature=None, **extra)``: POSTs ``body`` with
    Django's test ``client`` to the webhook (default: ``reverse("linebot:webhook")``), signed with
    ``secret`` (default: ``LINEBOT["CHANNEL_SECRET"]``), or with ``signature`` as given (``""``:
    no signature header). Build bodies with :func:`~django_linebot.testing.make_event` and
    :func:`~django_linebot.testing.make_webhook_body`.

The signals
    ``signal_log``: a :class:`SignalLog` of every django-linebot signal sent during the test
    (``signal_log.names()``, ``signal_log.events("message_received")``).

LINE's OpenAPI documents
    When it finds them, the fake refuses requests that disagree with LINE's documents. It looks in
    ``$LINEBOT_OPENAPI_DIR``, then the ini option ``linebot_openapi_dir`` (relative to the rootdir),
    then ``../shared/line-openapi`` beside the rootdir. ``line_spec_dir`` is the folder found, or
    ``None``; ``line_openapi_dir`` is the folder, and skips the test (saying how to give it) without.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..sdk import LineBotApi
from .fake import FakeLinePlatform
from .openapi import ENV_VAR, find_spec_dir
from .webhooks import sign_body

FAKE_TOKEN = "fake-channel-access-token"
FAKE_SECRET = "fake-channel-secret"
#: The ini option naming LINE's OpenAPI folder.
INI_OPTION = "linebot_openapi_dir"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        INI_OPTION,
        "LINE's OpenAPI documents (a checkout of line/line-openapi), relative to the rootdir; "
        f"${ENV_VAR} wins over it",
        default="",
    )


def spec_dir_for(config: pytest.Config) -> Path | None:
    """LINE's OpenAPI folder for this run: ``$LINEBOT_OPENAPI_DIR``, the ini option, then the fallback
    ``../shared/line-openapi`` beside the rootdir; ``None`` when none holds ``messaging-api.yml``."""
    root = Path(str(config.rootpath))
    configured = str(config.getini(INI_OPTION) or "")
    candidates = [root / configured] if configured else []
    return find_spec_dir(*candidates, root.parent / "shared" / "line-openapi")


@pytest.fixture(scope="session")
def line_spec_dir(pytestconfig: pytest.Config) -> Path | None:
    """LINE's OpenAPI folder (see the module's docstring), or ``None``."""
    return spec_dir_for(pytestconfig)


@pytest.fixture(scope="session")
def line_openapi_dir(line_spec_dir: Path | None) -> Path:
    """LINE's OpenAPI folder; the test is skipped, saying how to give the folder, when there is none."""
    if line_spec_dir is None:
        pytest.skip(
            f"LINE's OpenAPI documents not found: set ${ENV_VAR} or the ini option {INI_OPTION} "
            "to a checkout of https://github.com/line/line-openapi"
        )
    return line_spec_dir


@pytest.fixture(scope="session")
def _line_platform_server(line_spec_dir: Path | None) -> Iterator[FakeLinePlatform]:
    with FakeLinePlatform(spec_dir=str(line_spec_dir) if line_spec_dir else None) as fake:
        yield fake


@pytest.fixture
def line_platform(_line_platform_server: FakeLinePlatform) -> Iterator[FakeLinePlatform]:
    """A running fake LINE platform on 127.0.0.1, emptied before each test."""
    _line_platform_server.reset()
    yield _line_platform_server
    _line_platform_server.reset()


@pytest.fixture
def line_api(line_platform: FakeLinePlatform) -> Iterator[LineBotApi]:
    """A client for the fake platform, with a 5-second timeout."""
    api = LineBotApi(
        channel_secret=FAKE_SECRET,
        channel_access_token=FAKE_TOKEN,
        api_endpoint=line_platform.url,
        api_data_endpoint=line_platform.url,
        timeout=5,
    )
    yield api
    api.close()


@pytest.fixture
def linebot_settings(settings: Any, line_platform: FakeLinePlatform) -> Iterator[dict[str, Any]]:
    """``LINEBOT`` pointed at the fake platform for this test (the other keys kept)."""
    from ..channels import clear_clients

    settings.LINEBOT = {
        **getattr(settings, "LINEBOT", {}),
        "API_ENDPOINT": line_platform.url,
        "API_DATA_ENDPOINT": line_platform.url,
        "TIMEOUT": 5,
    }
    clear_clients()
    yield settings.LINEBOT
    clear_clients()


class SignalLog:
    """The django-linebot signals sent during a test, in order: ``calls`` holds (name, keyword arguments)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def names(self) -> list[str]:
        """The names of the signals sent."""
        return [name for name, _ in self.calls]

    def events(self, name: str) -> list[Any]:
        """The ``event`` argument of each ``name`` signal sent."""
        return [kw["event"] for n, kw in self.calls if n == name]


@pytest.fixture
def signal_log() -> Iterator[SignalLog]:
    """Records every django-linebot signal sent during the test (see :class:`SignalLog`)."""
    from django.dispatch import Signal

    from .. import signals

    log = SignalLog()
    named = {name: sig for name, sig in vars(signals).items() if isinstance(sig, Signal)}
    for name, sig in named.items():

        def rec(sender: Any, _name: str = name, **kwargs: Any) -> None:
            log.calls.append((_name, kwargs))

        sig.connect(rec, weak=False, dispatch_uid=f"linebot-signal-log-{name}")
    yield log
    for name, sig in named.items():
        sig.disconnect(dispatch_uid=f"linebot-signal-log-{name}")


@pytest.fixture
def post_webhook(client: Any) -> Callable[..., Any]:
    """POST a body to the webhook, signed with ``secret`` (default ``LINEBOT["CHANNEL_SECRET"]``) or
    with ``signature`` as given (``""``: none); Django's test response."""
    from django.urls import reverse

    from ..conf import app_settings

    def post(
        body: bytes,
        *,
        url: str | None = None,
        secret: str | None = None,
        signature: str | None = None,
        **extra: Any,
    ) -> Any:
        if signature is None:
            signature = sign_body(body, secret if secret is not None else app_settings.CHANNEL_SECRET or "")
        headers = {"HTTP_X_LINE_SIGNATURE": signature} if signature != "" else {}
        return client.post(
            url or reverse("linebot:webhook"), data=body, content_type="application/json", **headers, **extra
        )

    return post


__all__ = ["FAKE_SECRET", "FAKE_TOKEN", "INI_OPTION", "SignalLog", "spec_dir_for"]
