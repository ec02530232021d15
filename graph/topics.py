"""Topics of an experience, read from its curated summary.

A small closed lexicon: each topic has a French label and the phrases that mark it in a summary
(matched on the normalised text: lower case, accents and punctuation removed, whole words). It is
deliberately literal, so that a reader can check a topic against the summary shown in the actor
card; ``vita similar`` uses the topics two actors' experiences share as one of its signals.
The lexicon was written from the 27 summaries before any evaluation of the similar-actor ranking
(docs/similarity.md lists the topics found in each experience).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.search import normalise


@dataclass(frozen=True)
class Topic:
    code: str
    label: str
    phrases: tuple[str, ...]   # regular expressions over normalised words


TOPICS: dict[str, Topic] = {t.code: t for t in [
    Topic("clauses-sociales", "clauses sociales et marchés publics",
          (r"clauses? (sociales?|d insertion)", r"marches? publics?", r"commande publique",
           r"acheteurs publics")),
    Topic("services-personne", "services à la personne",
          (r"services? (aux|a la) personnes?", r"services aux particuliers", r"assistante de vie")),
    Topic("mobilite", "mobilité", (r"mobilite", r"permis de conduire", r"vehicules?")),
    Topic("formation", "formation et qualification",
          (r"formations?", r"qualifiante", r"qualification", r"professionnalisation")),
    Topic("creation-activite", "création d'activité",
          (r"creation d (une|activites?)", r"activites? nouvelles?", r"scic", r"etude de faisabilite",
           r"filieres?")),
    Topic("groupement", "groupement et ensemblier",
          (r"groupements?", r"groupe economique", r"ensembliers?")),
    Topic("pole-services", "pôle de services ou lieu partagé",
          (r"poles? (de services|de cooperation|sud)", r"reunit sur un meme site",
           r"batiment ouvert")),
    Topic("plate-forme", "plate-forme de services",
          (r"plate ?formes?", r"plateformes?")),
    Topic("egalite", "égalité femmes / hommes", (r"egalite femmes", r"femmes")),
    Topic("fonds-europeens", "fonds européens", (r"fonds europeens", r"fse", r"feder", r"equal")),
    Topic("mise-a-disposition", "mise à disposition et remplacement",
          (r"mises? a disposition", r"suppleance", r"remplacants?", r"remplacer")),
    Topic("btp", "bâtiment et travaux publics",
          (r"btp", r"renovation urbaine", r"rehabilitation", r"travaux", r"grands chantiers")),
    Topic("environnement", "environnement et recyclage",
          (r"environnement", r"recyclage", r"maraichage", r"espaces verts", r"dechets",
           r"ressourcerie", r"agriculture bio")),
    Topic("evenement", "colloque ou journée d'information",
          (r"colloque", r"rencontre departementale", r"journees? d (information|etude)")),
    Topic("politique-ville", "politique de la ville et quartiers",
          (r"politique de la ville", r"cucs", r"quartiers? (populaires?|prioritaires?)",
           r"renovation urbaine", r"anru")),
    Topic("parcours", "parcours et accompagnement",
          (r"parcours", r"accompagnement socio professionnel", r"accompagnement par l ai")),
    Topic("etudes", "études de besoins et diagnostics",
          (r"etudes? (de|des|d|du)", r"enqueter", r"etat des lieux", r"cartographie", r"diagnostic")),
]}


@lru_cache(maxsize=None)
def _pattern(code: str) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(TOPICS[code].phrases) + r")\b")


def topics_of(summary: str | None) -> tuple[str, ...]:
    """The codes of the topics a summary mentions, in lexicon order."""
    if not summary:
        return ()
    text = normalise(summary)
    return tuple(code for code in TOPICS if _pattern(code).search(text))


def topic_label(code: str) -> str:
    return TOPICS[code].label
