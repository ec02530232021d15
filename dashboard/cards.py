"""The card shown for a clicked actor or tie: content as plain data, then Dash components.

Every text goes into components as a string, so React escapes it: a name holding HTML
or a script is shown as text.
"""

from __future__ import annotations

from collections import defaultdict

from dash import html

from dashboard.sentences import plural, tie_phrase, tie_sentence_from, undo_hyphenation
from graph.sources import is_imported, source_reference
from graph.store import ActorDetail, RelationRow
from graph.topics import topic_label, topics_of
from graph.vocabulary import FAMILIES, ROLES, WORKING_GROUPS

def place_label(row) -> str:
    parts = [row.commune_name,
             row.departement_name and f"{row.departement_name} ({row.departement})",
             row.region_2008_name and f"région {row.region_2008_name}"]
    return ", ".join(p for p in parts if p) or "National"


def tie_sentence(rel: RelationRow) -> str:
    return f"{rel.source_name} {rel.type_label} {rel.target_name}"


def card_reference(rel: RelationRow) -> str:
    """The shared source reference, with the section a curated tie comes from."""
    if is_imported(rel):
        return source_reference(rel)
    return f"{source_reference(rel)} — {rel.section_title}"


def _tie_data(rel: RelationRow, actor_id: str) -> dict:
    outgoing = rel.source == actor_id
    return {"partner": rel.target if outgoing else rel.source,
            "partner_name": rel.target_name if outgoing else rel.source_name,
            "sentence": tie_sentence_from(rel, actor_id), "status": rel.status_label,
            "actual": rel.status == "actual",
            "evidence": "" if is_imported(rel) else rel.evidence,
            **_quote_data(rel), "relation": rel.id}


def actor_card_data(detail: ActorDetail) -> dict:
    a = detail.actor
    contact = detail.contact or {}
    groups: dict[str, list[dict]] = defaultdict(list)
    for rel in detail.relations:   # grouped by type and direction: "Finance", "Financée par"
        groups[tie_phrase(rel, a.id)].append(_tie_data(rel, a.id))
    return {
        "id": a.id, "name": a.name, "acronym": a.acronym, "kind": a.kind_label,
        "family": FAMILIES[a.family].label, "place": place_label(a),
        "degree": len({t["partner"] for ties in groups.values() for t in ties}),
        "aliases": list(a.aliases), "description": detail.description,
        "contact": [(k, contact[k]) for k in ("address", "phone", "email", "website") if contact.get(k)],
        "people": [f"{p['name']}" + (f" — {p['role']}" if p.get("role") else "")
                   for p in contact.get("people", [])],
        "experiences": [{"title": ap.title, "role": ROLES[ap.role],
                         "group": WORKING_GROUPS[ap.working_group].label if ap.working_group else "",
                         "summary": ap.summary, "is_experience": ap.is_experience,
                         # what "sujets communs" in the similar-actors panel refers to
                         "topics": [topic_label(t) for t in topics_of(ap.summary)]
                         if ap.is_experience else []}
                        for ap in detail.appearances],
        # the largest groups first, then by phrase
        "partners": dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))),
    }


CONTACT_LABELS = {"address": "Adresse", "phone": "Téléphone", "email": "Courriel",
                  "website": "Site"}


def card_header(data: dict) -> list:
    """Name, then one line of kind, place and ties, then the anchors a coordinator uses most."""
    title = data["name"] + (f" ({data['acronym']})" if data["acronym"] else "")
    return [
        html.H3(title, className="card-title"),
        html.P([html.Span(data["kind"], className="card-kind"), " · ",
                html.Span(data["place"]), " · ",
                html.Span(plural(data["degree"], "partenaire"))], className="card-meta"),
        html.Div([render_partner_downloads(),
                  html.A("Acteurs semblables ↓", href="#similar", className="anchor")],
                 className="card-actions"),
    ]


def render_actor_card(data: dict, extra: list | None = None) -> html.Div:
    body = card_header(data)
    if data["description"]:
        body.append(html.P(data["description"], className="card-description"))
    body.append(html.H4(f"Liens ({sum(len(t) for t in data['partners'].values())})"))
    for phrase, ties in data["partners"].items():
        body.append(html.H5(f"{phrase} ({len(ties)})", className="tie-group"))
        body.append(html.Ul([_tie_item(t) for t in ties], className="ties"))
    body.append(html.H4(f"Expériences ({len(data['experiences'])})"))
    body.append(html.Ul([html.Li([html.Strong(e["title"]), f" — {e['role']}",
                                  html.Br(), html.Small(e["group"]),
                                  html.P(e["summary"] or "", className="summary")]
                                 + ([html.Small("Sujets : " + ", ".join(e["topics"]),
                                                className="topics")] if e["topics"] else []))
                         for e in data["experiences"]]))
    if data["contact"] or data["people"]:
        body.append(html.H4("Contact"))
        body.append(html.Ul([html.Li(f"{CONTACT_LABELS[k]} : {v}") for k, v in data["contact"]]
                            + [html.Li(p) for p in data["people"]]))
    return html.Div(body + (extra or []), id="actor-card", className="card")


