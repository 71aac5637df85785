"""The LLM seam against a fake OpenAI-compatible server: what is sent, what each failure says."""

from __future__ import annotations

import logging
import time
from decimal import Decimal

import pytest
from pydantic import BaseModel

from tests.fake_openai import (
    FakeOpenAI,
    Reply,
    answer,
    closed_port_url,
    error,
    malformed,
    rate_limited,
    refusal,
    server_error,
    slow,
    trickling,
    truncated,
    unauthorized,
)
from workbench.ai import seam as llm
from workbench.ai.seam import AiError, ai_prices, ai_status, ask, price_for, usage_for
from workbench.i18n import render
from workbench.reference import read_csv
from workbench.settings import Settings, load_settings

KEY = "sk-test-DO-NOT-LEAK-0123456789"


class Pong(BaseModel):
    ok: bool
    word: str


def ai_settings(url: str | None, **values: object) -> Settings:
    """Settings as Streamlit secrets would give them: key, server, a short timeout."""
    secrets: dict[str, object] = {"OPENAI_API_KEY": KEY, "WORKBENCH_OPENAI_TIMEOUT": 2.0}
    if url:
        secrets["OPENAI_BASE_URL"] = url
    secrets.update(values)
    return load_settings(secrets)


def ask_pong(settings: Settings) -> tuple[Pong, llm.Usage]:
    return ask(
        settings,
        system="Answer with ok and a word.",
        user="ping",
        schema=Pong,
        max_output_tokens=500,
        action="ping",
    )


def failure(settings: Settings) -> AiError:
    with pytest.raises(AiError) as caught:
        ask_pong(settings)
    return caught.value


