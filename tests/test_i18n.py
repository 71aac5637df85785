import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.errors import DuplicateName, FieldProblem, InvalidInput
from workbench.i18n import (
    LANGUAGES,
    Amount,
    Label,
    Localized,
    Message,
    catalogue,
    describe_error,
    describe_problem,
    field_label,
    fmt_date,
    fmt_datetime,
    fmt_money,
    fmt_number,
    render,
    t,
)
from workbench.models import (
    BroadGoal,
    BudgetTier,
    Capability,
    ClientKind,
    ContentFormat,
    Objective,
    Platform,
    PlatformRole,
    PostKind,
    PostStatus,
)
from workbench.platforms import FACTORS
from workbench.strategy import STEPS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "app.py",
    *ROOT.glob("pages/*.py"),
    *ROOT.glob("ui/*.py"),
    *ROOT.rglob("workbench/**/*.py"),
]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
ERROR_KEY = re.compile(r"""["'](errors\.[a-z_]+)["']""")


def test_both_catalogues_have_the_same_keys_and_placeholders() -> None:
    italian, english = catalogue("it"), catalogue("en")
    assert set(italian) == set(english)
    for key in italian:
        assert set(re.findall(r"{(\w+)}", italian[key])) == set(
            re.findall(r"{(\w+)}", english[key])
        ), key


def test_every_key_the_code_uses_exists() -> None:
    used: set[str] = set()
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        used |= set(LITERAL_KEY.findall(text)) | set(ERROR_KEY.findall(text))
    dynamic = (
        {f"steps.{s}" for s in STEPS}
        | {f"kinds.{k.value}" for k in ClientKind}
        | {f"goals.{g.value}" for g in BroadGoal}
        | {f"objectives.{o.value}" for o in Objective}
        | {f"capabilities.{c.value}" for c in Capability}
        | {f"platforms.{p.value}" for p in Platform}
        | {f"formats.{f.value}" for f in ContentFormat}
        | {f"roles.{r.value}" for r in PlatformRole}
        | {f"tiers.{b.value}" for b in BudgetTier}
        | {f"factors.{name}" for name in FACTORS}
        | {f"post_status.{s.value}" for s in PostStatus}
        | {f"post_kind.{k.value}" for k in PostKind}
    )
    missing = sorted((used | dynamic) - set(catalogue("it")))
    assert missing == []
    assert len(used) > 50  # the scan itself found the keys


@pytest.mark.parametrize(
    ("lang", "money", "number", "day"),
    [
        ("it", "1.234,50\xa0€", "1.234.567,5", "4 gen 2027"),
        ("en", "€1,234.50", "1,234,567.5", "4 Jan 2027"),
    ],
)
def test_numbers_money_and_dates_follow_the_locale(
    lang: str, money: str, number: str, day: str
) -> None:
    assert fmt_money(Decimal("1234.5"), lang) == money
    assert fmt_number(Decimal("1234567.5"), lang, digits=2) == number
    assert fmt_date(date(2027, 1, 4), lang) == day


def test_stored_utc_times_show_in_the_user_time_zone() -> None:
    shown = fmt_datetime(datetime(2026, 7, 1, 8, 30, tzinfo=UTC), "it")
    assert "10:30" in shown  # Rome is UTC+2 in summer


def test_messages_name_the_field_and_row_in_the_user_language() -> None:
    problem = FieldProblem(
        ("brief", "social_accounts", 1, "followers"), "errors.too_small", limit=0
    )
    assert describe_problem(problem, "it") == (
        "Brief › Account social esistenti › riga 2 › Follower: il valore deve essere almeno 0."
    )
    assert describe_problem(problem, "en") == (
        "Brief › Existing social accounts › row 2 › Followers: must be at least 0."
    )
    error = InvalidInput([FieldProblem(("name",), "errors.required")])
    assert describe_error(error, "en") == "Client name: required."
    assert "«Forno»" in describe_error(DuplicateName(name="Forno"), "it")


def test_unknown_language_falls_back_to_italian() -> None:
    assert t("nav.home", "fr") == "Clienti"
    assert set(LANGUAGES) == {"it", "en"}


def test_domain_messages_render_their_parameters_in_the_reader_language() -> None:
    message = Message(
        "budget.replace_formats",
        {
            "platform": Label("platforms.instagram"),
            "formats": [Label("formats.photo"), Label("formats.story")],
            "instead_of": [Localized("carosello fatto a mano", "handmade carousel")],
        },
    )
    assert render(message, "it") == "Instagram: Foto e Storia al posto di carosello fatto a mano."
    assert render(message, "en") == "Instagram: Photo and Story instead of handmade carousel."
    money = Message("budget.drop_ads", {"amount": Amount(Decimal("1234.5"))})
    assert render(money, "it") == "Pubblicità tolta (1.234,50\xa0€ al mese)."
    assert render(money, "fr") == render(money, "it")
    hours = Message("budget.item_strategy", {"hours": Decimal("2.25")})
    assert render(hours, "en") == "Strategy and planning, 2.25 hours a month"


def test_a_field_name_from_a_file_is_shown_on_one_short_line() -> None:
    """An unknown JSON key named in a message: no line breaks, not a page long (issue 19)."""
    assert field_label(("brief", "a\nb\r\tc"), "en") == "Brief › a b c"
    assert field_label(("brief", "\n"), "en") == "Brief › '\\n'"
    assert len(field_label(("brief", "x" * 5000), "en")) < 80


@pytest.mark.parametrize(
    ("key", "params", "italian"),
    [
        ("budget.item_strategy", {"hours": 1}, "Strategia e pianificazione, 1 ora al mese"),
        ("budget.item_strategy", {"hours": "2"}, "Strategia e pianificazione, 2 ore al mese"),
        (
            "budget.item_setup",
            {"hours": 1, "platforms": 1},
            "Avvio una tantum: 1 ora per analisi e 1 profilo",
        ),
        ("audience.summary_personas", {"count": 1}, "Il pubblico comprende 1 profilo."),
        ("audience.summary_personas", {"count": 3}, "Il pubblico comprende 3 profili."),
        ("home.steps_done", {"done": 1, "total": 7}, "1 passo su 7 completato"),
    ],
)
def test_counts_of_one_read_singular(key: str, params: dict[str, object], italian: str) -> None:
    assert t(key, "it", **params) == italian


def test_italian_elides_before_numbers_said_with_a_vowel() -> None:
    def plan(start: str, end: str) -> str:
        return t("ai.offline.summary_plan", "it", posts=3, start=start, end=end, pillars="x")

    assert "dall'8 dicembre all'11 gennaio" in plan("8 dicembre", "11 gennaio")
    assert "dal 18 dicembre al 1 gennaio" in plan("18 dicembre", "1 gennaio")
    assert "dall'80" in plan("80", "2") and "dal 110" in plan("110", "2")
    assert "from 8 December" in t(
        "ai.offline.summary_plan", "en", posts=3, start="8 December", end="x", pillars="x"
    )


def test_every_plural_form_names_a_parameter_of_its_string() -> None:
    for lang in ("it", "en"):
        for key, text in catalogue(lang).items():
            for name in re.findall(r"{(\w+)\|[^|{}]*\|[^|{}]*}", text):
                assert f"{{{name}}}" in text, (lang, key)


def test_one_word_for_one_thing_rubriche_never_pilastri() -> None:
    italian = " ".join(catalogue("it").values()).lower()
    assert "pilastr" not in italian and "rubrica" in italian
