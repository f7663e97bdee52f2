"""The fake platform refuses requests that disagree with LINE's OpenAPI documents, naming the operation."""

from __future__ import annotations

import pytest
import requests

from .endpoint_cases import CASES


@pytest.fixture
def validator(line_platform):
    if line_platform.validator is None:
        pytest.skip("LINE's OpenAPI documents are not beside the project (../shared/line-openapi)")
    return line_platform.validator


def test_every_client_operation_conforms(validator, line_platform, line_api) -> None:
    """Run every client call; each request must match its operation and its schema."""
    line_api.api_data_endpoint = line_platform.url
    disagreements = []
    for case in CASES:
        line_platform.reset()
        case.call(line_api, {"fake": line_platform})
        for req in line_platform.requests:
            if (req.method, req.path) in {
                ("GET", "/v2/bot/audienceGroup/authorityLevel"),
                ("PUT", "/v2/bot/audienceGroup/authorityLevel"),
            }:
                continue  # documented by LINE, absent from these OpenAPI documents
            if req.operation_id is None or req.spec_errors:
                disagreements.append(
                    f"{case.name} ({req.operation_id or req.method + ' ' + req.path}): {req.spec_errors}"
                )
    assert not disagreements, "\n".join(disagreements)


def test_messaging_operations_are_covered(validator) -> None:
    """Every operation of the documents has a client method (the partner-only ones too, since issue 14)."""
    from django_linebot.sdk.endpoints import BY_OPERATION_ID

    all_ops = {op.operation_id for op in validator.operations}
    assert all_ops == set(BY_OPERATION_ID)
    covered = {c.operation_id for c in CASES if c.operation_id}
    assert covered <= all_ops


def test_bad_shapes_are_refused_naming_the_field(validator, line_platform) -> None:
    headers = {"Authorization": "Bearer fake-channel-access-token"}
    res = requests.post(
        f"{line_platform.url}/v2/bot/message/push",
        json={"to": "U1", "messages": [{"type": "text"}]},
        headers=headers,
        timeout=5,
    )
    assert res.status_code == 400
    assert any("text" in d["message"] for d in res.json()["details"])
    assert line_platform.last_request.operation_id == "pushMessage"
    res = requests.post(
        f"{line_platform.url}/v2/bot/message/push",
        json={"messages": [{"type": "text", "text": "x"}]},
        headers=headers,
        timeout=5,
    )
    assert res.status_code == 400 and "'to' is a required property" in str(res.json())
    res = requests.post(
        f"{line_platform.url}/v2/bot/message/push",
        json={"to": "U", "messages": [{"type": "hologram"}]},
        headers=headers,
        timeout=5,
    )
    assert res.status_code == 400 and "hologram" in str(res.json())
    res = requests.get(f"{line_platform.url}/v2/bot/no/such/thing", headers=headers, timeout=5)
    assert res.status_code == 404
    res = requests.get(f"{line_platform.url}/v2/bot/message/delivery/push", headers=headers, timeout=5)
    assert res.status_code == 400 and "date" in str(res.json())


def test_unauthenticated_requests_are_refused(line_platform) -> None:
    res = requests.get(f"{line_platform.url}/v2/bot/info", timeout=5)
    assert res.status_code == 401
