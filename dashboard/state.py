"""The explorer's view state and its URL form (so a view can be copied and shared).

``?territoire=dep:38&familles=siae,plie_mde&acteur=e3i&vue=voisinage&profondeur=2``.
Only values that differ from the defaults appear; unknown values are dropped on read.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from urllib.parse import parse_qs, urlencode

from graph.store import Filters
from graph.territory import FRANCE
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES, WORKING_GROUPS

MODES = ("territoire", "voisinage")
COLOURINGS = ("famille", "communaute")


@dataclass(frozen=True)
class ViewState:
    territory: str = FRANCE
    families: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    relation_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    working_groups: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    actor: str | None = None
    mode: str = "territoire"
    depth: int = 1
    context: bool = True       # show direct partners located elsewhere
    show_all: bool = False     # lift the node limit of large views
    colouring: str = "famille"

    def filters(self) -> Filters:
        return Filters(self.families, self.kinds, self.relation_types, self.statuses,
                       self.working_groups, self.sections)


# URL parameter -> (field, allowed values or None for free text)
PARAMS = {
    "territoire": ("territory", None),
    "familles": ("families", FAMILIES),
    "types": ("kinds", KINDS),
    "relations": ("relation_types", RELATION_TYPES),
    "statuts": ("statuses", STATUSES),
    "groupes": ("working_groups", WORKING_GROUPS),
    "experiences": ("sections", None),
    "acteur": ("actor", None),
    "vue": ("mode", MODES),
    "profondeur": ("depth", None),
    "contexte": ("context", None),
    "tout": ("show_all", None),
    "couleur": ("colouring", COLOURINGS),
}
_DEFAULT = ViewState()


def to_query(state: ViewState) -> str:
    """The URL query string (with its leading ``?``, or empty) for a state."""
    pairs = []
    for param, (name, _) in PARAMS.items():
        value = getattr(state, name)
        if value == getattr(_DEFAULT, name):
            continue
        if isinstance(value, tuple):
            value = ",".join(value)
        elif isinstance(value, bool):
            value = "1" if value else "0"
        pairs.append((param, str(value)))
    return f"?{urlencode(pairs, safe=':,')}" if pairs else ""


def from_query(search: str | None) -> ViewState:
    """Read a state from a URL query string, ignoring what is unknown or malformed."""
    raw = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
    values = {}
    for param, (name, allowed) in PARAMS.items():
        if param in raw:
            values[name] = _parse(name, raw[param], allowed)
    values = {k: v for k, v in values.items() if v is not None}
    return replace(_DEFAULT, **values)


def _parse(name: str, text: str, allowed):
    kind = {f.name: f.type for f in fields(ViewState)}[name]
    if "tuple" in str(kind):
        items = tuple(dict.fromkeys(i for i in text.split(",") if i))
        return tuple(i for i in items if allowed is None or i in allowed)
    if name == "depth":
        return int(text) if text in ("1", "2") else None
    if name in ("context", "show_all"):
        return text == "1"
    if allowed is not None and text not in allowed:
        return None
    return text or None


# control id -> ViewState field, for the controls whose value is the field's value
CONTROL_FIELDS = {
    "territory": "territory", "families": "families", "kinds": "kinds",
    "relation-types": "relation_types", "statuses": "statuses", "groups": "working_groups",
    "experiences": "sections", "colouring": "colouring", "depth": "depth",
}


def control_values(state: ViewState) -> dict:
    """The value each control shows for a state."""
    values = {control: getattr(state, name) for control, name in CONTROL_FIELDS.items()}
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    values["context"] = ["on"] if state.context else []
    return values


def next_state(state: ViewState, trigger: str | None, values: dict, in_view=lambda _: True
               ) -> ViewState:
    """The state after one user action (``trigger`` is the id of what changed).

    ``values`` holds the controls' values; ``in_view(actor_id)`` tells whether an actor is
    drawn in the current view (a chosen actor outside it opens its neighbourhood)."""
    if trigger in (None, "url"):
        return from_query(values.get("url"))
    if trigger in CONTROL_FIELDS:
        name, value = CONTROL_FIELDS[trigger], values.get(trigger)
        if isinstance(getattr(state, name), tuple):
            value = tuple(value or ())
        elif name == "depth":
            value = int(value or 1)
        elif name == "territory":
            return replace(state, territory=value or FRANCE, mode="territoire", show_all=False)
        return replace(state, **{name: value})
    if trigger == "context":
        return replace(state, context=bool(values.get("context")))
    if trigger in ("graph", "search", "partner-link"):
        actor = values.get(trigger)
        if not actor:
            return state
        if in_view(actor):
            return replace(state, actor=actor)
        return replace(state, actor=actor, mode="voisinage")
    if trigger == "expand":
        return replace(state, mode="voisinage") if state.actor else state
    if trigger == "reset":
        return replace(state, mode="territoire", actor=None, show_all=False)
    if trigger == "show-all":
        return replace(state, show_all=True)
    return state
