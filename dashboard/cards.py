"""The card shown for a clicked actor or tie: content as plain data, then Dash components.

Every text goes into components as a string, so React escapes it: a name holding HTML
or a script is shown as text.
"""

from __future__ import annotations

from collections import defaultdict

from dash import html

from graph.sources import citation, is_imported, source_reference
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


def actor_card_data(detail: ActorDetail) -> dict:
    a = detail.actor
    contact = detail.contact or {}
    groups: dict[str, list[dict]] = defaultdict(list)
    for rel in detail.relations:
        partner = rel.target if rel.source == a.id else rel.source
        partner_name = rel.target_name if rel.source == a.id else rel.source_name
        groups[rel.type_label].append({
            "partner": partner, "partner_name": partner_name, "sentence": tie_sentence(rel),
            "status": rel.status_label, "evidence": "" if is_imported(rel) else rel.evidence,
            "reference": card_reference(rel), "relation": rel.id})
    return {
        "id": a.id, "name": a.name, "acronym": a.acronym, "kind": a.kind_label,
        "family": FAMILIES[a.family].label, "place": place_label(a),
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
        "partners": dict(sorted(groups.items())),
    }


CONTACT_LABELS = {"address": "Adresse", "phone": "Téléphone", "email": "Courriel",
                  "website": "Site"}


def render_actor_card(data: dict, extra: list | None = None) -> html.Div:
    title = data["name"] + (f" ({data['acronym']})" if data["acronym"] else "")
    body = [html.H3(title, className="card-title"),
            html.P(f"{data['kind']} · {data['family']}", className="card-kind"),
            html.P(data["place"], className="card-place")]
    if data["description"]:
        body.append(html.P(data["description"]))
    if data["contact"] or data["people"]:
        body.append(html.H4("Contact"))
        body.append(html.Ul([html.Li(f"{CONTACT_LABELS[k]} : {v}") for k, v in data["contact"]]
                            + [html.Li(p) for p in data["people"]]))
    body.append(html.H4(f"Expériences ({len(data['experiences'])})"))
    body.append(html.Ul([html.Li([html.Strong(e["title"]), f" — {e['role']}",
                                  html.Br(), html.Small(e["group"]),
                                  html.P(e["summary"] or "", className="summary")]
                                 + ([html.Small("Sujets : " + ", ".join(e["topics"]),
                                                className="topics")] if e["topics"] else []))
                         for e in data["experiences"]]))
    body.append(html.H4("Partenaires"))
    for type_label, ties in data["partners"].items():
        body.append(html.H5(f"{type_label} ({len(ties)})"))
        body.append(html.Ul([_tie_item(t) for t in ties]))
    return html.Div(body + (extra or []), id="actor-card", className="card")


def _tie_item(tie: dict) -> html.Li:
    return html.Li([
        html.Button(tie["partner_name"], id={"type": "partner-link", "id": tie["partner"]},
                    className="link-button", title="Afficher cet acteur"),
        html.Span(f" — {tie['status']}", className="status"),
        # an imported tie has no quote: its source goes on a line of its own
        (html.Blockquote(f"« {tie['evidence']} »", className="evidence") if tie["evidence"]
         else html.Br()),
        html.Small(tie["reference"], className="reference"),
    ])


def render_edge_card(rel: RelationRow) -> html.Div:
    group = WORKING_GROUPS[rel.working_group].label if rel.working_group else ""
    return html.Div([
        html.H3(tie_sentence(rel), className="card-title"),
        html.P(f"Type : {rel.type_label} · Statut : {rel.status_label}"),
        html.P(f"Section : {rel.section_title}" + (f" ({group})" if group else "")),
        *([html.P(f"Sous le titre « {rel.context} » (ligne {rel.context_line})",
                  className="context")] if rel.context else []),
        *([html.Blockquote(f"« {rel.evidence} »", className="evidence")] if citation(rel) else []),
        html.Small(card_reference(rel), className="reference"),
    ], id="edge-card", className="card")


def similar_data(similar) -> list[dict]:
    """Plain data for the 'similar actors' panel from ``GraphStore.similar`` results."""
    return [{"id": s.actor.id, "name": s.actor.name, "kind": s.actor.kind_label,
             "place": place_label(s.actor), "score": s.score, "reasons": list(s.reasons)}
            for s in similar]


def render_similar(items: list[dict]) -> html.Div:
    if not items:
        return html.Div([html.H4("Acteurs comparables ailleurs"),
                         html.P("Aucun acteur comparable dans d'autres territoires.")],
                        id="similar")
    return html.Div([
        html.H4("Acteurs comparables ailleurs"),
        html.Ol([html.Li([
            html.Button(item["name"], id={"type": "partner-link", "id": item["id"]},
                        className="link-button", title="Afficher cet acteur"),
            html.Span(f" — {item['kind']}, {item['place']} (score {item['score']:.2f})"),
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
