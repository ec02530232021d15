"""List the ties whose quote is a bare list item without its heading, with the heading the
source suggests (the nearest line above ending in ':' within MAX_HEADING_DISTANCE lines).

    python3 tools/curation/heading_candidates.py [--all]

A curator reads each one and, when the item's meaning is in its heading, adds
``context: {quote: "<heading>", line: N}`` to the tie (docs/curation.md, "Headings").
``--all`` also lists the items that already have one. Validation only requires a heading for
items shorter than loaders.rules.SHORT_LIST_ITEM characters; the longer ones are for judgement.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))   # run as a script
from loaders.dataset import DEFAULT_DATA, read_raw, source_path  # noqa: E402
from loaders.evidence import load_lines  # noqa: E402
from loaders.rules import BULLET, MAX_HEADING_DISTANCE, is_list_item  # noqa: E402


HEADING_LENGTH = 200   # characters of the heading sentence kept, counted back from its ':'
TITLE_LENGTH = 45      # a subtitle line ("Les leviers", "Etat d'avancement début 2008") is shorter


def suggested_heading(lines: list[str], line: int) -> tuple[int, str] | None:
    """The sentence that opens the list ``line`` is in: found from the nearest line above ending
    in ':' back to the line that starts its sentence (at most HEADING_LENGTH characters)."""
    for number in range(line - 1, max(0, line - 1 - MAX_HEADING_DISTANCE), -1):
        if lines[number - 1].strip().endswith(":") and len(lines[number - 1].strip()) > 3:
            return _sentence_ending_at(lines, number)
    return None


def _sentence_ending_at(lines: list[str], last: int) -> tuple[int, str]:
    first, length = last, len(lines[last - 1].strip())
    while first > 1 and not BULLET.match(lines[first - 1]):
        previous = lines[first - 2].strip()
        if not previous or previous.endswith((".", ":", ";")) or length + len(previous) > HEADING_LENGTH:
            break
        if len(previous) < TITLE_LENGTH and lines[first - 1].strip()[:1].isupper():
            break   # a short line without punctuation above a capital: a subtitle, not the sentence
        first, length = first - 1, length + len(previous) + 1
    text = " ".join(BULLET.sub("", lines[n - 1].strip()) if n == first else lines[n - 1].strip()
                    for n in range(first, last + 1))
    return first, text.lstrip("-–• ")


def candidates(root: Path, source: Path, show_all: bool = False):
    raw, _ = read_raw(root)
    lines = load_lines(source)
    for sid, (file, section) in sorted(raw.sections.items()):
        for index, rel in enumerate(section.relations):
            if rel.context and not show_all:
                continue
            if not is_list_item(rel.evidence, lines[rel.line - 1]):
                continue
            yield file, index, rel, suggested_heading(lines, rel.line)


def main() -> None:
    show_all = "--all" in sys.argv
    for file, index, rel, heading in candidates(DEFAULT_DATA, source_path(), show_all):
        where = f"{file}:relations.{index} (line {rel.line})"
        found = f"{heading[0]}: {heading[1]!r}" if heading else "no heading found"
        print(f"{where}\n  quote:   {rel.evidence!r}\n  heading: {found}")


if __name__ == "__main__":
    main()
