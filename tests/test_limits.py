"""Hostile inputs finish in bounded time and memory: each is extracted or fails with a clear reason."""

from __future__ import annotations

import gzip
import zlib

from hrgraph.extract.guards import gunzip_limited, inflated_size


def test_inflation_stops_at_the_end_of_the_data_when_bytes_follow_it():
    """Writers put a line break between the compressed data and 'endstream'; more than one chunk of output."""
    data = b" " * (3 << 20)
    assert inflated_size(zlib.compress(data) + b"\r\n", 1 << 30) == len(data)
    assert gunzip_limited(gzip.compress(data) + b"\r\n", 1 << 30) == data
