"""graph/topics.py: the topics read from experience summaries, and their use by similarity."""

from __future__ import annotations

import pytest

from graph.geography import Place
from graph.model import Actor, Dataset, Section
from graph.peer_index import feature_sets
from graph.peer_records import records_from_dataset
from graph.topics import TOPICS, topic_label, topics_of


@pytest.mark.parametrize("summary, expected", [
    ("Une Journée d'information sur les CLAUSES D'INSERTION dans les Marchés Publics.",
     ("clauses-sociales", "evenement")),
    ("Un véhicule pour conduire les salariés ; stages de permis de conduire.", ("mobilite",)),
    ("Plate-forme départementale des services à la personne.",
     ("services-personne", "plate-forme")),
    ("Le Fonds Social Européen (FSE) finance l'action.", ("fonds-europeens",)),
    # whole words only, and organisation names are not activities
    ("Études et Chantiers Bretagne anime le projet ; transformation ; équalité.", ()),
    ("", ()), (None, ()),
])
def test_topics_of_a_summary(summary, expected):
    assert topics_of(summary) == expected


def test_every_topic_label_names_its_own_topic():
    # the synthetic generator writes summaries from the labels
    for code, topic in TOPICS.items():
        assert code in topics_of(topic.label), code
        assert topic_label(code) == topic.label


def test_shipped_experiences_have_topics(shipped_dataset):
    experiences = [s for s in shipped_dataset.sections.values() if s.is_experience]
    assert len(experiences) == 27
    assert all(topics_of(s.summary) for s in experiences)
    found = {s.id: topics_of(s.summary) for s in experiences}
    assert "mobilite" in found["jura-service"] and "mobilite" in found["pes-sud-essonne"]
    assert found["nantes-metropole"] == ("clauses-sociales",)
    assert "etudes" not in found["le-palacret"]   # "Études et Chantiers" is a name
    assert {t for ts in found.values() for t in ts} == set(TOPICS)   # every topic is used


def test_actor_topics_come_from_experiences_only():
    place = Place(departement="35", region_2008="53")
    actors = {a: Actor(a, a, "AI", place) for a in ("x", "y")}
    sections = {
        "exp": Section("exp", "E", None, (1, 2), {"x": "lead"}, "Une plate-forme mobilité."),
        "ctx": Section("ctx", "C", None, (3, 4), {"x": "mentioned", "y": "mentioned"},
                       "Clauses sociales.", is_experience=False),
    }
    found = feature_sets(records_from_dataset(Dataset(actors, sections, ()), []))["topics"]
    assert found["x"] == {"mobilite", "plate-forme"}
    assert not found["y"]


def test_the_documented_topic_table_is_current(shipped_dataset):
    from pathlib import Path
    doc = (Path(__file__).resolve().parent.parent / "docs" / "similarity.md").read_text("utf-8")
    table = doc.split("| experience | topics |\n|---|---|\n", 1)[1].split("\n\n", 1)[0]
    documented = {row.split(" | ")[0].strip("| "): row.split(" | ")[1].strip(" |")
                  for row in table.splitlines()}
    expected = {s.id: ", ".join(topic_label(t) for t in topics_of(s.summary))
                for s in shipped_dataset.sections.values() if s.is_experience}
    assert documented == expected
