"""Results from the platforms' exports and the generic template: the format detected from the
headers, the right numbers and times, problems by row and column, nothing added twice."""

import io
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from tests.conftest import make_client
from workbench.db import read_session, write_session
from workbench.errors import ImportFailed
from workbench.exports.strategy_json import dump_strategy, export_strategy, parse_strategy
from workbench.i18n import describe_error
from workbench.imports.results import (
    ResultsImport,
    apply_results_import,
    parse_published,
    parse_results_file,
    write_results_template,
)
from workbench.imports.tables import describe_import_problem
from workbench.models import Platform, Results
from workbench.strategy import load_strategy

DATA = Path(__file__).parents[1] / "data" / "results"


def parse_sample(name: str) -> ResultsImport:
    return parse_results_file((DATA / name).read_bytes(), name, lang="it")


def parse_text(text: str, name: str = "risultati.csv") -> ResultsImport:
    return parse_results_file(b"\xef\xbb\xbf" + text.encode("utf-8"), name, lang="it")


def test_meta_instagram_english_month_first_quoted_thousands_and_lifetime() -> None:
    result = parse_sample("meta_instagram_en.csv")
    assert result.ok and result.format == "meta_instagram"
    assert result.columns["published"] == "Publish time" and result.columns["reach"] == "Reach"
    assert "Date" in result.unknown_columns  # holds `Lifetime`: ignored
    first, reel, zero = result.posts
    assert first.platform is Platform.instagram
    assert (first.date, first.time) == (date(2026, 9, 15), time(18, 0))
    assert (first.views, first.reach, first.likes, first.saves) == (15000, 12340, 812, 56)
    assert first.title == "Il pane del mattino, appena sfornato 🥖"
    assert reel.post_type == "IG reel" and reel.likes == 1204
    assert zero.reach == 0  # kept, but flagged
    assert result.zero_reach_rows == (4,)
    assert [(w.row, w.column, w.key) for w in result.warnings] == [
        (4, "Reach", "results.zero_reach")
    ]


def test_meta_facebook_italian_with_the_quoted_comma_header_and_a_repeated_row() -> None:
    result = parse_sample("meta_facebook_it.csv")
    assert result.ok and result.format == "meta_facebook"
    assert "Reazioni, commenti e condivisioni" in result.unknown_columns
    assert result.columns["likes"] == "Reazioni"
    assert result.duplicates == 1 and len(result.posts) == 2
    post, video = result.posts
    assert post.platform is Platform.facebook
    assert (post.date, post.time) == (date(2026, 9, 15), time(18, 0))  # day first
    assert (post.reach, post.likes, post.comments, post.shares, post.clicks) == (
        1234,
        60,
        9,
        6,
        41,
    )
    assert post.title.startswith("Da domani")  # no title: the description
    assert video.title == "Pane e territorio" and video.reach == 2500


def test_tiktok_export() -> None:
    result = parse_sample("tiktok.csv")
    assert result.ok and result.format == "tiktok"
    first, second = result.posts
    assert first.platform is Platform.tiktok
    assert (first.date, first.time) == (date(2026, 9, 15), time(18, 0))
    assert (first.views, first.likes, first.comments, first.shares, first.saves) == (
        25400,
        1520,
        48,
        33,
        210,
    )
    assert first.link.endswith("/video/7412345678901234567")
    assert second.views == 4100


def test_youtube_italian_export_skips_the_total_row() -> None:
    result = parse_sample("youtube_it.csv")
    assert result.ok and result.format == "youtube"
    assert [p.post_id for p in result.posts] == ["dQw4w9WgXcQ", "aBcDeFgHiJk"]
    video = result.posts[0]
    assert video.platform is Platform.youtube and video.date == date(2026, 9, 15)
    assert video.time is None
    assert (video.views, video.impressions, video.followers) == (2950, 35500, 21)
    assert video.link == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_linkedin_export_with_a_title_row_above_the_header() -> None:
    result = parse_sample("linkedin.csv")
    assert result.ok and result.format == "linkedin"
    assert result.columns["shares"] == "Reposts"
    post = result.posts[0]
    assert post.platform is Platform.linkedin and post.date == date(2026, 9, 15)
    assert (post.impressions, post.clicks, post.likes, post.shares, post.followers) == (
        3210,
        140,
        95,
        8,
        6,
    )


def test_generic_italian_file_with_italian_numbers() -> None:
    result = parse_sample("generic_it.csv")
    assert result.ok and result.format == "generic"
    first, second = result.posts
    assert (first.platform, first.date, first.time) == (
        Platform.instagram,
        date(2026, 9, 15),
        time(18, 30),
    )
    assert (first.reach, first.impressions, first.views) == (1234, 1800, 2500)
    assert second.platform is Platform.facebook and second.reach == 15400
    assert second.time is None and second.post_id == "fb-555"


