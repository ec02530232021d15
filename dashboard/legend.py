"""The legend drawn over the graph, in French: the real node shapes and colours (drawn by the
same code as the SVG export), the tie colours, arrow and status dashes, faded context; in
community mode, the communities of the view."""

from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from dash import html

from dashboard.elements import COMMUNITY_COLOURS, TIE_GROUPS
from dashboard.svg import DASHES, _node_shape
from graph.vocabulary import FAMILIES, STATUSES


def _image(svg_body: str, width: int, height: int, alt: str = "") -> html.Img:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
           f"{svg_body}</svg>")
    return html.Img(src="data:image/svg+xml;utf8," + quote(svg), width=width, height=height,
                    alt=alt, className="legend-swatch")


def node_swatch(shape: str, colour: str, context: bool = False) -> html.Img:
    attrs = f'fill="{colour}" stroke="#333" stroke-width="1"'
    if context:
        attrs += ' opacity="0.55" stroke-dasharray="3 2"'
    return _image(_node_shape(shape, 7, 7, 5.5, attrs), 14, 14)


def tie_swatch(colour: str = "#9aa", dash: str | None = None, opacity: float = 1.0,
               arrow: bool = True) -> html.Img:
    style = f' stroke-dasharray="{dash}"' if dash else ""
    head = f'<path d="M 20 2 L 28 6 L 20 10 z" fill="{colour}"/>' if arrow else ""
    return _image(f'<g opacity="{opacity}"><line x1="2" y1="6" x2="22" y2="6" '
                  f'stroke="{colour}" stroke-width="2"{style}/>{head}</g>', 28, 12)


def _row(swatch, text: str) -> html.Li:
    return html.Li([swatch, html.Span(text)], className="legend-row")


def family_rows() -> list:
    return [_row(node_swatch(f.shape, f.colour), f.label) for f in FAMILIES.values()]


def community_rows(elements: list[dict]) -> list:
    counts = Counter(c for e in elements if "source" not in e["data"]
                     for c in e["classes"].split() if c.startswith("com-"))
    return [_row(node_swatch("ellipse", COMMUNITY_COLOURS[int(c[4:])]),
                 f"Communauté {int(c[4:]) + 1} ({n} acteurs)")
            for c, n in sorted(counts.items(), key=lambda kv: int(kv[0][4:]))]


def tie_rows() -> list:
    rows = [_row(tie_swatch(colour), label) for label, colour, _ in TIE_GROUPS.values()]
    rows += [_row(tie_swatch(dash=DASHES[s], opacity=0.4 if s == "refused_or_ended" else 1),
                  f"lien {STATUSES[s]}") for s in ("planned", "requested", "refused_or_ended")]
    rows.append(_row(tie_swatch(opacity=0.35), "lien vers l'extérieur"))
    return rows


def legend(colouring: str = "famille", elements: list[dict] | None = None) -> html.Details:
    """The legend panel; ``elements`` (the drawn view) names the communities in that mode."""
    if colouring == "communaute":
        nodes = [html.P("Couleur : communauté (groupe d'acteurs très liés entre eux) ; "
                        "forme : famille.", className="legend-note"),
                 html.Ul(community_rows(elements or []), className="legend-list")]
        shapes = [_row(node_swatch(f.shape, "#ffffff"), f.label) for f in FAMILIES.values()]
        nodes.append(html.Ul(shapes, className="legend-list"))
    else:
        nodes = [html.Ul(family_rows(), className="legend-list")]
    nodes.append(html.Ul([_row(node_swatch("ellipse", "#bbbbbb", context=True),
                               "situé hors du territoire")], className="legend-list"))
    return html.Details([
        html.Summary("Légende"),
        html.Div([html.H4("Acteurs"), *nodes,
                  html.H4("Liens (flèche : sens de la phrase)"),
                  html.Ul(tie_rows(), className="legend-list")], className="legend-body"),
    ], open=True, id="legend", className="legend")
