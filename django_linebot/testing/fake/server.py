"""The fake platform's HTTP server: it records each request, injects faults, checks the request against
LINE's OpenAPI documents (when given them), finds the channel of its access token, and answers from
the route table, or from its own ``/_fake/`` endpoints."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..openapi import SpecValidator
from . import audiences, channel, insight, messages, more, richmenus, tokens  # noqa: F401 - their routes
from .faults import RANDOM_KINDS, Fault, FaultPlan
from .routing import AUTH_FAILED, ROUTES, RecordedRequest, Reply
from .state import DEFAULT_CHANNEL, SETTABLE, PlatformState

#: Documented LINE endpoints missing from the OpenAPI documents we validate against.
OUTSIDE_SPEC = {
    ("GET", "/v2/bot/audienceGroup/authorityLevel"),
    ("PUT", "/v2/bot/audienceGroup/authorityLevel"),
}
#: The prefix of the fake's own endpoints (not LINE's): not recorded, never faulted, no token asked.
CONTROL_PREFIX = "/_fake/"

Answer = tuple[int, Any, dict[str, str]]


class FakeLinePlatform(PlatformState):
    """The fake platform. ``start()``/``stop()`` or use it as a context manager.

    ``access_tokens``: the bearer tokens accepted (``None``: any non-empty one); ``channel_secrets``:
    the secret of each channel ID (to sign the webhook test delivery); ``channel_tokens``: the channel
    ID of each access token (a token not named is the default channel's). The last two survive
    :meth:`reset`; what :meth:`add_channel` says does not.
    """

    def __init__(
        self,
        spec_dir: str | None = None,
        access_tokens: set[str] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        seed: int = 0,
        channel_secrets: Mapping[str, str] | None = None,
        channel_tokens: Mapping[str, str] | None = None,
    ) -> None:
        self.validator = SpecValidator(spec_dir) if spec_dir else None
        self.access_tokens = access_tokens
        self._host, self._port = host, port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.fault_plan = FaultPlan(seed)
        super().__init__(seed, channel_secrets, channel_tokens)

    # ------------------------------------------------------------- control

    def reset(self) -> None:
        """Forget every request, message, rich menu, token and fault, on every channel."""
        with self._lock:
            self.reset_state()
            self.fault_plan.clear()

    def start(self) -> FakeLinePlatform:
        platform = self

        class Handler(_Handler):
            fake = platform

        self._server = ThreadingHTTPServer((self._host, self._port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-line", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeLinePlatform:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake platform first"
        host, port = self._server.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    # -------------------------------------------------------------- faults

    @property
    def faults(self) -> list[Fault]:
        return self.fault_plan.faults

    @property
    def fault_rate(self) -> float:
        return self.fault_plan.rate

    @property
    def rate_limits(self) -> dict[str, tuple[int, float]]:
        return self.fault_plan.rate_limits

    def add_fault(self, **kwargs: Any) -> Fault:
        """Inject a :class:`Fault` (``status=500``, ``delay=2``, ``drop="after"``, ``times=3``...)."""
        return self.fault_plan.add(Fault(**kwargs))

    def set_fault_rate(self, rate: float, kinds: tuple[str, ...] = ("500", "429", "drop")) -> None:
        """Fail about ``rate`` of send requests at random with one of ``kinds``
        (``"500"``, ``"429"``, ``"timeout"``, ``"drop"``, ``"drop_after"``)."""
        self.fault_plan.set_rate(rate, kinds)

    def set_rate_limit(self, path_regex: str, limit: int, per_seconds: float = 1.0) -> None:
        """Answer 429 once more than ``limit`` requests hit ``path_regex`` within ``per_seconds``."""
        self.fault_plan.set_rate_limit(path_regex, limit, per_seconds)

    # ------------------------------------------------------------ requests

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path and (method is None or r.method == method)]

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            return self.requests[-1]

    def handle(self, req: RecordedRequest) -> Answer:
        """Answer one request: (status, JSON body or (content type, bytes), headers)."""
        if req.path.startswith(CONTROL_PREFIX):
            return self._control(req)
        if self.validator is not None and (req.method, req.path) not in OUTSIDE_SPEC:
            body = req.json if req.json is not None else req.form
            if body is None and req.body:
                body = req.body
            op, errors = self.validator.check(
                req.method, req.path, req.query, req.header("content-type"), body
            )
            req.operation_id = op.operation_id if op else None
            req.spec_errors = errors
            if op is None:
                return 404, {"message": "Not found"}, {}
            if errors:
                details = [{"message": e, "property": e.split(":")[0]} for e in errors]
                return 400, {"message": "The request body has 1 error(s)", "details": details}, {}
        for route in ROUTES:
            if route.method != req.method:
                continue
            match = route.regex.match(req.path)
            if not match:
                continue
            ch = self.channel()
            if route.auth:
                auth = req.header("authorization") or ""
                token = auth[7:] if auth.startswith("Bearer ") else ""
                known = self.access_tokens
                if (
                    not token
                    or token == "None"
                    or (
                        known is not None
                        and token not in known
                        and token not in self.issued_tokens
                        and token not in self.token_channels
                    )
                ):
                    return 401, {"message": AUTH_FAILED}, {}
                ch = self.channel_of_token(token)
                req.channel = ch.channel_id
            if self.fault_plan.rate_limited(req.path):
                return 429, {"message": "Too many requests"}, {}
            try:
                if route.locked:
                    with self._lock:
                        result = route.func(ch, req, *match.groups())
                else:
                    result = route.func(ch, req, *match.groups())
            except Reply as reply:
                return reply.status, reply.body, reply.headers
            if isinstance(result, tuple):
                return result
            return 200, result if result is not None else {}, {}
        return 404, {"message": "Not found"}, {}

    # ------------------------------------------------------- /_fake/ endpoints

    def _control(self, req: RecordedRequest) -> Answer:
        handler = _CONTROL.get((req.method, req.path.removeprefix(CONTROL_PREFIX).rstrip("/")))
        if handler is None:
            return 404, {"message": f"no {req.method} {req.path} on the fake (see its docstring)"}, {}
        try:
            with self._lock:
                status, body, headers = handler(self, req)
                # a copy taken under the lock: the answer is written after it is released
                return status, json.loads(json.dumps(body)), headers
        except ValueError as exc:
            return 400, {"message": str(exc)}, {}

    def _since(self, req: RecordedRequest) -> int:
        try:
            since = int(req.query.get("since") or 0)
        except ValueError:
            raise ValueError("since: a number of entries to skip") from None
        if since < 0:
            raise ValueError("since: 0 or more")
        return since

    def _body(self, req: RecordedRequest) -> dict[str, Any]:
        if req.json is None and req.body:
            raise ValueError("the body must be JSON (Content-Type: application/json)")
        body = req.json if req.json is not None else {}
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object")
        return body

    def _named_channel(self, value: Any) -> str:
        if value is None:
            return DEFAULT_CHANNEL
        if not isinstance(value, str) or not value:
            raise ValueError("channel: a channel ID (a string)")
        return value

    def _get_sent(self, req: RecordedRequest) -> Answer:
        since = self._since(req)
        sent = [{k: v for k, v in m.items() if k != "body"} for m in self.sent_messages[since:]]
        return 200, {"sent": sent, "next": since + len(sent)}, {}

    def _get_requests(self, req: RecordedRequest) -> Answer:
        since = self._since(req)
        found = [r.summary() for r in self.requests[since:]]
        return 200, {"requests": found, "next": since + len(found)}, {}

    def _get_state(self, req: RecordedRequest) -> Answer:
        if "channel" in req.query:
            return 200, self.channel(self._named_channel(req.query["channel"])).snapshot(), {}
        self.channel()  # the default channel is always listed
        return (
            200,
            {
                "default_channel": DEFAULT_CHANNEL,
                "now": self.now(),
                "channels": {cid: ch.snapshot() for cid, ch in self.channels.items()},
            },
            {},
        )

    def _set_state(self, req: RecordedRequest) -> Answer:
        body = dict(self._body(req))
        channel_id = self._named_channel(body.pop("channel", None))
        access_tokens = body.pop("access_tokens", [])
        if not isinstance(access_tokens, list) or not all(isinstance(t, str) and t for t in access_tokens):
            raise ValueError("access_tokens: a list of access tokens")
        for name, value in body.items():
            if name not in SETTABLE:
                raise ValueError(f"{name}: not settable; send some of {sorted(SETTABLE)}")
            if isinstance(value, bool) or not isinstance(value, SETTABLE[name]):
                raise ValueError(f"{name}: {type(value).__name__} is not of the right type")
        ch = self.add_channel(channel_id, access_tokens=access_tokens)
        for name, value in body.items():
            setattr(ch, name, value)
        return 200, ch.snapshot(), {}

    def _set_clock(self, req: RecordedRequest) -> Answer:
        body = self._body(req)
        if "advance" in body:
            seconds = body["advance"]
            if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
                raise ValueError("advance: seconds, 0 or more")
            self.advance(seconds)
        elif "now" in body:
            now = body["now"]
            if now is not None and (isinstance(now, bool) or not isinstance(now, int | float)):
                raise ValueError("now: a Unix timestamp, or null for the real clock")
            self.set_time(now)
        else:
            raise ValueError('send {"advance": seconds} or {"now": timestamp or null}')
        return 200, {"now": self.now()}, {}

    def _add_reply_tokens(self, req: RecordedRequest) -> Answer:
        body = self._body(req)
        channel_id = self._named_channel(body.get("channel"))
        reply_tokens = body.get("tokens")
        if not isinstance(reply_tokens, list) or not all(isinstance(t, str) and t for t in reply_tokens):
            raise ValueError("tokens: a list of reply tokens")
        for token in reply_tokens:
            self.register_reply_token(token, channel_id)
        return 201, {"registered": len(reply_tokens)}, {}

    def _get_faults(self, req: RecordedRequest) -> Answer:
        faults = [f.as_json() for f in self.fault_plan.faults]
        return 200, {"faults": faults, "rate": self.fault_plan.rate, "kinds": list(self.fault_plan.kinds)}, {}

    def _add_fault(self, req: RecordedRequest) -> Answer:
        body = self._body(req)
        if "rate" in body:
            rate, kinds = body.get("rate"), body.get("kinds", ["500", "429", "drop"])
            if isinstance(rate, bool) or not isinstance(rate, int | float) or not isinstance(kinds, list):
                raise ValueError(f"rate: a number from 0 to 1, kinds: a list among {list(RANDOM_KINDS)}")
            self.fault_plan.set_rate(float(rate), tuple(kinds))
            return self._get_faults(req)
        fault = self.fault_plan.add(Fault.from_json(body))
        return 201, fault.as_json(), {}

    def _clear_faults(self, req: RecordedRequest) -> Answer:
        self.fault_plan.clear()
        return 200, {}, {}

    def _reset(self, req: RecordedRequest) -> Answer:
        self.reset()
        return 200, {}, {}


_CONTROL: dict[tuple[str, str], Callable[[FakeLinePlatform, RecordedRequest], Answer]] = {
    ("GET", "sent"): FakeLinePlatform._get_sent,
    ("GET", "requests"): FakeLinePlatform._get_requests,
    ("GET", "state"): FakeLinePlatform._get_state,
    ("POST", "state"): FakeLinePlatform._set_state,
    ("POST", "clock"): FakeLinePlatform._set_clock,
    ("POST", "reply-tokens"): FakeLinePlatform._add_reply_tokens,
    ("GET", "faults"): FakeLinePlatform._get_faults,
    ("POST", "faults"): FakeLinePlatform._add_fault,
    ("DELETE", "faults"): FakeLinePlatform._clear_faults,
    ("POST", "reset"): FakeLinePlatform._reset,
}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, with no 40 ms delayed-ACK stall
    wbufsize = 64 * 1024
    fake: FakeLinePlatform

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = RecordedRequest(
            self.command,
            parts.path,
            {k: v[-1] for k, v in parse_qs(parts.query).items()},
            headers,
            body,
            request_id=str(uuid.uuid4()),
        )
        ctype = headers.get("content-type", "")
        if body and ctype.startswith("application/json"):
            try:
                req.json = json.loads(body)
            except ValueError:
                req.json = None
        elif body and ctype.startswith("application/x-www-form-urlencoded"):
            req.form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        fault = None
        if not req.path.startswith(CONTROL_PREFIX):
            with self.fake._lock:
                self.fake.requests.append(req)
            fault = self.fake.fault_plan.pick(req.method, req.path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop == "before":
            self.close_connection = True
            self.connection.close()
            return
        if fault and fault.status and not fault.drop:
            status, payload, extra = (
                fault.status,
                fault.body or {"message": _phrase(fault.status)},
                fault.headers,
            )
        else:
            status, payload, extra = self.fake.handle(req)
        if fault and fault.drop == "after":
            self.close_connection = True
            self.connection.close()
            return
        req.status = status
        if isinstance(payload, tuple):
            ctype_out, raw = payload
        else:
            ctype_out, raw = "application/json", json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype_out)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("x-line-request-id", req.request_id)
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_PUT = do_DELETE = _serve
