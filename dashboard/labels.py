"""Which node labels the graph shows at which zoom (label level of detail, pure).

Labels are drawn at a constant size on screen (dashboard/assets/draw.js), so the higher the zoom,
the less room a label takes among the nodes. Level 0 labels are shown from the zoom that fits the
view in a 1366x768 window's canvas (``reference_zoom``, sent with the view), level 1 from twice
that zoom, level 2 from four times, and so on: the most connected actors are placed
first, and a label joins a level only if its box overlaps none already placed at that level, so
text never overlaps at the zoom its level appears.
"""

from __future__ import annotations

from functools import lru_cache

FONT_PX = 12.0             # label size on screen (draw.js uses the same)
CHAR_PX = 0.62 * FONT_PX   # DejaVu Sans, Chromium's default on Debian, is wide   # average width of a character of the sans-serif font
LINE_PX = FONT_PX * 1.3
NODE_PX = 18.0             # node size in model units (elements.stylesheet)
LEVELS = 4                 # 0 (fitted) .. 3 (eight times the fitted zoom)
REFERENCE_CANVAS = (520.0, 440.0)   # the graph's canvas beside the legend, 1366x768 window
MARGIN = 40.0              # as draw.js's fitted viewport


def reference_zoom(points: list[tuple[float, float]],
                canvas: tuple[float, float] = REFERENCE_CANVAS) -> float:
    """The zoom draw.js gives a view that is fitted to the canvas (same formula)."""
    if not points:
        return 1.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(1.5, canvas[0] / (max(xs) - min(xs) + 2 * MARGIN),
               canvas[1] / (max(ys) - min(ys) + 2 * MARGIN))


def _box(x: float, y: float, label: str, zoom: float) -> tuple[float, float, float, float]:
    """The label's box in model units at ``zoom``: centred below the node."""
    width, height = len(label) * CHAR_PX / zoom, LINE_PX / zoom
    top = y + NODE_PX / 2 + 2 / zoom
    return (x - width / 2, top, x + width / 2, top + height)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class _Grid:
    """Boxes bucketed by cell, so a 1,000-node view checks a few neighbours, not every label."""

    def __init__(self, cell: float):
        self.cell, self.cells = cell, {}

    def _keys(self, box):
        c = self.cell
        return [(i, j) for i in range(int(box[0] // c), int(box[2] // c) + 1)
                for j in range(int(box[1] // c), int(box[3] // c) + 1)]

    def free(self, box) -> bool:
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if _overlaps(box, other):
                    return False
        return True

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)


def label_levels(nodes: list[tuple[str, float, float, str, int]],
                 zoom: float | None = None) -> dict[str, int]:
    """{node id: level} for nodes given as (id, x, y, label, degree); a label that fits no level
    gets LEVELS (shown only when the user zooms in very close)."""
    zoom = zoom or reference_zoom([(x, y) for _, x, y, _, _ in nodes])
    return _levels(tuple(nodes), zoom)


@lru_cache(maxsize=128)   # as the positions: a view drawn again costs nothing
def _levels(nodes: tuple[tuple[str, float, float, str, int], ...], zoom: float) -> dict[str, int]:
    ranked = sorted(nodes, key=lambda n: (-n[4], n[3], n[0]))
    levels: dict[str, int] = {}
    placed = [_Grid(8 * LINE_PX / (zoom * 2 ** level)) for level in range(LEVELS)]
    for node_id, x, y, label, _ in ranked:
        levels[node_id] = LEVELS
        boxes = [_box(x, y, label, zoom * 2 ** d) for d in range(LEVELS)]   # its box per level
        # shown from a level on, it must fit among the labels of every deeper level too: its
        # level is the shallowest of the deepest levels it fits in, one after the other
        level = LEVELS
        while level > 0 and placed[level - 1].free(boxes[level - 1]):
            level -= 1
        levels[node_id] = level
        for d in range(level, LEVELS):
            placed[d].add(boxes[d])
    return levels
