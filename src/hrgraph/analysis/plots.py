"""Pictures of the collaboration graph: matplotlib figures (Agg backend) and a pyvis network page.

Every function returns the figure (or HTML text) and, given `path`, also writes it there, so
each picture can be looked at without Jupyter.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

UNKNOWN, OTHER = "(unbekannt)", "(andere)"
TAB18 = [c for i, c in enumerate(plt.get_cmap("tab20").colors) if i not in (14, 15)]  # greys mean unknown
NO_COLOUR, OTHER_COLOUR = "#b0b0b0", "#dddddd"
SHAPES = {"ORG": "dot", "PER": "triangle", "PROJECT": "square", "LOC": "diamond", "MISC": "star"}
# pyvis' page template also pulls Bootstrap from a CDN; the network does not need it
EXTERNAL_TAG = re.compile(r"<link[^>]*href=\"https?://[^>]*/>|<script[^>]*src=\"https?://[^>]*>\s*</script>", re.S)


def _short(text, width=32):
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _hex(rgb):
    return "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in rgb[:3]))


def category(value):
    """The category label of a value: missing values (None, "", NaN) become ``(unbekannt)``."""
    return UNKNOWN if value is None or value == "" or value != value else str(value)


def category_colours(values, max_colours=18):
    """Colour per category of `values`, in name order: tab10, or tab20 without its greys for more.

    Missing values are grey ``(unbekannt)``. Beyond `max_colours` − 1 categories only the most
    frequent keep a colour of their own; the rest share light grey ``(andere)``. Look colours up
    with :func:`colour_of`.

    Examples
    --------
    >>> category_colours(["Ruhr", None, "OWL"])
    {'OWL': '#1f77b4', 'Ruhr': '#ff7f0e', '(unbekannt)': '#b0b0b0'}
    >>> list(category_colours(["a", "a", "b", "c"], max_colours=2))
    ['a', '(andere)']
    """
    counts = Counter(category(v) for v in values)
    known = [v for v, _n in counts.most_common() if v != UNKNOWN]
    kept = sorted(known if len(known) <= max_colours else known[: max_colours - 1])
    palette = plt.get_cmap("tab10").colors if len(kept) <= 10 else TAB18
    colours = {v: _hex(palette[i % len(palette)]) for i, v in enumerate(kept)}
    if len(kept) < len(known):
        colours[OTHER] = OTHER_COLOUR
    if UNKNOWN in counts:
        colours[UNKNOWN] = NO_COLOUR
    return colours


def colour_of(colours, value):
    """The colour of `value` in a :func:`category_colours` mapping (``(andere)`` if it has none)."""
    return colours.get(category(value), colours.get(OTHER, OTHER_COLOUR))


def _save(fig, path):
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=150, bbox_inches="tight")
    return fig


def plot_region_matrix(matrix, title="Kooperationen zwischen Regionen", path=None):
    """Heatmap of a region × region DataFrame with the value written in every cell.

    Examples
    --------
    >>> import pandas as pd
    >>> fig = plot_region_matrix(pd.DataFrame([[3, 1], [1, 2]], index=["OWL", "Ruhr"], columns=["OWL", "Ruhr"]))
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['3', '1', '1', '2']
    """
    n = max(len(matrix), 1)
    fig, ax = plt.subplots(figsize=(min(2.2 + 1.1 * n, 16), min(1.6 + 0.9 * n, 13)))
    image = ax.imshow(matrix.to_numpy(), cmap="Blues", vmin=0)
    ax.set_xticks(range(len(matrix.columns)), [_short(c, 24) for c in matrix.columns], rotation=35, ha="right")
    ax.set_yticks(range(len(matrix.index)), [_short(r, 24) for r in matrix.index])
    high = matrix.to_numpy().max() if matrix.size else 0
    for i, row in enumerate(matrix.to_numpy()):
        for j, value in enumerate(row):
            ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=10 if n <= 10 else 7,
                    color="white" if high and value > high / 2 else "black")
    fig.colorbar(image, ax=ax, shrink=0.8, label="Kooperationen")
    ax.set_title(title)
    return _save(fig, path)


def plot_top_organisations(table, n=15, column="partners", path=None):
    """Horizontal bars of the `n` first rows of a centrality table, coloured by region.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"name": ["A", "B"], "region": ["Ruhr", None], "partners": [3, 1]})
    >>> [float(b.get_width()) for b in plot_top_organisations(t).axes[0].patches]
    [3.0, 1.0]
    """
    top = table.head(n)
    colours = category_colours(list(table["region"]))
    fig, ax = plt.subplots(figsize=(8, 1 + 0.38 * max(len(top), 1)))
    ax.barh(range(len(top)), top[column].astype(float),
            color=[colour_of(colours, r) for r in top["region"]])
    ax.set_yticks(range(len(top)), [_short(name, 40) for name in top["name"]])
    ax.invert_yaxis()
    ax.set_xlabel({"partners": "Kooperationspartner", "evidence": "Belege (gewichtet)",
                   "betweenness": "Betweenness-Zentralität"}.get(column, column))
    ax.legend(handles=[Line2D([], [], marker="s", ls="", color=c, label=r) for r, c in colours.items()],
              loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="Region")
    if column == "partners":
        ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"Top {len(top)} Organisationen")
    return _save(fig, path)


def packed_layout(C, seed=42):
    """Positions for a graph with many components: each component gets its own spring layout in a
    box whose side grows with its size (to the power 0.65), and the boxes are packed in rows,
    largest first. One spring layout of the whole graph would squeeze every small component
    into a point.

    Examples
    --------
    >>> pos = packed_layout(nx.Graph([("a", "b"), ("c", "d")]))
    >>> bool(max(pos["c"][1], pos["d"][1]) < min(pos["a"][1], pos["b"][1]))  # second row, below the first
    True
    """
    components = sorted(nx.connected_components(C), key=lambda c: (-len(c), min(map(str, c))))
    row_width = max(1.5 * len(C) ** 0.65, len(components[0]) ** 0.65 + 0.6) if components else 0
    pos, x, y, row_height = {}, 0.0, 0.0, 0.0
    for component in components:
        side = len(component) ** 0.65
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        sub = C.subgraph(component)
        local = nx.spring_layout(sub, weight="weight", seed=seed, scale=side / 2) if len(sub) > 1 else {
            next(iter(component)): (0.0, 0.0)}
        pos.update({n: (x + side / 2 + px, y - side / 2 + py) for n, (px, py) in local.items()})
        x += side + 0.6
        row_height = max(row_height, side + 0.6)
    return pos


def plot_collaboration_network(C, color_by="region", title="Kooperationsnetz", max_labels=15, colours=None,
                               path=None):
    """Static drawing of an undirected collaboration graph.

    Nodes are coloured by the node attribute `color_by` (e.g. ``region``, or ``community`` after
    :func:`networkx.set_node_attributes`), sized by weighted degree; edge width follows
    ``weight``. The `max_labels` best-connected nodes are labelled with their ``name``. The
    layout is :func:`packed_layout` with a fixed seed, so the picture is the same on every run.
    Pass `colours` (from :func:`category_colours` of the whole graph) to colour a subgraph, such
    as an ego network, like the whole.

    Examples
    --------
    >>> C = nx.Graph([("a", "b", {"weight": 2})])
    >>> nx.set_node_attributes(C, {"a": "Ruhr", "b": "OWL"}, "region")
    >>> len(plot_collaboration_network(C).axes[0].texts)
    2
    """
    fig, ax = plt.subplots(figsize=(10, 8))
    ax.set_title(title)
    ax.axis("off")
    if len(C) == 0:
        return _save(fig, path)
    pos = packed_layout(C)
    values = [C.nodes[n].get(color_by) for n in C]
    colours = colours or category_colours(values)
    strength = dict(C.degree(weight="weight"))
    biggest = max(max(strength.values()), 1)
    scale = 1.0 if len(C) <= 50 else 0.3  # keep large graphs from turning into one blot
    widths = [scale * (0.6 + 1.2 * min(w, 5)) for _u, _v, w in C.edges(data="weight", default=1)]
    nx.draw_networkx_edges(C, pos, ax=ax, width=widths, edge_color="#999999", alpha=0.7)
    sizes = {n: scale * (100 + 700 * strength[n] / biggest) for n in C}
    nx.draw_networkx_nodes(C, pos, ax=ax, node_color=[colour_of(colours, v) for v in values],
                           node_size=list(sizes.values()), edgecolors="white", linewidths=scale)
    for n in sorted(C, key=lambda n: -strength[n])[:max_labels]:
        ax.annotate(_short(C.nodes[n].get("name", n), 28), pos[n], xytext=(0, sizes[n] ** 0.5 / 2 + 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    shown = {category(v) if category(v) in colours else OTHER for v in values}
    ax.legend(handles=[Line2D([], [], marker="o", ls="", color=c, label=_short(v, 30), markersize=9)
                       for v, c in colours.items() if v in shown], loc="upper left", bbox_to_anchor=(1, 1),
              fontsize=8, title=color_by)
    ax.margins(0.08)
    return _save(fig, path)


def plot_timeline(timeline, title="Belegte Kooperationen pro Zeitraum", path=None):
    """Bar chart of a timeline DataFrame (columns ``period`` and ``collaborations``).

    Examples
    --------
    >>> import pandas as pd
    >>> fig = plot_timeline(pd.DataFrame({"period": ["2023", "2024"], "collaborations": [2, 5]}))
    >>> [int(b.get_height()) for b in fig.axes[0].patches]
    [2, 5]
    """
    fig, ax = plt.subplots(figsize=(max(5, 0.45 * len(timeline) + 2), 3.5))
    ax.bar(timeline["period"], timeline["collaborations"], color="#1f77b4")
    ax.set_ylabel("Kooperationspaare")
    ax.set_title(title)
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(timeline) > 12:
        ax.tick_params(axis="x", rotation=90, labelsize=7)
    return _save(fig, path)


def network_html(G, height="700px", path=None):
    """Self-contained interactive network page (pyvis / vis.js) of a graph's entities.

    Document and DATE nodes are left out. Nodes are coloured by ``region`` and shaped by
    ``type`` (ORG dot, PER triangle, PROJECT square, LOC diamond), sized by degree; parallel
    edges between two nodes are merged into one whose tooltip lists the relation types and
    evidence counts. A legend of regions and types is added at the top of the page. vis.js is
    inlined and nothing is loaded from the network, so the page also works offline.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="ORG", name="MedEcon Ruhr", region="Ruhr")
    >>> G.add_node("b", type="PER", name="Anna Schmidt", region=None)
    >>> _ = G.add_edge("b", "a", key="AFFILIATED_WITH", type="AFFILIATED_WITH", evidence_count=1)
    >>> page = network_html(G)
    >>> "MedEcon Ruhr" in page and "vis-network" in page and "https://cdn" not in page
    True
    """
    from pyvis.network import Network

    keep = [n for n, t in G.nodes(data="type") if t not in ("DOCUMENT", "DATE")]
    H = G.subgraph(keep)
    colours = category_colours([H.nodes[n].get("region") for n in H])
    net = Network(height=height, width="100%", directed=False, cdn_resources="in_line")
    degree = dict(H.degree())
    for n, attrs in H.nodes(data=True):
        region = category(attrs.get("region"))
        net.add_node(str(n), label=_short(attrs.get("name", n), 30), shape=SHAPES.get(attrs.get("type"), "dot"),
                     color=colour_of(colours, region), size=10 + 3 * min(degree[n], 10),
                     title=f"{attrs.get('name', n)}\n{attrs.get('type')} · {region}\n{n}")
    pairs: dict[tuple, list[str]] = {}
    for u, v, key, data in H.edges(keys=True, data=True):
        pairs.setdefault(tuple(sorted((str(u), str(v)))), []).append(
            f"{data.get('type', key)} ({data.get('evidence_count', len(data.get('evidence') or []))})")
    for (u, v), labels in pairs.items():
        net.add_edge(u, v, title="\n".join(sorted(labels)), width=min(len(labels), 4),
                     dashes=all(lab.startswith("CO_MENTIONED") for lab in labels))
    legend = " ".join(f'<span style="color:{c}">●</span> {html.escape(r)}' for r, c in colours.items())
    legend += " &nbsp;|&nbsp; " + " ".join(f"{t}: {s}" for t, s in SHAPES.items())
    page = EXTERNAL_TAG.sub("", net.generate_html()).replace(
        "<body>", f'<body>\n<div style="font:13px sans-serif;padding:6px">{legend}</div>', 1)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(page, encoding="utf-8")
    return page
