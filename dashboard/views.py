"""What the page shows for a state: the graph view, the notice above it, the card."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from dashboard.elements import DEFAULT_MAX_NODES, View, build_view
from dashboard.sentences import plural
from dashboard.state import ViewState, has_filters
from graph.search import normalise
from graph.store import Filters, GraphStore, Subgraph, TerritoryRow
from graph.territory import FRANCE, LEVEL_LABELS
from graph.vocabulary import FAMILIES


@dataclass(frozen=True)
class Rendered:
    view: View
    notice: str
    truncated: bool
    title: str
    empty: bool = False          # nothing to draw: the notice says why
    filtered_out: int = 0        # neighbourhood actors hidden by the family / kind filters


def filter_after_traversal(sub: Subgraph, families: tuple[str, ...], kinds: tuple[str, ...],
                           keep: str) -> tuple[Subgraph, int]:
    """A neighbourhood reached without the actor filters, then filtered: the actors reached
    through a hidden actor stay. Returns the subgraph and how many actors were hidden."""
    if not families and not kinds:
        return sub, 0
    def wanted(a) -> bool:   # noqa: E306
        return a.id == keep or ((not families or a.family in families)
                                and (not kinds or a.kind in kinds))
    nodes = tuple(a for a in sub.nodes if wanted(a))
    context = tuple(a for a in sub.context if wanted(a))
    kept = {a.id for a in nodes} | {a.id for a in context}
    edges = tuple(r for r in sub.edges if r.source in kept and r.target in kept)
    hidden = len(sub.nodes) + len(sub.context) - len(kept)
    return Subgraph(nodes, context, edges), hidden


def neighbourhood_subgraph(store: GraphStore, state: ViewState) -> tuple[Subgraph, int]:
    f = state.filters()
    ties_only = Filters(relation_types=f.relation_types, statuses=f.statuses,
                        working_groups=f.working_groups, sections=f.sections)
    sub = store.neighbourhood([state.actor], state.depth, ties_only)
    return filter_after_traversal(sub, f.families, f.kinds, state.actor)


def view_subgraph(store: GraphStore, state: ViewState) -> Subgraph:
    if state.mode == "voisinage" and state.actor:
        return neighbourhood_subgraph(store, state)[0]
    sub = store.territory_subgraph(state.territory, state.filters())
    if not state.context:
        inside = {a.id for a in sub.nodes}
        sub = replace(sub, context=(), edges=tuple(
            r for r in sub.edges if r.source in inside and r.target in inside))
    return sub


def territory_name(store: GraphStore, territory: str) -> str:
    found = territory_rows(store, territory)
    return found[territory].row.label if territory in found else territory


def territory_label(t: TerritoryRow) -> str:
    """As the territory picker shows it: level, name and number of actors."""
    return t.label if t.level == "france" else \
        f"{LEVEL_LABELS[t.level]} : {t.label} ({t.actor_count})"


@dataclass(frozen=True)
class Territory:
    row: TerritoryRow
    label: str       # territory_label
    key: str         # the label normalised, for the picker's search


def territory_rows(store: GraphStore, wanted: str | None = None) -> dict[str, Territory]:
    """Every territory by id, in the store's order. Listing them takes 0.1 s on the synthetic
    graph, normalising their labels as much: done once per store, not per view or keystroke,
    and again when ``wanted`` is missing (data loaded into Neo4j since)."""
    rows = _territory_rows(store)
    if wanted is not None and wanted not in rows:
        _territory_rows.cache_clear()
        rows = _territory_rows(store)
    return rows


@lru_cache(maxsize=4)
def _territory_rows(store: GraphStore) -> dict[str, Territory]:
    return {t.id: Territory(t, territory_label(t), normalise(territory_label(t)))
            for t in store.territories()}


def entry_territories(store: GraphStore, count: int = 8) -> list[tuple[str, str, int]]:
    """The départements with the most actors, as entry points on arrival."""
    rows = [t.row for t in territory_rows(store).values() if t.row.level == "dep"]
    return [(t.id, t.label, t.actor_count)
            for t in sorted(rows, key=lambda t: (-t.actor_count, t.label))[:count]]


def checked_state(store: GraphStore, state: ViewState) -> tuple[ViewState, list[str]]:
    """The state with an unknown territory or actor (from a URL) dropped, and what to say."""
    messages = []
    if state.territory != FRANCE and state.territory not in territory_rows(store, state.territory):
        messages.append(f"Territoire inconnu : « {state.territory} ». Toute la France est affichée.")
        state = replace(state, territory=FRANCE)
    if state.actor and store.actor(state.actor) is None:
        messages.append(f"Acteur inconnu : « {state.actor} ».")
        state = replace(state, actor=None, mode="territoire")
    return state, messages


def actor_rows(sub: Subgraph, drawn: set[str] | None = None) -> list[dict]:
    """One row per actor of the view (only the ``drawn`` ones when given): name, kind, family,
    place and ties in the view, most connected first."""
    degree = {}
    for r in sub.edges:
        degree[r.source] = degree.get(r.source, 0) + 1
        degree[r.target] = degree.get(r.target, 0) + 1
    actors = [a for a in sub.nodes + sub.context if drawn is None or a.id in drawn]
    return [{"id": a.id, "name": a.name, "kind": a.kind_label,
             "family": FAMILIES[a.family].label,
             "place": a.commune_name or a.departement_name or "national",
             "ties": degree.get(a.id, 0)}
            for a in sorted(actors, key=lambda a: (-degree.get(a.id, 0), a.name))]


def _notice(view: View, state: ViewState, hidden: int) -> tuple[str, bool]:
    if view.shown == 0:
        if has_filters(state):
            return ("Aucun acteur ne correspond aux filtres choisis ici. Effacez les filtres "
                    "ou choisissez un autre territoire."), True
        return "Aucun acteur connu dans ce territoire : choisissez-en un autre.", True
    if view.shown < view.total:
        return (f"Affichage des {view.shown} acteurs les plus reliés sur {view.total} : "
                "filtrez ou choisissez un territoire plus petit, ou affichez tout."), False
    context = view.shown - view.inside
    text = plural(view.inside, "acteur") + (
        f" et {plural(context, 'partenaire')} situés ailleurs" if context else "") + "."
    if hidden:
        text += (f" Les filtres masquent {plural(hidden, 'acteur')} de ce voisinage ; ceux "
                 "atteints à travers eux restent affichés.")
    return text, False


def experience_suffix(store: GraphStore, state: ViewState, limit: int = 60) -> str:
    """« — expérience « … » » when the view shows one experience (the experience filter, as the
    peers tab sets it), so the title says why only its actors are there."""
    if len(state.sections) != 1:
        return ""
    title = next((s.title for s in store.sections() if s.id == state.sections[0]), None)
    if title is None:
        return ""
    title = title if len(title) <= limit else title[:limit - 1].rstrip() + "…"
    return f" — expérience « {title} »"


def render(store: GraphStore, state: ViewState, max_nodes: int = DEFAULT_MAX_NODES,
           communities: dict[str, int] | None = None) -> Rendered:
    limit = None if state.show_all else max_nodes
    hidden = 0
    if state.mode == "voisinage" and state.actor:
        sub, hidden = neighbourhood_subgraph(store, state)
        detail = store.actor(state.actor)
        name = detail.actor.name if detail else state.actor
        title = f"Voisinage de {name} (profondeur {state.depth})"
    else:
        sub = view_subgraph(store, state)
        title = territory_name(store, state.territory) + experience_suffix(store, state)
    view = build_view(sub, limit, communities)
    notice, empty = _notice(view, state, hidden)
    return Rendered(view, notice, view.shown < view.total, title, empty, hidden)
