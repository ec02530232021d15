"""Pure functions turning the model into the contract's rows, and filter predicates."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from graph.coordinates import Position
from graph.model import Actor, Dataset, Relation, Section
from graph.store import ActorRow, Appearance, Filters, RelationRow, SectionRow, Stats


def sections_by_actor(dataset: Dataset) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = defaultdict(set)
    for section in dataset.sections.values():
        for aid in section.roles:
            found[aid].add(section.id)
    return {aid: tuple(sorted(found[aid])) for aid in dataset.actors}


def actor_row(actor: Actor, sections: tuple[str, ...], degree: int,
              position: Position | None = None) -> ActorRow:
    p = actor.place
    return ActorRow(actor.id, actor.name, actor.acronym, actor.aliases, actor.kind,
                    actor.kind_label, actor.family, p.commune, p.commune_name, p.departement,
                    p.departement_name, p.region_2008, p.region_2008_name, p.region,
                    p.region_name, sections, degree, p.epci, p.epci_name, actor.place_source,
                    *position_fields(position))


def position_fields(position: Position | None) -> tuple:
    """(latitude, longitude, precision) as rows and the Neo4j actor nodes carry them."""
    if position is None:
        return None, None, None
    return position.latitude, position.longitude, position.precision


def relation_row(rel: Relation, dataset: Dataset) -> RelationRow:
    return RelationRow(rel.id, rel.source, dataset.actors[rel.source].name, rel.target,
                       dataset.actors[rel.target].name, rel.type, rel.type_label, rel.status,
                       rel.status_label, rel.section, dataset.sections[rel.section].title,
                       rel.working_group, rel.evidence, rel.line, rel.note, rel.context,
                       rel.context_line)


def section_row(section: Section, relation_count: int) -> SectionRow:
    t = section.territory
    return SectionRow(section.id, section.title, section.is_experience, section.working_group,
                      section.working_group_label, section.lead, section.summary,
                      section.source_lines[0], section.source_lines[1], section.years,
                      t.communes, t.epci, t.pays, t.departements,
                      tuple(sorted(section.roles)), relation_count)


def appearances(actor_id: str, dataset: Dataset) -> tuple[Appearance, ...]:
    return tuple(Appearance(s.id, s.title, s.working_group, s.roles[actor_id], s.summary,
                            s.is_experience)
                 for _, s in sorted(dataset.sections.items()) if actor_id in s.roles)


def relation_matches(rel: Relation, filters: Filters) -> bool:
    return ((not filters.relation_types or rel.type in filters.relation_types)
            and (not filters.statuses or rel.status in filters.statuses)
            and (not filters.working_groups or rel.working_group in filters.working_groups)
            and (not filters.sections or rel.section in filters.sections))


def actor_matches(actor: Actor, sections: tuple[str, ...], dataset: Dataset,
                  filters: Filters) -> bool:
    if filters.families and actor.family not in filters.families:
        return False
    if filters.kinds and actor.kind not in filters.kinds:
        return False
    if filters.sections and not set(sections) & set(filters.sections):
        return False
    if filters.working_groups:
        groups = {dataset.sections[s].working_group for s in sections}
        return bool(groups & set(filters.working_groups))
    return True


def count_stats(actor_rows: Iterable[ActorRow], relation_rows: Iterable[RelationRow],
                sections: Iterable[tuple[str, bool, int]]) -> Stats:
    """Statistics from rows; ``sections`` gives (id, is_experience, actor count)."""
    actor_rows, relation_rows, sections = list(actor_rows), list(relation_rows), list(sections)
    per_section = Counter(r.section for r in relation_rows)
    departements = Counter(f"{r.departement} {r.departement_name}" for r in actor_rows
                           if r.departement)
    return Stats(
        actors=len(actor_rows), relations=len(relation_rows), sections=len(sections),
        experiences=sum(1 for _, is_experience, _ in sections if is_experience),
        by_kind=dict(sorted(Counter(r.kind for r in actor_rows).items())),
        by_family=dict(sorted(Counter(r.family for r in actor_rows).items())),
        by_relation_type=dict(sorted(Counter(r.type for r in relation_rows).items())),
        by_status=dict(sorted(Counter(r.status for r in relation_rows).items())),
        by_region=dict(sorted(Counter(r.region_name or "(national)" for r in actor_rows).items())),
        by_departement=dict(sorted(departements.items())),
        by_section={sid: (n, per_section[sid]) for sid, _, n in sorted(sections)},
    )
