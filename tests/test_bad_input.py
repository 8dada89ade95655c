"""The bad-input corpus (tests/bad, see its README): every fixture is run through the real command
line in a child process. A rejected input exits with the code DESIGN.md gives it (1 invalid data,
2 usage error), prints one line naming the file, line and column (or the argument), what is wrong
and how to fix it, prints no traceback and nothing on stdout, and leaves the output folder byte for
byte as it was, with no scratch folder beside it. An accepted fixture (exit 0) keeps its values as
written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from regiograph import build
from regiograph.build import BuildResult

from .conftest import TINY
from .servers import collect_garbage_here

BAD = Path(__file__).parent / "bad"
_ESCAPES = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|n|r|t|\\)")


def unescape(text: str) -> str:
    r"""``\n``, ``\r``, ``\t``, ``\xNN``, ``\uNNNN`` and ``\UNNNNNNNN`` in a fixture line, so that invisible
    characters stay visible in the fixture."""
    def one(match: re.Match[str]) -> str:
        code = match[1]
        simple = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}
        return simple.get(code) or chr(int(code[1:], 16))
    return _ESCAPES.sub(one, text)


@dataclass
class Fixture:
    name: str
    folder: Path
    args: str
    exit: int
    what: str = ""
    where: list[str] = field(default_factory=list)
    message: list[str] = field(default_factory=list)
    fix: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    stdout: str | None = None
    replace: list[tuple[str, str, str]] = field(default_factory=list)
    make: list[tuple[str, str, int]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def read_fixture(folder: Path) -> Fixture:
    lines = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    found = Fixture(folder.name, folder, "", -1)
    for line in lines:
        if line.startswith("#"):
            found.what += line.lstrip("# ") + " "
            continue
        if not line.strip():
            continue
        key, _, raw = line.partition(":")
        value = raw.strip()
        if key == "args":
            found.args = value
        elif key == "exit":
            found.exit = int(value)
        elif key in ("where", "message", "fix", "kept"):
            getattr(found, key).append(unescape(value))
        elif key == "stdout":
            found.stdout = unescape(value)
        elif key == "replace":
            file, old, new = raw.removeprefix(" ").split(" :: ")  # spaces in old and new count
            found.replace.append((file, unescape(old), unescape(new)))
        elif key == "make":
            file, kind, size = value.split()
            found.make.append((file, kind, int(size)))
        elif key == "env":
            name, _, setting = value.partition("=")
            found.env[name] = setting
        else:
            raise AssertionError(f"{folder}/expected.txt: unknown key {key!r}")
    assert found.args and found.exit in (0, 1, 2), folder
    assert found.exit == 0 or (found.where and found.message and found.fix), (
        f"{folder}: a rejection names where, what and how to fix")
    return found


FIXTURES = [read_fixture(folder) for folder in sorted(BAD.iterdir()) if folder.is_dir()]


def _make(path: Path, kind: str, size: int) -> None:
    """Inputs too big to keep in the repository, made on the spot."""
    if kind == "deep":  # flow lists nested ``size`` levels deep
        path.write_text("organisations: " + "[" * size + "]" * size + "\n", encoding="utf-8")
    elif kind == "huge-name":  # one record whose name is ``size`` characters, and a bad kind
        path.write_text("organisations:\n  - id: huge\n    name: " + "x" * size +
                        "\n    kind: nonsense\n    sources: [tiny-page]\n", encoding="utf-8")
    elif kind == "records":  # ``size`` records, the last one with an unknown reference
        records = "".join(f"  - id: place-{i}\n    name: Place {i}\n    kind: city\n"
                          f"    part_of: belgium\n    sources: [tiny-page]\n" for i in range(size))
        path.write_text(f"places:\n{records}  - id: last\n    name: Last\n    kind: city\n"
                        "    part_of: belgum\n    sources: [tiny-page]\n", encoding="utf-8")
    else:
        raise AssertionError(kind)


def digest(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file (and each empty folder) under ``folder``."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "folder" for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The outputs of an earlier, good build: what every rejected run must leave as it was."""
    return build(TINY, tmp_path_factory.mktemp("previous") / "build")


@dataclass
class Prepared:
    args: list[str]
    out: Path
    data: Path


