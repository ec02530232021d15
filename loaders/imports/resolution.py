"""Resolving the rows of an import against the actors vita already has.

An actor row is *merged* into an existing actor when its ``identifiant`` is that actor's id,
or when one of its names (name, acronym, other names; normalised) is one of the existing
actor's in the same département (same 2008 région for regional bodies, both national
otherwise) and their kinds agree. It is *conflicting* when several existing actors match, or
one matches with another kind; otherwise it is *created*, with an id made from its name.
Conflicts stop the import like errors: the message says how to settle them.

Every lookup goes through a dictionary built once (existing actors by label and area, the
sheet's rows by identifier and by label, the ids taken and the next free suffix of each base),
so resolving n rows costs O(n): 100,000 rows resolve in seconds (docs/benchmarks.md), where
scanning the rows for each relation cell took hours.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

from graph.model import Actor, Dataset
from graph.search import normalise
from graph.territory import slugify
from graph.vocabulary import KINDS
from loaders.dataset import Issue
from loaders.imports.reading import issue
from loaders.imports.rows import ActorDraft, TieDraft

MAX_HINTS = 20     # unknown names that get a « vouliez-vous dire » suggestion

@dataclass
class ActorOutcome:
    draft: ActorDraft
    action: str                     # create, merge or conflict
    actor_id: str | None
    reason: str                     # in French
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tie:
    row: int
    source: str
    type: str
    target: str
    status: str
    reference: str
    note: str | None


@dataclass
class Resolution:
    actors: list[ActorOutcome] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def area(place) -> tuple:
    """Where two actors must both be to be the same: département, else 2008 région."""
    return (place.departement, None if place.departement else place.region_2008)


def labels(name: str, acronym: str | None, aliases) -> set[str]:
    return {k for k in map(normalise, (name, acronym or "", *aliases)) if k}


def _who(actor: Actor) -> str:
    where = actor.place.departement or actor.place.region_2008_name or "national"
    return f"{actor.name} [{actor.id}] ({actor.kind_label}, {where})"


class Resolver:
    def __init__(self, dataset: Dataset, file: str):
        self.dataset, self.file = dataset, file
        self.by_label: dict[tuple, set[str]] = defaultdict(set)   # (label, area) -> ids
        self.anywhere: dict[str, set[str]] = defaultdict(set)     # label -> ids
        for actor in dataset.actors.values():
            for label in labels(actor.name, actor.acronym, actor.aliases):
                self.by_label[(label, area(actor.place))].add(actor.id)
                self.anywhere[label].add(actor.id)
        self.taken = set(dataset.actors)
        self.next_suffix: dict[str, int] = {}                     # base id -> next n to try
        self.rows_by_ref: dict[str, list[ActorOutcome]] = defaultdict(list)
        self.rows_by_label: dict[str, list[ActorOutcome]] = defaultdict(list)
        self.hints_left = MAX_HINTS
        self.result = Resolution()

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.result.issues.append(issue(self.file, sheet, row, column, message))

    # --- actors ---------------------------------------------------------------------
    def actor(self, draft: ActorDraft) -> ActorOutcome:
        actors = self.dataset.actors
        if draft.ref in actors:
            return ActorOutcome(draft, "merge", draft.ref, "identifiant vita donné")
        found = sorted({aid for label in labels(draft.name, draft.acronym, draft.aliases)
                        for aid in self.by_label.get((label, area(draft.place)), ())})
        if not found:
            return ActorOutcome(draft, "create", self._new_id(draft), "aucun acteur de ce nom "
                                                                    "dans ce territoire")
        if len(found) > 1:
            return ActorOutcome(draft, "conflict", None, "plusieurs acteurs de vita portent ce "
                                "nom dans ce territoire : " + " ; ".join(_who(actors[a]) for a in found)
                                + " — écrivez l'identifiant voulu dans la colonne identifiant",
                                tuple(found))
        match = actors[found[0]]
        if match.kind != draft.kind:
            return ActorOutcome(draft, "conflict", None, f"même nom que {_who(match)}, mais de "
                                f"type « {KINDS[draft.kind].label} » — pour le fusionner, écrivez "
                                f"« {match.id} » dans la colonne identifiant ; sinon changez le nom",
                                (match.id,))
        return ActorOutcome(draft, "merge", match.id, f"même nom que {_who(match)}")

    def _new_id(self, draft: ActorDraft) -> str:
        """The name's slug; else with the département; else with the first free number (no
        bound: 10,005 names sharing their first 70 characters all get an id)."""
        base = slugify(draft.name)[:70].strip("-") or "acteur"
        first = [base] + ([f"{base}-{draft.place.departement.lower()}"]
                          if draft.place.departement else [])
        new = next((c for c in first if c not in self.taken), None)
        while new is None:
            n = self.next_suffix.get(base, 2)
            self.next_suffix[base] = n + 1
            new = f"{base}-{n}" if f"{base}-{n}" not in self.taken else None
        self.taken.add(new)
        return new

    def _remember(self, outcome: ActorOutcome) -> None:
        """Index a row of the actor sheet by identifier and labels, for the relation cells."""
        draft = outcome.draft
        if draft.ref:
            self.rows_by_ref[normalise(draft.ref)].append(outcome)
        for label in labels(draft.name, draft.acronym, draft.aliases):
            self.rows_by_label[label].append(outcome)
        self.result.actors.append(outcome)

    def actors(self, drafts: list[ActorDraft]) -> None:
        seen_refs: dict[str, int] = {}
        seen_labels: dict[tuple, int] = {}
        merged_into: dict[str, int] = {}
        for draft in drafts:
            if draft.ref and normalise(draft.ref) in seen_refs:
                self.error("acteurs", draft.row, "identifiant", "identifiant déjà utilisé ligne "
                           f"{seen_refs[normalise(draft.ref)]}")
                continue
            twin = next((seen_labels[(k, area(draft.place))] for k in
                         labels(draft.name, draft.acronym, draft.aliases)
                         if (k, area(draft.place)) in seen_labels), None)
            if twin:
                self.error("acteurs", draft.row, "nom", f"même acteur que la ligne {twin} (un nom "
                           "en commun, même territoire)")
                continue
            outcome = self.actor(draft)
            if outcome.action == "merge" and outcome.actor_id in merged_into:
                self.error("acteurs", draft.row, "nom", f"désigne le même acteur de vita "
                           f"({outcome.actor_id}) que la ligne {merged_into[outcome.actor_id]}")
                continue
            if outcome.action == "conflict":
                self.error("acteurs", draft.row, "nom", f"conflit : {outcome.reason}")
            if outcome.action == "merge":
                merged_into[outcome.actor_id] = draft.row
            if draft.ref:
                seen_refs[normalise(draft.ref)] = draft.row
            for k in labels(draft.name, draft.acronym, draft.aliases):
                seen_labels.setdefault((k, area(draft.place)), draft.row)
            self._remember(outcome)

    # --- ties -----------------------------------------------------------------------
    def reference(self, text: str, row: int, column: str) -> str | None:
        """The actor id a relation cell names (see the module doc of loaders.imports)."""
        key = normalise(text)
        by_ref = self.rows_by_ref.get(key, [])
        if not by_ref and text in self.dataset.actors:
            return text
        by_name = by_ref or self.rows_by_label.get(key, [])
        if len(by_name) == 1:
            if by_name[0].actor_id is None:
                self.error("relations", row, column, f"« {text} » est un acteur en conflit "
                           f"(ligne {by_name[0].draft.row} de la feuille acteurs)")
            return by_name[0].actor_id
        if len(by_name) > 1:
            rows = ", ".join(str(o.draft.row) for o in by_name)
            self.error("relations", row, column, f"« {text} » désigne plusieurs lignes de la "
                       f"feuille acteurs ({rows}) : utilisez leur colonne identifiant")
            return None
        return self._existing(text, key, row, column)

    def _existing(self, text: str, key: str, row: int, column: str) -> str | None:
        found = sorted(self.anywhere.get(key, ()))
        if len(found) == 1:
            return found[0]
        if found:
            self.error("relations", row, column, f"« {text} » désigne plusieurs acteurs de vita : "
                       + " ; ".join(_who(self.dataset.actors[a]) for a in found[:8])
                       + " — écrivez l'identifiant vita voulu")
            return None
        hint = self._hint(key)
        self.error("relations", row, column, f"acteur inconnu « {text} » : ni dans la feuille "
                   f"acteurs, ni dans vita{hint}")
        return None

    def _hint(self, key: str) -> str:
        """« did you mean … » for the first ``MAX_HINTS`` unknown names only: each hint compares
        the name with every known one."""
        if self.hints_left <= 0:
            return ""
        self.hints_left -= 1
        names = {normalise(o.draft.name): o.draft.name for o in self.result.actors}
        names.update({k: k for k in self.anywhere})
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
        return f" ; vouliez-vous dire « {names[close[0]]} » ?" if close else ""

    def ties(self, drafts: list[TieDraft]) -> None:
        seen: dict[tuple, int] = {}
        for draft in drafts:
            source = self.reference(draft.source, draft.row, "acteur_source")
            target = self.reference(draft.target, draft.row, "acteur_cible")
            if source is None or target is None:
                continue
            if source == target:
                self.error("relations", draft.row, "acteur_cible", "un acteur ne peut pas être "
                           "relié à lui-même")
                continue
            key = (source, draft.type, target)
            if key in seen:
                self.error("relations", draft.row, "-", f"même relation que la ligne {seen[key]}")
                continue
            seen[key] = draft.row
            self.result.ties.append(Tie(draft.row, source, draft.type, target, draft.status,
                                        draft.reference, draft.note))


def resolve(dataset: Dataset, file: str, actors: list[ActorDraft],
            ties: list[TieDraft]) -> Resolution:
    resolver = Resolver(dataset, file)
    resolver.actors(actors)
    resolver.ties(ties)
    return resolver.result
