"""A hostile website on the loopback range, for the crawler's regression tests (#27): each path is
answered by a function that writes whatever it likes to the socket (wrong headers, nested
encodings, a byte a second). 127.0.0.2 and 127.0.0.3 stand in for other hosts."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from tests.wordpress_site import serving

Answer = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Hostile:
    """Routes (a path, or a path with its query) and every path requested, in order."""

    routes: dict[str, Answer] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    base: str = ""


def send(status: int, body: bytes, headers: dict[str, str] | None = None) -> Answer:
    """An ordinary answer, with any headers (a Content-Encoding the body does not have, say)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Type": "text/html", **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def trickle(stop: threading.Event, *, headers_too: bool = False, every: float = 0.2) -> Answer:
    """A byte every `every` seconds until the test ends: in the headers, or in the body."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
        try:
            if not headers_too:
                handler.wfile.write(head)
                head = b"x" * 100000
            for byte in head:
                if stop.wait(every):
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
        except OSError:
            return  # the client gave up

    return answer


@contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[Hostile]:
    state = Hostile()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requested.append(self.path)
            answer = state.routes.get(self.path) or state.routes.get(self.path.split("?", 1)[0])
            (answer or send(404, b"not found"))(self)

    with serving(Handler, host) as state.base:
        yield state
