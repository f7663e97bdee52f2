"""``LineBotApi``: the LINE Messaging API client.

Every operation of LINE's client OpenAPI documents is a method of
:class:`~django_linebot.sdk.operations.Operations`, named after its ``operationId`` in snake_case,
with the Perl SDK ``LINE::Bot::API``'s names as aliases; all of them send through one request path,
:meth:`LineBotApi._request`. The async twin is :class:`django_linebot.sdk.aio.AsyncLineBotApi`.
"""

from __future__ import annotations

import functools
import http.client
import logging
import os
import socket
import ssl
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from requests.structures import CaseInsensitiveDict
from requests.utils import get_environ_proxies
from urllib3.exceptions import ReadTimeoutError

from . import signature as _signature
from .content import ContentResponse
from .endpoints import Endpoint
from .errors import LineBotNetworkError, LineBotTimeoutError
from .events import Event, parse_events_from_json
from .flow import Call, Failed, log_answer, prepare, run, tries, wrap
from .operations import JWT_ASSERTION_TYPE, Json, Messages, Operations, Target, _drop_none, _seg
from .response import LineBotResponse
from .retry import RetryPolicy
from .secret import Secret, reveal

logger: logging.Logger = logging.getLogger("django_linebot.sdk")

API_ENDPOINT = "https://api.line.me"
API_DATA_ENDPOINT = "https://api-data.line.me"
#: The host of the module attach call (``attach_module``).
MANAGER_ENDPOINT = "https://manager.line.biz"
#: (connect, read) seconds. LINE answers in well under a second; a hung
#: connection must not hold a worker for ever.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)
_CHUNK = 64 * 1024


@functools.cache
def user_agent() -> str:
    """``django-linebot/<version>``: the installed distribution's version, else the package's own."""
    from importlib.metadata import version

    try:
        release = version("django-linebot")
    except (ImportError, ValueError, OSError):  # not installed (PackageNotFoundError), broken metadata
        from .. import __version__ as release
    return f"django-linebot/{release}"


class BearerAuth(AuthBase):
    """Sets ``Authorization: Bearer <token>`` on a request as ``requests`` prepares it.

    The token lives only here (its ``repr`` is masked), so no header dict in any of
    the client's frames holds it, and a traceback or error report cannot show it.
    """

    __slots__ = ("token",)

    def __init__(self, token: str | None) -> None:
        self.token: str | None = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request

    def __repr__(self) -> str:
        return "<BearerAuth ********>"


