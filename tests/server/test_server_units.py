"""The pure parts of serving: lock-out, personal data, request checks, option checks."""

from __future__ import annotations

import pytest

from dashboard.accounts import LoginThrottle, authenticate, new_account
from dashboard.health import health_report
from dashboard.security import callback_problem, content_security_policy
from dashboard.served_store import ServedStore, public_contact
from dashboard.server import ServeOptions, check_options, is_loopback
from graph.errors import InputError, StoreUnavailable
from graph.memory_store import MemoryStore


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_throttle_locks_after_the_limit_then_frees():
    clock = Clock()
    throttle = LoginThrottle(limit=3, window=60, lockout=300, clock=clock)
    for _ in range(2):
        throttle.failed("mallory")
    assert throttle.locked("mallory") == 0
    throttle.failed("mallory")
    assert throttle.locked("mallory") == 300 and throttle.locked("alice") == 0
    clock.now = 301
    assert throttle.locked("mallory") == 0


def test_throttle_forgets_failures_outside_the_window():
    clock = Clock()
    throttle = LoginThrottle(limit=3, window=60, lockout=300, clock=clock)
    for minute in range(5):
        clock.now = minute * 61
        throttle.failed("alice")
    assert throttle.locked("alice") == 0


def test_authenticate_checks_the_hash():
    accounts = {"alice": new_account("alice", "lecteur", "a long password")}
    assert authenticate(accounts, "alice", "a long password") == accounts["alice"]
    assert authenticate(accounts, "alice", "wrong password") is None
    assert authenticate(accounts, "nobody", "a long password") is None
    with pytest.raises(InputError, match="at least"):
        new_account("bob", "lecteur", "short")
    with pytest.raises(InputError, match="role"):
        new_account("bob", "admin", "a long password")


def test_public_contact_keeps_no_person():
    contact = {"address": "1 rue X", "phone": "04 75 02 07 68", "email": "direction@example.org",
               "website": "https://example.org", "people": [{"name": "Christophe CHEVALIER"}]}
    assert public_contact(contact) == {"address": "1 rue X", "website": "https://example.org"}
    assert public_contact({"people": [{"name": "A"}]}) is None


def test_served_store_hides_personal_data_unless_enabled(mini_dataset):
    store = MemoryStore(mini_dataset)
    with_people = [a for a in mini_dataset.actors if (store.actor(a).contact or {}).get("phone")]
    assert with_people, "the mini dataset has a contact with a phone"
    actor = with_people[0]
    hidden, shown = ServedStore(store, show_contacts=False), ServedStore(store, show_contacts=True)
    assert "phone" not in (hidden.actor(actor).contact or {})
    assert "phone" not in (hidden.actor_details([actor])[actor].contact or {})
    assert shown.actor(actor).contact == store.actor(actor).contact
    assert hidden.stats() == store.stats()                      # everything else passes through


class DownStore:
    def counts(self):
        raise StoreUnavailable("down")


def test_health_report_is_503_when_the_store_does_not_answer(mini_dataset):
    status, body = health_report(MemoryStore(mini_dataset), "memory")
    assert status == 200 and body["counts"]["actors"] == len(mini_dataset.actors)
    status, body = health_report(DownStore(), "neo4j")
    assert status == 503 and body["neo4j_reachable"] is False and body["status"] == "unavailable"


@pytest.mark.parametrize("body, problem", [
    ([], "objet JSON"), ({"inputs": []}, "output"),
    ({"output": "a.b", "inputs": {}, "changedPropIds": []}, "inputs"),
    ({"output": "a.b", "inputs": [{"id": "x"}], "changedPropIds": []}, "property"),
    ({"output": "a.b", "inputs": [], "changedPropIds": [], "state": "x"}, "state"),
])
def test_callback_problem_names_what_is_wrong(body, problem):
    assert problem in callback_problem(body)


def test_callback_problem_accepts_what_the_page_sends():
    assert callback_problem({"output": "a.b", "inputs": [{"id": "x", "property": "value",
                                                          "value": 1}, []],
                             "changedPropIds": ["x.value"], "state": []}) is None


def test_csp_allows_only_own_scripts_and_given_hashes():
    csp = content_security_policy(["'sha256-abc'"])
    assert "script-src 'self' 'sha256-abc';" in csp and "frame-ancestors 'none'" in csp


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True),
                                            ("::1", True), ("0.0.0.0", False),
                                            ("192.168.1.10", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_check_options_refuses_what_exposes_the_explorer():
    with pytest.raises(InputError, match="vita users add"):
        check_options(ServeOptions(host="0.0.0.0"), {})
    with pytest.raises(InputError, match="--debug"):
        check_options(ServeOptions(host="0.0.0.0", auth="proxy", debug=True), {})
    with pytest.raises(InputError, match="no account"):
        check_options(ServeOptions(auth="accounts"), {})
    check_options(ServeOptions(host="0.0.0.0", auth="proxy"), {})
    check_options(ServeOptions(debug=True), {})


def test_the_app_itself_caps_request_bodies(mini_dataset, tmp_path):
    # waitress refuses larger bodies first; the app's own cap also holds under --debug's server
    from dashboard.server import build_app
    app, _ = build_app(MemoryStore(mini_dataset), ServeOptions(), {}, tmp_path)
    client = app.server.test_client()
    answer = client.post("/_dash-update-component", data=b"x" * 1_100_000,
                         content_type="application/json")
    assert answer.status_code == 413
    assert client.post("/_dash-update-component", data=b"[1]",
                       content_type="application/json").status_code == 400


def test_session_line_says_who_and_shows_the_panel_to_coordinators():
    from dashboard.access import LOCAL_USER
    from dashboard.accounts import Account
    from dashboard.import_panel import session_line
    assert session_line(LOCAL_USER, "none") == (["Utilisateur local (coordinateur)"], {})
    who, panel = session_line(Account("bob", "lecteur", ""), "accounts")
    assert who[0] == "Connecté : bob (lecteur)" and who[2].href == "/logout"
    assert panel == {"display": "none"}
    assert session_line(Account("carol", "coordinateur", ""), "proxy") == \
        (["Connecté : carol (coordinateur)"], {})
