"""Facet bitsets: the same answers as reading each document's metadata, in one AND per value."""

from __future__ import annotations

from datetime import date

from archive.facet_table import FacetTable
from tests.document_records import record

DOCS = {
    "b": record(title="Bravo", date="2020-03-19", kind="pdf", hashtags=["#FreeThemAll"], topics=[]),
    "a": record(title="Alpha", date="2020", kind="statement", hashtags=["#freethemall", "#End287g"]),
    "c": record(title="Charlie", kind="webinar", hashtags=[], people=["Ana Ruiz"]),
    "d": record(title="Delta", date="2018-06", kind="statement", hashtags=["#End287g"]),
}
DISPLAY = {"hashtags": {"freethemall": "#FreeThemAll", "end287g": "#End287g"}}


def table() -> FacetTable:
    return FacetTable.build(DOCS, DISPLAY)


def test_value_bitsets_count_by_display_label_and_combine_with_and() -> None:
    t = table()
    everything = t.bits(DOCS)
    assert t.counts("hashtags", everything) == {"#FreeThemAll": 2, "#End287g": 2}
    assert t.counts("year", everything) == {"2020": 2, "2018": 1}
    statements = t.any_of("kind", ["statement"])
    assert statements == t.bits(["a", "d"])
    assert t.counts("hashtags", everything & statements) == {"#FreeThemAll": 1, "#End287g": 2}
    assert t.any_of("kind", ["statement", "pdf"]) == t.bits(["a", "b", "d"])
    assert t.any_of("kind", ["unknown"]) == 0


def test_date_ranges_leave_undated_documents_out() -> None:
    t = table()
    assert t.dated_between(date(2020, 1, 1), None) == t.bits(["a", "b"])
    assert t.dated_between(None, date(2019, 12, 31)) == t.bits(["d"])
    assert t.dated_between(date(2020, 3, 1), date(2020, 3, 31)) == t.bits(["b"])


def test_precomputed_orders_and_membership() -> None:
    t = table()
    everything = t.bits(DOCS)
    assert t.in_order(everything, t.newest) == ["b", "a", "d", "c"]  # a partial date counts from its first day
    assert t.in_order(everything, t.oldest) == ["d", "a", "b", "c"]  # undated last
    assert t.in_order(t.bits(["c", "d"]), t.newest, limit=1) == ["d"]
    flags = t.array_of_bits(t.bits(["a", "c", "z"]))  # unknown ids are ignored
    assert [t.ids[n] for n in flags.nonzero()[0]] == ["a", "c"]
    assert t.bits_of_array(flags) == t.bits(["a", "c"])
