"""``vita serve`` as a team runs it: waitress, /healthz, access control, security headers,
bounded and validated callback requests, imports from the explorer (issues 12 and 16)."""

from __future__ import annotations

import base64
import json
import re
import socket
import subprocess
import sys

import requests
import yaml

from dashboard.accounts import read_accounts
from loaders.dataset import DEFAULT_DATA, load_dataset
from tests.server.conftest import PASSWORD, REPO, add_user
from tools.dash_requests import DashClient

TEMPLATE = REPO / "templates" / "vita-import.xlsx"


def vita(*args, env):
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)


# --- serving -------------------------------------------------------------------------------
def test_healthz_reports_version_backend_and_counts(serve):
    served = serve()
    answer = requests.get(served.base + "/healthz")
    dataset = load_dataset(DEFAULT_DATA)
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["backend"] == "memory" and body["version"]
    assert body["counts"]["actors"] == len(dataset.actors)
    assert body["counts"]["relations"] == len(dataset.relations)
    assert "development server" not in served.output().lower()


def test_sigterm_stops_gracefully(serve):
    served = serve()
    assert served.stop() == 0
    assert "stopped" in served.output()


def test_security_headers_on_pages_and_endpoints(serve):
    served = serve()
    for path in ("/", "/healthz", "/_dash-layout"):
        headers = requests.get(served.base + path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self' 'sha256-" in csp
        assert "'unsafe-eval'" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


# --- refusing to expose the explorer --------------------------------------------------------
def test_public_address_without_access_control_is_refused(server_env):
    result = vita("serve", "--host", "0.0.0.0", env=server_env)
    assert result.returncode == 2
    assert "vita users add" in result.stderr and "--auth proxy" in result.stderr


def test_debug_is_refused_on_a_public_address(server_env):
    result = vita("serve", "--host", "0.0.0.0", "--auth", "proxy", "--debug", env=server_env)
    assert result.returncode == 2 and "--debug" in result.stderr


def test_accounts_on_a_public_address_need_a_secret(server_env):
    add_user(server_env, "alice", "lecteur")
    env = {k: v for k, v in server_env.items() if k != "VITA_SECRET_KEY"}
    result = vita("serve", "--host", "0.0.0.0", env=env)
    assert result.returncode == 2 and "VITA_SECRET_KEY" in result.stderr


def test_users_file_holds_salted_hashes_only(server_env, tmp_path):
    add_user(server_env, "alice", "coordinateur")
    add_user(server_env, "bob", "lecteur")
    text = (tmp_path / "users.json").read_text()
    assert PASSWORD not in text
    accounts = read_accounts(tmp_path / "users.json")
    assert {a.role for a in accounts.values()} == {"coordinateur", "lecteur"}
    assert accounts["alice"].password_hash != accounts["bob"].password_hash   # salted
    listed = vita("users", "list", env=server_env)
    assert listed.stdout.split() == ["alice", "coordinateur", "bob", "lecteur"]


# --- login -----------------------------------------------------------------------------------
def login(base: str, name: str, password: str, next_path: str = "/") -> requests.Response:
    # the session cookie is Secure: carried by hand, as requests keeps it for https only
    page = requests.get(base + "/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return requests.post(base + "/login", allow_redirects=False,
                         headers={"Cookie": session_cookie(page)},
                         data={"name": name, "password": password, "csrf": csrf, "next": next_path})


def session_cookie(answer: requests.Response) -> str:
    return answer.headers["Set-Cookie"].split(";")[0]


def test_login_success_failure_and_lockout(serve, server_env):
    add_user(server_env, "alice", "coordinateur")
    add_user(server_env, "mallory", "lecteur")
    served = serve()                      # accounts exist: login required, even on localhost
    first = requests.get(served.base + "/?territoire=dep:26", allow_redirects=False)
    assert first.status_code == 302 and first.headers["Location"].startswith("/login?next=")
    assert "Nom d'utilisateur" in requests.get(served.base + "/login").text
    assert requests.post(served.base + "/_dash-update-component", json={}).status_code == 401

    good = login(served.base, "alice", PASSWORD, next_path="//evil.example/")
    assert good.status_code == 302 and good.headers["Location"] == "/"   # no open redirect
    cookie = good.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    page = requests.get(served.base + "/", headers={"Cookie": session_cookie(good)})
    assert page.status_code == 200 and "_dash-config" in page.text

    for _ in range(5):
        wrong = login(served.base, "mallory", "not the password")
        assert wrong.status_code == 401 and "incorrect" in wrong.text
    locked = login(served.base, "mallory", PASSWORD)
    assert locked.status_code == 429 and "Trop d" in locked.text and "essais" in locked.text
    assert login(served.base, "alice", PASSWORD).status_code == 302   # others still log in
    assert PASSWORD not in served.output()


def test_proxy_basic_auth_names_the_user_and_the_file_gives_the_role(serve, server_env):
    add_user(server_env, "carol", "coordinateur")
    served = serve("--auth", "proxy")
    assert requests.get(served.base + "/").status_code == 401
    for name, role, panel in (("carol", "coordinateur", {}), ("dave", "lecteur", {"display": "none"})):
        token = base64.b64encode(f"{name}:checked-by-the-proxy".encode()).decode()
        client = DashClient(served.base, headers={"Authorization": f"Basic {token}"})
        answer = client.trigger("session-bar", "id", "session-bar")[1]["response"]
        assert answer["session-bar"]["children"] == [f"Connecté : {name} ({role})"]
        assert answer["import-panel"]["style"] == panel


# --- callback requests -----------------------------------------------------------------------
def test_malformed_oversized_and_tampered_callbacks_get_4xx(serve):
    served = serve()
    client = DashClient(served.base)
    assert client.trigger("territory", "value", "dep:26")[0] == 200
    assert client.post(b"not json")[0] == 400
    assert client.post({"output": "card.children"})[0] == 400
    assert client.post({"output": "nothing.children", "inputs": [], "changedPropIds": []})[0] == 400
    assert oversized_status(served.port) == 413
    tampered = [("territory", "value", ["not", "a", "territory"], None),
                ("graph", "tapNodeData", "not a dict", None),
                ("territory", "value", "dep:26", {("view-state", "data"): {"no_such_field": 1}})]
    for trigger, prop, value, values in tampered:
        status, answer = client.trigger(trigger, prop, value, values)
        # refused (400), or ignored by a callback that validates its inputs: never a 500
        assert status == 400 or (status in (200, 204) and not isinstance(answer, str)), \
            (trigger, value, status, answer)
        assert "Traceback" not in str(answer)
    assert "Traceback" not in served.output()


def oversized_status(port: int) -> int:
    """The status of a callback request announcing 1.1 MB: the server answers from the headers
    and closes, without reading the body (so the body is not sent: it would meet a closed
    connection)."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 1100000\r\n\r\n")
        return int(sock.makefile("rb").readline().split()[1])


# --- imports from the explorer ---------------------------------------------------------------
def upload_values() -> dict:
    content = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," \
        + base64.b64encode(TEMPLATE.read_bytes()).decode()
    return {("import-upload", "contents"): [content],
            ("import-upload", "filename"): ["vita-import.xlsx"], ("import-name", "value"): None}


def test_a_lecteur_cannot_import(serve, server_env, tmp_path):
    add_user(server_env, "bob", "lecteur")
    served = serve()
    client = DashClient(served.base, cookie=session_cookie(login(served.base, "bob", PASSWORD)))
    status, answer = client.trigger("session-bar", "id", "session-bar")
    assert answer["response"]["import-panel"]["style"] == {"display": "none"}
    values = upload_values()
    assert client.trigger("import-upload", "contents", values[("import-upload", "contents")],
                          values)[0] == 403
    assert client.trigger("import-confirm", "n_clicks", 1, values)[0] == 403
    assert not (tmp_path / "user" / "imports").exists()


def test_a_coordinator_imports_with_a_dry_run_then_an_audit_line(serve, server_env, tmp_path):
    add_user(server_env, "alice", "coordinateur")
    served = serve()
    client = DashClient(served.base, cookie=session_cookie(login(served.base, "alice", PASSWORD)))
    before = requests.get(served.base + "/healthz").json()["counts"]["actors"]
    values = upload_values()
    status, answer = client.trigger("import-upload", "contents",
                                    values[("import-upload", "contents")], values)
    report = json.dumps(answer, ensure_ascii=False)
    assert status == 200 and "2 à créer" in report and "fusionnés" in report
    assert answer["response"]["import-confirm"]["disabled"] is False
    assert not (tmp_path / "user" / "imports").exists()          # a dry run writes nothing
    status, answer = client.trigger("import-confirm", "n_clicks", 1, values)
    assert status == 200 and "Import enregistré" in json.dumps(answer, ensure_ascii=False)
    record = yaml.safe_load(next((tmp_path / "user" / "imports").glob("*.yaml")).read_text())
    assert record["imported_by"] == "alice" and record["imported_at"].startswith("20")
    after = requests.get(served.base + "/healthz").json()["counts"]["actors"]
    assert after == before + 2                                    # served without a restart