def prepare(fixture: Fixture, previous: Path, tmp: Path) -> Prepared:
    out = Path(shutil.copytree(previous, tmp / "work" / "build"))
    if (fixture.folder / "build").is_dir():  # a damaged build folder
        shutil.copytree(fixture.folder / "build", out, dirs_exist_ok=True)
    data = Path(shutil.copytree(TINY, tmp / "data"))
    if (fixture.folder / "data").is_dir():
        shutil.copytree(fixture.folder / "data", data, dirs_exist_ok=True)
    for file, old, new in fixture.replace:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{fixture.name}: {old!r} is not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for file, kind, size in fixture.make:
        _make(data / file, kind, size)
    notes = tmp / "notes"
    notes.mkdir()
    (notes / "notes.txt").write_text("not an output folder\n", encoding="utf-8")
    places = {"data": str(data), "out": str(out), "case": str(fixture.folder),
              "notes": str(notes)}
    args = []
    for arg in fixture.args.split():  # placeholders by replacement: SPARQL has braces of its own
        for key, value in places.items():
            arg = arg.replace("{" + key + "}", value)
        args.append(unescape(arg))
    return Prepared(args, out, data)


@dataclass
class Outcome:
    prepared: Prepared
    before: dict[str, str]
    beside: list[str]
    done: subprocess.CompletedProcess[str]


def _run(fixture: Fixture, prepared: Prepared) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "300", "NO_COLOR": "1", **fixture.env}
    env.pop("REGIOGRAPH_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "regiograph", *prepared.args],
                          capture_output=True, text=True, env=env, timeout=120, check=False,
                          cwd=prepared.out.parent.parent)


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, previous: BuildResult,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every selected fixture run through the command line, several child processes at a time
    (each in its own folders), so that the corpus takes seconds, not a minute."""
    selected = {getattr(item.callspec.params["fixture"], "name", "") for item in request.session.items
                if isinstance(item, pytest.Function)
                and item.originalname == "test_bad_input_is_rejected_clearly_and_changes_nothing"}
    chosen = [f for f in FIXTURES if f.name in selected]
    prepared = [prepare(f, previous.out, tmp_path_factory.mktemp(f.name)) for f in chosen]
    before = [(digest(p.out), sorted(os.listdir(p.out.parent))) for p in prepared]
    collect_garbage_here()
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        done = list(pool.map(_run, chosen, prepared))
    return {f.name: Outcome(p, b, listing, d)
            for f, p, (b, listing), d in zip(chosen, prepared, before, done, strict=True)}


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_bad_input_is_rejected_clearly_and_changes_nothing(fixture: Fixture,
                                                           outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[fixture.name]
    done, out = outcome.done, outcome.prepared.out
    report = f"{fixture.name}: exit {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
    assert done.returncode == fixture.exit, report
    assert "Traceback" not in done.stderr + done.stdout, report
    assert "internal error" not in done.stderr, report
    if fixture.exit == 0:
        graph = (out / "graph.nt").read_text(encoding="utf-8")
        for value in fixture.kept:
            assert value in graph, f"{fixture.name}: {value!r} was not kept as written"
        if fixture.stdout is not None:
            assert done.stdout == fixture.stdout, report
        return
    assert done.stdout == "", report  # messages go to stderr
    parts = (*fixture.where, *fixture.message, *fixture.fix)
    assert any(all(part in line for part in parts) for line in done.stderr.splitlines()), (
        f"no line has all of {parts}\n{report}")
    assert digest(out) == outcome.before, f"{fixture.name}: the output folder changed"
    assert sorted(os.listdir(out.parent)) == outcome.beside, f"{fixture.name}: scratch left"


def test_the_corpus_is_large_and_covers_every_input() -> None:
    rejected = [f for f in FIXTURES if f.exit != 0]
    assert len(rejected) >= 60
    commands = {f.args.split()[0] for f in FIXTURES}
    assert {"build", "query", "export", "analyze"} <= commands
    prefixes = {f.name.split("-")[0] for f in FIXTURES}
    assert {"yaml", "data", "text", "file", "rq", "rdf", "param", "cli", "kept"} <= prefixes
