"""A real Virtuoso for the tests: Debian's ``virtuoso-t`` on a temporary database and ini, on free
loopback ports, set up by its SQL console (``isql-vt``) the way the README tells a user to, and
stopped at the end. Where ``virtuoso-t`` is not installed, the tests that need it are skipped with
the reason (CI installs it: ``.ci/run``)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .servers import free_port

#: The graph that the set-up makes the default graph of the ``/sparql`` endpoint.
DEFAULT_GRAPH = "urn:regiograph:default"

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxClientConnections = 8
DirsAllowed = {dir}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 8
MaxClientConnections = 8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


class Virtuoso:
    """A running Virtuoso: its HTTP base address and its SQL console."""

    def __init__(self, folder: Path, max_rows: int) -> None:
        self.folder = folder
        self.http, self.sql = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(
            _INI.format(dir=folder, sql=self.sql, http=self.http, max_rows=max_rows),
            encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http}"

    def start(self) -> Virtuoso:
        binary = shutil.which("virtuoso-t")
        assert binary is not None
        with (self.folder / "stdout.log").open("wb") as log:
            self.process = subprocess.Popen(
                [binary, "-c", str(self.folder / "virtuoso.ini"), "+foreground"],
                cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/sparql?query=ASK%7B%7D", timeout=2):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log_text = (self.folder / "virtuoso.log").read_text(errors="replace")
                    self.stop()
                    raise RuntimeError(f"Virtuoso did not start:\n{log_text[-2000:]}") from None
                time.sleep(0.2)

    def isql(self, *statements: str) -> str:
        """Run SQL statements as the database administrator (dba, the password of a new
        database); fail on any error."""
        console = shutil.which("isql-vt")
        assert console is not None, "isql-vt comes with virtuoso-opensource"
        done = subprocess.run([console, f"127.0.0.1:{self.sql}", "dba", "dba",
                               "exec=" + " ".join(statements)],
                              capture_output=True, text=True, timeout=60, check=False)
        output = done.stdout + done.stderr
        assert done.returncode == 0 and "*** Error" not in output, output
        return output

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def require_virtuoso() -> None:
    """Skip, saying why, where Virtuoso is not installed."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource, "
                    "as .ci/run does); the Virtuoso tests need virtuoso-t and isql-vt")


@contextmanager
def virtuoso(folder: Path, max_rows: int = 100_000) -> Iterator[Virtuoso]:
    """A Virtuoso on a new database in ``folder``, stopped at the end."""
    require_virtuoso()
    server = Virtuoso(folder, max_rows).start()
    try:
        yield server
    finally:
        server.stop()


#: The set-up of README "Loading the graph into Virtuoso": the SPARQL user may write through the
#: Graph Store endpoint, and ``/sparql`` has a default graph (for every host name).
SET_UP = (
    'GRANT SPARQL_UPDATE TO "SPARQL";',
    "INSERT INTO DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) "
    f"VALUES ('*', '{DEFAULT_GRAPH}');",
)
