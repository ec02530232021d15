"""The one actor resolver: what actor a person means by what they typed.

Every command and view that takes an actor uses ``resolve_actor``: an exact id first, then the
actors one of whose names — name, acronym or alias — equals the text, accents, case and
punctuation ignored (``graph.search.normalise``). One such actor is the answer; several raise
``Ambiguous`` listing them; none raises ``NotFound`` with the closest actors as suggestions.
A partial name is never taken for an actor: « ADIE » names ADIE, not every actor whose name
contains it.
"""

from __future__ import annotations

from graph.errors import Ambiguous, InputError, NotFound
from graph.model import display_name
from graph.search import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, normalise
from graph.store import ActorRow, GraphStore

# The store's search ranks exact names first; this many results always hold every exact match
# a real dataset has, and bound the suggestions.
SEARCH_LIMIT = 50
SUGGESTIONS = 8


def describe(row: ActorRow) -> str:
    """« id : Name (ACRONYM) (kind, place) » — how a candidate is listed to a person."""
    where = row.departement_name or row.region_2008_name or "national"
    return f"{row.id} : {display_name(row.name, row.acronym)} ({row.kind_label}, {where})"


def names_of(row: ActorRow) -> set[str]:
    """The normalised names an actor answers to exactly."""
    return {normalise(label) for label in (row.name, row.acronym or "", *row.aliases)} - {""}


def resolve_actor(store: GraphStore, text: str) -> str:
    """The id of the one actor ``text`` names; ``NotFound`` or ``Ambiguous`` otherwise."""
    text = text.strip()
    if not text:
        raise NotFound("aucun acteur : donnez un identifiant, un nom ou un sigle")
    if len(text) > MAX_SEARCH_CHARS or len(text.split()) > MAX_SEARCH_WORDS:
        raise InputError(f"nom d'acteur trop long : au plus {MAX_SEARCH_CHARS} caractères et "
                         f"{MAX_SEARCH_WORDS} mots")
    if store.actor(text) is not None:
        return text
    key = normalise(text)
    found = store.search(text, limit=SEARCH_LIMIT) if key else []
    exact = [row for row in found if key in names_of(row)]
    if len(exact) == 1:
        return exact[0].id
    if exact:
        candidates = tuple(describe(row) for row in exact)
        raise Ambiguous(f"« {text} » désigne {len(exact)} acteurs ; donnez l'identifiant :\n"
                        + "\n".join(f"  - {c}" for c in candidates), candidates)
    close = tuple(describe(row) for row in found[:SUGGESTIONS])
    hint = (" ; acteurs proches :\n" + "\n".join(f"  - {c}" for c in close)) if close else \
        " (identifiant, nom, sigle ou autre nom)"
    raise NotFound(f"aucun acteur « {text} »{hint}")
