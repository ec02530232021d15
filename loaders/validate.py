"""Cross-record checks: references, geography, duplicates and evidence quotes."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from graph.geography import Geography
from graph.search import normalise as normalise_name
from loaders.dataset import Issue, RawData
from loaders.evidence import LINE_TOLERANCE, load_lines, load_source, quote_near
from loaders.rules import MAX_HEADING_DISTANCE, SHORT_LIST_ITEM, check_rules, needs_heading
from loaders.schema import ExperienceRecord, RelationRecord


def validate_raw(raw: RawData, geography: Geography, source: Path | None = None) -> list[Issue]:
    issues = check_actor_places(raw, geography)
    issues += check_duplicates(raw, geography)
    issues += check_sections(raw, geography)
    issues += check_rules(raw)
    if source is not None:
        issues += check_evidence(raw, source)
    return issues


def check_actor_places(raw: RawData, geography: Geography) -> list[Issue]:
    issues = []
    for aid, (file, actor) in raw.actors.items():
        loc = actor.location
        try:
            geography.resolve(loc.commune, loc.departement, loc.region_2008, loc.epci)
        except KeyError as exc:
            issues.append(Issue(file, aid, "location", f"unknown code {exc.args[0]}"))
        except ValueError as exc:
            issues.append(Issue(file, aid, "location", str(exc)))
    return issues


def _place_key(actor, geography: Geography) -> tuple:
    loc = actor.location
    try:
        place = geography.resolve(loc.commune, loc.departement, loc.region_2008, loc.epci)
    except (KeyError, ValueError):
        return ("?",)
    return (place.commune, place.departement, place.region_2008)


def check_duplicates(raw: RawData, geography: Geography) -> list[Issue]:
    """Two actors in the same place sharing a normalised name, acronym or alias."""
    owners: dict[tuple, set[str]] = defaultdict(set)
    for aid, (_, actor) in raw.actors.items():
        place = _place_key(actor, geography)
        for label in (actor.name, actor.acronym, *actor.aliases):
            if label and normalise_name(label):
                owners[(place, normalise_name(label))].add(aid)
    issues, reported = [], set()
    for (_, label), ids in sorted(owners.items(), key=lambda kv: kv[0][1]):
        pair = tuple(sorted(ids))
        if len(ids) > 1 and pair not in reported:
            reported.add(pair)
            file = raw.actors[pair[1]][0]
            issues.append(Issue(file, pair[1], "name",
                                f"duplicate actor: {label!r} also names {', '.join(pair[:1] + pair[2:])} "
                                "in the same place"))
    return issues


def check_sections(raw: RawData, geography: Geography) -> list[Issue]:
    issues, cited = [], set()
    for sid, (file, section) in raw.sections.items():
        listed = {}
        for index, appearance in enumerate(section.actors):
            cited.add(appearance.id)
            if appearance.id not in raw.actors:
                issues.append(Issue(file, sid, f"actors.{index}.id",
                                    f"unknown actor {appearance.id!r} (not in data/actors/)"))
            if appearance.id in listed:
                issues.append(Issue(file, sid, f"actors.{index}.id",
                                    f"actor {appearance.id!r} listed twice"))
            listed[appearance.id] = appearance.role
        for index, rel in enumerate(section.relations):
            for end in ("source", "target"):
                ref = getattr(rel, end)
                if ref not in listed:
                    issues.append(Issue(file, sid, f"relations.{index}.{end}",
                                        f"{ref!r} is not among this section's actors"))
        if isinstance(section, ExperienceRecord):
            issues += _check_experience(file, section, listed, geography)
    for aid, (file, _) in raw.actors.items():
        if aid not in cited:
            issues.append(Issue(file, aid, "id", "actor appears in no experience or context section"))
    return issues


def _check_experience(file: str, exp: ExperienceRecord, listed: dict[str, str],
                      geography: Geography) -> list[Issue]:
    issues = []
    if listed.get(exp.lead) != "lead":
        issues.append(Issue(file, exp.id, "lead",
                            f"lead {exp.lead!r} must be listed in actors with role 'lead'"))
    tables = (("communes", geography.communes), ("epci", geography.epci),
              ("departements", geography.departements))
    for name, table in tables:
        for index, code in enumerate(getattr(exp.territory, name)):
            if code not in table:
                issues.append(Issue(file, exp.id, f"territory.{name}.{index}", f"unknown code {code}"))
    for index, code in enumerate(exp.territory.communes):
        dept = geography.communes.get(code, {}).get("departement")
        if dept and dept not in exp.territory.departements:
            issues.append(Issue(file, exp.id, f"territory.communes.{index}",
                                f"commune {code} is in département {dept}, "
                                "which territory.departements does not list"))
    return issues


def check_evidence(raw: RawData, source: Path) -> list[Issue]:
    if not source.is_file():
        return [Issue(str(source), "-", "-", "source text not found (set VITA_SOURCE)")]
    text, lines = load_source(source), load_lines(source)
    issues = []
    for sid, (file, section) in raw.sections.items():
        first, last = section.source_lines
        for index, rel in enumerate(section.relations):
            where = f"relations.{index}"
            ok, found = quote_near(text, rel.evidence, rel.line)
            if not ok:
                seen = f"found at line(s) {found}" if found else "not found in the source"
                issues.append(Issue(file, sid, f"{where}.evidence",
                                    f"quote not at line {rel.line} ±{LINE_TOLERANCE} ({seen})"))
            elif not first - LINE_TOLERANCE <= rel.line <= last + LINE_TOLERANCE:
                issues.append(Issue(file, sid, f"{where}.line",
                                    f"line {rel.line} outside the section's lines {first}-{last}"))
            issues += _check_heading(file, sid, where, rel, text, lines)
    return issues


def _check_heading(file: str, sid: str, where: str, rel: RelationRecord, text,
                   lines: list[str]) -> list[Issue]:
    """A bare list item needs its heading; a heading is verbatim, above its quote, near it."""
    if rel.context is None:
        printed = lines[rel.line - 1] if 0 < rel.line <= len(lines) else ""
        if needs_heading(rel.evidence, printed):
            return [Issue(file, sid, f"{where}.context", f"a list item shorter than "
                          f"{SHORT_LIST_ITEM} characters needs the heading it sits under")]
        return []
    heading = rel.context
    ok, found = quote_near(text, heading.quote, heading.line)
    if not ok:
        seen = f"found at line(s) {found}" if found else "not found in the source"
        return [Issue(file, sid, f"{where}.context.quote",
                      f"heading not at line {heading.line} ±{LINE_TOLERANCE} ({seen})")]
    if not 0 <= rel.line - heading.line <= MAX_HEADING_DISTANCE:
        return [Issue(file, sid, f"{where}.context.line",
                      f"heading line {heading.line} is not within {MAX_HEADING_DISTANCE} lines "
                      f"above the quote's line {rel.line}")]
    return []
