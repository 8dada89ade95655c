"""When sources disagree, both claims are kept: a field that takes one value (a founding date,
an event's dates) takes several only as cited values, each with its own sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiograph.curation.compiler import compile_region
from regiograph.errors import DataError
from regiograph.model.registry import kinds

HEAD = """documents:
  - id: one
    title: One page
  - id: two
    title: Another page
organisations:
"""


def _founding_dates(tmp_path: Path, founded: str) -> set[tuple[str, str]]:
    (tmp_path / "r.yaml").write_text(
        HEAD + f"  - id: school\n    name: School\n    kind: university\n{founded}"
        "    sources: [one]\n", encoding="utf-8")
    region = compile_region(tmp_path, kinds())
    return {(q.object.value, q.graph_name.value.rsplit("/", 1)[-1]) for q in region.quads
            if q.predicate.value == "https://schema.org/foundingDate"}


def test_two_sources_that_disagree_keep_both_founding_dates(tmp_path: Path) -> None:
    dates = _founding_dates(tmp_path, """    founded:
      - {value: 1953, sources: [one]}
      - {value: 1999, sources: [two]}
""")
    assert dates == {("1953", "one"), ("1999", "two")}


def test_a_plain_list_of_founding_dates_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError) as refused:
        _founding_dates(tmp_path, "    founded: [1953, 1999]\n")
    assert [i.message for i in refused.value.issues] == ["expects one value, not a list"]
