"""The curators' warnings of a build: probable duplicates, uncited sources and stakeholders with
no tie (regiograph.curation.checks), on small regions written here."""

from __future__ import annotations

from pathlib import Path

from regiograph.curation.compiler import compile_region
from regiograph.model.registry import kinds

HEAD = """documents:
  - id: note
    title: A note
    sections:
      - {id: p1, title: Paragraph 1}
      - {id: p2, title: Paragraph 2}
places:
  - {id: leuven, name: Leuven, kind: city, sources: [note#p1]}
"""


def _notices(tmp_path: Path, body: str) -> dict[str, set[str]]:
    """The ids each check reports (``document#section`` for a section)."""
    (tmp_path / "region.yaml").write_text(HEAD + body, encoding="utf-8")
    found: dict[str, set[str]] = {}
    for notice in compile_region(tmp_path, kinds()).notices:
        focus = notice.focus.rsplit("/", 1)[-1] + (f"#{notice.value}" if notice.value else "")
        found.setdefault(notice.check, set()).add(focus)
    return found


def test_a_stakeholder_with_no_tie_is_reported(tmp_path: Path) -> None:
    found = _notices(tmp_path, """organisations:
  - {id: lonely-lab, name: Lonely Lab, kind: company, sources: [note#p1]}
""")
    assert found["curation:unlinked-stakeholder"] == {"lonely-lab"}


def test_a_stakeholder_tied_only_through_an_event_is_no_island(tmp_path: Path) -> None:
    found = _notices(tmp_path, """organisations:
  - {id: host-lab, name: Host Lab, kind: company, sources: [note#p1]}
people:
  - {id: guest, name: A Guest, sources: [note#p1]}
events:
  - {id: opening, name: Opening, kind: opening, start: 2024, organised_by: [host-lab],
     participants: [guest], sources: [note#p1]}
""")
    assert "curation:unlinked-stakeholder" not in found


def test_an_uncited_section_and_a_probable_duplicate_are_reported(tmp_path: Path) -> None:
    found = _notices(tmp_path, """organisations:
  - {id: acme, name: Acme NV, kind: company, founded_by: [acme-2], sources: [note#p1]}
  - {id: acme-2, name: ACME, kind: company, sources: [note#p1]}
""")
    assert found["curation:uncited-source"] == {"note#p2"}
    assert {f.split("#")[0] for f in found["curation:probable-duplicate"]} & {"acme", "acme-2"}



def test_two_documents_of_one_page_are_reported(tmp_path: Path) -> None:
    """The same address less its scheme, ``www.`` and a last slash: one page recorded twice."""
    (tmp_path / "region.yaml").write_text("""documents:
  - {id: note, title: A note, url: "https://www.example.org/note/", sections: [{id: p1, title: P1}]}
  - {id: note-again, title: The note again, url: "http://example.org/note",
     sections: [{id: p1, title: P1}]}
  - {id: other, title: Another page, url: "https://example.org/other",
     sections: [{id: p1, title: P1}]}
places:
  - {id: leuven, name: Leuven, kind: city, sources: [note#p1, note-again#p1, other#p1]}
""", encoding="utf-8")
    found = [(n.focus.rsplit("/", 1)[-1], n.value) for n in compile_region(tmp_path, kinds()).notices
             if n.check == "curation:same-page"]
    assert found == [("note-again", "note")]
