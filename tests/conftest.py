"""Shared fixtures: the bundled Leuven build (made once per session), the tiny test region, and a
runner for the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from regiograph import GraphStore, build
from regiograph.build import BuildResult
from regiograph.store.loading import load_built

# Property tests: a quick default for every run and CI; HYPOTHESIS_PROFILE=nightly for a long run.
# No example database: a run writes nothing into the checkout.
settings.register_profile("default", max_examples=25, deadline=None, database=None,
                          derandomize=True)  # the same examples on every run: CI is repeatable
settings.register_profile("nightly", max_examples=1000, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny"
#: The Leuven seed region (29 organisations) frozen as a fixture: the query library's, the
#: analysis' and the views' pinned answers were checked against it, and stay true however the
#: bundled data grows. Tests of the bundled data itself use ``region`` and ``region_build``.
SEED = DATA / "leuven-seed"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None) -> Run:
    """Run ``regiograph`` in a child process, as a user would."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "regiograph", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def leuven_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The Leuven seed region (the fixture :data:`SEED`), built once."""
    return build(SEED, out=tmp_path_factory.mktemp("leuven") / "build")


@pytest.fixture(scope="session")
def leuven(leuven_build: BuildResult) -> GraphStore:
    """A store holding the built Leuven seed dataset and the ontology."""
    return _store_of(leuven_build)


@pytest.fixture(scope="session")
def region_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled Leuven region as it ships (``data/leuven``), built once."""
    return build(out=tmp_path_factory.mktemp("region") / "build")


@pytest.fixture(scope="session")
def region(region_build: BuildResult) -> GraphStore:
    """A store holding the bundled region's build and the ontology."""
    return _store_of(region_build)


def _store_of(built: BuildResult) -> GraphStore:
    return load_built(built.out)


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A private copy of the tiny test region, free to mutate."""
    return Path(shutil.copytree(TINY, tmp_path / "tiny"))


def on_a_terminal(*args: str, columns: int = 200) -> bytes:
    """Run regiograph with its standard output on a pseudo-terminal ``columns`` wide; return
    what it wrote (the bytes, escapes included)."""
    import pty
    import select

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "50", "NO_COLOR": "1"}
    child = subprocess.Popen([sys.executable, "-m", "regiograph", *args], stdout=follower,
                             stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while select.select([leader], [], [], 60)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    child.wait(timeout=60)
    return b"".join(chunks)