def test_the_request_carries_model_messages_schema_and_the_key_only_as_bearer(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.script(answer(Pong(ok=True, word="ciao")))
    parsed, _ = ask_pong(ai_settings(fake_openai.url, WORKBENCH_OPENAI_MODEL="gpt-4.1-mini"))

    assert parsed == Pong(ok=True, word="ciao")
    [request] = fake_openai.requests
    assert request.path == "/v1/chat/completions"
    body = request.body
    assert body["model"] == "gpt-4.1-mini"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert request.message("system") == "Answer with ok and a word."
    assert body["max_completion_tokens"] == 500
    schema = body["response_format"]
    assert schema["type"] == "json_schema"
    assert schema["json_schema"]["name"] == "Pong"
    assert schema["json_schema"]["strict"] is True
    assert schema["json_schema"]["schema"]["required"] == ["ok", "word"]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert KEY.encode() not in request.raw


def test_usage_is_priced_from_the_csv(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(answer(Pong(ok=True, word="x"), prompt_tokens=1200, completion_tokens=300))
    _, usage = ask_pong(ai_settings(fake_openai.url, WORKBENCH_OPENAI_MODEL="gpt-4o-mini"))
    # 1,200 x 0.15 / 1M + 300 x 0.60 / 1M
    assert usage == llm.Usage(1200, 300, Decimal("0.000360"))


def test_a_model_without_a_price_costs_zero_and_says_so() -> None:
    usage = usage_for("llama3.1:8b", 1000, 1000)
    assert usage.cost_usd == 0
    assert usage.priced is False


@pytest.mark.parametrize(
    ("model", "listed"),
    [
        ("gpt-4o-mini", "gpt-4o-mini"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"),
        ("gpt-4o-audio-preview", None),
        ("llama3", None),
    ],
)
def test_dated_snapshots_take_their_model_price(model: str, listed: str | None) -> None:
    price = price_for(model)
    assert (price.model if price else None) == listed


def test_every_price_has_its_source_and_year() -> None:
    rows = read_csv("ai_prices.csv")
    assert {"gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5-mini"} <= {
        r["model"] for r in rows
    }
    for row in rows:
        assert "openai.com/api/pricing" in row["source"]
        assert 2025 <= int(row["year"]) <= 2026
        assert row["estimate"] in {"true", "false"}
    for price in ai_prices().values():
        assert 0 < price.input_per_million_usd < price.output_per_million_usd


def test_a_rate_limit_is_retried_then_succeeds(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(rate_limited(), answer(Pong(ok=True, word="dopo")))
    parsed, _ = ask_pong(ai_settings(fake_openai.url))
    assert parsed.word == "dopo"
    assert len(fake_openai.requests) == 2
    assert fake_openai.requests[1].headers["x-stainless-retry-count"] == "1"


def test_a_rate_limit_that_lasts_gives_up_after_the_retries(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(*[rate_limited()] * 3)
    caught = failure(ai_settings(fake_openai.url))
    assert caught.key == "ai.errors.rate_limited"
    assert len(fake_openai.requests) == 1 + llm.MAX_RETRIES
    assert "minut" in render(caught.message, "it")


def test_an_exhausted_quota_is_told_apart(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(*[rate_limited("insufficient_quota")] * 3)
    assert failure(ai_settings(fake_openai.url)).key == "ai.errors.quota"


def test_a_refused_key_is_never_repeated_in_messages_or_logs(
    fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    fake_openai.script(unauthorized(echo=KEY))
    with caplog.at_level(logging.DEBUG):
        caught = failure(ai_settings(fake_openai.url))
    assert caught.key == "ai.errors.auth"
    assert len(fake_openai.requests) == 1  # 401 is not retried
    shown = [render(caught.message, lang) for lang in ("it", "en")]
    assert "chiave API" in shown[0]
    for text in [*shown, str(caught), repr(caught), caplog.text]:
        assert KEY not in text
    assert caught.__cause__ is None and caught.__suppress_context__


@pytest.mark.parametrize(
    ("replies", "key"),
    [
        ([server_error()] * 3, "ai.errors.unreachable"),
        ([refusal()], "ai.errors.refused"),
        ([truncated()], "ai.errors.truncated"),
        ([malformed()], "ai.errors.malformed"),
        ([answer({"ok": "forse"})], "ai.errors.malformed"),
        ([Reply(raw_body=b"<html>proxy error</html>")], "ai.errors.malformed"),
        ([error(404, "The model does not exist")], "ai.errors.model_not_found"),
        ([error(400, "response_format json_schema not supported")], "ai.errors.rejected"),
    ],
)
def test_each_failure_has_its_own_message(
    fake_openai: FakeOpenAI, replies: list[Reply], key: str
) -> None:
    fake_openai.script(*replies)
    caught = failure(ai_settings(fake_openai.url))
    assert caught.key == key
    assert render(caught.message, "en") != key  # the catalogue has the text
    assert not fake_openai.replies  # every scripted reply was used, none more


def test_a_cut_off_answer_still_reports_the_tokens_billed(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(Reply(content='{"ok": tr', finish_reason="length", completion_tokens=500))
    caught = failure(ai_settings(fake_openai.url))
    assert caught.usage is not None
    assert caught.usage.output_tokens == 500


def test_a_slow_server_times_out(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(*[slow(3, answer(Pong(ok=True, word="tardi")))] * 3)
    started = time.monotonic()
    caught = failure(ai_settings(fake_openai.url, WORKBENCH_OPENAI_TIMEOUT=0.2))
    assert caught.key == "ai.errors.timeout"
    assert render(caught.message, "en") == "The model did not answer within 0.2 seconds."
    assert time.monotonic() - started < 2.5
    # The timeout is the whole request's deadline: no time is left for a retry.
    assert len(fake_openai.requests) == 1
    assert fake_openai.completed == 0


def test_a_server_trickling_bytes_is_abandoned_at_the_deadline(fake_openai: FakeOpenAI) -> None:
    """Each byte arrives well within the read timeout, yet the whole answer would take 30 s."""
    fake_openai.script(trickling(0.05, answer(Pong(ok=True, word="goccia" * 50))))
    caught = failure(ai_settings(fake_openai.url, WORKBENCH_OPENAI_TIMEOUT=0.3))
    assert caught.key == "ai.errors.timeout"
    assert render(caught.message, "en") == "The model did not answer within 0.3 seconds."
    assert len(fake_openai.requests) == 1
    assert fake_openai.completed == 0  # the answer was still coming when it was given up


@pytest.mark.parametrize(
    ("prompt_tokens", "completion_tokens"), [(-5, 300), (1200, -1), (10**12, 3)]
)
def test_impossible_token_counts_refuse_the_answer(
    fake_openai: FakeOpenAI, prompt_tokens: int, completion_tokens: int
) -> None:
    fake_openai.script(
        answer(
            Pong(ok=True, word="x"),
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
        )
    )
    caught = failure(ai_settings(fake_openai.url))
    assert caught.key == "ai.errors.bad_usage" and caught.usage is None
    assert "impossible token count" in render(caught.message, "en")


@pytest.mark.usefixtures("fake_openai")  # short retry waits
def test_a_server_that_is_down_is_unreachable() -> None:
    url = closed_port_url()
    caught = failure(ai_settings(url))
    assert caught.key == "ai.errors.unreachable"
    assert url.removeprefix("http://").removesuffix("/v1") in render(caught.message, "it")


def test_without_a_key_nothing_is_sent(fake_openai: FakeOpenAI) -> None:
    settings = load_settings({"OPENAI_BASE_URL": fake_openai.url, "OPENAI_API_KEY": "   "})
    assert failure(settings).key == "ai.errors.no_key"
    assert fake_openai.requests == []


def test_status_names_the_server_never_the_key() -> None:
    status = ai_status(ai_settings("http://user:secret@llm.local:8080/v1"))
    assert status == llm.AiStatus(enabled=True, model="gpt-4o-mini", endpoint="llm.local:8080")
    assert ai_status(ai_settings(None)).endpoint == "api.openai.com"
    assert ai_status(Settings()).enabled is False
    assert KEY not in repr(ai_status(ai_settings(None)))


def test_connection_check_says_which_model_answered(fake_openai: FakeOpenAI) -> None:
    fake_openai.script(answer({"ok": True}), unauthorized())
    settings = ai_settings(fake_openai.url, WORKBENCH_OPENAI_MODEL="gpt-5-mini")
    ok = render(llm.test_connection(settings), "en")
    assert "gpt-5-mini" in ok and "127.0.0.1" in ok
    assert fake_openai.requests[0].body["response_format"]["json_schema"]["name"] == "_Ping"
    assert llm.test_connection(settings).key == "ai.errors.auth"
    assert llm.test_connection(Settings()).key == "ai.errors.no_key"


def test_logs_name_action_model_and_tokens_not_the_prompt(
    fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    fake_openai.script(answer(Pong(ok=True, word="x"), prompt_tokens=77, completion_tokens=11))
    with caplog.at_level(logging.INFO, logger="workbench.ai.seam"):
        ask(
            ai_settings(fake_openai.url),
            system="SYSTEM-PROMPT-TEXT",
            user="USER-PROMPT-TEXT",
            schema=Pong,
            max_output_tokens=100,
            action="ideas",
        )
    line = caplog.records[-1].getMessage()
    assert "ideas" in line and "gpt-4o-mini" in line
    assert "input_tokens=77" in line and "output_tokens=11" in line and "ms=" in line
    assert "PROMPT-TEXT" not in caplog.text and KEY not in caplog.text
