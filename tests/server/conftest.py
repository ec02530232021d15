"""A real ``vita serve`` (waitress, in a subprocess) on a free port, for the server tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(self.port), *args],
            cwd=REPO, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"vita serve exited {self.process.returncode}:\n{log.read_text()}")
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=5)
                return
            except urllib.error.HTTPError:
                return          # it answers (503 when its store does not)
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"vita serve did not answer within 120 s:\n{log.read_text()}")

    def output(self) -> str:
        return self.log.read_text()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture
def server_env(tmp_path) -> dict:
    users = tmp_path / "users.json"
    return {**os.environ, "VITA_USERS_FILE": str(users), "VITA_USER_DATA": str(tmp_path / "user"),
            "VITA_SECRET_KEY": "test-secret-" + "x" * 40, "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def serve(tmp_path, server_env):
    """``serve(*args, env=…)`` starts a server; every one started is stopped after the test."""
    started = []

    def start(*args: str, env: dict | None = None) -> Served:
        served = Served(list(args), env or server_env, tmp_path / f"serve-{len(started)}.log")
        started.append(served)
        return served
    yield start
    for served in started:
        served.stop()


def add_user(env: dict, name: str, role: str) -> None:
    subprocess.run([sys.executable, "-m", "cli.main", "users", "add", name, "--role", role],
                   cwd=REPO, env={**env, "VITA_NEW_PASSWORD": PASSWORD}, check=True,
                   capture_output=True)


@pytest.fixture
def browser():
    """Headless Chromium at 1366×768 with its console log (Debian's chromium/chromedriver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1366,768", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options)
    yield driver
    driver.quit()


def csp_violations(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if "Content Security Policy" in e["message"] or "Refused to" in e["message"]]


class Neo4jServer:
    """A Neo4j of the test's own (tools/neo4j, its own port and folder): stopped and started
    again under a running explorer without disturbing the suite's server."""

    def __init__(self, home: Path):
        self.port = free_port()
        self.uri = f"bolt://127.0.0.1:{self.port}"
        self.env = {**os.environ, "VITA_NEO4J_PORT": str(self.port), "VITA_NEO4J_HOME": str(home),
                    "VITA_NEO4J_PASSWORD": "vita-dev-password", "NEO4J_URI": self.uri,
                    "NEO4J_PASSWORD": "vita-dev-password"}

    def launcher(self, action: str) -> None:
        subprocess.run(["bash", str(REPO / "tools" / "neo4j" / "neo4j"), action], cwd=REPO,
                       env=self.env, check=True, capture_output=True, timeout=240)


@pytest.fixture
def own_neo4j(tmp_path):
    server = Neo4jServer(tmp_path / "neo4j")
    server.launcher("start")
    yield server
    server.launcher("stop")
