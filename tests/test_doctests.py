"""The examples in the docstrings of hrgraph's modules run as written."""

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import hrgraph

SOURCE = Path(hrgraph.__file__).parent
MODULES = sorted(info.name for info in pkgutil.walk_packages([str(SOURCE)], "hrgraph.")
                 if ">>>" in (SOURCE.parent / (info.name.replace(".", "/") + ("/__init__.py" if info.ispkg else ".py"))).read_text(encoding="utf-8"))


def test_the_examples_are_found():
    assert {"hrgraph.places", "hrgraph.resolve.normalise", "hrgraph.analysis.centrality"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
