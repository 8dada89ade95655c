"""A newcomer's first hour with the command line and the API (issue 15, "The command line and
the API"): each finding replayed as the user met it.

Outputs that a web server can serve, an output folder that is never the one the shell stands in,
a typo in a parameter that is named instead of answered with nothing, tables that read in a
terminal and in a pipe, options that are spelled alike in every command, typed data frames.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import regiograph
from regiograph import GraphStore, UsageError
from regiograph.build import BuildResult, load_built

from .conftest import TINY, on_a_terminal, run_cli


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "build"
    done = run_cli("build", "--data", str(TINY), "--out", str(out))
    assert done.code == 0, done.stderr
    return out


@contextmanager
def umask(mask: int) -> Iterator[None]:
    """Run the enclosed commands (child processes inherit it) under ``mask``."""
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- outputs a web server can serve ---------------------------------------------------------------

@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027])
def test_single_file_outputs_get_the_umask_like_folder_outputs(tiny_build: Path, tmp_path: Path,
                                                              mask: int) -> None:
    """A published view must be readable by the web server: a new file, and one written over an
    earlier (private) file, get 0666 less the umask, as every file of a folder output does; the
    folder outputs themselves get 0777 less the umask."""
    page, graph, folder = tmp_path / "view.html", tmp_path / "graph.ttl", tmp_path / "all"
    graph.write_text("old", encoding="utf-8")
    graph.chmod(0o600)  # written by an earlier run under another umask
    with umask(mask):
        for args in (["view", "-o", str(page)], ["export", "-f", "turtle", "-o", str(graph)],
                     ["export", "--all", "-o", str(folder)]):
            done = run_cli(*args, "--build", str(tiny_build))
            assert done.code == 0, done.stderr
    assert mode(page) == mode(graph) == mode(folder / "csv" / "nodes.csv") == 0o666 & ~mask
    assert mode(folder) == 0o777 & ~mask
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


# -- the output folder is never the current folder ------------------------------------------------

@pytest.mark.parametrize("given", [".", "{cwd}", "..", "sub/.."])
def test_the_current_folder_is_refused_as_an_output_folder(tmp_path: Path, given: str) -> None:
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    done = run_cli("build", "--data", str(TINY), "--out", given.replace("{cwd}", str(work)),
                   cwd=work)
    assert done.code == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "current folder" in done.stderr
    assert "such as build" in done.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing left behind


def test_an_earlier_build_entered_with_cd_is_not_replaced_from_inside(tiny_build: Path,
                                                                      tmp_path: Path) -> None:
    """``cd build && regiograph site -o .`` (or ``build --out .``) would swap the folder the
    shell stands in: refused, and the build and its parent stay as they were."""
    import shutil

    build = Path(shutil.copytree(tiny_build, tmp_path / "build"))
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    for args in (["build", "--data", str(TINY), "--out", "."], ["site", "--build", ".", "-o", "."],
                 ["export", "--all", "--build", ".", "-o", "."]):
        done = run_cli(*args, cwd=build)
        assert done.code == 2 and "current folder" in done.stderr, (args, done.stderr)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


# -- a typo in a parameter is named, not answered with nothing -----------------------------------

def test_a_typo_in_a_parameter_value_is_named_with_what_was_meant(leuven_build: BuildResult
                                                                   ) -> None:
    done = run_cli("query", "list-collaboration-partners", "--param", "collaboration=icovd",
                   "--build", str(leuven_build.out))
    assert done.code == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "error: parameter collaboration: no stakeholder 'icovd' in the graph; did you mean "
        "'icovid' (icovid)?"]
    with pytest.raises(UsageError, match="did you mean 'icovid'"):
        regiograph.query("list-collaboration-partners", store=load_built(leuven_build.out),
                         collaboration="icovd")


def test_a_parameter_may_name_a_stakeholder_by_its_name(leuven: GraphStore) -> None:
    by_id = regiograph.query("list-collaboration-partners", store=leuven,
                             collaboration="mission-lucidity").to_dicts()
    for name in ("Mission Lucidity", "mission lucidity"):
        assert regiograph.query("list-collaboration-partners", store=leuven,
                                collaboration=name).to_dicts() == by_id and by_id


def test_an_unknown_prefix_is_named_in_words(leuven_build: BuildResult) -> None:
    done = run_cli("query", "SELECT ?x WHERE {\n ?x a rgx:University }", "--build",
                   str(leuven_build.out))
    assert done.code == 2
    assert done.stderr.count("\n") == 1 and "\\u{" not in done.stderr and "..=" not in done.stderr
    assert "<text>:2:7: unknown prefix 'rgx:' (did you mean 'rg:'?)" in done.stderr
    done = run_cli("query", "list-organisations-by-kind", "--param", "kind=rgg:University",
                   "--build", str(leuven_build.out))
    assert done.code == 2 and "did you mean 'rg:University'?" in done.stderr


# -- tables that read in a terminal and in a pipe -------------------------------------------------

def in_terminal(*args: str, columns: int) -> str:
    """What ``regiograph`` prints on a terminal ``columns`` wide (a pseudo-terminal)."""
    shown = on_a_terminal(*args, columns=columns).decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", shown)  # bold headings: not part of the width


def test_a_table_in_a_pipe_is_never_wrapped_and_shows_prefixed_names(leuven_build: BuildResult
                                                                      ) -> None:
    done = run_cli("query", "list-people-by-role", "-f", "table", "--build", str(leuven_build.out))
    rows = run_cli("query", "list-people-by-role", "--build", str(leuven_build.out)).stdout
    lines = done.stdout.splitlines()
    assert done.code == 0 and len(lines) == len(rows.splitlines()) - 1 + 4  # a row a line
    assert len({len(line) for line in lines}) == 1 and len(lines[0]) > 80
    assert "https://w3id.org" not in done.stdout and "…" not in done.stdout
    assert "│ id:icometrix " in done.stdout and "│ id:founder " in done.stdout


@pytest.mark.parametrize("columns", [90, 140])
def test_a_table_on_a_terminal_fits_it_a_row_a_line(leuven_build: BuildResult,
                                                     columns: int) -> None:
    shown = in_terminal("query", "list-people-by-role", "--build", str(leuven_build.out),
                        columns=columns)
    count = len(regiograph.query("list-people-by-role", store=load_built(leuven_build.out)))
    lines = shown.splitlines()
    assert len(lines) == count + 4 and max(len(line) for line in lines) <= columns
    assert "id:founder" in shown and "https://" not in shown


def test_a_table_too_wide_for_the_terminal_is_shown_as_records(leuven_build: BuildResult) -> None:
    shown = in_terminal("query", "list-people-by-role", "--build", str(leuven_build.out), columns=50)
    assert "── row 1 ──" in shown and "\nperson              id:" in shown
    assert max(len(line) for line in shown.splitlines()) <= 50


# -- options spelled alike in every command -------------------------------------------------------

READERS = ["query", "serve", "push", "analyze", "explain", "suggest", "export", "view", "site"]


def help_of(command: str) -> str:
    done = run_cli(command, "--help")
    assert done.code == 0, done.stderr
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("command", READERS)
def test_every_command_reads_its_build_with_one_option_said_once(command: str) -> None:
    shown = help_of(command)
    assert "--build DIR The build folder to read (written by `regiograph build`). " \
           "[default: build]" in shown
    assert "--data-dir" not in shown and shown.count("[default: build]") == 1


@pytest.mark.parametrize("command", ["view", "export", "analyze", "explain", "suggest"])
def test_p_is_the_projection_wherever_there_is_one(command: str) -> None:
    assert "-p, --projection" in help_of(command)


def test_the_former_spellings_still_work(leuven_build: BuildResult) -> None:
    """``--data-dir`` (analyze, explain, suggest) and ``query -p`` are kept, hidden."""
    build = str(leuven_build.out)
    assert "-p" not in help_of("query").replace("--p", "")
    old = run_cli("query", "list-collaboration-partners", "-p", "collaboration=icovid",
                  "--build", build)
    new = run_cli("query", "list-collaboration-partners", "--param", "collaboration=icovid",
                  "--build", build)
    assert old.code == 0 and old.stdout == new.stdout and "icometrix" in new.stdout
    old = run_cli("explain", "imec", "vib", "--data-dir", build)
    assert old.code == 0 and old.stdout == run_cli("explain", "imec", "vib", "--build",
                                                    build).stdout


@pytest.mark.parametrize(("args", "message"), [
    (["export", "--format", "pdf"], "error: unknown format 'pdf'; choose one of turtle, "),
    (["export", "--format", "gexg"], "error: unknown format 'gexg' (did you mean 'gexf'?)"),
    (["query", "list-rankings", "--format", "pdf"], "error: unknown format 'pdf'; choose one of "
                                                    "table, csv, tsv, json, jsonl"),
    (["view", "-o", "x.html", "--color-by", "kinds"],
     "error: unknown --color-by value 'kinds' (did you mean 'kind'?)"),
])
def test_a_wrong_choice_is_one_line_in_the_style_of_every_error(
        leuven_build: BuildResult, tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli(*args, "--build", str(leuven_build.out), cwd=tmp_path)
    assert done.code == 2 and done.stderr.startswith(message) and done.stderr.count("\n") == 1


# -- the Python API ------------------------------------------------------------------------------

def test_dates_of_every_precision_are_typed_in_data_frames(leuven: GraphStore) -> None:
    """``founded`` mixes days, months and years (1984-01-16, 1990-07); ``year`` is a year: each
    becomes a datetime at the start of what it names, as the README promises."""
    pd = pytest.importorskip("pandas")
    spin_offs = regiograph.query("list-spin-offs", store=leuven)
    frame = spin_offs.to_dataframe().set_index("spin_off_label")
    assert pd.api.types.is_datetime64_any_dtype(frame["founded"])
    assert frame.loc["imec", "founded"] == pd.Timestamp("1984-01-16")
    assert frame.loc["Materialise", "founded"] == pd.Timestamp("1990-07-01")
    assert {d["founded"] for d in spin_offs.to_dicts()} >= {"1990-07"}  # the literal, kept
    figures = regiograph.query("list-figures", store=leuven).to_dataframe()
    assert pd.api.types.is_datetime64_any_dtype(figures["year"])
    assert set(figures["year"].dropna().dt.month) == {1}


def test_query_reads_the_build_it_is_given(leuven_build: BuildResult, tmp_path: Path) -> None:
    given = regiograph.query("list-rankings", build=leuven_build.out)
    assert given.to_dicts() == regiograph.query("list-rankings",
                                                store=load_built(leuven_build.out)).to_dicts()
    assert regiograph.query("list-rankings", build=str(leuven_build.out)).to_dicts()
    with pytest.raises(regiograph.RegiographError, match="no build in"):
        regiograph.query("list-rankings", build=tmp_path)


# -- the site, the report and its charts -------------------------------------------------------

def test_the_site_is_titled_after_the_region_in_the_data(leuven_build: BuildResult,
                                                         tmp_path: Path) -> None:
    """The seed's place of kind region is the Leuven Innovation Region: the site's title, and
    what every stakeholder page calls the region."""
    done = run_cli("site", "--build", str(leuven_build.out), "-o", str(tmp_path / "site"))
    assert done.code == 0, done.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    page = (tmp_path / "site" / "stakeholders" / "vib.html").read_text(encoding="utf-8")
    assert "<title>Leuven Innovation Region</title>" in index
    assert "A research institute of Leuven Innovation Region" in page
    assert "The innovation region" not in index + page


def test_a_graph_without_a_region_place_has_no_region_name() -> None:
    from regiograph.queries.facts import region_name

    assert region_name(GraphStore()) is None


def test_the_report_names_kinds_in_words_and_charts_no_empty_bars(leuven_build: BuildResult,
                                                                  tmp_path: Path) -> None:
    from regiograph.analysis.plots import leaders
    from regiograph.analysis.report import analyze

    result = analyze(load_built(leuven_build.out), "organisations", "kind", tmp_path / "a",
                     build_dir=leuven_build.out)
    report = (tmp_path / "a" / "report.md").read_text(encoding="utf-8")
    assert "| research institute |" in report and "| university |" in report
    assert "research-institute" not in report and "government-body" not in report
    zero = [r for r in result.rows if not r["betweenness"]]
    assert len(zero) > 6  # the seed: most of its organisations lie on no shortest path
    shown = leaders(result.rows, "betweenness")
    assert shown and all(r["betweenness"] for r in shown)
    assert [r["label"] for r in shown] == [r["label"] for r in sorted(
        result.rows, key=lambda r: -float(r["betweenness"] or 0))[:len(shown)]]


# -- a rebuild sums its warnings up --------------------------------------------------------------

def test_a_build_sums_its_warnings_up_by_check(tmp_path: Path) -> None:
    from .conftest import SEED

    done = run_cli("build", "--data", str(SEED), "--out", str(tmp_path / "build"))
    assert done.code == 0, done.stderr
    lines = done.stderr.splitlines()
    listing = str(tmp_path / "build" / "validation.txt")
    total = int(re.search(r"(\d+) warnings$", lines[-1])[1])  # type: ignore[index]
    assert lines[0] == f"{total} warnings, each with its file and line in {listing}:"
    counted = [re.fullmatch(r"  +(\d+)  (\S+) +(\S.*)", line) for line in lines[1:-1]]
    assert all(counted) and len(counted) < 15 and ": warning: " not in done.stderr
    assert sum(int(m[1]) for m in counted if m) == total > 20
    assert [int(m[1]) for m in counted if m] == sorted((int(m[1]) for m in counted if m),
                                                       reverse=True)
    assert (tmp_path / "build" / "validation.txt").read_text(encoding="utf-8").count(
        ": warning: ") == total


def test_a_build_with_few_warnings_lists_each_with_its_place(tmp_path: Path) -> None:
    done = run_cli("build", "--data", str(TINY), "--out", str(tmp_path / "build"))
    assert done.code == 0
    assert re.match(r".*sources\.yaml:\d+: warning: other-page: ", done.stderr)
