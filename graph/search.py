"""Actor search: the normalised keys an actor is found by, and how a match scores.

Both stores use these rules, so they find the same actors in the same order:
a query matches when its normalised form is a substring of one of the actor's
keys (name, acronym, aliases); an exact key scores 3, a key or a word of a key
starting with the query scores 2, any other substring 1.

The work one search costs is bounded before any store sees it: ``search_query`` keeps the
first ``MAX_SEARCH_WORDS`` words and ``MAX_SEARCH_CHARS`` characters of the normalised text
(the longest name, acronym or alias of the shipped data has 103 characters and 19 words once
normalised). Without it, one 3 MB search made Neo4j's full-text query run out of heap, and 1,100
words exceeded Lucene's 1,024 clauses.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from graph.model import Actor

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)      # pure; an import normalises each name several times
def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", text).strip()


MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 24


def search_query(text: str) -> str:
    """The normalised query a store searches for: ``text`` cut to the bounds above."""
    words = normalise(text[:MAX_SEARCH_CHARS * 4]).split()[:MAX_SEARCH_WORDS]
    return " ".join(words)[:MAX_SEARCH_CHARS].strip()


def search_keys(actor: Actor) -> tuple[str, ...]:
    labels = (actor.name, actor.acronym or "", *actor.aliases)
    return tuple(dict.fromkeys(k for k in map(normalise, labels) if k))


def match_score(keys: tuple[str, ...], query: str) -> int:
    """0 when the (already normalised) query matches no key."""
    best = 0
    for key in keys:
        if key == query:
            return 3
        if key.startswith(query) or f" {query}" in key:
            best = max(best, 2)
        elif query in key:
            best = max(best, 1)
    return best
