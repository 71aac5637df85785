"""`python -m workbench ideas`: offline without a key, the model with one, one line on errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_client, run_cli
from tests.fake_openai import FakeOpenAI, answer, closed_port_url
from workbench.ai.actions import IdeaList
from workbench.db import make_engine, migrate
from workbench.models import ContentFormat, Idea


@pytest.fixture
def client_id(env: dict[str, str]) -> int:
    """A restaurant with a brief and no plan yet: the template pillars apply."""
    engine: Engine = make_engine(f"sqlite:///{Path(env['WORKBENCH_DB_PATH'])}")
    migrate(engine)
    client_id = make_client(engine, words_to_avoid=["industriale"])
    engine.dispose()
    return client_id


def ideas_args(client_id: int, *extra: str) -> list[str]:
    return ["ideas", str(client_id), "--pillar", "dietro le quinte", "--count", "3", *extra]


def test_without_a_key_the_ideas_are_offline(env: dict[str, str], client_id: int) -> None:
    result = run_cli(*ideas_args(client_id, "--json", "--from", "2027-01-04"), env=env)
    ideas = json.loads(result.stdout)
    assert len(ideas) == 3
    assert {idea["source"] for idea in ideas} == {"offline"}
    assert set(ideas[0]) == {"title", "brief", "caption", "hashtags", "format", "source"}
    assert result.stderr.strip().splitlines() == [
        "Assistente IA spento (nessuna chiave API): queste proposte vengono dai modelli offline."
    ]


def test_with_a_key_the_model_answers_once_then_the_cache(
    env: dict[str, str], client_id: int, fake_openai: FakeOpenAI
) -> None:
    idea = Idea(
        title="Il forno all'alba",
        brief="Video del primo pane",
        caption="Alle 5 il forno è acceso.",
        hashtags=["#forno"],
        format=ContentFormat.short_video,
    )
    fake_openai.script(answer(IdeaList(ideas=[idea]), prompt_tokens=2000, completion_tokens=500))
    env |= {
        "OPENAI_API_KEY": "test",
        "OPENAI_BASE_URL": fake_openai.url,
        "WORKBENCH_OPENAI_MODEL": "gpt-4.1-mini",
    }
    first = run_cli(*ideas_args(client_id, "--json", "--lang", "en"), env=env)

    assert json.loads(first.stdout) == [
        {
            "title": "Il forno all'alba",
            "brief": "Video del primo pane",
            "caption": "Alle 5 il forno è acceso.",
            "hashtags": ["#forno"],
            "format": "short_video",
            "source": "model",
        }
    ]
    # 2,000 x 0.40 / 1M + 500 x 1.60 / 1M
    assert first.stderr.strip() == "Tokens: 2,000 in, 500 out; estimated cost 0.001600 USD."
    [request] = fake_openai.requests
    assert request.body["model"] == "gpt-4.1-mini"
    assert request.headers["authorization"] == "Bearer test"
    assert "industriale" in request.message("system")
    assert "Behind the scenes" in request.message("user")  # the English template pillar

    again = run_cli(*ideas_args(client_id, "--json", "--lang", "en"), env=env)
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert again.stderr.strip() == "Answer from the cache: no cost."
    assert len(fake_openai.requests) == 1


def test_plain_text_says_where_each_idea_comes_from(env: dict[str, str], client_id: int) -> None:
    result = run_cli(*ideas_args(client_id, "--lang", "en"), env=env)
    first_line = result.stdout.splitlines()[0]
    assert first_line.startswith("1. ") and "[offline, " in first_line


def test_a_server_that_is_down_still_gives_ideas(env: dict[str, str], client_id: int) -> None:
    env |= {"OPENAI_API_KEY": "test", "OPENAI_BASE_URL": closed_port_url()}
    result = run_cli(*ideas_args(client_id, "--json", "--lang", "en"), env=env)
    assert {idea["source"] for idea in json.loads(result.stdout)} == {"offline"}
    assert "is not answering" in result.stderr
    assert "the plan has not changed" in result.stderr


def test_an_unknown_pillar_lists_the_pillars(env: dict[str, str], client_id: int) -> None:
    result = run_cli("ideas", str(client_id), "--pillar", "Ricette", env=env, check=False)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Nessuna rubrica si chiama «Ricette». Rubriche: ")
    assert "Dietro le quinte" in line
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--count", "0"], 1),
        (["--count", "21"], 1),
        (["--from", "2027-02-30"], 2),
        (["--from", "2027-02-01", "--to", "2027-01-01"], 1),
    ],
)
def test_bad_input_is_one_line(
    env: dict[str, str], client_id: int, args: list[str], code: int
) -> None:
    result = run_cli(
        "ideas", str(client_id), "--pillar", "dietro le quinte", *args, env=env, check=False
    )
    assert result.returncode == code
    assert len(result.stderr.strip().splitlines()) == 1