def test_unknown_format_lists_the_accepted_ones() -> None:
    with pytest.raises(ImportFailed) as caught:
        parse_text("Nome;Cognome\nMario;Rossi\n", "persone.csv")
    message = describe_error(caught.value, "it")
    assert "persone.csv" in message
    for name in ("Instagram", "Facebook", "LinkedIn", "TikTok", "YouTube", "modello generico"):
        assert name in message
    assert "TikTok" in describe_error(caught.value, "en")


def test_missing_required_column_is_named() -> None:
    result = parse_text("Piattaforma;Copertura\nInstagram;100\n")
    assert [(p.key, p.params["names"]) for p in result.problems] == [
        ("results.missing_column", ("Data", "Date"))
    ]
    assert "Data" in describe_import_problem(result.problems[0], "it")
    assert not result.posts


def test_cell_problems_name_row_and_column() -> None:
    result = parse_text(
        "Data;Piattaforma;Copertura\n32/13/2026;Instagram;100\n15/09/2026;Myspace;mille\n"
    )
    assert [(p.row, p.column, p.key) for p in result.problems] == [
        (2, "Data", "results.not_a_date"),
        (3, "Piattaforma", "import.unknown_platform"),
        (3, "Copertura", "import.not_a_number"),
    ]
    assert describe_import_problem(result.problems[0], "it").startswith("Riga 2")


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("09/15/2026 18:00", True, (date(2026, 9, 15), time(18, 0))),
        ("03/09/2026 09:15", True, (date(2026, 3, 9), time(9, 15))),
        ("03/09/2026 09:15", False, (date(2026, 9, 3), time(9, 15))),
        ("15/09/2026", True, (date(2026, 9, 15), None)),
        ("2026-09-15T18:00:00+0200", False, (date(2026, 9, 15), time(18, 0))),
        ("Sep 15, 2026", False, (date(2026, 9, 15), None)),
        ("15 set 2026", False, (date(2026, 9, 15), None)),
        ("9/15/2026 6:05 PM", True, (date(2026, 9, 15), time(18, 5))),
        ("Lifetime", True, None),
    ],
)
def test_publication_dates(text: str, month_first: bool, expected: object) -> None:
    assert parse_published(text, month_first=month_first) == expected


def test_importing_twice_adds_nothing(sqlite_engine: Engine) -> None:
    client_id = make_client(sqlite_engine)
    parsed = parse_sample("meta_instagram_en.csv")
    with write_session(sqlite_engine) as session:
        assert apply_results_import(session, client_id, parsed) == (3, 0)
    with write_session(sqlite_engine) as session:
        assert apply_results_import(session, client_id, parsed) == (0, 3)
    with write_session(sqlite_engine) as session:
        assert apply_results_import(session, client_id, parse_sample("tiktok.csv")) == (2, 0)
    with read_session(sqlite_engine) as session:
        results = load_strategy(session, client_id).results
    assert isinstance(results, Results) and len(results.posts) == 5
    assert all(p.imported_at is not None for p in results.posts)
    assert {p.source for p in results.posts} == {"meta_instagram", "tiktok"}


def test_posts_without_id_or_link_dedupe_by_time_and_title(sqlite_engine: Engine) -> None:
    client_id = make_client(sqlite_engine)
    text = "Date,Platform,Title,Reach\n2026-09-15,TikTok,Uno,10\n2026-09-15,TikTok,Due,20\n"
    parsed = parse_text(text)
    assert parsed.ok and len(parsed.posts) == 2 and parsed.duplicates == 0
    with write_session(sqlite_engine) as session:
        assert apply_results_import(session, client_id, parsed) == (2, 0)
        assert apply_results_import(session, client_id, parsed) == (0, 2)


def test_a_file_with_problems_is_refused(sqlite_engine: Engine) -> None:
    client_id = make_client(sqlite_engine)
    parsed = parse_text("Data;Piattaforma\nieri;Instagram\n")
    with write_session(sqlite_engine) as session, pytest.raises(ImportFailed):
        apply_results_import(session, client_id, parsed)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_template_round_trips(lang: str) -> None:
    buffer = io.BytesIO()
    write_results_template(buffer, fmt="csv", lang=lang)
    separator = ";" if lang == "it" else ","
    filled = buffer.getvalue().decode("utf-8-sig").splitlines()
    row = separator.join(
        ["2026-10-01", "09:00", "LinkedIn", "", "li-1", "Nuovo", "Testo"]
        + ["1500", "2000", "", "40", "3", "2", "", "17", "5"]
    )
    result = parse_results_file(
        ("\r\n".join([*filled, row]) + "\r\n").encode("utf-8-sig"), "t.csv", lang=lang
    )
    assert result.ok and result.format == "generic" and not result.unknown_columns
    example, mine = result.posts
    assert example.platform is Platform.instagram and example.reach == 1234
    assert (mine.platform, mine.date, mine.time) == (Platform.linkedin, date(2026, 10, 1), time(9))
    assert (mine.reach, mine.impressions, mine.likes, mine.clicks, mine.followers) == (
        1500,
        2000,
        40,
        17,
        5,
    )


