"""The README's five-minute tutorial, followed literally in a fresh ``django-admin startproject``.

Every code block the tutorial asks the reader to type carries a ``<!-- tutorial:NAME -->`` marker in
README.md; this test reads those blocks (nothing is copied here), so the test fails as soon as the
README and the app drift apart. The only changes it makes: the port numbers (8765, 8000) become free
ports, and ``python``/``django-admin`` are this virtualenv's.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from django_linebot.queue import TASK_NAMES
from django_linebot.testing import make_event, make_webhook_body, sign_body

from ..processes import ROOT, free_port, stop, wait_for_port

README = ROOT / "README.md"
BIN = Path(sys.executable).parent
BLOCK = re.compile(r"<!-- tutorial:([\w-]+) -->\n```(\w+)\n(.*?)\n```", re.S)
#: The tutorial's commands that keep running (started in the background, stopped at the end).
SERVERS = ("linebot_fake_platform", "runserver")
WAIT = 15.0  # seconds, at most, for any one answer

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the tutorial's project has its own SQLite database: it runs once, in the SQLite pass",
)


def tutorial_blocks() -> dict[str, str]:
    """The README's marked code blocks, by marker name."""
    blocks = {name: code for name, _lang, code in BLOCK.findall(README.read_text())}
    expected = {"shell", "settings", "receivers", "apps", "views", "urls", "run", "test", "celery"}
    missing = expected - set(blocks)
    assert not missing, f"README.md lost the tutorial blocks {sorted(missing)}"
    return blocks


def apply_python_block(project: Path, code: str) -> Path:
    """Do what the block's first line says: ``# path`` writes the file, ``# path: add at the end`` appends."""
    first, _, _ = code.partition("\n")
    match = re.fullmatch(r"# ([\w./]+)(: add at the end)?", first.strip())
    assert match, f"a tutorial block must start with '# path' or '# path: add at the end', not {first!r}"
    path = project / match.group(1)
    if match.group(2):
        path.write_text(path.read_text() + "\n\n" + code + "\n")
    else:
        path.write_text(code + "\n")
    return path


def command(line: str) -> list[str]:
    """A tutorial command line, with this virtualenv's ``python`` and ``django-admin``."""
    args = shlex.split(line, comments=True)
    if args and args[0] in ("python", "django-admin"):
        args[0] = sys.executable if args[0] == "python" else str(BIN / "django-admin")
    return args


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (
        f"{shlex.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout + done.stderr


def sent(fake_url: str, since: int = 0) -> list[dict]:
    """What the bot sent, as the tutorial says to read it: the fake platform's ``/_fake/sent``."""
    return requests.get(f"{fake_url}/_fake/sent", params={"since": since}, timeout=5).json()["sent"]


def wait_for_sent(fake_url: str, match) -> dict:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = [s for s in sent(fake_url) if match(s)]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing matching reached the fake platform in {WAIT} s; it holds {sent(fake_url)}")


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a newcomer's shell: this checkout importable, no settings of this test suite."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "LINEBOT_", "LINE_", "CELERY_", "DATABASE_", "PYTEST_"))
    }
    env["PYTHONPATH"] = str(ROOT)  # the package under test, whichever checkout runs this
    env["HOME"] = str(tmp_path)
    return env


