"""docs/nginx-linebot.conf, the README's reverse proxy, run as written in front of gunicorn.

Debian's nginx runs the file with only its ports, certificate and paths changed (no root needed);
behind it, gunicorn serves the example project with ONE sync worker, the easiest worker to starve,
so that what protects it is nginx alone; then again with the README's recommended gthread workers. Asserts: an oversized body gets nginx's 413 and never
reaches gunicorn; a client that declares a body and stalls does not hold the worker (a normal
webhook is answered meanwhile, and the stalled request never reaches gunicorn); a signed webhook
passes through and its reply reaches the fake LINE platform.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from django_linebot.testing import make_event, make_webhook_body, sign_body

from ..processes import ROOT, free_port, start, stop, wait_for_port

CONF = ROOT / "docs" / "nginx-linebot.conf"
SECRET = "example-channel-secret"  # the example project's development channel (on the fake platform)
WAIT = 10.0  # seconds, at most, for any one answer
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)

pytestmark = [
    pytest.mark.skipif(
        NGINX is None, reason="no nginx binary (scripts/test.sh installs Debian's nginx package)"
    ),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="gunicorn runs the example project on a SQLite file of its own: this runs in the SQLite pass",
    ),
]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, in PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def templated(conf: str, *, https: int, http: int, upstream: int, cert: Path, key: Path, srv: Path) -> str:
    """The documented configuration with test ports, certificate and folders; nothing else changes."""
    replacements = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "/etc/letsencrypt/live/bot.example.com/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/bot.example.com/privkey.pem": str(key),
        "/srv/bot/": f"{srv}/",
    }
    for old, new in replacements.items():
        assert old in conf, f"docs/nginx-linebot.conf no longer contains {old!r}: update this test"
        conf = conf.replace(old, new)
    return conf


@dataclass
class Stack:
    url: str
    port: int
    cafile: Path
    access_log: Path  # gunicorn's: every request that reached Django

    def gunicorn_requests(self, marker: str) -> list[str]:
        text = self.access_log.read_text() if self.access_log.exists() else ""
        return [line for line in text.splitlines() if marker in line]

    def wait_for_gunicorn_request(self, marker: str) -> list[str]:
        """gunicorn logs a request just after answering it: wait (bounded) for its line."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            lines = self.gunicorn_requests(marker)
            if lines:
                return lines
            time.sleep(0.05)
        raise AssertionError(f"gunicorn logged no request with {marker!r} in {WAIT} s")

    def tls_socket(self) -> ssl.SSLSocket:
        context = ssl.create_default_context(cafile=str(self.cafile))
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=WAIT)
        return context.wrap_socket(raw, server_hostname="127.0.0.1")

    def webhook(self, marker: str, text: str = "hi") -> tuple[requests.Response, dict]:
        event = make_event("message", message={"type": "text", "id": "1", "text": text, "quoteToken": "q"})
        body = make_webhook_body(event)
        res = requests.post(
            f"{self.url}/line/webhook/?probe={marker}",
            data=body,
            headers={"Content-Type": "application/json", "X-Line-Signature": sign_body(body, SECRET)},
            verify=str(self.cafile),
            timeout=WAIT,
        )
        return res, event


WORKERS = {
    "one-sync-worker": ["--worker-class", "sync", "-w", "1"],
    "gthread": ["--worker-class", "gthread", "-w", "1", "--threads", "4"],  # the README's recommendation
}


