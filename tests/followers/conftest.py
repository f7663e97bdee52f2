from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from django_linebot import followers


@pytest.fixture
def tracking(linebot_settings: Any, settings: Any) -> Iterator[Any]:
    """TRACK_USERS on, and the followers' receivers connected (as AppConfig.ready does), for one test."""
    settings.LINEBOT = {**settings.LINEBOT, "TRACK_USERS": True}
    followers.connect_receivers()
    yield settings.LINEBOT
    followers.disconnect_receivers()


@pytest.fixture
def post_events(post_webhook: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """POST webhook events signed for the settings channel, running what waits for the commit."""
    from django_linebot.testing import make_webhook_body

    def post(*events: dict[str, Any]) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_webhook(make_webhook_body(*events))
        assert response.status_code == 200

    return post
