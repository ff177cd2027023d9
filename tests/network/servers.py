"""Misbehaving HTTP servers on 127.0.0.1, for the faults ``responses`` cannot fake.

``responses`` replaces the transport, so urllib3 never retries a connection
error there and no socket ever times out. These servers are real sockets:

- ``Loopback``: a scripted HTTP server. Each path answers from a queue (the
  last answer repeats); an answer is ``(status, headers, body)`` or one of the
  behaviours below, which take the request handler.
- ``Blackhole``: a port whose listen queue is full, so a connection attempt is
  never accepted and times out (a connect timeout, without any internet).
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], None]

# Set when a server shuts down, so handlers that stall on purpose let go.
_STOP = threading.Event()


class Loopback:
    """Scripted answers by path; every request is recorded: its path in
    ``hits``, its path and headers in ``requests``."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.hits: list[str] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.port = 0
        self._lock = threading.Lock()

    def route(self, path: str, *answers: Answer) -> str:
        """Answer ``path`` (with its query) with ``answers`` in turn; return its URL."""
        self.routes[path] = list(answers)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits_on(self, path: str) -> int:
        return self.hits.count(path)

    def answer(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        with self._lock:
            self.hits.append(path)
            self.requests.append((path, headers or {}))
            queue = self.routes.get(path) or [(404, {}, b"not here")]
            return queue.pop(0) if len(queue) > 1 else queue[0]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        loopback = self.server.loopback  # type: ignore[attr-defined]
        answer = loopback.answer(self.path, dict(self.headers))
        if callable(answer):
            answer(self)
            return
        status, headers, body = answer
        send(self, status, headers, body)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    headers: dict[str, str],
    body: bytes,
) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def loopback_server() -> Iterator[Loopback]:
    scripted = Loopback()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.loopback = scripted  # type: ignore[attr-defined]
    scripted.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    _STOP.clear()
    thread.start()
    try:
        yield scripted
    finally:
        _STOP.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- behaviours -------------------------------------------------------------------


def json_answer(body: str, status: int = 200) -> Answer:
    return (status, {"Content-Type": "application/json; charset=utf-8"}, body.encode())


def html_answer(body: str, status: int = 200) -> Answer:
    return (status, {"Content-Type": "text/html; charset=utf-8"}, body.encode())


def never_answer(handler: BaseHTTPRequestHandler) -> None:
    """Accept the request and say nothing (until the server stops)."""
    _STOP.wait(30)
    handler.close_connection = True


def answer_after(seconds: float, answer: Answer) -> Answer:
    """Answer, but only after ``seconds``: slower than a short read timeout."""

    def late(handler: BaseHTTPRequestHandler) -> None:
        if _STOP.wait(seconds):
            return
        if callable(answer):
            answer(handler)
        else:
            try:
                send(handler, *answer)
            except OSError:  # the client gave up waiting
                handler.close_connection = True

    return late


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close with a TCP reset (RST) before any response: the client reads
    "Connection reset by peer"."""
    handler.connection.setsockopt(
        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
    )
    handler.connection.close()  # linger 0: RST, not FIN
    handler.close_connection = True


def hang_up(handler: BaseHTTPRequestHandler) -> None:
    """Close cleanly (FIN) before any response: "Remote end closed connection"."""
    handler.close_connection = True


def truncated(body: bytes, promised: int) -> Answer:
    """Promise ``promised`` bytes (Content-Length), send ``body``, hang up."""

    def cut(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(promised))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    return cut


def drip(body: bytes, every: float) -> Answer:
    """Send the headers, then the body one byte every ``every`` seconds: each
    read gets something in time, so only a deadline on the whole body stops it."""

    def slow(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            for i in range(len(body)):
                if _STOP.wait(every):
                    return
                handler.wfile.write(body[i : i + 1])
                handler.wfile.flush()
        except OSError:  # the client gave up
            pass
        handler.close_connection = True

    return slow


def endless(handler: BaseHTTPRequestHandler) -> None:
    """A body that never ends (chunked), until the client hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"[" + b"0," * 32768
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    try:
        while not _STOP.is_set():
            handler.wfile.write(frame)
    except OSError:
        pass
    handler.close_connection = True


def redirect(to: str, status: int = 302) -> Answer:
    return (status, {"Location": to}, b"")


# --- a port that never accepts ----------------------------------------------------


class Blackhole:
    """A listening socket whose accept queue is full: connecting times out.

    Linux drops a SYN when the queue is full (tcp_abort_on_overflow is 0), so
    the client keeps waiting, as for a host that has gone away.
    """

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port = self.listener.getsockname()[1]
        self.fillers: list[socket.socket] = []
        for _ in range(4):  # backlog 0 still queues one or two
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self.fillers.append(filler)
        time.sleep(0.1)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        for sock in [*self.fillers, self.listener]:
            sock.close()


@contextmanager
def blackhole() -> Iterator[Blackhole]:
    hole = Blackhole()
    try:
        yield hole
    finally:
        hole.close()


def closed_port() -> int:
    """A port nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
