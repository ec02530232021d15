"""The Dash explorer. Callbacks stay thin: they call pure functions of ``dashboard``
and ``graph``, which are tested without a browser."""

from __future__ import annotations

import dash
from dash import html

from graph.store import GraphStore


def create_app(store: GraphStore) -> dash.Dash:
    app = dash.Dash(__name__, title="vita — réseaux de partenaires de l'IAE")
    stats = store.stats()
    app.layout = html.Main([
        html.H1("vita — réseaux de partenaires de l'IAE"),
        html.P(f"{stats.actors} acteurs, {stats.relations} relations, "
               f"{stats.experiences} expériences du recueil VITA (COORACE, 2008)."),
        html.P("L'explorateur interactif arrive bientôt.", id="placeholder"),
    ])
    return app
