"""Partial ISO dates."""

from __future__ import annotations

from datetime import date

import pytest

from archive.shared import dates


def test_normalize_and_bounds() -> None:
    assert dates.normalize("2020") == "2020"
    assert dates.normalize(date(2020, 6, 5)) == "2020-06-05"
    assert dates.normalize("2020-06-05T10:00:00Z") == "2020-06-05"
    assert dates.start_of("2020-06") == date(2020, 6, 1)
    assert dates.end_of("2020-02") == date(2020, 2, 29)
    assert dates.end_of("2020") == date(2020, 12, 31)
    assert dates.end_of("2020-12") == date(2020, 12, 31)


@pytest.mark.parametrize("bad", ["2020-13", "2020-02-30", "June 2020", "20-1-1"])
def test_invalid(bad: str) -> None:
    with pytest.raises(dates.DateError):
        dates.normalize(bad)
