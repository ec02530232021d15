"""Plain-text rendering of the store's statistics for the terminal."""

from __future__ import annotations

from graph.store import SectionRow, Stats
from graph.vocabulary import FAMILIES, KINDS, RELATION_TYPES, STATUSES


def _table(title: str, counts: dict, labels: dict | None = None) -> list[str]:
    lines = [title]
    for key, value in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        label = f"{key} ({labels[key]})" if labels and key in labels else str(key)
        lines.append(f"  {value:>5}  {label}")
    return lines + [""]


def stats_text(stats: Stats, sections: list[SectionRow]) -> str:
    lines = [f"{stats.actors} actors, {stats.relations} relations, {stats.experiences} experiences"
             f" ({stats.sections} sections with the context ones)", ""]
    lines.append("Per experience (actors / relations):")
    for row in sections:
        if row.is_experience:
            actors, relations = stats.by_section[row.id]
            lines.append(f"  {actors:>5} {relations:>5}  {row.id}  [{row.first_line}-{row.last_line}]")
    lines.append("Per context section (actors / relations):")
    for row in sections:
        if not row.is_experience:
            actors, relations = stats.by_section[row.id]
            lines.append(f"  {actors:>5} {relations:>5}  {row.id}  [{row.first_line}-{row.last_line}]")
    lines.append("")
    lines += _table("Actors by family:", stats.by_family,
                    {k: f.label for k, f in FAMILIES.items()})
    lines += _table("Actors by kind:", stats.by_kind, {k: v.label for k, v in KINDS.items()})
    lines += _table("Relations by type:", stats.by_relation_type,
                    {k: v.label for k, v in RELATION_TYPES.items()})
    lines += _table("Relations by status:", stats.by_status, STATUSES)
    lines += _table("Actors by région (today's):", stats.by_region)
    lines += _table("Actors by département:", stats.by_departement)
    return "\n".join(lines).rstrip() + "\n"
