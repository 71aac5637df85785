"""A fake OpenAI-compatible server on loopback for the real openai client to talk to.

It speaks the Chat Completions HTTP API (POST /v1/chat/completions) and answers from a queue
of scripted replies: JSON content with usage, HTTP errors with their headers, refusals,
answers cut at the token limit, malformed content, slow answers. Every request is recorded
(headers and body) so tests can assert what the client sent. With the queue empty it
answers 500 with a body that says so, and the test sees an error it did not script.

Speed: the openai client waits 0.5 s, then 1 s, between retries. The `fake_openai` fixture
cuts that wait to milliseconds (openai._base_client.INITIAL_RETRY_DELAY) so the timeout
and server-down cases take a fraction of a second; 429 and 500 replies carry a
`retry-after-ms` header, which the client honours, for the same reason.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import BaseModel

__all__ = [
    "FakeOpenAI",
    "Recorded",
    "Reply",
    "answer",
    "closed_port_url",
    "error",
    "fake_openai",
    "malformed",
    "rate_limited",
    "refusal",
    "server_error",
    "slow",
    "trickling",
    "truncated",
    "unauthorized",
]


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a chat completion (content or refusal) or an HTTP error."""

    status: int = 200
    content: str | None = None
    refusal: str | None = None
    finish_reason: str = "stop"
    prompt_tokens: int = 1200
    completion_tokens: int = 300
    headers: dict[str, str] = field(default_factory=dict)
    error_body: dict[str, Any] | None = None
    raw_body: bytes | None = None  # sent as is, for a body that is not JSON at all
    delay: float = 0.0
    trickle: float = 0.0  # seconds between bytes of the body: a server dribbling its answer


def answer(
    payload: BaseModel | dict[str, Any], *, prompt_tokens: int = 1200, completion_tokens: int = 300
) -> Reply:
    """A successful completion whose content is `payload` as JSON."""
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    return Reply(
        content=json.dumps(data, ensure_ascii=False),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )


def error(status: int, message: str, code: str = "", **headers: str) -> Reply:
    body = {"error": {"message": message, "type": "error", "code": code or None}}
    return Reply(status=status, error_body=body, headers=headers)


def rate_limited(code: str = "rate_limit_exceeded") -> Reply:
    return error(429, "Rate limit reached", code, **{"retry-after-ms": "5"})


def unauthorized(echo: str = "") -> Reply:
    # OpenAI's real 401 quotes the (masked) key: this one quotes what the test passes.
    return error(401, f"Incorrect API key provided: {echo}", "invalid_api_key")


def server_error() -> Reply:
    return error(500, "The server had an error", **{"retry-after-ms": "5"})


def refusal(text: str = "I'm sorry, I can't help with that.") -> Reply:
    return Reply(refusal=text)


def truncated(partial: str = '{"ideas": [{"title": "Una') -> Reply:
    return Reply(content=partial, finish_reason="length")


def malformed(content: str = '{"ideas": [{"title": 42, ') -> Reply:
    return Reply(content=content)


def slow(seconds: float, reply: Reply) -> Reply:
    return Reply(**{**reply.__dict__, "delay": seconds})


def trickling(seconds_per_byte: float, reply: Reply) -> Reply:
    """The reply sent at once in its headers, then its body one byte at a time."""
    return Reply(**{**reply.__dict__, "trickle": seconds_per_byte})


@dataclass(frozen=True)
class Recorded:
    """A request as the server received it."""

    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.raw)
        return data

    def message(self, role: str) -> str:
        return next(str(m["content"]) for m in self.body["messages"] if m["role"] == role)


class FakeOpenAI:
    """The server: `url` is the base URL to give the client (ends in /v1)."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[Recorded] = []
        # Replies whose body was sent to the end (a client that gave up leaves it short).
        self.completed = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # A short poll interval: shutdown waits for the loop to notice, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order, one per request."""
        with self._lock:
            self.replies.extend(replies)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()  # wakes slow replies
        self._server.shutdown()
        self._server.server_close()

    def _next(self, recorded: Recorded) -> Reply:
        with self._lock:
            self.requests.append(recorded)
            return self.replies.popleft() if self.replies else error(500, "no scripted reply")

    def _completion(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        return {
            "id": f"chatcmpl-fake{len(self.requests)}",
            "object": "chat.completion",
            "created": 1_800_000_000,
            "model": request.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": reply.content,
                        "refusal": reply.refusal,
                    },
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = fake._next(Recorded(self.path, headers, raw))
                if reply.delay and fake._stopping.wait(reply.delay):
                    return
                if reply.raw_body is not None:
                    body = reply.raw_body
                elif reply.status != 200 or self.path != "/v1/chat/completions":
                    body = json.dumps(reply.error_body or {"error": {"message": "?"}}).encode()
                else:
                    body = json.dumps(fake._completion(json.loads(raw), reply)).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if reply.trickle:
                        for byte in body:
                            if fake._stopping.wait(reply.trickle):
                                return
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                    else:
                        self.wfile.write(body)
                    with fake._lock:
                        fake.completed += 1
                except OSError:
                    pass  # the client gave up (a timeout test)

        return Handler


def closed_port_url() -> str:
    """A base URL on loopback where nothing listens: connection refused, a server that is down."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


@pytest.fixture
def fake_openai(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A started fake server, stopped after the test; the client's retry waits made short."""
    import openai._base_client

    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.005)
    server = FakeOpenAI()
    server.start()
    yield server
    server.stop()
