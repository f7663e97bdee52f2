"""Webhook signature: LINE's published example, and every way to get it wrong."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from django_linebot.sdk import LineBotApi, compute_signature, validate_signature

# The example body of LINE's docs, signed with a test secret; the expected signature is
# computed independently below with hmac + base64 (LINE publishes the algorithm, not a fixed value).
DOC_SECRET = "testsecret"
DOC_BODY = '{"events":[{"replyToken":"00000000000000000000000000000000","type":"message","timestamp":1452928722999,"source":{"type":"user","userId":"u206d25c2ea6bd87c17655609a1c37cb8"},"message":{"id":"100001","type":"text","text":"Hello, world"}}]}'


def _reference(body: bytes, secret: str) -> str:
    import base64

    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def test_the_documented_vector() -> None:
    sig = _reference(DOC_BODY.encode(), DOC_SECRET)
    assert compute_signature(DOC_BODY, DOC_SECRET) == sig
    assert validate_signature(DOC_BODY, sig, DOC_SECRET)
    assert validate_signature(DOC_BODY.encode(), sig.encode(), DOC_SECRET)
    assert LineBotApi(channel_secret=DOC_SECRET).validate_signature(DOC_BODY, sig)


@pytest.mark.parametrize("signature", [None, "", "   ", "not base64!!", "éé", "AAAA", b"\xff\xfe"])
def test_missing_or_malformed_signature_is_false(signature) -> None:
    assert validate_signature(DOC_BODY, signature, DOC_SECRET) is False


def test_wrong_secret_and_changed_byte() -> None:
    sig = compute_signature(DOC_BODY, DOC_SECRET)
    assert not validate_signature(DOC_BODY, sig, "othersecret")
    changed = DOC_BODY.replace("Hello", "Hellp")
    assert not validate_signature(changed, sig, DOC_SECRET)


def test_reserialised_json_does_not_validate() -> None:
    sig = compute_signature(DOC_BODY, DOC_SECRET)
    reserialised = json.dumps(json.loads(DOC_BODY), indent=1)
    assert not validate_signature(reserialised, sig, DOC_SECRET)


def test_compare_is_constant_time(monkeypatch) -> None:
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    validate_signature(DOC_BODY, compute_signature(DOC_BODY, DOC_SECRET), DOC_SECRET)
    assert len(calls) == 1


def test_client_without_secret_refuses() -> None:
    assert LineBotApi().validate_signature(DOC_BODY, compute_signature(DOC_BODY, DOC_SECRET)) is False
