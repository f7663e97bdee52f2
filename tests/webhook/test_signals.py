"""The signals come from the SDK's table of event classes; a failing receiver is reported by a signal."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from django.dispatch import Signal

from django_linebot import signals
from django_linebot.models import WebhookEvent
from django_linebot.sdk import events
from django_linebot.testing import make_event, make_webhook_body

pytestmark = pytest.mark.django_db

GENERIC = {"webhook_event", "unknown_event", "webhook_event_failed"}


def _declared() -> dict[str, Signal]:
    return {name: value for name, value in vars(signals).items() if isinstance(value, Signal)}


def test_one_signal_per_event_class_and_no_other() -> None:
    assert list(signals.BY_EVENT_TYPE) == list(events.EVENT_CLASSES)
    for event_type, signal in signals.BY_EVENT_TYPE.items():
        assert getattr(signals, signals.signal_name(event_type)) is signal
    assert set(_declared()) == {signals.signal_name(t) for t in events.EVENT_CLASSES} | GENERIC
    assert len({id(s) for s in _declared().values()}) == len(_declared())  # no signal serves two names


@pytest.mark.parametrize(
    ("event_type", "name"),
    [("message", "message"), ("memberJoined", "member_joined"), ("videoPlayComplete", "video_play_complete")],
)
def test_signal_names_are_the_event_types_in_snake_case(event_type: str, name: str) -> None:
    assert signals.signal_name(event_type) == name


def test_a_table_and_signals_that_disagree_fail_loudly(monkeypatch) -> None:
    class NewEvent(events.Event):
        event_type = "somethingNew"

    monkeypatch.setattr(signals, "EVENT_CLASSES", {**events.EVENT_CLASSES, "somethingNew": NewEvent})
    with pytest.raises(ImportError, match=r"missing \['something_new'\]"):
        signals._by_event_type()
    fewer = {t: c for t, c in events.EVENT_CLASSES.items() if t != "beacon"}
    monkeypatch.setattr(signals, "EVENT_CLASSES", fewer)
    with pytest.raises(ImportError, match=r"extra \['beacon'\]"):
        signals._by_event_type()


def test_every_signal_is_documented_with_its_arguments() -> None:
    """Each signal has a ``#:`` comment (what Sphinx shows) that names its arguments."""
    lines = Path(signals.__file__).read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    documented = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            [target] = node.targets
            comment = []
            i = node.lineno - 2
            while i >= 0 and lines[i].startswith("#:"):
                comment.insert(0, lines[i][2:].strip())
                i -= 1
            documented[target.id] = " ".join(comment)
    for name in _declared():
        assert "Arguments:" in documented[name], name
    for arg in ("sender", "event", "channel", "api", "webhook_event", "standby"):
        assert arg in documented["message"]
    for arg in ("sender", "event", "channel", "webhook_event", "receiver", "exception"):
        assert arg in documented["webhook_event_failed"]


@pytest.fixture
def connect():
    done: list[tuple[Signal, str]] = []

    def connect_(signal: Signal, func) -> None:
        uid = f"test-signals-{func.__name__}-{len(done)}"
        signal.connect(func, weak=False, dispatch_uid=uid)
        done.append((signal, uid))

    yield connect_
    for signal, uid in done:
        signal.disconnect(dispatch_uid=uid)


def test_a_failing_receiver_fires_webhook_event_failed_once(post_webhook, connect) -> None:
    error = RuntimeError("receiver exploded")
    reports = []

    def boom(sender, **kwargs):
        raise error

    def fine(sender, **kwargs):
        pass

    def report(sender, **kwargs):
        reports.append((sender, kwargs))

    connect(signals.follow, boom)
    connect(signals.follow, fine)
    connect(signals.webhook_event_failed, report)
    event = make_event("follow")
    assert post_webhook(make_webhook_body(event)).status_code == 200
    [(sender, kwargs)] = reports
    row = WebhookEvent.objects.get()
    assert sender is events.FollowEvent
    assert set(kwargs) == {"signal", "event", "channel", "webhook_event", "receiver", "exception"}
    assert kwargs["exception"] is error and kwargs["receiver"] is boom
    assert kwargs["event"].webhook_event_id == event["webhookEventId"]
    assert (
        kwargs["webhook_event"].pk == row.pk and kwargs["webhook_event"].status == WebhookEvent.Status.FAILED
    )
    assert row.status == WebhookEvent.Status.FAILED and "receiver exploded" in row.error


def test_no_report_when_every_receiver_succeeds(post_webhook, connect) -> None:
    reports = []
    connect(signals.webhook_event_failed, lambda sender, **kwargs: reports.append(kwargs))
    assert post_webhook(make_webhook_body(make_event("follow"))).status_code == 200
    assert reports == [] and WebhookEvent.objects.get().status == WebhookEvent.Status.PROCESSED


def test_a_failing_report_receiver_is_logged_and_changes_nothing(post_webhook, connect, caplog) -> None:
    def boom(sender, **kwargs):
        raise RuntimeError("first")

    def broken_report(sender, **kwargs):
        raise ValueError("the report failed too")

    connect(signals.message, boom)
    connect(signals.webhook_event_failed, broken_report)
    with caplog.at_level(logging.ERROR):
        assert post_webhook(make_webhook_body(make_event("message"))).status_code == 200
    row = WebhookEvent.objects.get()
    assert (
        row.status == WebhookEvent.Status.FAILED and "first" in row.error and "report failed" not in row.error
    )
    assert "webhook_event_failed receiver" in caplog.text and "the report failed too" in caplog.text


def test_an_unknown_type_goes_to_unknown_event(post_webhook, signal_log) -> None:
    event = make_event("somethingLineAddsLater")
    assert post_webhook(make_webhook_body(event)).status_code == 200
    assert signal_log.names() == ["unknown_event", "webhook_event"]
    [unknown] = signal_log.events("unknown_event")
    assert isinstance(unknown, events.UnknownEvent) and unknown.webhook_event_id == event["webhookEventId"]