@pytest.fixture(params=list(WORKERS))
def stack(request, tmp_path: Path, line_platform) -> Iterator[Stack]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LINE_", "LINEBOT_", "CELERY_"))
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_DEBUG="0",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        LINE_FAKE_PLATFORM_URL=line_platform.url,
    )
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stderr

    upstream, https, http = free_port(), free_port(), free_port()
    access_log = tmp_path / "gunicorn-access.log"
    gunicorn = start(
        [
            "-m",
            "gunicorn",
            "example_project.wsgi",
            "-b",
            f"127.0.0.1:{upstream}",
            *WORKERS[request.param],
            "--access-logfile",
            str(access_log),
            "--graceful-timeout",
            "2",
        ],
        env,
    )
    prefix = tmp_path / "nginx"
    for folder in ("logs", "tmp", "srv"):
        (prefix / folder).mkdir(parents=True)
    cert, key = self_signed(prefix)
    site = templated(
        CONF.read_text(), https=https, http=http, upstream=upstream, cert=cert, key=key, srv=prefix / "srv"
    )
    (prefix / "linebot.conf").write_text(site)
    temp = prefix / "tmp"
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {prefix}/linebot.conf;
}}
"""
    (prefix / "nginx.conf").write_text(main)
    nginx = subprocess.Popen(
        [
            NGINX,
            "-p",
            str(prefix),
            "-e",
            str(prefix / "logs" / "error.log"),
            "-c",
            str(prefix / "nginx.conf"),
            "-g",
            "daemon off;",
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=open(prefix / "logs" / "stderr.log", "w"),  # noqa: SIM115 (kept open for the process)
    )
    try:
        wait_for_port(upstream, gunicorn)
        try:
            wait_for_port(https, nginx, seconds=15)
        except RuntimeError:
            raise AssertionError((prefix / "logs" / "stderr.log").read_text()) from None
        yield Stack(f"https://127.0.0.1:{https}", https, cert, access_log)
    finally:
        stop(nginx, timeout=10)
        stop(gunicorn, timeout=10)


def read_status(sock: ssl.SSLSocket) -> tuple[int, bytes]:
    """The status and the head of the answer on a raw connection (bounded by the socket's timeout)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    status_line = data.split(b"\r\n", 1)[0]
    return int(status_line.split()[1]), data


def test_a_signed_webhook_passes_through(stack: Stack, line_platform) -> None:
    res, event = stack.webhook("normal", text="through nginx")
    assert res.status_code == 200, res.text
    assert res.json() == {"message": "OK"}  # Django's answer
    assert len(stack.wait_for_gunicorn_request("probe=normal")) == 1
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not line_platform.sent_messages:
        time.sleep(0.05)
    assert line_platform.sent_messages[0]["reply_token"] == event["replyToken"]
    assert line_platform.sent_messages[0]["messages"] == [{"type": "text", "text": "through nginx"}]


def test_an_oversized_body_gets_413_from_nginx_and_never_reaches_django(stack: Stack) -> None:
    too_big = 1024 * 1024 + 1  # one byte over client_max_body_size 1m = LINEBOT["MAX_BODY_SIZE"]
    with stack.tls_socket() as sock:
        sock.sendall(
            b"POST /line/webhook/?probe=oversized HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nX-Line-Signature: x\r\n"
            + f"Content-Length: {too_big}\r\n\r\n".encode()
        )
        status, head = read_status(sock)
    assert status == 413
    assert b"nginx" in head.lower()  # nginx's own page, not Django's JSON
    # A body of exactly the limit is let through to Django (which refuses its signature).
    res = requests.post(
        f"{stack.url}/line/webhook/?probe=at-limit",
        data=b"x" * (1024 * 1024),
        headers={"X-Line-Signature": "x"},
        verify=str(stack.cafile),
        timeout=WAIT,
    )
    assert res.status_code == 400 and res.json() == {"message": "invalid signature"}
    assert len(stack.wait_for_gunicorn_request("probe=at-limit")) == 1
    assert stack.gunicorn_requests("probe=oversized") == []  # logged before at-limit, had it reached gunicorn


def test_a_stalled_body_does_not_hold_the_gunicorn_worker(stack: Stack, line_platform) -> None:
    with stack.tls_socket() as slow:
        slow.sendall(
            b"POST /line/webhook/?probe=stalled HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nX-Line-Signature: x\r\nContent-Length: 1000\r\n\r\n"
            b'{"destinat'  # 10 of the 1,000 bytes declared, then nothing
        )
        # The single sync worker still answers a normal delivery while the stalled one hangs.
        res, event = stack.webhook("meanwhile", text="not blocked")
        assert res.status_code == 200, res.text
        assert stack.wait_for_gunicorn_request("probe=meanwhile")
        assert stack.gunicorn_requests("probe=stalled") == []  # nginx holds it, not gunicorn
