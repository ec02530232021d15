"""The records both stores give to the peer index: actors, live ties, sections, and their texts.

``MemoryStore`` derives them from its ``Dataset`` (``records_from_dataset``); the Neo4j loader
writes the same texts on the nodes (``peer_text``) and ``Neo4jStore`` reads the records back in
one query, so that both stores build the same ``PeerIndex`` and give identical answers.

What the recueil says about an actor (its text):

- the lead of an experience: the whole experience (its source lines) — the experience *is*
  what it does;
- any other actor named by a section: the sentences of that section that name it (its name,
  acronym or aliases, accents and case ignored);
- the evidence quotes of its ties, and its description.

An experience's text is its title, its summary and its source lines (end-of-line hyphens
joined). A dataset without source text (the synthetic graph) has titles, summaries and
descriptions only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from graph.model import Dataset
from graph.search import normalise, search_keys
from graph.vocabulary import IGNORED_STATUSES   # not partnerships: no similarity signal

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n\s*\n")
HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")


@dataclass(frozen=True)
class PeerRecords:
    actors: list[dict]     # id, name, acronym, kind, family, departement, region_2008, region,
    #                        their names (departement_name…), sections, text
    ties: list[dict]       # source, target, type (live ties only, no self-loops)
    sections: list[dict]   # id, title, is_experience, working_group, summary, first_line,
    #                        last_line, departements, actors, lead, text


def read_source_lines(path: Path | None) -> list[str]:
    """The recueil's lines (index 0 is line 1); none when there is no such file."""
    if path is None or not Path(path).is_file():
        return []
    return Path(path).read_text(encoding="utf-8").splitlines()


def section_source(lines: list[str], first: int, last: int) -> str:
    """Lines ``first``–``last`` (1-based, inclusive) as one text, hyphenated words joined."""
    text = "\n".join(lines[max(first - 1, 0):last])
    return HYPHEN_BREAK.sub(r"\1\2", text.replace("’", "'"))


def sentences(text: str) -> list[str]:
    return [" ".join(s.split()) for s in SENTENCE_END.split(text) if s.strip()]


def naming_sentences(sents: list[str], normalised: list[str], keys: tuple[str, ...]) -> list[str]:
    """The sentences naming one of ``keys`` (normalised) as whole words."""
    padded = [f" {k} " for k in keys if len(k) > 1]
    return [s for s, n in zip(sents, normalised) if any(k in n for k in padded)]


def actor_texts(dataset: Dataset, lines: list[str]) -> dict[str, str]:
    parts: dict[str, list[str]] = defaultdict(list)
    keys = {aid: search_keys(a) for aid, a in dataset.actors.items()}
    for sid in sorted(dataset.sections):
        section = dataset.sections[sid]
        source = section_source(lines, *section.source_lines) if lines else ""
        sents = sentences(source)
        normalised = [f" {normalise(s)} " for s in sents]
        for aid in sorted(section.roles):
            if aid not in dataset.actors:
                continue
            if section.roles[aid] == "lead" and section.is_experience:
                parts[aid].append(" ".join(sents))
            else:
                parts[aid].extend(naming_sentences(sents, normalised, keys[aid]))
    for rel in dataset.relations:
        if rel.status not in IGNORED_STATUSES:
            for aid in (rel.source, rel.target):
                parts[aid].append(rel.evidence)
    for aid, actor in dataset.actors.items():
        if actor.description:
            parts[aid].append(actor.description)
    return {aid: "\n".join(parts[aid]) for aid in dataset.actors}


def section_texts(dataset: Dataset, lines: list[str]) -> dict[str, str]:
    out = {}
    for sid, s in dataset.sections.items():
        source = section_source(lines, *s.source_lines) if lines else ""
        out[sid] = "\n".join(p for p in (s.title, s.summary or "", source) if p)
    return out


def records_from_dataset(dataset: Dataset, lines: list[str]) -> PeerRecords:
    texts, stexts = actor_texts(dataset, lines), section_texts(dataset, lines)
    sections_of: dict[str, list[str]] = defaultdict(list)
    for sid in sorted(dataset.sections):
        for aid in dataset.sections[sid].roles:
            sections_of[aid].append(sid)
    actors = [{"id": a.id, "name": a.name, "acronym": a.acronym, "kind": a.kind,
               "family": a.family, "departement": a.place.departement,
               "region_2008": a.place.region_2008, "region": a.place.region,
               "commune_name": a.place.commune_name, "departement_name": a.place.departement_name,
               "region_2008_name": a.place.region_2008_name, "region_name": a.place.region_name,
               "sections": sections_of[a.id], "text": texts[a.id]}
              for a in dataset.actors.values()]
    ties = [{"source": r.source, "target": r.target, "type": r.type}
            for r in dataset.relations
            if r.status not in IGNORED_STATUSES and r.source != r.target]
    sections = [{"id": s.id, "title": s.title, "is_experience": s.is_experience,
                 "working_group": s.working_group, "summary": s.summary,
                 "first_line": s.source_lines[0], "last_line": s.source_lines[1],
                 "departements": list(s.territory.departements),
                 "actors": sorted(s.roles), "lead": s.lead, "text": stexts[s.id]}
                for s in dataset.sections.values()]
    return PeerRecords(actors, ties, sections)
