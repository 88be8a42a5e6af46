"""Collaborations over time."""

from __future__ import annotations

import pandas as pd


def collaboration_timeline(C, freq="year"):
    """Number of collaborating pairs evidenced per year (``freq="year"``) or month (``"month"``).

    Each edge of `C` counts once in every period in which one of its ``dates`` (ISO strings of
    the evidencing documents) falls. Edges without dates are not counted; dates without a month
    are left out of a monthly timeline. Periods between the first and the last one are filled
    with zeros. Returns a DataFrame with columns ``period`` (string) and ``collaborations``.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_edge("a", "b", dates=["2022-03-01", "2024-01-10", "2024-05-02"])
    >>> C.add_edge("b", "c", dates=["2024-02-01"])
    >>> C.add_edge("c", "d", dates=[])
    >>> collaboration_timeline(C)
      period  collaborations
    0   2022               1
    1   2023               0
    2   2024               2
    """
    width = {"year": 4, "month": 7}[freq]
    counts: dict[str, int] = {}
    for _u, _v, dates in C.edges(data="dates", default=[]):
        for period in {d[:width] for d in dates or [] if len(d) >= width}:
            counts[period] = counts.get(period, 0) + 1
    if not counts:
        return pd.DataFrame({"period": pd.Series(dtype=str), "collaborations": pd.Series(dtype=int)})
    periods = pd.period_range(min(counts), max(counts), freq={"year": "Y", "month": "M"}[freq])
    names = [str(p) for p in periods]
    return pd.DataFrame({"period": names, "collaborations": [counts.get(p, 0) for p in names]})
