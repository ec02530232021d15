"""The served explorer in headless Chromium (run under `flock /tmp/vita-browser.lock`):
personal data on a shared deployment, no CSP violation, a Neo4j outage and the recovery."""

from __future__ import annotations

import subprocess
import sys
import time

import requests
from dash.testing.wait import until
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from tests.conftest import MINI
from tests.server.conftest import PASSWORD, REPO, add_user, csp_violations

ARCHER_PERSON, ARCHER_PHONE, ARCHER_ADDRESS = ("Christophe CHEVALIER", "04 75 02 07 68",
                                               "Impasse Alfred Nobel")


def text_of(driver, element_id: str) -> str:
    try:
        found = driver.find_elements(By.ID, element_id)   # not there yet while the page loads
        return found[0].text if found else ""
    except StaleElementReferenceException:               # drawn again between the two calls
        return ""


def card_text(driver, expected: str, timeout: float = 30) -> str:
    until(lambda: expected in text_of(driver, "card"), timeout=timeout,
          msg=f"the card never showed {expected!r}")
    return text_of(driver, "card")


def log_in(driver, base: str, name: str, target: str) -> None:
    driver.get(base + target)
    until(lambda: driver.find_elements(By.ID, "password"), timeout=20)
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def test_contacts_hidden_on_a_shared_deployment(serve, server_env, browser):
    add_user(server_env, "bob", "lecteur")
    served = serve("--auth", "accounts")
    log_in(browser, served.base, "bob", "/?acteur=archer")
    text = card_text(browser, ARCHER_ADDRESS)
    assert ARCHER_PERSON not in text and ARCHER_PHONE not in text
    assert "Connecté : bob (lecteur)" in browser.find_element(By.ID, "session-bar").text
    assert not browser.find_element(By.ID, "import-panel").is_displayed()
    assert csp_violations(browser) == []
    assert ARCHER_PERSON not in served.output() and PASSWORD not in served.output()


def test_contacts_shown_on_localhost_and_never_logged(serve, browser):
    served = serve()
    browser.get(served.base + "/?acteur=archer")
    text = card_text(browser, ARCHER_PERSON)
    assert ARCHER_PHONE in text
    assert browser.find_element(By.ID, "import-panel").is_displayed()    # the local coordinator
    assert csp_violations(browser) == []
    assert ARCHER_PERSON not in served.output() and ARCHER_PHONE not in served.output()


def banner(driver) -> str:
    try:
        found = driver.find_elements(By.ID, "store-banner")
        return found[0].text if found and found[0].is_displayed() else ""
    except StaleElementReferenceException:
        return "?"     # neither "shown" nor "hidden": the caller's wait goes on


def test_neo4j_outage_shows_a_message_and_the_explorer_recovers(own_neo4j, serve, server_env,
                                                                 browser):
    env = {**server_env, **own_neo4j.env}
    subprocess.run([sys.executable, "-m", "cli.main", "load", "--data", str(MINI)], cwd=REPO,
                   env=env, check=True, capture_output=True)
    served = serve("--backend", "neo4j", env=env)
    browser.get(served.base + "/?acteur=archer")
    card_text(browser, "ARCHER")

    own_neo4j.launcher("stop")
    assert requests.get(served.base + "/healthz", timeout=20).status_code == 503
    started = time.monotonic()
    browser.get(served.base + "/?territoire=dep:38")         # every callback meets the outage
    until(lambda: "La base Neo4j ne répond pas" in banner(browser), timeout=20,
          msg="no outage message in the page")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Traceback" not in body and "Error" not in body
    # no view to draw: the left column is drawn anyway (dashboard/layout.py, side_column)
    until(lambda: browser.find_elements(By.ID, "families"), timeout=10,
          msg="the filters were not drawn")
    assert time.monotonic() - started < 20      # no 30 s hang (a bound, not a benchmark)

    own_neo4j.launcher("start")
    until(lambda: banner(browser) == "", timeout=30, msg="the banner stayed after recovery")
    assert requests.get(served.base + "/healthz", timeout=20).status_code == 200
    browser.get(served.base + "/?acteur=archer")
    card_text(browser, "ARCHER")
    assert "Traceback" not in served.output()
