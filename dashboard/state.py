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
ALLOWED_VALUES = {name: allowed for name, allowed in PARAMS.values()}


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


MAX_QUERY = 4000   # characters: a longer URL state is not read (nobody types one; it costs memory)


def from_query(search: str | None) -> ViewState:
    """Read a state from a URL query string, ignoring what is unknown or malformed."""
    if not isinstance(search, str) or len(search) > MAX_QUERY:
        return _DEFAULT
    raw = {k: v[-1] for k, v in parse_qs(search.lstrip("?")).items()}
    values = {}
    for param, (name, allowed) in PARAMS.items():
        if param in raw:
            values[name] = _parse(name, raw[param], allowed)
    values = {k: v for k, v in values.items() if v is not None}
    return replace(_DEFAULT, **values)


def state_from_data(data: object) -> ViewState:
    """The state kept in the page (``view-state``), read back with the URL's rules: a value
    edited in the browser to something unknown or of the wrong type is dropped, never raised."""
    if not isinstance(data, dict):
        return _DEFAULT
    pairs = {}
    for param, (name, _) in PARAMS.items():
        value = data.get(name)
        if isinstance(value, (list, tuple)):
            if isinstance(getattr(_DEFAULT, name), tuple):
                pairs[param] = ",".join(v for v in value if isinstance(v, str))
        elif isinstance(value, bool):
            pairs[param] = "1" if value else "0"
        elif isinstance(value, (str, int)):
            pairs[param] = str(value)
    return from_query("?" + urlencode(pairs, safe=":,"))


def _parse(name: str, text: str, allowed):
    kind = {f.name: f.type for f in fields(ViewState)}[name]
    if "tuple" in str(kind):
        items = tuple(dict.fromkeys(i for i in text.split(",") if i))
        return tuple(i for i in items if allowed is None or i in allowed)
    if name == "depth":
        return int(text) if text in ("1", "2") else None
    if name in ("territory", "actor") and len(text) > 200:
        return None
    if name in ("context", "show_all"):
        return text == "1"
    if allowed is not None and text not in allowed:
        return None
    return text or None


FILTER_FIELDS = ("families", "kinds", "relation_types", "statuses", "working_groups", "sections")


def has_filters(state: ViewState) -> bool:
    return any(getattr(state, name) for name in FILTER_FIELDS)


def is_major(old: ViewState, new: ViewState) -> bool:
    """A change worth a browser-history entry: another territory, or another neighbourhood.
    Selecting an actor in the view, filters, colours replace the current entry instead."""
    def place(s: ViewState):
        return (s.territory, s.mode, s.depth, s.actor if s.mode == "voisinage" else None)
    return place(old) != place(new)


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
    values["context"] = state.context
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
            allowed = ALLOWED_VALUES[name]
            value = tuple(v for v in (value if isinstance(value, list) else ())
                          if isinstance(v, str) and (allowed is None or v in allowed))
        elif name == "depth":
            value = int(value) if str(value) in ("1", "2") else state.depth
        elif name == "territory":
            value = value if isinstance(value, str) and 0 < len(value) <= 200 else FRANCE
            return replace(state, territory=value, mode="territoire", show_all=False)
        elif name == "colouring" and value not in COLOURINGS:
            return state
        return replace(state, **{name: value})
    if trigger == "context":
        return replace(state, context=bool(values.get("context")))
    if trigger in ("graph", "search", "partner-link"):
        actor = values.get(trigger)
        if not isinstance(actor, str) or not actor or len(actor) > 200:
            return state
        if in_view(actor):
            return replace(state, actor=actor)
        return replace(state, actor=actor, mode="voisinage")
    if trigger == "expand":
        return replace(state, mode="voisinage") if state.actor else state
    if trigger == "reset":   # the territory stays; everything else as on arrival
        return replace(_DEFAULT, territory=state.territory)
    if trigger == "clear-filters":
        return replace(state, **{name: () for name in FILTER_FIELDS})
    if trigger == "show-all":
        return replace(state, show_all=True)
    return state
