"""Invalid curated data: every problem is reported in one run with file, line, column and field,
the exit code is 1, there is no traceback, and the previous outputs stay as they were."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pytest

from regiograph import DataError, ValidationFailed, build
from regiograph.curation.compiler import compile_region
from regiograph.errors import Issue
from regiograph.model.kinds import load_kinds

from .conftest import run_cli

# (case, file, text to replace, replacement, expected "file:line", field, words in the message)
CASES = [
    ("unknown reference", "organisations.yaml", "based_in: leuven\n    founded: 1425",
     "based_in: leuvn\n    founded: 1425", "organisations.yaml:6", "tiny-university.based_in",
     "unknown id 'leuvn' (did you mean 'leuven'?)"),
    ("unknown kind", "organisations.yaml", "kind: university", "kind: univeristy",
     "organisations.yaml:4", "tiny-university.kind", "did you mean 'university'"),
    ("impossible date", "organisations.yaml", "founded: 1425", "founded: 2023-02-30",
     "organisations.yaml:7", "tiny-university.founded", "not a date on the calendar"),
    ("bad month", "organisations.yaml", "founded: 1425", "founded: 2023-13",
     "organisations.yaml:7", "tiny-university.founded", "no month 13"),
    ("date in words", "organisations.yaml", "founded: 1425", "founded: in 1425",
     "organisations.yaml:7", "tiny-university.founded", "is not a date"),
    ("missing sources", "organisations.yaml", "    sources: [tiny-page]\n  - id: tiny-hospital",
     "  - id: tiny-hospital", "organisations.yaml:2", "tiny-university.sources",
     "no `sources`"),
    ("unknown source document", "people.yaml", "sources: [tiny-page#people]",
     "sources: [tiny-pgae#people]", "people.yaml:9", "ayse-yilmaz.sources",
     "unknown source document 'tiny-pgae'"),
    ("unknown section", "people.yaml", "sources: [tiny-page#people]",
     "sources: [tiny-page#peple]", "people.yaml:9", "ayse-yilmaz.sources",
     "has no section 'peple' (did you mean 'people'?)"),
    ("duplicate id across files", "people.yaml", "id: ayse-yilmaz", "id: leuven",
     "places.yaml:12", "places[2].id", "duplicate id 'leuven' (first used in people.yaml line 2"),
    ("duplicate key", "places.yaml", "    code: BE\n", "    code: BE\n    code: FR\n",
     "places.yaml:6", "code", "duplicate key"),
    ("lower-case country code", "people.yaml", "nationality: [NO]", "nationality: [no]",
     "people.yaml:4", "ayse-yilmaz.nationality[0].country", "country codes are upper case"),
    ("unknown country code", "people.yaml", "nationality: [NO]", "nationality: [XX]",
     "people.yaml:4", "ayse-yilmaz.nationality[0].country", "unknown country code 'XX'"),
    ("unknown field", "people.yaml", "    occupations:", "    ocupations:",
     "people.yaml:5", "ayse-yilmaz.ocupations", "did you mean 'occupations'"),
    ("thousands separator", "figures.yaml", "value: 22000", "value: 22.000",
     "figures.yaml:12", "tiny-staff.value", "thousands separator"),
    ("not a number", "figures.yaml", "value: 22000", "value: many",
     "figures.yaml:12", "tiny-staff.value", "not a number"),
    ("yes as a boolean", "figures.yaml", "approximate: true", "approximate: yes",
     "figures.yaml:14", "tiny-staff.approximate", "write true or false"),
    ("rank beyond its ranking", "figures.yaml", "out_of: 10", "out_of: 2",
     "figures.yaml:23", "tiny-ranking.rank", "beyond out_of 2"),
    ("rank zero", "figures.yaml", "rank: 3", "rank: 0",
     "figures.yaml:23", "tiny-ranking.rank", "not a positive number"),
    ("reference to the wrong collection", "organisations.yaml", "affiliated_with: tiny-university",
     "affiliated_with: leuven", "organisations.yaml:18", "tiny-hospital.affiliated_with",
     "'leuven' is in places"),
    ("invalid id", "people.yaml", "id: ayse-yilmaz", "id: Ayşe Yılmaz",
     "people.yaml:2", "people[0].id", "is not a valid id"),
    ("list where one value belongs", "organisations.yaml", "founded: 2016", "founded: [2016, 2017]",
     "organisations.yaml:27", "tiny-network.founded", "expects one value"),
    ("malformed YAML", "places.yaml", "    kind: city", "    kind: [city",
     "places.yaml:15", "", "YAML syntax error"),
    ("bad identifier", "organisations.yaml", "enterprise-number: 0419052173",
     "enterprise-number: 419052173", "organisations.yaml:9",
     "tiny-university.identifiers.enterprise-number", "not a valid enterprise-number"),
    ("relative url", "organisations.yaml", "website: https://example.org/university",
     "website: example.org/university", "organisations.yaml:10",
     "tiny-university.identifiers.website", "not an absolute http(s) URL"),
    ("missing name", "places.yaml", "    name: Leuven\n", "", "places.yaml:12", "leuven.name",
     "no `name`"),
    ("unknown role", "people.yaml", "role: director", "role: directr", "people.yaml:7",
     "ayse-yilmaz.roles[0].role", "did you mean 'director'"),
    ("unknown collection", "people.yaml", "people:", "peeple:", "people.yaml:1", "peeple",
     "unknown collection (did you mean 'people'?)"),
    ("a country without code", "places.yaml", "    code: NO\n", "", "places.yaml:7",
     "norway.code", "a country needs its `code`"),
]


def mutate(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("case", "name", "old", "new", "where", "field", "words"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_error_names_file_line_and_field(tiny: Path, case: str, name: str, old: str,
                                              new: str, where: str, field: str,
                                              words: str) -> None:
    mutate(tiny, name, old, new)
    with pytest.raises(DataError) as caught:
        compile_region(tiny, load_kinds())
    rendered = [str(issue) for issue in caught.value.issues]
    matching = [text for text in rendered
                if words in text and field in text
                and f"/{where}" in "/" + text.split("tiny/")[-1]]
    assert matching, f"no issue with {where}, {field!r}, {words!r} in:\n" + "\n".join(rendered)


def test_every_problem_is_reported_in_one_run(tiny: Path) -> None:
    for _case, name, old, new, *_ in (CASES[0], CASES[1], CASES[13]):
        mutate(tiny, name, old, new)
    mutate(tiny, "people.yaml", "nationality: [NO]", "nationality: [XX]")
    with pytest.raises(DataError) as caught:
        compile_region(tiny, load_kinds())
    messages = "\n".join(str(i) for i in caught.value.issues)
    for expected in ("unknown id 'leuvn'", "unknown kind 'univeristy'", "unknown country code"):
        assert expected in messages


def test_values_keep_their_type(tiny: Path) -> None:
    region = compile_region(tiny, load_kinds())
    objects = {q.object.value for q in region.quads}
    assert {"NO", "0419052173", "1970-05-01", "22000"} <= objects


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_reports_errors_without_traceback_and_keeps_outputs(tiny: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(tiny, out)
    before = _digest(out)
    mutate(tiny, "organisations.yaml", "kind: university", "kind: univeristy")
    mutate(tiny, "people.yaml", "nationality: [NO]", "nationality: [no]")
    result = run_cli("build", "--data", str(tiny), "--out", str(out))
    assert result.code == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "organisations.yaml:4:11: tiny-university.kind: unknown kind" in result.stderr
    assert "people.yaml:4:19: ayse-yilmaz.nationality[0].country" in result.stderr
    assert "2 problems in the data; nothing was written." in result.stderr
    assert _digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "tiny"]  # no scratch left


def test_empty_folder_and_empty_file(tmp_path: Path) -> None:
    result = run_cli("build", "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.code == 1
    assert "no .yaml data files in this folder" in result.stderr
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    result = run_cli("build", "--data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.code == 1 and "empty.yaml:1:1: the file is empty" in result.stderr
    assert not (tmp_path / "out").exists()


def test_wrong_encoding_names_the_line(tiny: Path) -> None:
    path = tiny / "people.yaml"
    path.write_bytes(path.read_bytes().replace("Yılmaz".encode(), "Y\xfdlmaz".encode("latin-1")))
    with pytest.raises(DataError) as caught:
        compile_region(tiny, load_kinds())
    assert "people.yaml:3:" in str(caught.value.issues[0])
    assert "not valid UTF-8" in str(caught.value.issues[0])


def test_bom_and_crlf_line_endings_are_read(tiny: Path) -> None:
    path = tiny / "people.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    region = compile_region(tiny, load_kinds())
    assert region.counts["people"] == 1


def test_yaml_aliases_are_refused(tiny: Path) -> None:
    mutate(tiny, "places.yaml", "    sources: [tiny-page]\n  - id: norway",
           "    sources: &cited [tiny-page]\n  - id: norway")
    mutate(tiny, "places.yaml", "    sources: [tiny-page]\n  - id: leuven",
           "    sources: *cited\n  - id: leuven")
    with pytest.raises(DataError) as caught:
        compile_region(tiny, load_kinds())
    assert any("places.yaml:11:14" in str(i) and "aliases are not supported" in str(i)
               for i in caught.value.issues), caught.value.issues


def test_errors_raised_in_a_child_process_come_back_whole() -> None:
    """A large region compiles in a forked child (``regiograph.build``), which sends its error
    back pickled: every problem, and a failed validation's report, must survive the trip."""
    issues = [Issue(Path("b.yaml"), 3, None, "id", "bad id"),
              Issue(Path("a.yaml"), None, None, "", "x")]
    data_error = pickle.loads(pickle.dumps(DataError(issues)))
    assert [str(i) for i in data_error.issues] == [str(i) for i in DataError(issues).issues]
    report = {"violations": 2}
    failed = pickle.loads(pickle.dumps(ValidationFailed(report, "2 violations")))
    assert (failed.report, str(failed)) == (report, "2 violations")
