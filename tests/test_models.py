from decimal import Decimal

import pytest
from pydantic import ValidationError

from tests.conftest import make_brief
from workbench.models import Brief, name_key
from workbench.validation import merge_valid_fields, problems_from_validation


def _problems(**values: object) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        Brief.model_validate(values)
    return [(p.loc, p.key) for p in problems_from_validation(caught.value)]


def test_budget_minimum_above_maximum_names_the_maximum() -> None:
    assert _problems(budget_min="900", budget_max="500") == [
        (("budget_max",), "errors.budget_range")
    ]


def test_social_only_with_a_website_is_contradictory() -> None:
    assert _problems(social_only=True, website="https://x.it") == [
        (("social_only",), "errors.social_only")
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"hours_per_week": "-1"}, [(("hours_per_week",), "errors.too_small")]),
        ({"hours_per_week": "200"}, [(("hours_per_week",), "errors.too_large")]),
        ({"horizon_weeks": 0}, [(("horizon_weeks",), "errors.too_small")]),
        ({"horizon_weeks": 53}, [(("horizon_weeks",), "errors.too_large")]),
        ({"budget_max": "12.345"}, [(("budget_max",), "errors.too_many_decimals")]),
        ({"sector": "x" * 201}, [(("sector",), "errors.too_long")]),
        ({"province": "Bologna"}, [(("province",), "errors.bad_format")]),
        ({"start_date": "31/02/2027"}, [(("start_date",), "errors.not_a_date")]),
        ({"kind": "alien"}, [(("kind",), "errors.not_a_choice")]),
        (
            {"social_accounts": [{"platform": "instagram", "handle": "", "followers": -3}]},
            [
                (("social_accounts", 0, "handle"), "errors.required"),
                (("social_accounts", 0, "followers"), "errors.too_small"),
            ],
        ),
    ],
)
def test_impossible_values_are_named(values: dict, expected: list) -> None:
    assert _problems(**values) == expected


def test_merge_keeps_valid_changes_and_the_saved_value_of_bad_ones() -> None:
    saved = make_brief()
    merged, problems = merge_valid_fields(
        saved, {"city": "Napoli", "hours_per_week": Decimal("-2"), "sector": "y" * 500}
    )
    assert merged.city == "Napoli"
    assert merged.hours_per_week == saved.hours_per_week
    assert merged.sector == saved.sector
    assert sorted(p.loc[0] for p in problems) == ["hours_per_week", "sector"]


def test_merge_reverts_only_the_bad_side_of_a_budget_range() -> None:
    saved = make_brief(budget_min=Decimal("100"), budget_max=Decimal("200"))
    merged, problems = merge_valid_fields(saved, {"budget_min": Decimal("300"), "city": "Bari"})
    assert [p.key for p in problems] == ["errors.budget_range"]
    assert merged.city == "Bari"
    assert merged.budget_min is not None and merged.budget_max is not None
    assert merged.budget_min <= merged.budget_max


def test_name_key_folds_case_and_spaces() -> None:
    assert name_key("  Caffè   ROSSI ") == name_key("caffè rossi")


def test_merge_keeps_other_changes_when_a_nested_rule_fails() -> None:
    from workbench.models import BudgetPlan

    saved = BudgetPlan()
    merged, problems = merge_valid_fields(
        saved,
        {
            "hourly_rate": Decimal("45"),
            "cpm": {"instagram": {"min": "12", "max": "8"}},  # reversed range
        },
    )
    assert merged.hourly_rate == Decimal("45")
    assert merged.cpm == saved.cpm
    assert problems


def test_a_zero_budget_brief_is_in_house_unless_it_says_otherwise() -> None:
    assert Brief.model_validate({"budget_max": "0"}).in_house is True
    assert Brief.model_validate({"budget_max": "0", "in_house": False}).in_house is False
    assert Brief.model_validate({"budget_max": "500"}).in_house is False
    assert Brief.model_validate({}).in_house is False


def test_the_offering_is_stored_with_its_months_and_signature_items() -> None:
    brief = Brief.model_validate(
        {
            "kind": "non_profit",
            "offering": [
                {"name": "Campionato di serie C", "signature": True, "months": [10, 11, 12]},
                {"name": "Open day"},
            ],
            "places": ["Palazzetto di Ponte San Giovanni"],
            "people": ["l'allenatrice"],
            "differentiators": ["settore giovanile gratuito"],
            "events": [{"name": "Torneo di Natale", "month": 12}],
        }
    )
    again = Brief.model_validate_json(brief.model_dump_json())
    assert again == brief
    assert again.offering[0].months == [10, 11, 12] and again.offering[1].months == []
    assert again.events[0].month == 12


@pytest.mark.parametrize(
    ("values", "loc"),
    [
        ({"offering": [{"name": ""}]}, ("offering", 0, "name")),
        ({"offering": [{"name": "Pizza", "months": [13]}]}, ("offering", 0, "months", 0)),
        ({"events": [{"name": "Sagra", "month": 0}]}, ("events", 0, "month")),
    ],
)
def test_bad_offering_rows_are_named(values: dict[str, object], loc: tuple[object, ...]) -> None:
    assert [p for p, _ in _problems(**values)] == [loc]
