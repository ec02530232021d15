"""HTTP hardening of the explorer: security headers, a cap on request bodies, and a 400 for
callback requests the page would never send (issue 16).

The Content-Security-Policy allows only this site's scripts plus the hashes of Dash's own
inline scripts (``Dash.csp_hashes``: the renderer start-up and inline clientside callbacks);
styles may be inline, because React components (dropdowns, cytoscape) set them at run time;
images may be ``data:``/``blob:``, which the PNG/SVG export of the graph produces.
"""

from __future__ import annotations

import functools

import dash
import flask
from werkzeug.exceptions import BadRequest

MAX_REQUEST_BYTES = 1_000_000   # every callback body; an import upload stays below it
CALLBACK_PATH = "/_dash-update-component"


def content_security_policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *script_hashes])   # Dash quotes its hashes
    return "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'",
        "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"])


def security_headers(csp: str, https: bool) -> dict[str, str]:
    headers = {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY",
               "Cross-Origin-Opener-Policy": "same-origin"}
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def callback_problem(body) -> str | None:
    """Why a callback request body is not one the page sends (``None`` when it is)."""
    if not isinstance(body, dict):
        return "le corps n'est pas un objet JSON"
    if not isinstance(body.get("output"), str):
        return "« output » manque"
    for key in ("inputs", "changedPropIds"):
        if not isinstance(body.get(key), list):
            return f"« {key} » manque ou n'est pas une liste"
    if not isinstance(body.get("state", []), list):
        return "« state » n'est pas une liste"
    for item in body["inputs"] + body.get("state", []):
        entries = item if isinstance(item, list) else [item]
        if not all(isinstance(e, dict) and "id" in e and isinstance(e.get("property"), str)
                   for e in entries):
            return "une entrée n'a pas d'« id » ou de « property »"
    return None


def install_security(app: dash.Dash, https: bool) -> None:
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @functools.cache
    def headers() -> dict[str, str]:   # once every callback (and its inline script) exists
        return security_headers(content_security_policy(list(app.csp_hashes())), https)

    def check_callback_request():
        if flask.request.path != CALLBACK_PATH or flask.request.method != "POST":
            return None
        body = flask.request.get_json(silent=True)
        problem = callback_problem(body)
        if problem is None and body["output"] not in app.callback_map:
            problem = "sortie inconnue"
        if problem:
            raise BadRequest(f"Requête refusée : {problem}.")
        return None

    def add_headers(response: flask.Response) -> flask.Response:
        response.headers.update(headers())
        return response

    server.before_request(check_callback_request)
    server.after_request(add_headers)
