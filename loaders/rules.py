"""Curation rules a machine can check (docs/curation.md): where a place comes from, kinds
kept for the bodies they name, acronyms that are the actor's own, headings for list items."""

from __future__ import annotations

import re

from graph.search import normalise as normalise_name
from graph.vocabulary import KINDS
from loaders.dataset import Issue, RawData
from loaders.evidence import normalise

# A council's own kinds: its internal services have the kind SERVICE_CD instead.
COUNCIL_KINDS = {"CD", "REG", "MUNI", "EPCI"}
INTERNAL_SERVICE = re.compile(
    r"^(commission locale|maisons? d[ue]s? d[ée]partement|maisons? d[ée]partementales? de la "
    r"solidarit|r[ée]seau local d'appui|service |direction |p[ôo]le d[ée]partemental)",
    re.IGNORECASE)

# A list item shorter than this says who, not what: the tie is in its heading ("Financeurs :").
# Measured on the shipped quotes: below 40 characters every list item is a name, at most with a
# parenthesis ("Conseil Général du Morbihan,", "DDTEFP (FDI),"); items that carry their own verb
# ("La FNARS a géré les envois…") are longer.
SHORT_LIST_ITEM = 40
BULLET = re.compile(r"^\s*(?:[•\-–*·]|\d+\s*[-.)])\s*")
# How far above its quote a heading may be (the longest list of the recueil spans 45 lines).
MAX_HEADING_DISTANCE = 60


def check_rules(raw: RawData) -> list[Issue]:
    return check_place_sources(raw) + check_kinds(raw) + check_acronyms(raw)


def _has_place(loc) -> bool:
    return any((loc.commune, loc.epci, loc.departement, loc.region_2008))


def check_place_sources(raw: RawData) -> list[Issue]:
    issues = []
    for aid, (file, actor) in raw.actors.items():
        loc = actor.location
        if _has_place(loc) and not loc.place_source:
            issues.append(Issue(file, aid, "location.place_source",
                                "a place needs its place_source (text, name or experience)"))
        elif loc.place_source and not _has_place(loc):
            issues.append(Issue(file, aid, "location.place_source", "place_source without a place"))
    return issues


def check_kinds(raw: RawData) -> list[Issue]:
    """A council's internal service is not the council: it must not take a council's kind."""
    return [Issue(file, aid, "kind", f"{actor.name!r} is a council's internal service: "
                                     f"use kind SERVICE_CD, not {actor.kind}")
            for aid, (file, actor) in raw.actors.items()
            if actor.kind in COUNCIL_KINDS and INTERNAL_SERVICE.match(actor.name)]


def check_acronyms(raw: RawData) -> list[Issue]:
    """An acronym is the actor's own: not a kind code ("AI"), nor the acronym of the national
    body a local unit belongs to ("ANPE" for an agency, "COORACE" for a regional federation)."""
    kind_codes = {normalise_name(code) for code in KINDS}
    national = {normalise_name(a.acronym): aid for aid, (_, a) in raw.actors.items()
                if a.acronym and not _has_place(a.location)}
    issues = []
    for aid, (file, actor) in raw.actors.items():
        key = normalise_name(actor.acronym or "")
        if not key:
            continue
        if key in kind_codes and _has_place(actor.location):   # the AFPA's is its own
            issues.append(Issue(file, aid, "acronym", f"{actor.acronym!r} is a kind, not this "
                                                      "actor's acronym (put it in aliases)"))
        elif national.get(key, aid) != aid and _has_place(actor.location):
            issues.append(Issue(file, aid, "acronym",
                                f"{actor.acronym!r} is the acronym of {national[key]!r}, not of "
                                "this local unit (put it in aliases)"))
    return issues


def is_list_item(quote: str, source_line: str) -> bool:
    """Whether a quote is a bare list item: it ends like one, or it starts its source line
    right after a bullet."""
    text = normalise(quote)
    if text.endswith((",", ";")) or BULLET.match(text):
        return True
    bullet = BULLET.match(normalise(source_line))
    return bool(bullet) and normalise(source_line)[bullet.end():].startswith(text[:20])


def needs_heading(quote: str, source_line: str) -> bool:
    return len(normalise(quote)) < SHORT_LIST_ITEM and is_list_item(quote, source_line)
