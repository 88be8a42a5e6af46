"""The examples in the docstrings of hrgraph's modules run as written."""

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import hrgraph

SOURCE = Path(hrgraph.__file__).parent


def has_examples(module: pkgutil.ModuleInfo) -> bool:
    path = SOURCE.parent / module.name.replace(".", "/")
    return ">>>" in (path / "__init__.py" if module.ispkg else path.with_suffix(".py")).read_text(encoding="utf-8")


MODULES = sorted(module.name for module in pkgutil.walk_packages([str(SOURCE)], "hrgraph.") if has_examples(module))


def test_the_examples_are_found():
    assert {"hrgraph.places", "hrgraph.resolve.normalise", "hrgraph.analysis.centrality"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