def _quote_data(rel: RelationRow) -> dict:
    """What a card shows of a tie's source: the quote (hyphenation undone for reading; the
    stored quote stays verbatim) under its list heading, or, for an imported tie, no quote and
    the coordinator's source as the reference."""
    if is_imported(rel):
        return {"quote": "", "context": None, "reference": card_reference(rel)}
    context = getattr(rel, "context", None)
    heading = (f"Sous le titre « {undo_hyphenation(context)} » (ligne {rel.context_line})"
               if context else None)
    return {"quote": undo_hyphenation(rel.evidence), "context": heading,
            "reference": card_reference(rel)}


def _quote(tie: dict) -> list:
    heading = tie.get("context")
    quote = [html.Blockquote(f"« {tie['quote']} »", className="evidence")] if tie["quote"] else []
    return ([html.P(heading, className="tie-context")] if heading else []) + quote + [
        html.Small(tie["reference"], className="reference")]


def _tie_item(tie: dict) -> html.Li:
    return html.Li([
        html.Button(tie["partner_name"], id={"type": "partner-link", "id": tie["partner"]},
                    className="link-button", title="Afficher cet acteur"),
        html.Span(f" ({tie['status']})", className="status") if not tie["actual"] else None,
        *_quote(tie),
    ])


def render_edge_card(rel: RelationRow, back_to: str | None = None) -> html.Div:
    """The tie as a sentence, its quote and source; ``back_to`` (the selected actor) adds a
    link back to that actor's card."""
    group = WORKING_GROUPS[rel.working_group].label if rel.working_group else ""
    back = [html.Button("← Retour à la fiche de l'acteur", id="back-to-actor", n_clicks=0,
                        className="link-button back")] if back_to else []
    tie = _quote_data(rel)
    return html.Div(back + [
        html.H3(tie_sentence(rel), className="card-title"),
        html.P(f"{rel.type_label.capitalize()} · {rel.status_label}", className="card-meta"),
        html.P(f"Section : {rel.section_title}" + (f" ({group})" if group else "")),
        *_quote(tie),
    ], id="edge-card", className="card")


def similar_data(similar) -> list[dict]:
    """Plain data for the 'similar actors' panel from ``GraphStore.similar`` results."""
    return [{"id": s.actor.id, "name": s.actor.name, "kind": s.actor.kind_label,
             "place": place_label(s.actor), "score": s.score, "level": s.level, "reasons": list(s.reasons)}
            for s in similar]


def render_similar(items: list[dict]) -> html.Div:
    if not items:
        return html.Div([html.H4("Acteurs semblables ailleurs"),
                         html.P("Aucun acteur comparable dans d'autres territoires.")],
                        id="similar")
    return html.Div([
        html.H4("Acteurs semblables ailleurs"),
        html.Ol([html.Li([
            html.Button(item["name"], id={"type": "partner-link", "id": item["id"]},
                        className="link-button", title="Afficher cet acteur"),
            html.Span(f" — {item['kind']}, {item['place']} · {item['score']:.0f}/100 · {item['level']}"),
            html.Ul([html.Li(reason) for reason in item["reasons"]], className="reasons"),
        ]) for item in items]),
    ], id="similar")


def render_partner_downloads() -> html.Div:
    return html.Div([
        html.Span("Liste des partenaires : "),
        html.Button("Excel", id={"type": "partner-download", "format": "xlsx"}, n_clicks=0),
        html.Button("CSV (Excel français)", id={"type": "partner-download", "format": "csv-fr"},
                    n_clicks=0),
    ], className="downloads")


def render_welcome(territories: list[tuple[str, str, int]]) -> html.Div:
    """The card panel before anything is chosen: how to start, and the territories the recueil
    says most about as entry points (id, name, actors)."""
    return html.Div([
        html.H3("Pour commencer", className="card-title"),
        html.P("Choisissez un territoire ou cherchez un acteur à gauche, ou ouvrez l'un des "
               "territoires ci-dessous. Cliquez ensuite sur un acteur du graphe pour lire sa "
               "fiche : ses liens, chacun avec la phrase du recueil qui l'établit."),
        html.H4("Les territoires les plus fournis"),
        html.Ul([html.Li([html.Button(name, id={"type": "territory-link", "id": tid},
                                      className="link-button", n_clicks=0),
                          html.Span(f" — {plural(count, 'acteur')}")])
                 for tid, name, count in territories], className="entry-points"),
        html.P("Le nuage « Toute la France » montre tous les acteurs ; les noms des plus reliés "
               "s'affichent, les autres apparaissent en zoomant (molette ou boutons + et −).",
               className="help"),
    ], id="welcome", className="card")
