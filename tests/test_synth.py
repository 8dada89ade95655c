"""Synthetic regions: deterministic, clearly synthetic, every kind of record, and valid input for
the real compiler and validator."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from regiograph import build, compile_region
from regiograph.errors import DataError, UsageError
from regiograph.model.kinds import load_kinds
from regiograph.namespaces import ID, PREFIXES
from regiograph.synth import SIZES, TRIPLES_PER_ORG, generate, orgs_for, parse_size, write_region

RG, ORG, RDFS = PREFIXES["rg"], PREFIXES["org"], PREFIXES["rdfs"]


@pytest.fixture(scope="module")
def region_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "region"
    write_region(out, 120, seed=7)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    first = generate(80, seed=3)
    assert generate(80, seed=3).files == first.files
    assert generate(80, seed=4).files != first.files
    assert first.counts["organisations"] == 80


def test_builds_with_no_violation(region_dir: Path, tmp_path: Path) -> None:
    result = build(region_dir, tmp_path / "build")
    assert result.report.conforms and not result.report.violations
    assert result.counts["organisations"] == 120
    assert result.counts["people"] == 240


def test_every_label_and_source_says_synthetic(region_dir: Path) -> None:
    quads = compile_region(region_dir, load_kinds()).quads
    schemes = {ID + "sectors", ID + "topics", ID + "roles"}  # named by the compiler, not the data
    labels = [q.object.value for q in quads if q.predicate.value in (
        RDFS + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["dcterms"] + "title")
        and q.subject.value not in schemes]
    assert labels
    unmarked = [label for label in labels if "ynthe" not in label]
    assert not unmarked, unmarked[:5]
    documents = [q.subject for q in quads if q.object.value == RG + "SourceDocument"]
    assert [d.value for d in documents] == [ID + "synthetic-region"]


def test_every_kind_skewed_sizes_trees_people_and_collaborations(region_dir: Path) -> None:
    quads = compile_region(region_dir, load_kinds()).quads
    kinds = {q.object.value.rsplit("/", 1)[1] for q in quads if q.predicate.value == RG + "kind"}
    assert {"university", "research-institute", "hospital", "company", "government-body", "fund",
            "network-organisation", "service-centre", "media-organisation",
            "organisational-unit", "collaboration", "initiative", "country", "city", "site",
            "facility"} <= kinds
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    collaborations = {s for s, p, o in triples if p == RG + "kind" and o.endswith("/collaboration")}
    partners = Counter(s for s, p, _o in triples if p == ORG + "hasMember" and s in collaborations)
    assert collaborations and all(2 <= partners[c] <= 8 for c in collaborations)
    spin_offs = [(s, o) for s, p, o in triples if p == RG + "spinOffOf"]
    assert spin_offs
    members = Counter(o for s, p, o in triples if p == ORG + "memberOf")
    sizes = sorted(members.values(), reverse=True)
    assert sizes[0] >= 5 * sizes[len(sizes) // 2]  # a few big organisations, many small ones
    people = {s for s, p, o in triples if o == RG + "Person"}
    with_nationality = {s for s, p, _o in triples if p == RG + "nationality"}
    assert people and people <= with_nationality


def test_sizes() -> None:
    assert parse_size("2k") == 2000 and parse_size("1.5m") == 1_500_000
    assert orgs_for("1m") == SIZES["1m"]
    assert abs(SIZES["1m"] * TRIPLES_PER_ORG - 1_000_000) < 20_000
    with pytest.raises(UsageError):
        parse_size("10 thousand")
    with pytest.raises(UsageError):
        generate(3)


def test_write_is_atomic_and_refuses_other_folders(tmp_path: Path) -> None:
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError):
        write_region(other, 20)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    out = tmp_path / "region"
    write_region(out, 20, seed=1)
    write_region(out, 30, seed=2)  # an earlier output is replaced as a whole
    assert '"orgs": 30' in (out / "manifest.json").read_text(encoding="utf-8")


def test_a_broken_synthetic_file_is_reported_with_file_and_line(tmp_path: Path) -> None:
    out = tmp_path / "region"
    write_region(out, 20)
    path = out / "organisations-0001.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line == "    kind: company")
    lines[at] = "    kind: companny"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        compile_region(out, load_kinds())
    issue = caught.value.issues[0]
    assert (issue.path.name, issue.line) == (path.name, at + 1)
    assert "company" in str(issue)


def test_command(tmp_path: Path) -> None:
    from regiograph.cli.synth import register

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Make synth a subcommand, as in the real command line."""

    register(app)
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--orgs", "15", "--seed", "2", "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r" / "documents.yaml").is_file()
    both = runner.invoke(app, ["synth", "--orgs", "15", "--size", "10k", "-o", str(tmp_path / "s")])
    assert isinstance(both.exception, UsageError)
