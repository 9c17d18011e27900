"""A real HTTP server on loopback that receives webhooks, for the delivery tests: it records
every request and answers as the test tells it (a status, or a delay past the sender's
timeout)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import msgspec


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered

    @property
    def event(self) -> dict:
        return msgspec.json.decode(self.body)


class Receiver:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self._server = server
        self.received: list[Received] = []
        self.plan: deque[int | float] = deque()  # an int: answer that status; a float: sleep
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, *steps: int | float) -> None:
        """What the next requests get, in turn; afterwards, 200."""
        self.plan.extend(steps)

    def paths(self, path: str) -> list[Received]:
        """What arrived at `path` and was accepted (answered 2xx)."""
        with self.lock:
            return [r for r in self.received if r.path == path and r.status < 300]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with receiver.lock:
                step = receiver.plan.popleft() if receiver.plan else 200
            if isinstance(step, float):
                time.sleep(step)  # past the sender's timeout: it has given up by now
                step = 200
            else:
                with receiver.lock:
                    receiver.received.append(Received(self.path, dict(self.headers), body, step))
            self.send_response(step)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if step < 300 else b"receiver says no")

        def log_message(self, *args: object) -> None:
            """No access log on the test's output."""

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A sender that timed out has hung up: writing the late answer fails, as it should."""


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    server = _QuietServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    receiver = Receiver(server)
    server.RequestHandlerClass = _handler(receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