def _where(base: str) -> tuple[str, str]:
    """``(endpoint without any user:password, "host:port")``, for error messages."""
    parts = urlsplit(base)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    default_ports: dict[str, int | str] = {"https": 443, "http": 80}
    port: int | str
    try:
        port = parts.port or default_ports.get(parts.scheme, "")
    except ValueError:  # a port that is not a number: requests refused the URL itself
        port = ""
    return (
        f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}",
        f"{host}:{port}" if port else host,
    )


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it wraps (urllib3's ``reason``, ``args``, causes), breadth first, bounded."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo and len(seen) < 16:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo.extend((getattr(item, "reason", None), item.__cause__, item.__context__, *item.args))
    return seen


def _seconds(timeout: float | tuple[float, float], which: int) -> float:
    return timeout[which] if isinstance(timeout, tuple) else timeout


def _cause(exc: BaseException, host_port: str) -> str:
    """What went wrong on the way to ``host_port``, in a few words (never the URL's query or a header)."""
    chain = _chain(exc)

    def first(*kinds: type[BaseException]) -> BaseException | None:
        return next((e for e in chain if isinstance(e, kinds)), None)

    if (err := first(ssl.SSLError)) is not None:
        return f"TLS with {host_port} failed ({getattr(err, 'reason', None) or type(err).__name__})"
    if first(requests.exceptions.SSLError) is not None:
        return f"TLS with {host_port} failed"
    if first(requests.exceptions.ProxyError) is not None:
        return f"the proxy failed to connect to {host_port}"
    if first(ConnectionRefusedError) is not None:
        return f"cannot connect to {host_port} (connection refused)"
    if first(socket.gaierror) is not None:
        return f"cannot resolve {host_port.rpartition(':')[0] or host_port} (DNS lookup failed)"
    if first(ConnectionResetError) is not None:
        return f"{host_port} reset the connection"
    if first(http.client.RemoteDisconnected) is not None:
        return f"{host_port} closed the connection without answering"
    if first(requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
        return f"the answer from {host_port} was cut off ({type(exc).__name__})"
    strerror = next((e.strerror for e in chain if isinstance(e, OSError) and e.strerror), None)
    if strerror:  # requests' own errors are OSErrors too, but without a strerror
        return f"cannot connect to {host_port} ({str(strerror).lower()})"
    return f"connection to {host_port} failed ({type(exc).__name__})"


def _network_error(
    method: str,
    base: str,
    path: str,
    exc: requests.RequestException,
    timeout: float | tuple[float, float],
    failed: str = "failed",
) -> LineBotNetworkError:
    """The typed error for a request that got no (complete) answer: method, URL, host and cause.

    ``failed`` says when: ``"failed"`` before any answer, ``"broke off"`` while reading it.
    """
    url, host_port = _where(base)
    what = f"{method} {url}{path}"
    if isinstance(exc, requests.ConnectTimeout):
        return LineBotTimeoutError(
            f"{what} timed out: no connection to {host_port}"
            f" within the {_seconds(timeout, 0)}s connect timeout"
        )
    if any(isinstance(e, requests.ReadTimeout | ReadTimeoutError | TimeoutError) for e in _chain(exc)):
        return LineBotTimeoutError(
            f"{what} timed out: {host_port} did not answer within the {_seconds(timeout, 1)}s read timeout"
        )
    return LineBotNetworkError(f"{what} {failed}: {_cause(exc, host_port)}")


class LineBotApi(Operations):
    """A client for one LINE channel.

    ``LineBotApi(channel_secret=..., channel_access_token=...)``. One pooled
    :class:`requests.Session` serves every call; ``timeout`` is ``(connect, read)``
    seconds or one number for both; ``api_endpoint`` and ``api_data_endpoint``
    point the client elsewhere (a proxy, or the fake platform in tests).

    Calls return a :class:`~django_linebot.sdk.LineBotResponse`; call its
    ``raise_for_status()`` to turn a refusal into a typed
    :class:`~django_linebot.sdk.LineBotApiError`, or make the client with
    ``raise_errors=True`` to have every call raise it on a refusal. A request that gets no HTTP
    answer at all raises :class:`LineBotNetworkError` or :class:`LineBotTimeoutError`, whose
    message names the URL, the host and the cause (``cannot connect to 127.0.0.1:9 (connection
    refused)``, ``... did not answer within the 30.0s read timeout``).

    Credentials never show: the token is kept in a masked :class:`BearerAuth`, the secret in a
    :class:`~django_linebot.sdk.secret.Secret` (either may be given as a ``Secret``), so neither
    the client's ``repr`` nor any frame of a traceback holds them. Every request carries
    ``User-Agent: django-linebot/<version>`` (``user_agent`` attribute).

    The environment is read once, as by the async client and line-bot-sdk: ``REQUESTS_CA_BUNDLE``
    (or ``CURL_CA_BUNDLE``) when the client is made, each endpoint's proxies (``HTTPS_PROXY``,
    ``HTTP_PROXY``, ``NO_PROXY``) at its first call; ``~/.netrc`` is not read. A ``session`` given
    to the client is used as it is.

    ``retry=RetryPolicy()`` (:mod:`django_linebot.sdk.retry`) retries what is safe to repeat (GET,
    PUT, DELETE, and a POST with a retry key) after a 429, a 5xx or a lost connection, honouring
    ``Retry-After``; without it (the default) every call is sent once.
    """

    def __init__(
        self,
        channel_secret: str | Secret | None = None,
        channel_access_token: str | Secret | None = None,
        api_endpoint: str | None = None,
        api_data_endpoint: str | None = None,
        timeout: float | tuple[float, float] | None = None,
        session: requests.Session | None = None,
        pool_maxsize: int = 20,
        raise_errors: bool = False,
        retry: RetryPolicy | None = None,
        manager_endpoint: str | None = None,
    ) -> None:
        self.channel_secret = channel_secret
        self.channel_access_token = channel_access_token
        #: True: every call raises the typed LineBotApiError when LINE refuses it.
        self.raise_errors = raise_errors
        #: Sent as ``User-Agent`` with every request.
        self.user_agent: str = user_agent()
        self.api_endpoint: str = (api_endpoint or API_ENDPOINT).rstrip("/")
        self.api_data_endpoint: str = (api_data_endpoint or API_DATA_ENDPOINT).rstrip("/")
        self.manager_endpoint: str = (manager_endpoint or MANAGER_ENDPOINT).rstrip("/")
        #: Retries for direct SDK users (None: every call is sent once).
        self.retry = retry
        self.timeout: float | tuple[float, float] = DEFAULT_TIMEOUT if timeout is None else timeout
        own: requests.Session | None = None
        if session is None:
            session = own = requests.Session()
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_maxsize)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            # The environment is read here, not at every call (requests' ``trust_env`` walks os.environ
            # twice and looks for ~/.netrc per request: profiled, a third of a reply's client CPU):
            # the CA bundle now, each endpoint's proxies (HTTPS_PROXY, NO_PROXY, ...) at its first call.
            session.trust_env = False
            session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        self.session = session
        self._own_session = own  # None: the caller's session, used as it is (see _transmit)
        self._proxies: dict[str, dict[str, str]] = {}

    @property
    def channel_secret(self) -> str | None:
        """The channel secret (kept masked inside the client; accepts a ``str`` or a :class:`Secret`)."""
        return reveal(self._secret)

    @channel_secret.setter
    def channel_secret(self, secret: str | Secret | None) -> None:
        self._secret = None if secret is None else Secret(secret)

    @property
    def channel_access_token(self) -> str | None:
        """The bearer token (kept in a masked :class:`BearerAuth`; accepts a ``str`` or a :class:`Secret`)."""
        return self._auth.token

    @channel_access_token.setter
    def channel_access_token(self, token: str | Secret | None) -> None:
        self._auth = BearerAuth(reveal(token))

    def __repr__(self) -> str:
        return f"<LineBotApi {self.api_endpoint}>"

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()

    def __enter__(self) -> LineBotApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ core

    def _request(
        self,
        endpoint: Endpoint,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        form: Mapping[str, Any] | None = None,
        body: bytes | None = None,
        files: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        retry_key: str | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        to: Target = None,
    ) -> LineBotResponse:
        # No local here ever holds a credential: the token goes in through the masked
        # BearerAuth, form fields that are credentials through a SecretForm, and a failure
        # is raised by the flow outside any ``except``, so the traceback carries no requests frames.
        base = self._base(endpoint.host)
        call = prepare(endpoint, base, path, self.user_agent, content_type, retry_key, headers, to)
        data = form if form is not None else body
        send = functools.partial(self._try, call, params, json, data, files, auth)
        return run(tries(call, self.retry, self.raise_errors), send, self.retry)

    def _try(
        self,
        call: Call,
        params: Mapping[str, Any] | None,
        json: Any,
        data: Mapping[str, Any] | bytes | None,
        files: Mapping[str, Any] | None,
        auth: bool,
    ) -> LineBotResponse | Failed:
        """Send ``call`` once: the response, or the network error of a try that got no (complete) answer."""
        parts = {"params": params or {}, "json": json, "data": data or {}, "files": files}
        try:
            resp = self._transmit(call, parts, self._auth if auth else None)
        except requests.RequestException as exc:
            return Failed(_network_error(call.method, call.base, call.path, exc, self.timeout))
        try:
            return self._response(resp, call)
        except requests.RequestException as exc:
            error = _network_error(call.method, call.base, call.path, exc, self.timeout, "broke off")
            return Failed(error, broke_off=True)
        finally:
            resp.close()

    def _sends_own(self) -> bool:
        """Whether calls skip ``Session.request`` (see :meth:`_transmit`): the own session, left as made."""
        session = self.session
        return (
            session is self._own_session
            and not session.trust_env
            and not session.auth
            and not session.params
            and not session.proxies
        )

    def _transmit(self, call: Call, parts: dict[str, Any], auth: AuthBase | None) -> requests.Response:
        """Send ``call`` once through the session (``parts``: its ``params``, ``json``, ``data``, ``files``).

        The client's own session, left as made (:meth:`_sends_own`), does not go through
        ``Session.request``: that merges the session's ``auth``, ``params``, ``proxies`` and the
        environment into every call, through two new cookie jars and seven ``isinstance`` checks
        against typing Protocols (profiled: a fifth of a reply's client CPU), and the own session has
        none of them. The request is prepared with the session's headers, cookies and hooks and sent
        with its ``verify`` and ``cert``: the same bytes on the wire (``tests/sdk/test_client_wire.py``).
        """
        session = self.session
        proxies = self._proxies_for(call.base)
        if not self._sends_own():
            return session.request(
                call.method,
                call.url,
                **parts,
                headers=call.headers,
                auth=auth,
                timeout=self.timeout,
                stream=call.download,
                proxies=proxies,
            )
        headers = CaseInsensitiveDict(session.headers)
        headers.update(call.headers)
        prepared = requests.PreparedRequest()
        prepared.prepare(
            method=call.method,
            url=call.url,
            headers=headers,
            **parts,
            auth=auth,
            cookies=session.cookies,
            hooks=session.hooks,
        )
        return session.send(
            prepared,
            timeout=self.timeout,
            allow_redirects=True,
            proxies=proxies or {},
            stream=call.download,
            verify=session.verify,
            cert=session.cert,
        )

    def _proxies_for(self, base: str) -> dict[str, str] | None:
        """The environment's proxies for ``base``, read on its first call (None: the session reads them)."""
        if self.session.trust_env:  # a session given by the caller: requests reads the environment per call
            return None
        proxies = self._proxies.get(base)
        if proxies is None:
            proxies = self._proxies[base] = get_environ_proxies(base)
        return proxies

    def _response(self, resp: requests.Response, call: Call) -> LineBotResponse:
        status = resp.status_code
        headers = resp.headers
        log_answer(call, status, headers)
        if call.download and status == 200:
            ctype = headers.get("Content-Type", "")
            if call.to is None:
                return ContentResponse(status, headers, content=resp.content, content_type=ctype)
            return self._stream_to(resp, call.to, ctype)
        return wrap(call, status, headers, resp.content, self._response_class(call.endpoint.response))

    @staticmethod
    def _stream_to(resp: requests.Response, to: Target, ctype: str) -> LineBotResponse:
        path: str | None = None
        if hasattr(to, "write"):
            out = to
            for chunk in resp.iter_content(_CHUNK):
                out.write(chunk)  # type: ignore[union-attr]
        else:
            path = os.fspath(to)  # type: ignore[arg-type]
            with open(path, "wb") as fh:
                for chunk in resp.iter_content(_CHUNK):
                    fh.write(chunk)
        return ContentResponse(resp.status_code, resp.headers, content_type=ctype, path=path)

    # -------------------------------------------------------------- webhook

    def validate_signature(self, body: bytes | str, signature: str | None) -> bool:
        """Check ``X-Line-Signature`` against this channel's secret (constant time)."""
        if not self.channel_secret:
            return False
        return _signature.validate_signature(body, signature, self.channel_secret)

    @staticmethod
    def parse_events_from_json(body: bytes | str) -> list[Event]:
        """Typed events from a webhook body (see :mod:`django_linebot.sdk.events`)."""
        return parse_events_from_json(body)


__all__ = [
    "API_DATA_ENDPOINT",
    "API_ENDPOINT",
    "DEFAULT_TIMEOUT",
    "JWT_ASSERTION_TYPE",
    "MANAGER_ENDPOINT",
    "BearerAuth",
    "Json",
    "LineBotApi",
    "Messages",
    "RetryPolicy",
    "Target",
    "_drop_none",
    "_seg",
    "user_agent",
]
