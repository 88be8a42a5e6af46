"""Hostile inputs finish in bounded time and memory: each is extracted or fails with a clear reason."""

from __future__ import annotations

import base64
import gzip
import zlib

import pytest
from fixtures_docs import bomb_pdf

from hrgraph.config import Settings
from hrgraph.extract import ExtractionError, extract
from hrgraph.extract.guards import decoded_size, gunzip_limited, pieces, un85, unhex, unrun
from hrgraph.sources.files import source_document

SMALL = {"max_file_bytes": 200_000, "max_pages": 2, "max_html_depth": 100}


def test_inflation_stops_at_the_end_of_the_data_when_bytes_follow_it():
    """Writers put a line break between the compressed data and 'endstream'; more than one chunk of output."""
    data = b" " * (3 << 20)
    assert decoded_size(zlib.compress(data) + b"\r\n", [b"FlateDecode"], 1 << 30) == len(data)
    assert gunzip_limited(gzip.compress(data) + b"\r\n", 1 << 30) == data


def test_the_decoders_of_the_filter_chain_agree_with_the_standard_library():
    data = bytes(range(256)) * 5000 + b"\x00" * 4000
    assert b"".join(unhex(pieces(data.hex().upper().encode() + b"\n>"))) == data
    assert b"".join(unhex([b"4a 6"])) == b"J`"
    encoded = base64.a85encode(data, wrapcol=70, foldspaces=False)
    assert b"z" in encoded
    assert b"".join(un85(pieces(encoded + b"~>"))) == data
    assert b"".join(unrun([b"\x02abc\xfdx", b"\x00y\x80trailing"])) == b"abcxxxxy"


def test_decoding_stops_past_the_budget():
    layered = zlib.compress(zlib.compress(b" " * (50 << 20), 9), 9)
    assert decoded_size(layered, [b"FlateDecode", b"FlateDecode"], 1 << 20) <= 2 << 20
    assert decoded_size(layered, [b"DCTDecode"], 1 << 20) == len(layered)  # image codecs are not decoded


@pytest.mark.parametrize("filters", [("FlateDecode", "FlateDecode"), ("ASCIIHexDecode", "FlateDecode")])
def test_a_bomb_behind_a_chain_of_filters_is_refused(tmp_path, filters):
    """The first layer stays small (50 MB of spaces compress to 50 KB); only the whole chain shows the bomb."""
    path = bomb_pdf(tmp_path / "chain.pdf", 50 << 20, filters)
    assert path.stat().st_size < SMALL["max_file_bytes"]
    with pytest.raises(ExtractionError, match="decompression bomb"):
        extract(source_document(path), Settings(**SMALL))
