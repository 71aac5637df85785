"""The one seam to OpenAI or an OpenAI-compatible server: one structured request, its cost.

Only this module talks to the `openai` package, and it imports it when a request is made:
the package takes most of a second to import, and a page that never asks should not pay
for it. Every failure becomes an `AiError` whose catalogue key says what happened in words
a manager can act on; the key never appears in a message, a log line or an exception.

Retries: the openai client retries timeouts, dropped connections, 408, 409, 429 and 5xx
answers `MAX_RETRIES` times with exponential backoff (0.5 s, then 1 s, with jitter) or the
server's Retry-After when it sends one up to two minutes; after that the error is reported.
The timeout (`WORKBENCH_OPENAI_TIMEOUT`) is a deadline for the whole request, retries and
waits included: a server that trickles its answer a byte at a time is abandoned at it too.

The answer is untrusted input: token counts must be whole numbers from 0 to `TOKENS_MAX`
or the answer is refused (`ai.errors.bad_usage`) before anything is stored or shown.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from workbench.errors import WorkbenchError
from workbench.i18n import Message
from workbench.reference import read_csv
from workbench.settings import Settings

__all__ = [
    "DEFAULT_ENDPOINT",
    "MAX_RETRIES",
    "TOKENS_MAX",
    "AiError",
    "AiPrice",
    "AiStatus",
    "Usage",
    "ai_prices",
    "ai_status",
    "api_key",
    "ask",
    "price_for",
    "test_connection",
    "usage_for",
]

DEFAULT_ENDPOINT = "api.openai.com"
MAX_RETRIES = 2
# More tokens than any model's context window: a count over it is a broken server's.
TOKENS_MAX = 10_000_000
MILLION = Decimal(1_000_000)
COST_QUANTUM = Decimal("0.000001")

M = TypeVar("M", bound=BaseModel)
log = logging.getLogger(__name__)


# --- prices and usage ---------------------------------------------------------------------


@dataclass(frozen=True)
class AiPrice:
    """List price of a model in USD per million tokens, with where it comes from."""

    model: str
    input_per_million_usd: Decimal
    output_per_million_usd: Decimal
    source: str
    year: int
    note: str = ""
    estimate: bool = False


@lru_cache(maxsize=1)
def ai_prices() -> dict[str, AiPrice]:
    """Prices by model name from data/ai_prices.csv."""
    prices = {}
    for row in read_csv("ai_prices.csv"):
        prices[row["model"]] = AiPrice(
            model=row["model"],
            input_per_million_usd=Decimal(row["input_per_million_usd"]),
            output_per_million_usd=Decimal(row["output_per_million_usd"]),
            source=row["source"],
            year=int(row["year"]),
            note=row.get("note", ""),
            estimate=row.get("estimate", "").strip().lower() in {"true", "1", "yes"},
        )
    return prices


def price_for(model: str) -> AiPrice | None:
    """The price of `model`, or of the model a dated snapshot belongs to.

    'gpt-4o-mini-2024-07-18' takes the price of 'gpt-4o-mini' (the longest listed name
    followed by '-' and a digit); a model not listed, e.g. on a local server, has none.
    """
    prices = ai_prices()
    if model in prices:
        return prices[model]
    snapshots = [
        name
        for name in prices
        if model.startswith(name + "-") and model[len(name) + 1 : len(name) + 2].isdigit()
    ]
    return prices[max(snapshots, key=len)] if snapshots else None


@dataclass(frozen=True)
class Usage:
    """Tokens one request used and what they cost at list price.

    cost = input_tokens x input price / 1,000,000 + output_tokens x output price / 1,000,000.
    `priced` is False for a model without a listed price: its cost shows as 0.
    """

    input_tokens: int
    output_tokens: int
    cost_usd: Decimal
    priced: bool = True


def usage_for(model: str, input_tokens: int, output_tokens: int) -> Usage:
    """The usage of one request to `model`, its cost from data/ai_prices.csv (see Usage)."""
    price = price_for(model)
    if price is None:
        return Usage(input_tokens, output_tokens, Decimal(0), priced=False)
    cost = (
        input_tokens * price.input_per_million_usd + output_tokens * price.output_per_million_usd
    ) / MILLION
    return Usage(input_tokens, output_tokens, cost.quantize(COST_QUANTUM))


# --- status and errors --------------------------------------------------------------------


class AiError(WorkbenchError):
    """A request to the model that gave no usable answer; `usage` if it still cost tokens."""

    key = "ai.errors.failed"

    def __init__(self, key: str | None = None, *, usage: Usage | None = None, **params: Any):
        super().__init__(key, **params)
        self.usage = usage

    @property
    def message(self) -> Message:
        return Message(self.key, self.params)


@dataclass(frozen=True)
class AiStatus:
    """What the settings page and the AI buttons show: on or off, which model, which server."""

    enabled: bool
    model: str
    endpoint: str


def api_key(settings: Settings) -> str | None:
    """The API key, or None when it is missing or blank."""
    secret = settings.openai_api_key
    value = secret.get_secret_value().strip() if secret is not None else ""
    return value or None


def _endpoint(base_url: str | None) -> str:
    """Host (and port) of the server, never the path, user or password of its URL."""
    if not base_url:
        return DEFAULT_ENDPOINT
    parts = urlsplit(base_url if "://" in base_url else f"http://{base_url}")
    host = parts.hostname or DEFAULT_ENDPOINT
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port else host


def ai_status(settings: Settings) -> AiStatus:
    return AiStatus(
        enabled=api_key(settings) is not None,
        model=settings.openai_model,
        endpoint=_endpoint(settings.openai_base_url),
    )


# --- the request --------------------------------------------------------------------------


def _usage(model: str, reported: Any) -> Usage:
    """Usage from the answer; servers that report none count as zero tokens.

    Raises AiError (`ai.errors.bad_usage`) for a count that is not 0 to TOKENS_MAX.
    """
    if reported is None:
        return usage_for(model, 0, 0)
    counts = [reported.prompt_tokens or 0, reported.completion_tokens or 0]
    for count in counts:
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= TOKENS_MAX:
            raise AiError("ai.errors.bad_usage", count=str(count), limit=TOKENS_MAX)
    return usage_for(model, counts[0], counts[1])


def _error_code(body: object) -> str:
    if isinstance(body, Mapping):
        inner = body.get("error", body)
        if isinstance(inner, Mapping):
            return str(inner.get("code") or "")
    return ""


def _translate(exc: Exception, settings: Settings) -> AiError | None:
    """The AiError for an exception of the openai client; None for anything else (a bug)."""
    import openai

    status = ai_status(settings)
    model = settings.openai_model
    if isinstance(exc, openai.APITimeoutError):
        return AiError("ai.errors.timeout", seconds=settings.openai_timeout)
    if isinstance(exc, openai.APIConnectionError):
        return AiError("ai.errors.unreachable", endpoint=status.endpoint)
    if isinstance(exc, openai.RateLimitError):
        if _error_code(exc.body) == "insufficient_quota":
            return AiError("ai.errors.quota", endpoint=status.endpoint)
        return AiError("ai.errors.rate_limited", endpoint=status.endpoint)
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AiError("ai.errors.auth", endpoint=status.endpoint)
    if isinstance(exc, openai.NotFoundError):
        return AiError("ai.errors.model_not_found", model=model, endpoint=status.endpoint)
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return AiError("ai.errors.unreachable", endpoint=status.endpoint)
        return AiError("ai.errors.rejected", status=str(exc.status_code), model=model)
    if isinstance(exc, openai.LengthFinishReasonError):
        try:
            return AiError("ai.errors.truncated", usage=_usage(model, exc.completion.usage))
        except AiError as bad_usage:
            return bad_usage
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return AiError("ai.errors.refused")
    if isinstance(exc, ValidationError | openai.APIResponseValidationError | ValueError):
        # The answer was not JSON, or not JSON of the schema asked for.
        return AiError("ai.errors.malformed")
    if isinstance(exc, openai.OpenAIError):
        return AiError("ai.errors.failed", reason=type(exc).__name__)
    return None


def ask(
    settings: Settings,
    *,
    system: str,
    user: str,
    schema: type[M],
    max_output_tokens: int,
    action: str = "ask",
) -> tuple[M, Usage]:
    """One chat completion whose answer must parse into `schema` (Structured Outputs).

    Raises AiError with the reason when there is no key, the server fails, refuses, stops
    at `max_output_tokens` or answers something that is not the schema. Logs the action,
    model, tokens and time, never the prompt or the key.
    """
    key = api_key(settings)
    if key is None:
        raise AiError("ai.errors.no_key")
    import openai

    model = settings.openai_model
    endpoint = ai_status(settings).endpoint
    started = time.monotonic()
    client = openai.OpenAI(
        api_key=key,
        base_url=settings.openai_base_url or None,
        timeout=settings.openai_timeout,
        max_retries=MAX_RETRIES,
    )

    def request() -> Any:
        return client.chat.completions.parse(
            model=model,
            messages=[
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            response_format=schema,
            max_completion_tokens=max_output_tokens,
        )

    try:
        completion = _within_deadline(request, settings.openai_timeout, client.close)
        usage = _usage(model, completion.usage)
    except Exception as exc:
        if isinstance(exc, TimeoutError):
            error: AiError | None = AiError("ai.errors.timeout", seconds=settings.openai_timeout)
        else:
            error = exc if isinstance(exc, AiError) else _translate(exc, settings)
        if error is None:
            raise
        log.warning(
            "ai %s failed: %s (%s) model=%s endpoint=%s ms=%d",
            action,
            error.key,
            type(exc).__name__,
            model,
            endpoint,
            (time.monotonic() - started) * 1000,
        )
        # `from None`: the client's exception may quote the server's text, which can echo
        # a masked key; the user gets the catalogue message instead.
        raise error from None
    log.info(
        "ai %s model=%s endpoint=%s input_tokens=%d output_tokens=%d ms=%d",
        action,
        model,
        endpoint,
        usage.input_tokens,
        usage.output_tokens,
        (time.monotonic() - started) * 1000,
    )
    if not completion.choices:
        raise AiError("ai.errors.malformed", usage=usage)
    message = completion.choices[0].message
    if message.refusal:
        raise AiError("ai.errors.refused", usage=usage)
    if message.parsed is None:
        raise AiError("ai.errors.malformed", usage=usage)
    return message.parsed, usage


def _within_deadline(call: Callable[[], Any], seconds: float, abandon: Callable[[], None]) -> Any:
    """`call()`'s result, or TimeoutError once `seconds` have passed in all.

    The call runs in a daemon thread: past the deadline `abandon` closes its connections and
    nobody waits for it (a process may exit while a server still trickles bytes at it).
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller's thread as it is
            outcome["error"] = exc
        finally:
            done.set()
            abandon()

    threading.Thread(target=run, name="workbench-ai-request", daemon=True).start()
    if not done.wait(seconds):
        abandon()
        raise TimeoutError(f"no answer within {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class _Ping(BaseModel):
    ok: bool


def test_connection(settings: Settings) -> Message:
    """A tiny structured request: says the model answered, or why it did not."""
    status = ai_status(settings)
    try:
        ask(
            settings,
            system='Connection check: answer with the JSON {"ok": true}.',
            user="ping",
            schema=_Ping,
            # Reasoning models spend tokens before answering; a tight cap would fail them.
            max_output_tokens=1000,
            action="test_connection",
        )
    except AiError as error:
        return error.message
    return Message("ai.test_ok", {"model": status.model, "endpoint": status.endpoint})


# The name starts with "test": keep pytest from collecting it where a test module imports it.
test_connection.__test__ = False  # type: ignore[attr-defined]
