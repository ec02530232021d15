"""The repository stands alone: a clone of it, with nothing beside it, validates its data against
the source text it carries and starts the explorer (issue 12). CI runs on such a clone too; this
test makes the promise explicit wherever the suite runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lone_clone(tmp_path_factory) -> Path:
    """A clone of this repository's committed state in a folder with no ``shared`` beside it."""
    folder = tmp_path_factory.mktemp("alone")
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder / "vita")],
                   check=True)
    assert not (folder / "shared").exists()
    return folder / "vita"


def clean_env() -> dict:
    """The environment without anything that points vita elsewhere."""
    return {k: v for k, v in os.environ.items()
            if k not in {"VITA_SOURCE", "VITA_DATA", "PYTHONPATH"}}


def test_no_file_of_the_repository_reads_a_folder_beside_it(lone_clone):
    tracked = subprocess.run(["git", "grep", "-l", "-F", "-e", "../shared", "-e", "/shared/sources",
                              "--", ".", ":!tests/test_stands_alone.py", ":!tests/test_data.py"],
                             cwd=lone_clone, capture_output=True, text=True)
    assert tracked.stdout == "", tracked.stdout


def test_a_lone_clone_validates_its_data_against_its_own_source(lone_clone):
    done = subprocess.run([sys.executable, "-m", "cli.main", "validate"], cwd=lone_clone,
                          env=clean_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    source = lone_clone / "data" / "source" / "recueil-experiences-vita-2008.txt"
    assert f"evidence checked against {source}" in done.stdout


def test_a_lone_clone_serves_the_explorer(lone_clone):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cli.main", "serve", "--port", str(port),
                             "--without-imports"], cwd=lone_clone, env=clean_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                    health = json.loads(reply.read())
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "the lone clone's explorer did not answer"
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200 and "vita" in page.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert health["status"] == "ok" and health["counts"]["experiences"] == 27
