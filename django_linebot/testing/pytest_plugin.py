"""pytest fixtures for testing against the fake LINE platform."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..sdk import LineBotApi
from .fake import FakeLinePlatform
from .openapi import find_spec_dir

FAKE_TOKEN = "fake-channel-access-token"
FAKE_SECRET = "fake-channel-secret"


@pytest.fixture(scope="session")
def line_spec_dir(pytestconfig: pytest.Config) -> Path | None:
    """LINE's OpenAPI folder: ``$LINEBOT_OPENAPI_DIR``, or ``../shared/line-openapi`` beside the project."""
    root = Path(str(pytestconfig.rootpath))
    return find_spec_dir(root.parent / "shared" / "line-openapi", root / "line-openapi")


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
