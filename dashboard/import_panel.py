"""Importing a coordinator's spreadsheet from the explorer: upload the template (XLSX, or
acteurs.csv and relations.csv), read the dry-run report (created / merged / conflicting, each
problem as ``sheet:row:column: message``), confirm. The same code as ``vita import``
(``loaders.imports``); the import record keeps who imported it and when.

Only a coordinator sees the panel, and the callbacks check the role again on the server (a
``lecteur`` who sends the request by hand gets 403). On the memory store the running explorer
switches to the dataset with the import; on Neo4j the import is written in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import dash
import flask
from dash import Input, Output, State, dcc, html
from werkzeug.exceptions import BadRequest, Forbidden

from dashboard.access import current_account
from graph.errors import VitaError
from loaders.dataset import DatasetError

MAX_UPLOAD_BYTES = 700_000   # base64 makes it ~0.93 MB: under the 1 MB callback cap
HIDDEN = {"display": "none"}
SESSION_LINE_STYLE = {"display": "flex", "gap": "2em", "alignItems": "baseline",
                      "fontSize": "0.85em", "padding": "0.2em 16px", "color": "#444"}


def panel() -> html.Div:
    """The session line (who is connected) and, for coordinators, the import panel."""
    return html.Div([
        html.Div(id="session-bar", className="session-bar"),
        html.Details([
            html.Summary("Importer un réseau depuis un tableur (coordinateurs)"),
            html.P("Le modèle (feuilles « acteurs » et « relations ») est dans le dossier "
                   "templates/ de vita. Rien n'est importé avant votre confirmation."),
            dcc.Upload(id="import-upload", multiple=True, max_size=MAX_UPLOAD_BYTES,
                       accept=".xlsx,.csv", className="import-upload",
                       children=html.Div("Déposez ici le classeur XLSX (ou acteurs.csv et "
                                         "relations.csv), ou cliquez pour le choisir."),
                       style={"border": "1px dashed #888", "padding": "1em", "cursor": "pointer"}),
            dcc.Input(id="import-name", placeholder="Nom de l'import (facultatif)", debounce=True),
            html.Div(id="import-report", role="status"),
            html.Button("Confirmer l'import", id="import-confirm", n_clicks=0, disabled=True),
            html.Div(id="import-done", role="status"),
        ], id="import-panel", style=HIDDEN),
    ], className="session-line", style=SESSION_LINE_STYLE)


def session_line(account, mode: str) -> tuple[list, dict]:
    """(session bar content, import panel style) for the connected account; only vita's own
    accounts can log out here (behind a proxy's basic auth, the browser keeps the login)."""
    if mode == "none":
        who = ["Utilisateur local (coordinateur)"]
    else:
        who = [f"Connecté : {account.name} ({account.role})"]
        who += [" — ", html.A("Se déconnecter", href="/logout")] if mode == "accounts" else []
    return who, ({} if account.can_import else HIDDEN)


def show_session(_id):
    policy = flask.current_app.config.get("VITA_ACCESS")
    return session_line(current_account(), policy.mode if policy else "none")


@dataclass
class Upload:
    names: list[str]
    contents: list[str]


def saved_files(upload: Upload, folder: Path) -> list[Path]:
    """The uploaded files written to ``folder`` under their own (cleaned) names."""
    paths = []
    for name, content in zip(upload.names, upload.contents):
        clean = re.sub(r"[^\w.-]", "_", Path(name or "fichier").name)[:80] or "fichier"
        try:
            data = base64.b64decode(content.split(",", 1)[1], validate=True)
        except (IndexError, AttributeError, binascii.Error) as exc:
            raise BadRequest("Fichier envoyé illisible.") from exc
        (folder / clean).write_bytes(data)
        paths.append(folder / clean)
    return paths


def plan_upload(upload: Upload, name: str | None):
    """The dry-run plan of an upload (``loaders.imports.plan_import``), or the problems."""
    from loaders.imports import plan_import
    root = flask.current_app.config["VITA_DATA_ROOT"]
    with tempfile.TemporaryDirectory(prefix="vita-upload-") as folder:
        paths = saved_files(upload, Path(folder))
        try:
            return plan_import(paths, root, name or None), []
        except DatasetError as exc:
            return None, exc.issues


def render_report(plan, issues) -> html.Div:
    if plan is None:
        return html.Div([html.P("Le fichier ne peut pas être importé :", className="error"),
                         _issues(issues)])
    created, merged, conflicts = (plan.outcomes(a) for a in ("create", "merge", "conflict"))
    body = [html.P(f"{plan.title} — {plan.file} : {len(plan.resolution.actors)} acteurs lus, "
                   f"{len(created)} à créer, {len(merged)} fusionnés avec un acteur de vita, "
                   f"{len(conflicts)} en conflit ; {len(plan.ties)} relations.")]
    body += [html.Ul([html.Li(f"+ {o.draft.name} [{o.actor_id}]") for o in created] +
                     [html.Li(f"= {o.draft.name} → [{o.actor_id}] : {o.reason}") for o in merged] +
                     [html.Li(f"! {o.draft.name} (ligne {o.draft.row}) : {o.reason}")
                      for o in conflicts])]
    if plan.issues:
        body += [html.P("Rien ne sera importé tant que ces problèmes restent :", className="error"),
                 _issues(plan.issues)]
    return html.Div(body)


def _issues(issues) -> html.Ul:
    # sheet:row:column: message — the file is named once above
    return html.Ul([html.Li(f"{i.record}:{i.field}: {i.message}") for i in issues])


def _coordinator():
    account = current_account()
    if account is None or not account.can_import:
        raise Forbidden("Import réservé aux coordinateurs.")
    return account


def check_upload(contents, names, name):
    _coordinator()
    if not contents:
        return dash.no_update, True
    plan, issues = plan_upload(Upload(list(names or []), list(contents)), name)
    return render_report(plan, issues), plan is None or bool(plan.issues)


def confirm_import(_clicks, contents, names, name):
    account = _coordinator()
    plan, issues = plan_upload(Upload(list(names or []), list(contents or [])), name)
    if plan is None or plan.issues:
        return "Import refusé : le fichier a des problèmes (voir le rapport).", True
    plan.record = plan.record.model_copy(update={
        "imported_by": account.name,
        "imported_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    try:
        where = keep_import(plan)
    except VitaError as exc:
        return f"Import impossible : {exc}", False
    return f"Import enregistré ({where}) par {account.name}.", True


def keep_import(plan) -> str:
    """Write a clean plan where the served store reads it, then serve the new data."""
    from loaders.imports import save_import
    served = flask.current_app.config["VITA_STORE"]
    if flask.current_app.config.get("VITA_BACKEND") == "neo4j":
        from graph.neo4j.loader import load_import
        inner = served.inner
        load_import(inner.driver, plan.dataset, plan.id, inner.settings)
        path, _ = save_import(plan)
        return f"Neo4j et {path}"
    from graph.memory_store import MemoryStore
    path, _ = save_import(plan)
    served.replace_store(MemoryStore(plan.dataset))
    return str(path)


def register(app: dash.Dash) -> None:
    app.callback(Output("session-bar", "children"), Output("import-panel", "style"),
                 Input("session-bar", "id"))(show_session)
    app.callback(Output("import-report", "children"), Output("import-confirm", "disabled"),
                 Input("import-upload", "contents"), State("import-upload", "filename"),
                 State("import-name", "value"), prevent_initial_call=True)(check_upload)
    app.callback(Output("import-done", "children"),
                 Output("import-confirm", "disabled", allow_duplicate=True),
                 Input("import-confirm", "n_clicks"), State("import-upload", "contents"),
                 State("import-upload", "filename"), State("import-name", "value"),
                 prevent_initial_call=True)(confirm_import)
