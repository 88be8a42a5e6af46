"""Collaboration across regions, at a chosen level of the place hierarchy."""

from __future__ import annotations

import networkx as nx  # noqa: F401  (used by the doctest examples)
import pandas as pd

UNKNOWN_REGION = "(unbekannt)"
#: Node attribute that holds an organisation's region at each level. ``land`` is the Land, or the level
#: above the Länder ("Bund", "EU", "international") of federal, European and international bodies; ``region`` is
#: the named region (metropolitan region or regional name: "Metropole Ruhr") an organisation lies in.
LEVELS = {"land": "region", "kreis": "kreis", "municipality": "municipality", "region": "named_region"}


def region_of(C, n, level="land"):
    """The region of node `n` of `C` at `level` (``land``, ``kreis``, ``municipality`` or ``region``), or None.

    Examples
    --------
    >>> C = nx.Graph()
    >>> C.add_node("a", region="Niedersachsen", kreis="Göttingen")
    >>> region_of(C, "a"), region_of(C, "a", "kreis"), region_of(C, "a", "municipality")
    ('Niedersachsen', 'Göttingen', None)
    """
    return C.nodes[n].get(LEVELS[level]) or None


def unplaced_organisations(C, level="land"):
    """Nodes of `C` without a region at `level`, sorted.

    Examples
    --------
    >>> C = nx.path_graph(3)
    >>> nx.set_node_attributes(C, {0: "Ruhr", 1: None, 2: "OWL"}, "region")
    >>> unplaced_organisations(C)
    [1]
    """
    return sorted((n for n in C if region_of(C, n, level) is None), key=str)


def bridge_organisations(C, min_regions=2, level="land"):
    """Organisations whose collaboration partners lie in at least `min_regions` regions.

    `C` is an undirected collaboration graph whose nodes carry their regions (see :data:`LEVELS`;
    partners without a region at `level` are not counted). One row per bridge, indexed by node id, widest reach first, with
    ``partner_regions`` (sorted list), ``n_partner_regions``, ``partners`` and
    ``cross_region_partners`` (partners in a region other than the organisation's own).

    Examples
    --------
    >>> C = nx.star_graph(3)
    >>> nx.set_node_attributes(C, {0: "Ruhr", 1: "Ruhr", 2: "OWL", 3: None}, "region")
    >>> bridge_organisations(C)[["partner_regions", "cross_region_partners"]]
      partner_regions  cross_region_partners
    0     [OWL, Ruhr]                      1
    """
    rows = {}
    for n in C:
        own = region_of(C, n, level)
        regions = [region_of(C, m, level) for m in C[n]]
        known = sorted({r for r in regions if r})
        if len(known) >= min_regions:
            rows[n] = {"name": C.nodes[n].get("name", n), "region": own, "partner_regions": known,
                       "n_partner_regions": len(known), "partners": len(regions),
                       "cross_region_partners": sum(1 for r in regions if r and r != own)}
    columns = ["name", "region", "partner_regions", "n_partner_regions", "partners", "cross_region_partners"]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    return table.sort_values(["n_partner_regions", "cross_region_partners"], ascending=False, kind="stable")


def region_matrix(C, weight=None, level="land", unknown=None):
    """Region × region matrix of collaborations at `level` (``land``, ``kreis``, ``municipality`` or ``region``:
    the named regions).

    Cell ``(a, b)`` counts the edges of `C` between an organisation in region ``a`` and one in
    region ``b`` (or sums their `weight` attribute if given); the matrix is symmetric and the
    diagonal holds collaborations within a region. Organisations without a region at `level` are
    left out (count them with :func:`unplaced_organisations`), unless `unknown` names a row for them
    (e.g. :data:`UNKNOWN_REGION`). Rows and columns are sorted by name.

    Examples
    --------
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> nx.set_node_attributes(C, {"a": "Ruhr", "b": "Ruhr", "c": "OWL", "d": "OWL"}, "region")
    >>> region_matrix(C)
          OWL  Ruhr
    OWL     1     1
    Ruhr    1     1
    """
    def region(n):
        return region_of(C, n, level) or unknown

    regions = sorted({region(n) for n in C} - {None})
    matrix = pd.DataFrame(0, index=regions, columns=regions, dtype=float if weight else int)
    for u, v, w in C.edges(data=weight, default=1):
        a, b = region(u), region(v)
        if a is None or b is None:
            continue
        matrix.loc[a, b] += w if weight else 1
        if a != b:
            matrix.loc[b, a] += w if weight else 1
    return matrix
