"""Names from outside (file names, paths, URLs) made safe to write and to show.

A file name that is not valid UTF-8 is kept as Python decodes it (``os.fsdecode``: each undecodable byte
a surrogate escape), so that the file can still be opened; :func:`readable` writes those bytes as ``\\xff``
for JSON and display. :func:`printable` also escapes control characters (ANSI escape sequences, bells, new
lines) so that a name cannot act on the terminal or forge log lines.
"""

from __future__ import annotations

import re


SURROGATE = re.compile("[\ud800-\udfff]")


def readable(name: str) -> str:
    """``name`` with every undecodable byte of a file name (a surrogate escape) written as ``\\xff``, and any
    other lone surrogate as ``\\udxxx``.

    >>> import os
    >>> readable(os.fsdecode(b"bad\\xffname.txt"))
    'bad\\\\xffname.txt'
    """
    return SURROGATE.sub(lambda match: escaped_surrogate(ord(match.group())), name)


def escaped_surrogate(code: int) -> str:
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """:func:`readable` ``text`` with every non-printable character (control characters, escape sequences)
    written as a Python escape, for a terminal or a log.

    >>> printable("esc\\x1b[31mred\\n")
    'esc\\\\x1b[31mred\\\\n'
    """
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in readable(text))
