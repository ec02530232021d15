"""A seeded synthetic dataset shaped like the real one, on the real geography, for benchmarks.

Every département gets its Conseil Général, a DDTEFP, ANPE agencies, missions locales,
PLIE and Maisons de l'emploi, communes and intercommunalities (real ones, from
``data/geography``), SIAE, associations, training bodies and companies; each SIAE is tied
to a handful of local partners; each 2008 région has its Conseil Régional and regional
networks, tied to national heads. One synthetic experience per département holds its ties;
its summary names two or three topics of graph/topics.py (drawn from a generator of their own,
so that the graph itself does not depend on the lexicon), and each actor's description names
two (the short text ``vita similar`` and ``vita peers`` compare).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

from graph.geography import Geography
from graph.model import Actor, Dataset, Relation, Section, TerritoryRef
from graph.topics import TOPICS
from graph.vocabulary import KINDS, WORKING_GROUPS

# kinds per département and how many of each (scaled by ``scale``)
LOCAL_MIX = {"AI": 20, "ACI": 25, "EI": 15, "ETTI": 6, "GEIQ": 3, "ENSEMBLIER": 3,
             "MUNI": 40, "EPCI": 8, "CCAS": 8, "FT": 6, "ML": 4, "PLIE": 3, "MDE": 2,
             "ASSO": 27, "OF": 6, "ENTREPRISE": 20, "CCONS": 2}
PARTNER_KINDS = ["MUNI", "EPCI", "CCAS", "FT", "ML", "PLIE", "MDE", "ASSO", "OF", "ENTREPRISE",
                 "CCONS", "CD", "DEETS"]
SIAE = {"AI", "ACI", "EI", "ETTI", "GEIQ", "ENSEMBLIER"}
LOCAL_TIES = ["PARTNER_OF", "FUNDS", "CONTRACTS_WITH", "REFERS_TO", "HOSTS", "SUPPORTS", "SITS_ON"]
NATIONAL = [("coorace", "RESEAU_NAT"), ("fnars", "RESEAU_NAT"), ("chantier-ecole", "RESEAU_NAT"),
            ("anpe", "FT"), ("dgefp", "ETAT"), ("fse", "UE"), ("france-active", "FINANCEUR"),
            ("caisse-des-depots", "FINANCEUR"), ("alliance-villes-emploi", "RESEAU_NAT"),
            ("avise", "RESEAU_NAT")]


@dataclass
class _Builder:
    geography: Geography
    rng: random.Random
    actors: dict
    relations: list
    roles: dict

    def actor(self, aid: str, kind: str, section: str, commune=None, departement=None,
              region_2008=None, name=None) -> str:
        place = self.geography.resolve(commune, departement, region_2008)
        self.actors[aid] = Actor(aid, name or f"{kind} {aid}", kind, place,
                                 description=_description(aid, kind))
        self.roles[section][aid] = "partner"
        return aid

    def tie(self, section: str, group: str, source: str, target: str, kind: str) -> None:
        rid = f"{section}:{source}:{kind}:{target}:{len(self.relations)}"
        self.relations.append(Relation(rid, source, target, kind, "actual", section, group,
                                       "synthetic evidence sentence", 1))
        self.roles[section].setdefault(source, "partner")
        self.roles[section].setdefault(target, "partner")


def synthetic_dataset(geography: Geography, scale: float = 1.0, seed: int = 2008) -> Dataset:
    """About 200·scale actors and 1,000·scale ties per département (101 of them)."""
    rng = random.Random(seed)
    b = _Builder(geography, rng, {}, [], defaultdict(dict))
    groups = list(WORKING_GROUPS)
    for aid, kind in NATIONAL:
        b.actor(aid, kind, "national", name=aid.upper())
    heads = {code: _region_heads(b, code) for code in geography.regions_2008}
    communes_of = defaultdict(list)
    for code, row in geography.communes.items():
        if row["type"] == "commune-actuelle":
            communes_of[row["departement"]].append(code)
    for dep in sorted(geography.departements):
        region = geography.region_2008_of_departement.get(dep)
        if region and communes_of[dep]:
            _departement(b, dep, region, heads[region], communes_of[dep], scale,
                         groups[int(rng.random() * len(groups))])
    sections = {sid: Section(sid, f"Synthetic {sid}", None if sid == "national" else
                             _group_of(b, sid), (1, 1), dict(roles), _summary(seed, sid),
                             sid != "national", None, TerritoryRef(), (2008,))
                for sid, roles in b.roles.items()}
    return Dataset(b.actors, sections, tuple(b.relations))


def _summary(seed: int, sid: str) -> str:
    rng = random.Random(f"{seed}:{sid}")
    topics = rng.sample(sorted(TOPICS), rng.randint(2, 3))
    return "Synthetic experience on " + "; ".join(TOPICS[t].label for t in topics) + "."


def _description(aid: str, kind: str) -> str:
    """A short text from the topics' vocabulary (what the peer index reads), drawn from a
    generator of its own so that the graph does not depend on it."""
    rng = random.Random(f"description:{aid}")
    topics = rng.sample(sorted(TOPICS), 2)
    return (f"{KINDS[kind].label} engagé sur : "
            + " ; ".join(TOPICS[t].label for t in topics) + ".")


def _group_of(b: _Builder, sid: str) -> str | None:
    return next((r.working_group for r in b.relations if r.section == sid), None)


def _region_heads(b: _Builder, code: str) -> list[str]:
    section = f"region-{code}"
    heads = [b.actor(f"{kind.lower()}-r{code}", kind, section, region_2008=code)
             for kind in ("REG", "RESEAU_REG", "DEETS")]
    b.actor(f"coorace-r{code}", "RESEAU_REG", section, region_2008=code)
    b.tie(section, "poles-territoriaux", f"coorace-r{code}", "coorace", "PART_OF")
    b.tie(section, "poles-territoriaux", "dgefp", f"deets-r{code}", "COORDINATES")
    return heads + [f"coorace-r{code}"]


def _departement(b: _Builder, dep: str, region: str, heads: list[str], communes: list[str],
                 scale: float, group: str) -> None:
    section, rng = f"dep-{dep}", b.rng
    by_kind: dict[str, list[str]] = defaultdict(list)
    by_kind["CD"].append(b.actor(f"cd-{dep}", "CD", section, departement=dep))
    by_kind["DEETS"].append(b.actor(f"ddtefp-{dep}", "DEETS", section, departement=dep))
    for kind, count in LOCAL_MIX.items():
        for i in range(max(1, round(count * scale))):
            aid = f"{kind.lower()}-{dep}-{i}"
            by_kind[kind].append(b.actor(aid, kind, section, commune=rng.choice(communes)))
    siae = [a for k in SIAE for a in by_kind[k]]
    partners = [a for k in PARTNER_KINDS for a in by_kind[k]]
    for actor in siae:
        for partner in rng.sample(partners, k=min(len(partners), rng.randint(8, 18))):
            source, target = (partner, actor) if rng.random() < 0.6 else (actor, partner)
            b.tie(section, group, source, target, rng.choice(LOCAL_TIES))
        b.tie(section, group, actor, rng.choice(heads), "MEMBER_OF")
    b.tie(section, group, f"cd-{dep}", rng.choice(siae), "FUNDS")
    for head in heads[:1]:
        for actor in rng.sample(siae, k=min(len(siae), 5)):
            b.tie(section, group, head, actor, "FUNDS")