def test_the_tutorial_builds_a_working_bot(tmp_path: Path, clean_env: dict[str, str]) -> None:
    blocks = tutorial_blocks()

    # django-admin startproject mysite; cd mysite; python manage.py startapp bot
    project = tmp_path
    for line in blocks["shell"].splitlines():
        args = command(line)
        if args[:1] == ["cd"]:
            project = project / args[1]
        elif args:
            run(args, project, clean_env)

    for name in ("settings", "receivers", "apps", "views", "urls"):
        apply_python_block(project, blocks[name])

    # Every manage.py command works before any LINE secret is set (warnings, e.g. no ENCRYPTION_KEY, are fine).
    out = run([sys.executable, "manage.py", "check"], project, clean_env)
    assert not re.search(r"^ERRORS:", out, re.M), out

    fake_port, web_port = free_port(), free_port()
    run_block = blocks["run"].replace("8765", str(fake_port)).replace("8000", str(web_port))
    env = dict(clean_env)
    servers: list[subprocess.Popen] = []
    simulated = ""
    try:
        for line in run_block.splitlines():
            args = command(line)
            if not args:
                continue
            if args[0] == "export":
                env.update(dict(a.split("=", 1) for a in args[1:]))
            elif any(s in args for s in SERVERS):
                log = open(tmp_path / f"{args[2]}.log", "w")  # noqa: SIM115 (kept open for the process)
                proc = subprocess.Popen(
                    args, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
                servers.append(proc)
                wait_for_port(fake_port if "linebot_fake_platform" in args else web_port, proc, seconds=30)
            else:
                out = run(args, project, env)
                if "linebot_simulate" in args:
                    simulated = out
        fake_url = env["LINEBOT_FAKE_PLATFORM"]
        assert fake_url == f"http://127.0.0.1:{fake_port}"
        web = f"http://127.0.0.1:{web_port}"

        # linebot_simulate, as the tutorial runs it: the echo receiver answered.
        assert "bot < Hello bot!" in simulated and "1 of 1 events answered" in simulated, simulated

        # A signed webhook gets its reply on the fake platform.
        event = make_event("message", message={"type": "text", "id": "1", "text": "ping", "quoteToken": "q"})
        body = make_webhook_body(event)
        res = requests.post(
            f"{web}/line/webhook/",
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Line-Signature": sign_body(body, env["LINE_CHANNEL_SECRET"]),
            },
            timeout=WAIT,
        )
        assert res.status_code == 200, res.text
        reply = wait_for_sent(fake_url, lambda s: s["reply_token"] == event["replyToken"])
        assert reply["kind"] == "reply" and reply["messages"] == [{"type": "text", "text": "ping"}]

        # The view that pushes: its push reaches the fake platform (SEND_MODE "inline": no Celery).
        user = "U" + uuid.uuid4().hex
        csrf = secrets.token_hex(16)  # Django's CSRF check: the same 32 characters in cookie and header
        res = requests.post(
            f"{web}/notify/{user}/", cookies={"csrftoken": csrf}, headers={"X-CSRFToken": csrf}, timeout=WAIT
        )
        assert res.status_code == 202, res.text[:500]
        push = wait_for_sent(fake_url, lambda s: s["to"] == user)
        assert push["kind"] == "push"
        assert push["messages"] == [{"type": "text", "text": "Your order is on its way!"}]

        # Uploaded files (rich menu images) under MEDIA_ROOT are served at MEDIA_URL in development.
        media = project / "media" / "linebot" / "richmenus"  # RichMenu.image upload_to
        media.mkdir(parents=True)
        (media / "probe.png").write_bytes(b"\x89PNG probe")
        res = requests.get(f"{web}/media/linebot/richmenus/probe.png", timeout=WAIT)
        assert res.status_code == 200 and res.content == b"\x89PNG probe"
    finally:
        for proc in servers:
            stop(proc)

    # "Testing your bot": the README's test passes in the tutorial's project.
    apply_python_block(project, blocks["test"])
    out = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=mysite.settings",
            "bot/tests.py",
        ],
        project,
        clean_env,
    )
    assert "1 passed" in out, out

    # "Next: sending through Celery": switching to Celery without its app is reported by the check...
    apply_python_block(project, blocks["celery-settings"])
    out = run([sys.executable, "manage.py", "check"], project, clean_env)
    assert "linebot.W090" in out, out
    # ... and the celery.py step is what it asks for: the check is clean and the app knows the tasks.
    apply_python_block(project, blocks["celery"])
    apply_python_block(project, blocks["celery-init"])
    out = run([sys.executable, "manage.py", "check"], project, clean_env)
    assert "linebot.W090" not in out and not re.search(r"^ERRORS:", out, re.M), out
    out = run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import json; from mysite import celery_app as app; app.loader.import_default_modules(); "
            "print(json.dumps(sorted(app.tasks)))",
        ],
        project,
        clean_env,
    )
    tasks = json.loads(out.strip().splitlines()[-1])
    assert set(TASK_NAMES) <= set(tasks), tasks  # each under its stable name: linebot.send_chunk, ...
