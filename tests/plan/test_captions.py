"""Caption rules per platform and fitting a caption inside them."""

from __future__ import annotations

import pytest

from workbench.models import Platform
from workbench.plan.captions import caption_rules, fit_caption, shorten


def test_every_platform_has_a_sourced_rule() -> None:
    rules = caption_rules()
    assert set(rules) == set(Platform)
    assert rules[Platform.x].max_chars == 280
    assert rules[Platform.instagram].max_chars == 2200
    for rule in rules.values():
        assert 0 < rule.target_chars <= rule.max_chars
        assert rule.style and rule.source.source and rule.source.year >= 2025


def test_x_keeps_its_280_characters_with_the_hashtags() -> None:
    text = "Una frase lunga sul pane appena sfornato e sul profumo del forno " * 8
    caption, tags = fit_caption(Platform.x, text, ["#pane", "#forno", "#roma", "#alba"])
    assert tags == ["#pane", "#forno"]  # X takes two
    assert len(caption) + 1 + len(" ".join(tags)) <= 280
    assert caption.endswith("…")


def test_hashtags_that_would_crowd_out_the_caption_are_dropped() -> None:
    caption, tags = fit_caption(Platform.x, "Buongiorno Roma", ["#" + "a" * 150, "#pane"])
    assert (caption, tags) == ("Buongiorno Roma", [])


def test_a_caption_within_the_limits_is_left_alone() -> None:
    assert fit_caption(Platform.linkedin, " Ciao. ", ["#a"]) == ("Ciao.", ["#a"])
    assert fit_caption(Platform.whatsapp, "Ciao", ["#a"]) == ("Ciao", [])


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("corto", 10, "corto"),
        ("una parola lunghissima e poi", 12, "una parola…"),
        ("Prima frase intera. Seconda frase che non entra.", 30, "Prima frase intera."),
        ("abcdef", 1, "a"),
    ],
)
def test_shorten_cuts_at_sentences_then_words(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit
