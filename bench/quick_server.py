"""A minimal keep-alive HTTP server on 127.0.0.1 that answers every request with ``{}`` at once.

Client benchmarks talk to it, so the time measured is the client's, not a server's.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PUSH_ANSWER = b'{"sentMessages":[{"id":"461230966842064897","quoteToken":"IStG5h1Tz7b"}]}'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, with no 40 ms delayed-ACK stall
    wbufsize = 64 * 1024

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        # A push answers with its sent messages, as LINE does (line-bot-sdk refuses a push answer without).
        body = PUSH_ANSWER if self.path.endswith("/message/push") else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-line-request-id", "bench")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


class _Server(ThreadingHTTPServer):
    # The async benchmark opens 100 connections at once: the default backlog of 5 would reset some.
    request_queue_size = 1024


class QuickServer:
    def __enter__(self) -> QuickServer:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
