"""Text that stays text: the characters vita refuses in what people send, and what XML forbids.

- ``hidden_characters`` finds the characters an import refuses (``loaders/imports/rows.py``):
  control characters (C0 but tab and line breaks, DEL, C1), bidirectional overrides, embeddings
  and isolates (an RTL override turns « exe.png » into « gnp.exe » on screen), and zero-width
  characters (invisible, they make two equal-looking names differ);
- ``xml_text`` removes what XML 1.0 cannot hold at all (C0 controls but tab and line breaks,
  lone surrogates, U+FFFE / U+FFFF): every XML writer (GraphML, GEXF, SVG) passes its text
  through it, so its output always parses — whatever an older import or a store holds.
"""

from __future__ import annotations

import re
import unicodedata

_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"     # controls (tab, LF, CR allowed)
                     "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"   # bidi marks and overrides
                     "\u200b-\u200d\u2060\ufeff"                      # zero-width characters
                     "\ud800-\udfff\ufffe\uffff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(1-based position, « U+202E RIGHT-TO-LEFT OVERRIDE ») of each refused character."""
    return [(m.start() + 1, describe(m.group())) for m in _HIDDEN.finditer(text)]


def describe(char: str) -> str:
    name = unicodedata.name(char, "") or {"\x7f": "DELETE"}.get(char, "CONTROL CHARACTER")
    return f"U+{ord(char):04X} {name}"


def xml_text(value):
    """``value`` without the characters XML 1.0 forbids; anything but a string unchanged."""
    return _NOT_XML.sub("", value) if isinstance(value, str) else value