def test_xlsx_template_reads_back() -> None:
    buffer = io.BytesIO()
    write_results_template(buffer, fmt="xlsx", lang="it")
    result = parse_results_file(buffer.getvalue(), "modello.xlsx", lang="it")
    assert result.ok and result.format == "generic"
    (post,) = result.posts
    assert (post.date, post.time, post.reach) == (date(2026, 11, 2), time(18, 30), 1234)


def test_results_round_trip_through_the_strategy_json(sqlite_engine: Engine) -> None:
    client_id = make_client(sqlite_engine)
    with write_session(sqlite_engine) as session:
        apply_results_import(session, client_id, parse_sample("meta_instagram_en.csv"))
    with read_session(sqlite_engine) as session:
        document = export_strategy(session, client_id)
        stored = load_strategy(session, client_id).results
    _, sections = parse_strategy(dump_strategy(document))
    assert sections["results"] == stored and len(stored.posts) == 3
    older = {k: v for k, v in document.items() if k != "results"}  # a file from before
    _, sections = parse_strategy(dump_strategy(older))
    assert sections["results"] == Results()


# --- issue 19: a platform is never guessed; a client's results stay within their limit ------

TEMPLATE_WITHOUT_PLATFORM = (
    "Date,Time,Post link,Title,Reach,Likes,Saves\n"
    "2026-09-15,18:30,https://example.com/p/1,Forno,1200,40,9\n"
)


def test_a_template_without_platform_column_is_never_stored_as_linkedin() -> None:
    """`Post link` alone made the file look like LinkedIn's, dropping Time, Reach, Saves."""
    result = parse_text(TEMPLATE_WITHOUT_PLATFORM, "results.csv")
    assert result.format == "generic" and result.needs_platform
    assert not result.posts
    [problem] = result.problems
    assert problem.key == "results.platform_needed"
    assert "--platform" in describe_import_problem(problem, "en")
    assert "Piattaforma" in describe_import_problem(problem, "it")


def test_the_platform_given_is_used_and_every_column_listed_is_read() -> None:
    raw = b"\xef\xbb\xbf" + TEMPLATE_WITHOUT_PLATFORM.encode()
    result = parse_results_file(raw, "results.csv", lang="en", platform=Platform.tiktok)
    assert result.ok and not result.needs_platform and result.unknown_columns == ()
    [post] = result.posts
    assert (post.platform, post.time, post.reach, post.saves) == (
        Platform.tiktok,
        time(18, 30),
        1200,
        9,
    )


def test_a_linkedin_export_is_still_linkedin() -> None:
    for result in (
        parse_sample("linkedin.csv"),
        parse_text("Created date,Post link,Impressions\n09/15/2026,https://l.in/1,10\n"),
        parse_text("Date,Post link,Impressions,Reposts\n09/15/2026,https://l.in/1,10,2\n"),
    ):
        assert result.format == "linkedin" and result.ok and not result.needs_platform


def test_ignored_columns_are_the_ones_not_read() -> None:
    result = parse_text("Data;Piattaforma;Copertura;Umore\n15/09/2026;Instagram;100;felice\n")
    assert result.unknown_columns == ("Umore",)
    assert set(result.columns.values()) == {"Data", "Piattaforma", "Copertura"}


def test_more_results_than_a_client_keeps_are_refused_before_anything_is_stored(
    sqlite_engine: Engine,
) -> None:
    rows = "".join(f"{1 + n % 28:02d}/09/2026;Instagram;p{n};10\n" for n in range(20_001))
    result = parse_text("Data;Piattaforma;ID post;Copertura\n" + rows)
    assert result.problems[0].key == "results.too_many"
    assert "20.000" in describe_import_problem(result.problems[0], "it")
    client_id = make_client(sqlite_engine)
    with pytest.raises(ImportFailed), write_session(sqlite_engine) as session:
        apply_results_import(session, client_id, result)
    with read_session(sqlite_engine) as session:
        assert load_strategy(session, client_id).results.posts == []


def test_results_over_the_stored_limit_are_refused_whole(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workbench.imports.results.RESULTS_MAX", 3)
    client_id = make_client(sqlite_engine)
    first = parse_text(
        "Data;Piattaforma;ID post\n"
        + "".join(f"0{n}/09/2026;Instagram;a{n}\n" for n in range(1, 3))
    )
    with write_session(sqlite_engine) as session:
        assert apply_results_import(session, client_id, first) == (2, 0)
    more = parse_text(
        "Data;Piattaforma;ID post\n01/09/2026;Instagram;b1\n02/09/2026;Instagram;b2\n"
    )
    with pytest.raises(ImportFailed) as caught, write_session(sqlite_engine) as session:
        apply_results_import(session, client_id, more)
    assert "2 results are stored and the file would add 2, over the limit of 3" in describe_error(
        caught.value, "en"
    )
    with read_session(sqlite_engine) as session:
        assert len(load_strategy(session, client_id).results.posts) == 2
