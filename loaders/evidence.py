"""Find evidence quotes in the source text.

A quote is compared with the source after the same normalisation on both sides:
line breaks and runs of spaces become one space, typographic apostrophes and
non-breaking spaces become plain ones, and an end-of-line hyphen followed by a
lower-case letter is dropped ("convention- nées" -> "conventionnées"), so a
curator may keep the hyphenation as printed or remove it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_SPACES = re.compile(r"\s+")
_SOFT_HYPHEN = re.compile(r"(?<=\w)- (?=[a-zà-öø-ÿœ])")
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
                            "…": "...", "«": '"', "»": '"', "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": ""})

# How far (in lines) a quote may start from its stated line and still be "near" it.
LINE_TOLERANCE = 3


def normalise(text: str) -> str:
    text = _SPACES.sub(" ", text.translate(_TRANSLATE)).strip()
    return _SOFT_HYPHEN.sub("", text)


@dataclass(frozen=True)
class SourceText:
    """The source, normalised once, with a map from offsets back to line numbers."""

    text: str                     # normalised and de-hyphenated, lines joined by a space
    line_starts: tuple[int, ...]  # offset in the joined text (before de-hyphenation) of each line
    removed: tuple[int, ...]      # offsets in ``text`` where a soft hyphen was dropped

    @classmethod
    def from_lines(cls, lines: list[str]) -> "SourceText":
        parts, starts, offset = [], [], 0
        for line in lines:
            piece = _SPACES.sub(" ", line.translate(_TRANSLATE)).strip()
            starts.append(offset)
            if piece:  # a blank line must not leave a double space in the joined text
                parts.append(piece)
                offset += len(piece) + 1
        joined = " ".join(parts)
        out, removed, last = [], [], 0
        for match in _SOFT_HYPHEN.finditer(joined):
            out.append(joined[last:match.start()])
            removed.append(match.start() - 2 * len(removed))
            last = match.end()
        out.append(joined[last:])
        return cls("".join(out), tuple(starts), tuple(removed))

    def line_at(self, offset: int) -> int:
        """1-based source line of a character offset in ``text``."""
        raw = offset + 2 * bisect.bisect_right(self.removed, offset)
        return bisect.bisect_right(self.line_starts, raw)

    def find_lines(self, quote: str) -> list[int]:
        """Every source line where the normalised quote starts."""
        needle = normalise(quote)
        if not needle:
            return []
        lines, start = [], 0
        while (hit := self.text.find(needle, start)) >= 0:
            lines.append(self.line_at(hit))
            start = hit + 1
        return lines


@lru_cache(maxsize=4)
def load_source(path: Path) -> SourceText:
    return SourceText.from_lines(load_lines(path))


@lru_cache(maxsize=4)
def load_lines(path: Path) -> list[str]:
    """The source's lines as printed (index 0 is line 1)."""
    return path.read_text(encoding="utf-8").splitlines()


def quote_near(source: SourceText, quote: str, line: int,
               tolerance: int = LINE_TOLERANCE) -> tuple[bool, list[int]]:
    """Whether the quote occurs starting within ``tolerance`` lines of ``line``."""
    found = source.find_lines(quote)
    return any(abs(found_line - line) <= tolerance for found_line in found), found
