import holidays

from workbench.reference import countries, provinces, regions, sector_codes_matching, sectors


def test_every_province_is_known_to_the_holiday_calendar() -> None:
    codes = {p.code for p in provinces()}
    assert len(codes) == len(provinces()) == 107
    assert codes <= set(holidays.IT.subdivisions)
    assert len(regions()) == 20
    bologna = next(p for p in provinces() if p.code == "BO")
    assert (bologna.name, bologna.region) == ("Bologna", "Emilia-Romagna")


def test_sectors_have_unique_codes_and_both_labels() -> None:
    codes = [s.code for s in sectors()]
    assert len(codes) == len(set(codes))
    assert all(s.label_it and s.label_en for s in sectors())
    assert sector_codes_matching("moda") == {"fashion"}
    assert sector_codes_matching("Fashion") == {"fashion"}
    assert sector_codes_matching("") == frozenset()


def test_countries_are_named_in_the_user_language() -> None:
    assert dict(countries("it"))["DE"] == "Germania"
    assert dict(countries("en"))["DE"] == "Germany"
