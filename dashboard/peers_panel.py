"""The « Trouver des pairs » panel: a project described in words → the closest actors and
experiences of the recueil (``GraphStore.peers``, graph/peers.py), each with its reasons.

Self-contained: ``panel(store)`` is the layout (text box, optional kind and territory, a button,
the results), ``search_peers`` the callback body (a module-level function with named inputs),
``register(app, store)`` wires it. An actor opens its card through the explorer's existing
``{"type": "partner-link", "id": …}`` buttons; an experience is a
``{"type": "peers-experience", "id": …}`` button for the explorer to show its actors.
"""

from __future__ import annotations

from functools import partial

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.state import ViewState, to_query
from graph.errors import InputError
from graph.vocabulary import KINDS

PLACEHOLDER = ("Ex. : ACI de maraîchage bio qui veut travailler avec les bailleurs sociaux sur "
               "les clauses d'insertion, Sarthe")


def kind_options() -> list[dict]:
    return sorted(({"label": f"{k.label} ({code})", "value": code} for code, k in KINDS.items()),
                  key=lambda o: o["label"].casefold())


def panel() -> html.Div:
    """The panel's layout, in French."""
    return html.Div([
        html.H4("Trouver des pairs"),
        html.P("Décrivez votre structure ou votre projet : vita cherche dans le recueil les "
               "acteurs et les expériences les plus proches.", className="help"),
        dcc.Textarea(id="peers-text", placeholder=PLACEHOLDER, maxLength=5000,
                     style={"width": "100%", "height": "5em"}),
        dcc.Dropdown(id="peers-kind", options=kind_options(), placeholder="Type d'acteur (facultatif)",
                     clearable=True),
        html.Div(dcc.Input(id="peers-near", type="text", debounce=True,
                           placeholder="Votre territoire (facultatif)", style={"width": "100%"}),
                 title="Un département, son numéro ou une région ; sinon celui nommé dans le "
                       "texte"),
        dcc.Checklist(id="peers-other", options=[{"label": " seulement ailleurs que dans ce "
                                                  "territoire", "value": "other"}], value=[]),
        html.Button("Chercher", id="peers-search", n_clicks=0),
        dcc.Loading(html.Div(hint(), id="peers-results")),
    ], id="peers-panel", className="panel")


def short_title(title: str, limit: int = 70) -> str:
    """A printed title cut at a word before ``limit`` characters (the full one is a tooltip)."""
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


def asked(peers) -> str:
    """What the search used besides the words: « Type : ACI · Territoire : Sarthe (72) »."""
    parts = [f"Type : {', '.join(peers.kinds)}"] if peers.kinds else []
    if peers.place:
        parts.append(("Hors de : " if peers.other_territories else "Territoire : ")
                     + peers.place.label)
    return " · ".join(parts)


def render_peers(peers) -> list:
    """The results as components: actors, then experiences, each with its reasons."""
    out = [html.P(asked(peers), className="help")] if asked(peers) else []
    out.append(html.H5("Acteurs"))
    if not peers.actors:
        out.append(html.P("Aucun acteur ne partage de mots avec cette description."))
    out.append(html.Ol([html.Li([
        html.Button(a.name, id={"type": "partner-link", "id": a.id}, className="link-button",
                    title="Afficher la fiche de cet acteur"),
        html.Span(f" — {KINDS[a.kind].label}, {a.departement_name or a.region_2008_name or 'national'}"
                  f" · {a.level} ({a.score:.0f}/100)"),
        html.Ul([html.Li(r) for r in a.reasons]
                + ([html.Li(f"à lire : « {short_title(a.experience.title)} », lignes "
                            f"{a.experience.first_line}–{a.experience.last_line}",
                            title=a.experience.title)]
                   if a.experience else []), className="reasons"),
    ]) for a in peers.actors]))
    out.append(html.H5("Expériences"))
    if not peers.experiences:
        out.append(html.P("Aucune expérience ne partage de mots avec cette description."))
    out.append(html.Ol([html.Li([
        html.Button(short_title(e.title), id={"type": "peers-experience", "id": e.id},
                    className="link-button", title=f"{e.title} — afficher ses acteurs"),
        html.Span(f" · {e.level} ({e.score:.0f}/100), lignes {e.first_line}–{e.last_line}"),
        html.Ul([html.Li(r) for r in e.reasons if not r.startswith("à lire")],
                className="reasons"),
    ]) for e in peers.experiences]))
    return out


def hint() -> list:
    return [html.P("Décrivez votre projet puis cliquez sur « Chercher ».")]


def search_peers(store, n_clicks: int | None, description: str | None, kind: str | None,
                 near: str | None, other: list | None) -> list:
    """Callback body: the rendered answer, or one French line saying what to fix."""
    if not n_clicks or not (description or "").strip():
        return hint()
    try:
        peers = store.peers(description, k=5, kind=kind or None, near=(near or "").strip() or None,
                            other_territories="other" in (other or []))
    except InputError as exc:
        return [html.P(str(exc), className="error")]
    return render_peers(peers)


def experience_query(store, sid) -> str | None:
    """The explorer's URL query showing one experience's actors (the experience filter on all
    of France) with its lead actor selected; None for an unknown experience."""
    section = next((s for s in store.sections() if s.id == sid and s.is_experience), None)
    if section is None:
        return None
    lead = section.lead if section.lead and store.actor(section.lead) else None
    return to_query(ViewState(sections=(sid,), actor=lead))


def open_experience(store, clicks):
    """A click on an experience of the results shows its actors in the graph."""
    if not ctx.triggered or not ctx.triggered[0]["value"] or not isinstance(ctx.triggered_id, dict):
        return no_update, no_update
    query = experience_query(store, ctx.triggered_id.get("id"))
    return (query, "graphe") if query is not None else (no_update, no_update)


def register_in_explorer(app, store) -> None:
    """The explorer's wiring: the panel, and a found experience opening the graph."""
    register(app, store)
    app.callback(Output("url", "search", allow_duplicate=True),
                 Output("tabs", "value", allow_duplicate=True),
                 Input({"type": "peers-experience", "id": ALL}, "n_clicks"),
                 prevent_initial_call=True)(partial(open_experience, store))


def register(app, store) -> None:
    """Wire the panel's button to ``search_peers`` on ``store``."""
    @app.callback(Output("peers-results", "children"), Input("peers-search", "n_clicks"),
                  State("peers-text", "value"), State("peers-kind", "value"),
                  State("peers-near", "value"), State("peers-other", "value"),
                  prevent_initial_call=True)   # the page starts with the hint
    def _search(n_clicks, description, kind, near, other):
        return search_peers(store, n_clicks, description, kind, near, other)
