"""French wording of what the explorer shows (pure): ties read from one actor's side, quotes
with the source's end-of-line hyphenation undone, numbers with a decimal comma."""

from __future__ import annotations

import re

from graph.store import RelationRow

# relation type -> (read from its source, read from its target); the partner's name follows.
# The feminine reads as "la structure", as the recueil speaks of its actors.
TIE_PHRASES = {
    "MEMBER_OF": ("Membre de", "A pour membre"),
    "PART_OF": ("Fait partie de", "Regroupe"),
    "PARTNER_OF": ("Partenaire de", "Partenaire de"),
    "FUNDS": ("Finance", "Financée par"),
    "HOSTS": ("Accueille", "Accueillie par"),
    "COORDINATES": ("Coordonne ou anime", "Coordonnée ou animée par"),
    "SUPPORTS": ("Accompagne ou appuie", "Accompagnée ou appuyée par"),
    "CREATED": ("A créé", "Créée par"),
    "MANAGES": ("Porte ou gère", "Portée ou gérée par"),
    "CONTRACTS_WITH": ("Donneur d'ordre de", "Titulaire d'un contrat de"),
    "SITS_ON": ("Siège à", "Compte parmi ses membres"),
    "PARTICIPATES_IN": ("Participe à", "Réunit"),
    "REFERS_TO": ("Oriente des personnes vers", "Reçoit des personnes orientées par"),
}


def tie_phrase(rel: RelationRow, actor_id: str) -> str:
    """How the tie reads from ``actor_id``'s side, without the partner: "Créée par"."""
    outgoing, incoming = TIE_PHRASES.get(rel.type, (rel.type_label, rel.type_label))
    return outgoing if rel.source == actor_id else incoming


def tie_sentence_from(rel: RelationRow, actor_id: str) -> str:
    """"Créée par Union nationale ADMR": the tie from one actor's side, partner named."""
    partner = rel.target_name if rel.source == actor_id else rel.source_name
    return f"{tie_phrase(rel, actor_id)} {partner}"


# "Gé- néral": a hyphen the printed page put at the end of a line, then the line break turned
# into a space. A hyphen between two lower-case letters followed by a space is one of those;
# "Rhône-Alpes" (no space) and "salariés - ils" (space before) are left alone.
_LINE_END_HYPHEN = re.compile(r"(?<=[a-zà-ÿœæ])- (?=[a-zà-ÿœæ])")


def undo_hyphenation(quote: str) -> str:
    """The quote as it reads, for display; the stored quote stays verbatim."""
    return _LINE_END_HYPHEN.sub("", quote)


NARROW_NBSP = "\u202f"


def french_number(value: float | int, decimals: int = 0) -> str:
    """1234.5 -> "1 234,5" (narrow no-break space between thousands, decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """"1 acteur", "12 acteurs", "1 234 acteurs"."""
    word = singular if count in (0, 1) else (plural_form or singular + "s")
    return f"{french_number(count)} {word}"
