"""Shared fixtures: the mini dataset (hand-checked answers), the shipped dataset, the source."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from loaders.dataset import DEFAULT_DATA, load_dataset, source_path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"


def copy_dataset(src: Path, dest: Path) -> Path:
    """A writable copy of a dataset folder (geography linked, not copied)."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in ("actors", "experiences", "context"):
        if (src / folder).is_dir():
            shutil.copytree(src / folder, dest / folder)
    (dest / "geography").symlink_to((src / "geography").resolve())
    return dest


@pytest.fixture
def mini_root(tmp_path) -> Path:
    return copy_dataset(MINI, tmp_path / "data")


@pytest.fixture(scope="session")
def mini_dataset():
    return load_dataset(MINI)


@pytest.fixture(scope="session")
def source_file() -> Path:
    path = source_path()
    if not path.is_file():
        # a failure, never a skip: without the source no quote is checked
        pytest.fail(f"the source text is missing: {path} (set VITA_SOURCE)")
    return path


@pytest.fixture(scope="session")
def shipped_dataset():
    return load_dataset(DEFAULT_DATA)


@pytest.fixture(scope="session")
def neo4j_settings():
    from graph.neo4j.connection import Neo4jSettings
    return Neo4jSettings.from_env()


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings):
    """A driver on the test server; the Neo4j tests fail (never skip) when it is unreachable."""
    from graph.neo4j.connection import Neo4jUnavailable, connect
    try:
        driver = connect(neo4j_settings)
    except Neo4jUnavailable as exc:
        pytest.fail(f"{exc} — `bash tools/run-tests` starts one", pytrace=False)
    yield driver
    driver.close()


def wipe(driver, settings) -> None:
    """Empty the test database: vita's data and anything a test planted."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.database)


def mini_store(request, backend: str, dataset):
    """The given dataset in a store of the given engine (``memory`` or ``neo4j``); the Neo4j
    test database is emptied and loaded first. Shared by every suite run on both engines."""
    from graph.memory_store import MemoryStore
    if backend == "memory":
        return MemoryStore(dataset)
    from graph.neo4j.store import Neo4jStore
    from graph.neo4j.loader import load
    driver = request.getfixturevalue("neo4j_driver")
    settings = request.getfixturevalue("neo4j_settings")
    wipe(driver, settings)
    load(driver, dataset, settings)
    return Neo4jStore(driver, settings)   # the session fixture closes the driver


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_and_fetch(args: list[str], path: str = "/", env: dict | None = None) -> tuple[int, str]:
    """Start ``vita serve ARGS`` on a free port, wait (60 s at most) until ``path`` answers,
    return its status and body, and stop the server. The server never sees the imports of the
    person running the tests (``--without-imports``)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--without-imports", *args,
                             "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
                    return reply.status, reply.read().decode()
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, f"vita serve {args} did not answer in 60 s"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
