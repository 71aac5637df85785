from datetime import date, time
from urllib.parse import parse_qs, urlsplit

import pytest

from workbench.models import PlannedPost, Platform, UtmSettings
from workbench.plan.utm import link_problem, slug, utm_link, with_utm


def test_link_gets_utm_parameters_keeping_its_own_query() -> None:
    link = utm_link(
        "https://shop.example.it/torte?ref=home&utm_source=old",
        source="instagram",
        campaign="Natale 2026",
        content="Dietro le quinte!",
    )
    parts = urlsplit(link)
    assert parts.path == "/torte"
    assert parse_qs(parts.query) == {
        "ref": ["home"],
        "utm_source": ["instagram"],
        "utm_medium": ["social"],
        "utm_campaign": ["natale-2026"],
        "utm_content": ["dietro-le-quinte"],
    }


def test_bare_domain_gets_a_path_and_empty_values_are_left_out() -> None:
    assert utm_link("https://example.it", source="facebook", medium="") == (
        "https://example.it/?utm_source=facebook"
    )


@pytest.mark.parametrize("url", ["example.it", "ftp://example.it/x", "https://", "mailto:a@b.it"])
def test_a_non_web_address_is_named(url: str) -> None:
    problem = link_problem(url)
    assert problem is not None and problem.loc == ("link",) and problem.params["value"] == url
    with pytest.raises(ValueError):
        utm_link(url, source="instagram")


def test_slug_drops_accents_and_punctuation() -> None:
    assert slug("Perché sì: Più Dolci!") == "perche-si-piu-dolci"


def test_posts_are_tagged_by_platform_and_id_unless_edited_or_disabled() -> None:
    def post(**values: object) -> PlannedPost:
        fields: dict[str, object] = {"link": "https://example.it/", **values}
        return PlannedPost(
            id="instagram-20270104-1230",
            platform=Platform.instagram,
            date=date(2027, 1, 4),
            time=time(12, 30),
            format="photo",
            **fields,
        )

    settings = UtmSettings(enabled=True, campaign="ped")
    [tagged, edited, no_link] = with_utm([post(), post(edited=True), post(link="")], settings)
    assert parse_qs(urlsplit(tagged.link).query) == {
        "utm_source": ["instagram"],
        "utm_medium": ["social"],
        "utm_campaign": ["ped"],
        "utm_content": ["instagram-20270104-1230"],
    }
    assert edited.link == "https://example.it/" and no_link.link == ""
    [untouched] = with_utm([post()], UtmSettings(enabled=False))
    assert untouched.link == "https://example.it/"
