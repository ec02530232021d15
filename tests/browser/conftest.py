"""Real-browser tests: Debian's chromium and chromedriver, driven by dash[testing]."""

from __future__ import annotations

import pytest
from dash.testing.wait import until
from selenium.webdriver.chrome.options import Options
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def pytest_setup_options():
    options = Options()
    # The machine has no network but the package registries: background traffic only fails.
    for flag in ("--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1366,768"):
        options.add_argument(flag)
    return options


def drawn(dash_duo) -> tuple[int, int]:
    """Nodes and edges cytoscape.js has drawn."""
    return tuple(dash_duo.driver.execute_script(
        "const h = document.getElementById('graph');"
        "const cy = h && h._cyreg && h._cyreg.cy;"
        "return cy ? [cy.nodes().length, cy.edges().length] : [-1, -1];"))


def tap_node(dash_duo, actor_id: str) -> None:
    """A click on a node, as cytoscape.js delivers it to dash-cytoscape."""
    dash_duo.driver.execute_script(
        "document.getElementById('graph')._cyreg.cy.getElementById(arguments[0]).emit('tap');",
        actor_id)


@pytest.fixture
def wait_drawn(dash_duo):
    def wait(expected: tuple[int, int], timeout: float = 20):
        until(lambda: drawn(dash_duo) == expected, timeout=timeout,
              msg=f"expected {expected} drawn, saw {drawn(dash_duo)}")
    return wait


def pick(dash_duo, select_id: str, typed: str, option_text: str) -> None:
    """Type into a Mantine select (the territory and actor pickers), click the option showing
    ``option_text`` among those the server sent."""
    field = dash_duo.find_element(f"#{select_id}")
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(typed)
    _click_option(dash_duo, '[role="option"]', option_text)


def pick_dropdown(dash_duo, dropdown_id: str, typed: str, option_text: str) -> None:
    """Open a Dash 4 dropdown, type to filter it, click the option showing ``option_text``."""
    dash_duo.find_element(f"#{dropdown_id}").click()
    search = dash_duo.driver.find_elements(By.CSS_SELECTOR, "input.dash-dropdown-search")
    if search:
        search[0].send_keys(typed)
    _click_option(dash_duo, ".dash-dropdown-option", option_text)


def _click_option(dash_duo, selector: str, option_text: str) -> None:
    def clicked() -> bool:
        # the options are drawn again whenever the suggestions callback answers: an element
        # found may be gone a moment later, so look again until one click lands
        try:
            for element in dash_duo.driver.find_elements(By.CSS_SELECTOR, selector):
                if option_text in element.text:
                    element.click()
                    return True
        except StaleElementReferenceException:
            pass
        return False
    until(clicked, timeout=10, msg=f"no option {option_text!r}")
