"""The README's six tasks side by side (under "Coming from the official line-bot-sdk") stay true: every
snippet of ours runs against the fake LINE platform, does what its task says, and is no longer than its
line-bot-sdk twin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django_linebot.testing.pytest_plugin import FAKE_TOKEN
from tests.richmenu_images import image_bytes

from .endpoint_cases import MENU

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "### Coming from the official `line-bot-sdk`"
OURS, THEIRS = "# django-linebot", "# line-bot-sdk 3.27"
TASKS = [
    "Setup",
    "1. Reply to a message",
    "2. Push a Flex bubble",
    "3. Multicast to 1,200 users",
    "4. Get a user's profile",
    "5. Create a rich menu, upload its image, make it the default",
    "6. Download what a user sent to a file",
]
USER_ID = "U" + "4" * 32
PHOTO = b"\xff\xd8\xff\xe0 a photo " * 5000


def _sections() -> dict[str, dict[str, str]]:
    """``{task: {"ours": code, "theirs": code}}`` from the README section's ``**task**`` paragraphs."""
    text = README.read_text(encoding="utf-8")
    assert SECTION in text, "the README lost its line-bot-sdk section"
    section = re.split(r"^##+ ", text.split(SECTION, 1)[1], flags=re.M)[0]
    sections: dict[str, dict[str, str]] = {}
    for part in re.split(r"^\*\*", section, flags=re.M)[1:]:
        heading = part.split("**", 1)[0].strip()
        for code in re.findall(r"^```python\n(.*?)^```", part, flags=re.M | re.S):
            label, _, body = code.partition("\n")
            key = {OURS: "ours", THEIRS: "theirs"}[label.strip()]
            assert key not in sections.setdefault(heading, {}), f"two {key} blocks in {heading}"
            sections[heading][key] = body
    return sections


def _lines(code: str) -> int:
    return sum(1 for line in code.splitlines() if line.strip())


def test_the_readme_has_the_six_tasks_both_ways() -> None:
    sections = _sections()
    assert list(sections) == TASKS
    assert all(set(blocks) == {"ours", "theirs"} for blocks in sections.values())


@pytest.mark.parametrize("task", TASKS)
def test_ours_is_no_longer_than_line_bot_sdk(task: str) -> None:
    blocks = _sections()[task]
    assert _lines(blocks["ours"]) <= _lines(blocks["theirs"]), task


def _namespace(line_platform, tmp_path, monkeypatch) -> dict[str, object]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "menu.png").write_bytes(image_bytes(2500, 843))
    line_platform.contents["m1"] = ("image/jpeg", PHOTO)
    return {
        "TOKEN": FAKE_TOKEN,
        "reply_token": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA",
        "user_id": USER_ID,
        "user_ids": [f"U{i:032x}" for i in range(1200)],
        "message_id": "m1",
        "bubble": {
            "type": "bubble",
            "body": {"type": "box", "layout": "vertical", "contents": [{"type": "text", "text": "Shipped"}]},
        },
        "menu": MENU,
    }


def test_our_snippets_do_what_they_say(line_platform, tmp_path, monkeypatch, capsys) -> None:
    sections = _sections()
    namespace = _namespace(line_platform, tmp_path, monkeypatch)
    setup = sections["Setup"]["ours"]
    pointed = setup.replace(
        "LineBotApi(channel_access_token=TOKEN",
        f"LineBotApi(api_endpoint={line_platform.url!r}, api_data_endpoint={line_platform.url!r},"
        " channel_access_token=TOKEN",
    )
    assert pointed != setup, "the setup block no longer makes the client as this test expects"
    exec(compile(pointed, "setup", "exec"), namespace)
    for task in TASKS[1:]:
        exec(compile(sections[task]["ours"], task, "exec"), namespace)

    sent = line_platform.sent_messages
    reply, push, *multicasts = sent
    assert reply["kind"] == "reply" and reply["reply_token"] == namespace["reply_token"]
    assert reply["messages"] == [{"type": "text", "text": "Hello!"}]
    assert push["kind"] == "push" and push["to"] == USER_ID
    [flex] = push["messages"]
    assert flex["type"] == "flex" and flex["contents"]["type"] == "bubble"
    assert [m["kind"] for m in multicasts] == ["multicast"] * 3
    assert sum(len(m["to"]) for m in multicasts) == 1200
    assert len({m["retry_key"] for m in multicasts}) == 3
    assert capsys.readouterr().out.startswith("User ")  # the fake's display name
    menu_id = namespace["rich_menu_id"]
    assert line_platform.default_rich_menu == menu_id
    assert line_platform.rich_menu_images[menu_id][0] == "image/png"
    assert (tmp_path / "photo.jpg").read_bytes() == PHOTO


def test_line_bot_sdk_snippets_to_api_line_me_run_too(line_platform, tmp_path, monkeypatch, capsys) -> None:
    """line-bot-sdk's own blocks 1-4 (its MessagingApiBlob always calls api-data.line.me: 5 and 6 are not run)."""
    pytest.importorskip("linebot.v3.messaging", reason="line-bot-sdk is in the bench extra")
    sections = _sections()
    namespace = _namespace(line_platform, tmp_path, monkeypatch)
    setup = sections["Setup"]["theirs"]
    pointed = setup.replace(
        "Configuration(access_token=TOKEN)", f"Configuration(access_token=TOKEN, host={line_platform.url!r})"
    )
    assert pointed != setup
    exec(compile(pointed, "setup", "exec"), namespace)
    for task in TASKS[1:5]:
        exec(compile(sections[task]["theirs"], task, "exec"), namespace)
    kinds = [m["kind"] for m in line_platform.sent_messages]
    assert kinds == ["reply", "push", "multicast", "multicast", "multicast"]
    assert capsys.readouterr().out.startswith("User ")
