"""A refused webhook is a warning naming the reason, from the view's own logger, and never a secret."""

from __future__ import annotations

import logging

import pytest

from django_linebot.testing import make_event, make_webhook_body

pytestmark = pytest.mark.django_db

SECRET = "test-channel-secret"


def refusals(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "django_linebot.views" and r.levelno == logging.WARNING
    ]


@pytest.mark.parametrize(
    ("how", "status", "reason"),
    [
        ("bad signature", 400, "invalid signature"),
        ("no signature", 400, "invalid signature"),
        ("unknown channel", 404, "unknown or inactive channel"),
        ("too large", 413, "body larger than"),
        ("not a webhook body", 400, "refused"),
    ],
)
def test_a_refused_webhook_is_a_warning_with_its_reason(
    how, status, reason, post_webhook, settings, caplog
) -> None:
    caplog.set_level(logging.INFO)
    body = make_webhook_body(make_event("follow"))
    if how == "bad signature":
        res = post_webhook(body, secret="not-the-secret")
    elif how == "no signature":
        res = post_webhook(body, signature="")
    elif how == "unknown channel":
        res = post_webhook(body, url="/line/webhook/nobody/")
    elif how == "too large":
        settings.LINEBOT = {**settings.LINEBOT, "MAX_BODY_SIZE": 10}
        res = post_webhook(body)
    else:
        res = post_webhook(b"[1, 2, 3]")
    assert res.status_code == status
    [warning] = refusals(caplog)
    assert reason in warning
    assert SECRET not in caplog.text


def test_an_accepted_webhook_logs_no_refusal(post_webhook, caplog) -> None:
    caplog.set_level(logging.INFO)
    assert post_webhook(make_webhook_body(make_event("follow"))).status_code == 200
    assert refusals(caplog) == []
