"""The fake's own /_fake/ endpoints: another process inspects its state and injects faults over HTTP."""

from __future__ import annotations

import pytest
import requests

TEXT = [{"type": "text", "text": "hi"}]


@pytest.fixture
def fake(line_platform) -> str:
    return line_platform.url + "/_fake"


def test_state_shows_every_channel_without_secrets(line_platform, line_api, fake) -> None:
    line_platform.add_channel("1111111111", secret="very-secret-value", access_tokens=["token-a"])
    line_api.push_message("U1", TEXT).raise_for_status()
    state = requests.get(f"{fake}/state", timeout=5)
    assert state.status_code == 200 and "very-secret-value" not in state.text
    channels = state.json()["channels"]
    assert set(channels) == {"default", "1111111111"}
    assert channels["1111111111"]["has_secret"] is True and channels["default"]["sent_count"] == 1
    one = requests.get(f"{fake}/state", params={"channel": "1111111111"}, timeout=5).json()
    assert one["channel_id"] == "1111111111" and one["rich_menus"] == {}


def test_state_is_set_over_http(line_platform, line_api, fake) -> None:
    res = requests.post(
        f"{fake}/state",
        json={"channel": "1111111111", "secret": "s", "access_tokens": ["token-a"], "quota": 0},
        timeout=5,
    )
    assert res.status_code == 200 and res.json()["quota"] == 0 and '"s"' not in res.text
    ch = line_platform.channel("1111111111")
    assert ch.secret == "s" and line_platform.token_channels["token-a"] == "1111111111"
    requests.post(f"{fake}/state", json={"followers": ["U1", "U2"]}, timeout=5).raise_for_status()
    assert line_platform.followers == ["U1", "U2"]


def test_requests_are_listed_without_header_values(line_platform, line_api, fake) -> None:
    line_api.push_message("U1", TEXT).raise_for_status()
    page = requests.get(f"{fake}/requests", timeout=5).json()
    assert [(r["method"], r["path"], r["status"]) for r in page["requests"]] == [
        ("POST", "/v2/bot/message/push", 200)
    ]
    assert "fake-channel-access-token" not in str(page) and page["next"] == 1
    assert requests.get(f"{fake}/requests", params={"since": 1}, timeout=5).json()["requests"] == []
    assert len(line_platform.requests) == 1  # the /_fake/ calls are not recorded


def test_a_fault_injected_over_http(line_platform, line_api, fake) -> None:
    res = requests.post(
        f"{fake}/faults", json={"status": 503, "path": "/message/push", "times": 1}, timeout=5
    )
    assert res.status_code == 201 and res.json()["status"] == 503
    assert requests.get(f"{fake}/faults", timeout=5).json()["faults"][0]["path"] == "/message/push"
    assert line_api.push_message("U1", TEXT).http_status == 503
    line_api.push_message("U1", TEXT).raise_for_status()  # once only
    requests.post(f"{fake}/faults", json={"status": 500, "times": None}, timeout=5).raise_for_status()
    requests.get(f"{fake}/state", timeout=5).raise_for_status()  # /_fake/ itself is never faulted
    assert requests.delete(f"{fake}/faults", timeout=5).status_code == 200
    line_api.push_message("U1", TEXT).raise_for_status()


def test_random_faults_over_http(line_platform, line_api, fake) -> None:
    res = requests.post(f"{fake}/faults", json={"rate": 1, "kinds": ["500"]}, timeout=5)
    assert res.json()["rate"] == 1
    assert line_api.push_message("U1", TEXT).http_status == 500


def test_reset_over_http(line_platform, line_api, fake) -> None:
    line_api.push_message("U1", TEXT).raise_for_status()
    line_platform.add_fault(status=500, times=None)
    assert requests.post(f"{fake}/reset", timeout=5).status_code == 200
    assert line_platform.sent_messages == [] and line_platform.faults == []
    line_api.push_message("U1", TEXT).raise_for_status()


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "faults", {"json": {"status": "x"}}),
        ("POST", "faults", {"json": {"nope": 1}}),
        ("POST", "faults", {"json": {"status": 700}}),
        ("POST", "faults", {"json": {"path": "("}}),
        ("POST", "faults", {"json": {"delay": 1e9}}),
        ("POST", "faults", {"json": {"rate": 2}}),
        ("POST", "faults", {"json": {"rate": 0.5, "kinds": ["boom"]}}),
        ("POST", "faults", {"json": [1]}),
        ("POST", "faults", {"data": b"{not json", "headers": {"Content-Type": "application/json"}}),
        ("POST", "state", {"json": {"quota": "lots"}}),
        ("POST", "state", {"json": {"rich_menus": {}}}),
        ("POST", "state", {"json": {"channel": 5}}),
        ("POST", "state", {"json": {"access_tokens": "t"}}),
        ("POST", "clock", {"json": {}}),
        ("POST", "clock", {"json": {"advance": -1}}),
        ("POST", "reply-tokens", {"json": {"tokens": "t"}}),
        ("GET", "sent", {"params": {"since": "x"}}),
        ("GET", "requests", {"params": {"since": "-1"}}),
    ],
)
def test_bad_input_is_a_400_not_a_crash(fake, method, path, kwargs) -> None:
    res = requests.request(method, f"{fake}/{path}", timeout=5, **kwargs)
    assert res.status_code == 400 and res.json()["message"]


def test_an_unknown_control_path_is_a_404(fake) -> None:
    res = requests.get(f"{fake}/nothing", timeout=5)
    assert res.status_code == 404 and "/_fake/nothing" in res.json()["message"]
