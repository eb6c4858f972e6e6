"""A local HTTP server that plays a model download site (ranges, cancels, Google Drive pages), for the download tests."""
from __future__ import annotations

import contextlib
import hashlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from pipeline.registry import ModelSpec

PAYLOAD = bytes(range(256)) * 1200  # 307200 bytes of fake weights
PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()
WAIT_S = 10.0  # a deadline for a stuck test, not a speed check


@dataclass
class Reply:
    body: bytes = PAYLOAD
    status: int = 200
    content_type: str = "application/octet-stream"
    headers: dict[str, str] = field(default_factory=dict)
    ranges: bool = True  # answer Range requests with 206
    gate: threading.Event | None = None  # send the first half of the body, wait for this, then the rest


Route = Callable[[dict[str, str]], Reply]


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


class FakeServer:
    """A threaded HTTP server on 127.0.0.1; ``routes`` maps a path to a function of the query."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                server.seen.append(Seen(parts.path, query, dict(self.headers)))
                route = server.routes.get(parts.path)
                reply = route(query) if route else Reply(b"not found", 404, "text/plain")
                body, status, content_range = reply.body, reply.status, ""
                wanted = self.headers.get("Range")
                if status == 200 and reply.ranges and wanted:
                    start = int(wanted.removeprefix("bytes=").split("-")[0])
                    if start >= len(body):
                        self.send_response(416)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    status, body = 206, body[start:]
                    content_range = f"bytes {start}-{len(reply.body) - 1}/{len(reply.body)}"
                self.send_response(status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                if content_range:
                    self.send_header("Content-Range", content_range)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if reply.gate is None:
                    self.wfile.write(body)
                    return
                self.wfile.write(body[: len(body) // 2])
                reply.gate.wait(WAIT_S)
                with contextlib.suppress(ConnectionError):  # the client may have hung up
                    self.wfile.write(body[len(body) // 2 :])

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Talk to the local server directly even where a proxy is configured."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def serve() -> Iterator[FakeServer]:
    """The body of a ``server`` fixture (the GUI download tests have one too)."""
    fake = FakeServer()
    fake.thread.start()
    yield fake
    fake.httpd.shutdown()
    fake.httpd.server_close()


def make_spec(*urls: str, sha256: str = PAYLOAD_SHA, size: int | None = len(PAYLOAD)) -> ModelSpec:
    return ModelSpec(
        name="fake-model",
        kind="recognizer",
        arch="edgeface_xs",
        format="pt",
        filename="fake_model.pt",
        urls=urls,
        sha256=sha256,
        size=size,
        license="MIT",
        source="https://example.org",
        dataset="none",
        input_size=112,
        channel_order="RGB",
        mean=(127.5, 127.5, 127.5),
        std=(127.5, 127.5, 127.5),
        embedding_dim=512,
        threshold=0.4,
        rank=1,
        purpose="a test model",
    )


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
