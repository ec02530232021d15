"""Schema of the curated YAML records (see docs/curation.md).

Pydantic checks the shape and the closed vocabularies of each record; cross-record
checks (references, geography, duplicates, evidence) live in ``loaders.validate``.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from graph.vocabulary import KINDS, RELATION_TYPES, ROLES, STATUSES, WORKING_GROUPS

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, Field(min_length=1)]
Code = Annotated[str, Field(pattern=r"^[0-9AB]{2,9}$")]


def _one_of(value: str, allowed: dict, what: str) -> str:
    if value not in allowed:
        close = difflib.get_close_matches(value.upper() if what == "kind" else value, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(f"unknown {what} {value!r}; {hint}expected one of: {', '.join(allowed)}")
    return value


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Location(Record):
    commune: Code | None = None
    epci: Code | None = None          # SIREN of the EPCI, when the actor is (or sits in) one
    departement: Code | None = None
    region_2008: Code | None = None
    # where the place comes from: stated in the text, inferred from the actor's name
    # ("PLIE de Fourmies-Trélon"), or the place of the experience that names it
    place_source: Literal["text", "name", "experience"] | None = None


class Person(Record):
    name: Text
    role: str | None = None


class Contact(Record):
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    people: list[Person] = []


class ActorRecord(Record):
    id: Slug
    name: Text
    acronym: str | None = None
    aliases: list[Text] = []
    kind: str
    location: Location = Location()
    contact: Contact | None = None
    description: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        return _one_of(value, KINDS, "kind")


class Appearance(Record):
    id: Slug
    role: str

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str) -> str:
        return _one_of(value, ROLES, "role")


class TieRecord(Record):
    """A tie between two actors, typed and dated by the closed vocabularies."""

    source: Slug
    type: str
    target: Slug
    status: str
    note: str | None = None

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        return _one_of(value, RELATION_TYPES, "relation type")

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        return _one_of(value, STATUSES, "status")


class Heading(Record):
    """The heading a list-item quote sits under ("Financeurs :"), verbatim, with its line."""

    quote: Annotated[str, Field(min_length=3, max_length=300)]
    line: Annotated[int, Field(ge=1)]


class RelationRecord(TieRecord):
    """A curated tie: with its verbatim evidence and the source line where it starts."""

    evidence: Annotated[str, Field(min_length=10, max_length=300)]
    line: Annotated[int, Field(ge=1)]
    context: Heading | None = None    # the heading that gives a bare list item its meaning

    @model_validator(mode="after")
    def _distinct_ends(self) -> "RelationRecord":
        if self.source == self.target:
            raise ValueError("source and target are the same actor")
        return self


class Territory(Record):
    communes: list[Code] = []
    epci: list[Code] = []
    pays: list[Text] = []
    departements: list[Code] = []


class SectionRecord(Record):
    """What experiences and context sections share: a span of source and its graph."""

    id: Slug
    title: Text
    working_group: str | None = None
    source_lines: tuple[int, int]
    summary: str | None = None
    actors: list[Appearance]
    relations: list[RelationRecord] = []

    @field_validator("working_group")
    @classmethod
    def _known_group(cls, value: str | None) -> str | None:
        return None if value is None else _one_of(value, WORKING_GROUPS, "working group")

    @field_validator("source_lines")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 1 <= value[0] <= value[1]:
            raise ValueError("expected [first, last] line numbers, first <= last")
        return value


class ContextRecord(SectionRecord):
    """The general introduction, a working group's introduction or conclusion."""


class ExperienceRecord(SectionRecord):
    working_group: str
    lead: Slug
    territory: Territory
    years: list[Annotated[int, Field(ge=1900, le=2030)]]
    summary: Text
