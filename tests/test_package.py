"""The package as users get it: its public API, its command line, and a wheel that builds the
Leuven graph without a checkout."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import regiograph

from .conftest import run_cli

ROOT = Path(__file__).parent.parent


def test_all_lists_every_public_name_of_every_module() -> None:
    names = ["regiograph"] + [info.name for info in pkgutil.walk_packages(
        regiograph.__path__, "regiograph.") if not info.name.endswith("__main__")]
    for name in names:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), f"{name} has no __all__"
        public = {key for key, value in vars(module).items()
                  if not key.startswith("_") and getattr(value, "__module__", None) == name
                  and callable(value)}
        missing = public - set(module.__all__)
        assert not missing, f"{name}.__all__ lacks {sorted(missing)}"
        for key in module.__all__:
            assert hasattr(module, key), f"{name}.__all__ names missing {key}"


def test_version_and_help_on_every_command() -> None:
    assert run_cli("--version").stdout.strip() == f"regiograph {regiograph.__version__}"
    top = run_cli("--help")
    assert top.code == 0
    commands = [line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines()
                if line.strip()]
    assert "build" in commands
    for command in commands:
        result = run_cli(command, "--help")
        assert result.code == 0 and "Usage:" in result.stdout, command


def test_usage_errors_exit_2_without_traceback() -> None:
    result = run_cli("build", "--no-such-option")
    assert result.code == 2 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_wheel_alone_builds_leuven(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("regiograph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for bundled in ("regiograph/_bundled/ontology/regiograph.ttl",
                    "regiograph/_bundled/data/leuven/organisations.yaml",
                    "regiograph/_bundled/queries/qc/unlabelled-node-violation.rq",
                    "regiograph/publish/vendor/oxigraph/web_bg.wasm",  # the browser's SPARQL engine
                    "regiograph/publish/vendor/oxigraph/web.js",
                    "regiograph/publish/vendor/oxigraph/LICENSE-MIT",
                    "regiograph/templates/query.js"):
        assert bundled in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--target", str(target), str(wheel)], check=True)
    # A fresh directory, and the wheel first on the path: the checkout is not used.
    script = ("import regiograph, regiograph.resources as r;"
              "assert '_bundled' in str(r.ontology_dir()), r.ontology_dir();"
              "print(regiograph.__file__);"
              "from regiograph.cli import main; raise SystemExit(main(['build', '--out', 'out']))")
    work = tmp_path / "elsewhere"
    work.mkdir()
    done = subprocess.run([sys.executable, "-c", script], cwd=work, capture_output=True, text=True,
                          env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}, check=False)
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stdout
    assert (work / "out" / "dataset.trig").stat().st_size > 10_000
