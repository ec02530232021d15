"""The graph's objects, as plain immutable data (no I/O, no store)."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.geography import Place
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES, WORKING_GROUPS


def display_name(name: str, acronym: str | None) -> str:
    """How an actor is named for people: « name (ACRONYM) » unless the name holds the acronym."""
    if acronym and acronym.lower() not in name.lower():
        return f"{name} ({acronym})"
    return name


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    place: Place
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    contact: dict | None = None
    description: str | None = None
    place_source: str | None = None   # text, name or experience: where the place comes from

    @property
    def family(self) -> str:
        return KINDS[self.kind].family

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label

    @property
    def family_label(self) -> str:
        return FAMILIES[self.family].label

    @property
    def display_name(self) -> str:
        return display_name(self.name, self.acronym)


@dataclass(frozen=True)
class TerritoryRef:
    """A place named by a section: communes, EPCI, pays and départements."""

    communes: tuple[str, ...] = ()
    epci: tuple[str, ...] = ()
    pays: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A span of the source: an experience, or a context section (introduction,
    a working group's introduction or conclusion)."""

    id: str
    title: str
    working_group: str | None
    source_lines: tuple[int, int]
    roles: dict[str, str]          # actor id -> role (lead, partner, mentioned)
    summary: str | None = None
    is_experience: bool = True
    lead: str | None = None
    territory: TerritoryRef = field(default_factory=TerritoryRef)
    years: tuple[int, ...] = ()

    @property
    def working_group_label(self) -> str:
        return WORKING_GROUPS[self.working_group].label if self.working_group else ""


@dataclass(frozen=True)
class Relation:
    id: str
    source: str
    target: str
    type: str
    status: str
    section: str
    working_group: str | None
    evidence: str
    line: int
    note: str | None = None
    context: str | None = None        # the heading a bare list-item quote sits under, verbatim
    context_line: int | None = None   # its source line

    @property
    def type_label(self) -> str:
        return RELATION_TYPES[self.type].label

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


def tie_ids(section: str, ties) -> list[str]:
    """Stable ids for a section's ties, given as (source, type, target) in order:
    ``section:source:TYPE:target``, then ``:2``, ``:3``… when a section repeats a tie."""
    seen: dict[str, int] = {}
    out = []
    for source, kind, target in ties:
        base = f"{section}:{source}:{kind}:{target}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}:{seen[base]}")
    return out


@dataclass(frozen=True)
class Dataset:
    actors: dict[str, Actor]
    sections: dict[str, Section]
    relations: tuple[Relation, ...]

    @property
    def experiences(self) -> dict[str, Section]:
        return {k: s for k, s in self.sections.items() if s.is_experience}
