"""Who may use a running explorer, and as what.

Three modes (``vita serve --auth``):
- ``none``: nobody logs in; allowed on a loopback address only, where the single local user is
  a coordinator;
- ``accounts``: a French login page checks the accounts file (``dashboard/accounts.py``); the
  session is a cookie signed with ``$VITA_SECRET_KEY``; failed logins are throttled;
- ``proxy``: the operator's reverse proxy authenticates (HTTP basic auth) and forwards the user
  name (the ``Authorization`` header it checked, or ``X-Remote-User``); the role comes from the
  accounts file when the name is there, else ``lecteur``. vita must then be reachable only
  through the proxy.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape
from urllib.parse import quote

import flask

from dashboard.accounts import Account, LoginThrottle, authenticate

AUTH_MODES = ("none", "accounts", "proxy")
OPEN_PATHS = ("/login", "/logout", "/healthz")
LOCAL_USER = Account("local", "coordinateur", "")


@dataclass
class AccessPolicy:
    mode: str = "none"
    accounts: dict[str, Account] = field(default_factory=dict)
    # 5 failures lock a name; 20 lock an address (a shared proxy or office address must not
    # let one person lock everybody out too easily)
    name_throttle: LoginThrottle = field(default_factory=lambda: LoginThrottle(limit=5))
    address_throttle: LoginThrottle = field(default_factory=lambda: LoginThrottle(limit=20))

    @property
    def shared(self) -> bool:
        return self.mode != "none"


def current_account() -> Account | None:
    """The account of the request being served (``None``: nobody logged in)."""
    policy: AccessPolicy | None = flask.current_app.config.get("VITA_ACCESS")
    if policy is None or policy.mode == "none":   # an app built without access control: local
        return LOCAL_USER
    if policy.mode == "proxy":
        return _proxy_account(policy)
    name = flask.session.get("user")
    return policy.accounts.get(name) if name else None


def _proxy_account(policy: AccessPolicy) -> Account | None:
    auth = flask.request.authorization
    name = (auth.username if auth and auth.username else None) or \
        flask.request.headers.get("X-Remote-User")
    if not name:
        return None
    return policy.accounts.get(name) or Account(name, "lecteur", "")


def install_access(server: flask.Flask, policy: AccessPolicy, secret: str | None,
                   secure_cookie: bool) -> None:
    server.config.update(
        VITA_ACCESS=policy, SECRET_KEY=secret or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookie, SESSION_COOKIE_NAME="vita_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12))
    server.before_request(_require_login)
    server.add_url_rule("/login", "login", _login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "logout", _logout, methods=["GET", "POST"])


def _require_login():
    if flask.request.path in OPEN_PATHS or current_account() is not None:
        return None
    policy: AccessPolicy = flask.current_app.config["VITA_ACCESS"]
    if policy.mode == "proxy":
        return flask.Response("Authentification requise (proxy).", 401,
                              {"WWW-Authenticate": 'Basic realm="vita"'})
    if flask.request.method == "GET" and not flask.request.path.startswith("/_"):
        return flask.redirect("/login?next=" + quote(flask.request.full_path.rstrip("?")))
    return flask.jsonify(error="Session expirée : reconnectez-vous."), 401


def _safe_next(target: str | None) -> str:
    # only a path of this site: no "//host" or scheme, which would send the user elsewhere
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _login():
    policy: AccessPolicy = flask.current_app.config["VITA_ACCESS"]
    if policy.mode != "accounts":
        return flask.redirect("/")
    if flask.request.method == "GET":
        return _login_page()
    form = flask.request.form
    if not hmac.compare_digest(form.get("csrf", ""), flask.session.get("csrf", "-")):
        return _login_page("Le formulaire a expiré : recommencez.", 400)
    name, password = form.get("name", "")[:64], form.get("password", "")[:256]
    address = flask.request.remote_addr or "-"
    wait = max(policy.name_throttle.locked(name), policy.address_throttle.locked(address))
    if wait > 0:
        return _login_page(f"Trop d'essais : réessayez dans {int(wait // 60) + 1} min.", 429)
    account = authenticate(policy.accounts, name, password)
    if account is None:
        policy.name_throttle.failed(name)
        policy.address_throttle.failed(address)
        return _login_page("Nom ou mot de passe incorrect.", 401)
    policy.name_throttle.succeeded(name)
    flask.session.clear()          # a new session on login: no fixation
    flask.session.permanent = True
    flask.session["user"] = account.name
    return flask.redirect(_safe_next(form.get("next")))


def _logout():
    flask.session.clear()
    return flask.redirect("/login")


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>vita — connexion</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;background:#f4f4f4;display:flex;justify-content:center;
margin-top:10vh}}form{{background:#fff;padding:2em;border:1px solid #ccc;border-radius:6px;width:22em}}
label{{display:block;margin-top:1em}}input{{width:100%;padding:.4em;box-sizing:border-box}}
button{{margin-top:1.5em;padding:.5em 1.5em}}.error{{color:#a00}}</style></head>
<body><form method="post" action="/login">
<h1>vita</h1><p>Réseaux de partenaires de l'IAE — connexion de l'équipe</p>
<p class="error" role="alert">{error}</p>
<input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="next" value="{next}">
<label for="name">Nom d'utilisateur</label><input id="name" name="name" autocomplete="username" required autofocus>
<label for="password">Mot de passe</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Se connecter</button></form></body></html>"""


def _login_page(error: str = "", status: int = 200):
    csrf = flask.session.get("csrf") or secrets.token_urlsafe(24)
    flask.session["csrf"] = csrf
    target = _safe_next(flask.request.values.get("next"))
    return flask.Response(LOGIN_PAGE.format(error=escape(error), csrf=csrf, next=escape(target)),
                          status, {"Content-Type": "text/html; charset=utf-8"})
