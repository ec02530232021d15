"""Regenerate the dataset tables of README.md from the shipped data, and its CLI reference
from the commands (``<!-- cli:begin -->`` … ``<!-- cli:end -->``, see cli/reference.py).

    python3 tools/update_readme.py

Rewrites what lies between ``<!-- dataset:begin -->`` and ``<!-- dataset:end -->``;
tests/test_data.py checks that the README's counts match the data.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from graph.memory_store import MemoryStore  # noqa: E402
from graph.vocabulary import FAMILIES, RELATION_TYPES  # noqa: E402
from loaders.dataset import load_dataset  # noqa: E402
from cli.main import main as vita  # noqa: E402
from cli.reference import reference_markdown, replace_block  # noqa: E402

PLACE_LEVELS = {"commune": "commune", "epci": "intercommunality (EPCI)",
                "departement": "département only", "region_2008": "région only",
                "national": "none (national bodies)"}
# counted on the data before issue 15 placed actors in their commune or EPCI
PLACES_BEFORE_ISSUE_15 = {"commune": 85, "epci": 0, "departement": 135, "region_2008": 57,
                          "national": 88}


def place_precision_markdown(dataset) -> list[str]:
    """Actors by the most precise level of their place, now and before issue 15, and where
    the places come from (docs/curation.md, place_source)."""
    levels = Counter(a.place.level for a in dataset.actors.values())
    sources = Counter(a.place_source for a in dataset.actors.values() if a.place_source)
    lines = ["| place precision | actors | before issue 15 |", "|---|---|---|"]
    lines += [f"| {label} | {levels[level]} | {PLACES_BEFORE_ISSUE_15[level]} |"
              for level, label in PLACE_LEVELS.items()]
    lines += ["", "| place_source | actors |", "|---|---|"]
    lines += [f"| `{k}` | {sources[k]} |" for k in ("text", "name", "experience")]
    return lines


def dataset_markdown(store: MemoryStore) -> str:
    """The README's dataset section: the store's statistics, then the places."""
    stats = store.stats()
    lines = [f"**{stats.actors} actors**, **{stats.relations} relations**, "
             f"{stats.experiences} experiences and {stats.sections - stats.experiences} context "
             "sections (the introduction, each working group's introduction and conclusion).", "",
             "| section | working group | source lines | actors | relations |",
             "|---|---|---|---|---|"]
    for row in store.sections():
        actors, relations = stats.by_section[row.id]
        group = row.working_group_label or "—"
        kind = "" if row.is_experience else " (context)"
        lines.append(f"| `{row.id}`{kind} | {group} | {row.first_line}–{row.last_line} "
                     f"| {actors} | {relations} |")
    lines += ["", "| family | actors |", "|---|---|"]
    lines += [f"| {FAMILIES[k].label} | {v} |" for k, v in
              sorted(stats.by_family.items(), key=lambda kv: -kv[1])]
    lines += ["", "| relation type | relations |", "|---|---|"]
    lines += [f"| `{k}` ({RELATION_TYPES[k].label}) | {v} |" for k, v in
              sorted(stats.by_relation_type.items(), key=lambda kv: -kv[1])]
    lines += ["", "| status | relations |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in stats.by_status.items()]
    lines += ["", *place_precision_markdown(store.dataset)]
    return "\n".join(lines)


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = dataset_markdown(MemoryStore(load_dataset()))
    new = re.sub(r"(<!-- dataset:begin -->\n).*?(<!-- dataset:end -->)",
                 lambda m: m.group(1) + block + "\n" + m.group(2), text, flags=re.DOTALL)
    new = replace_block(new, reference_markdown(vita))
    readme.write_text(new, encoding="utf-8")
    print("README.md updated")


if __name__ == "__main__":
    main()
