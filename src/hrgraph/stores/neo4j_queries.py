"""The query library (``resources/queries.yml``): load it, run a named query, format the rows.

Queries are data: each has a description, typed parameters with defaults, an example and its Cypher.
Parameters given on the command line as strings are converted to the declared type here, and all
values reach Neo4j as query parameters.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from neo4j import Driver, Result, RoutingControl
from rich.console import Console
from rich.table import Table
from rich.text import Text

LIBRARY = Path(__file__).resolve().parents[1] / "resources" / "queries.yml"
FORMATS = ("table", "csv", "json")
_REQUIRED = object()
INT64 = (-(2**63), 2**63 - 1)


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "y", "on"):
        return True
    if lowered in ("0", "false", "no", "n", "off"):
        return False
    raise ValueError(text)


_CONVERTERS = {"str": str, "int": int, "float": float, "bool": _parse_bool}


class QueryError(ValueError):
    """Unknown query, or a parameter that is missing, unknown or of the wrong type."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: object
    description: str
    min: float | None = None
    """Smallest value of a number (``LIMIT -1`` would reach Neo4j and fail there)."""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    cypher: str
    params: tuple[Param, ...]
    example: dict

    def bind(self, given: dict[str, object]) -> dict[str, object]:
        """Complete ``given`` with defaults and convert strings to the declared types."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                             f"it takes {', '.join(sorted(known)) or 'none'}")
        bound = {}
        for param in self.params:
            if param.name not in given:
                if param.required:
                    raise QueryError(f"query {self.name!r} needs --param {param.name}=... ({param.description})")
                bound[param.name] = param.default
                continue
            value = given[param.name]
            if isinstance(value, str) and param.type != "str":
                try:
                    value = _CONVERTERS[param.type](value)
                except ValueError as err:
                    raise QueryError(f"parameter {param.name}: {value!r} is not of type {param.type}") from err
            if param.min is not None and value < param.min:
                raise QueryError(f"parameter {param.name}: {value!r} is less than {param.min:g}")
            if param.type == "int" and not INT64[0] <= value <= INT64[1]:
                raise QueryError(f"parameter {param.name}: {value!r} does not fit Neo4j's 64-bit integers")
            bound[param.name] = value
        return bound


def load_library(path: Path = LIBRARY) -> dict[str, Query]:
    """Parse the YAML library into ``Query`` objects keyed by name."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    library = {}
    for name, spec in raw.items():
        params = tuple(
            Param(pname, p.get("type", "str"), p.get("default", _REQUIRED),
                  p.get("description", ""), p.get("min"))
            for pname, p in (spec.get("params") or {}).items())
        for param in params:
            if param.type not in _CONVERTERS:
                raise QueryError(f"{path}: query {name!r} parameter {param.name!r} has unknown type {param.type!r}")
        library[name] = Query(name, " ".join(spec["description"].split()), spec["cypher"], params,
                              spec.get("example") or {})
    return library


def run_query(driver: Driver, name: str, params: dict[str, object] | None = None,
              database: str | None = None, library: dict[str, Query] | None = None) -> list[dict]:
    """Run the library query ``name`` in a read transaction and return its rows as dicts."""
    library = library if library is not None else load_library()
    if name not in library:
        raise QueryError(f"no query {name!r}; the library has {', '.join(sorted(library))}")
    query = library[name]
    return driver.execute_query(query.cypher, parameters_=query.bind(params or {}), database_=database,
                                routing_=RoutingControl.READ, result_transformer_=Result.data)


def parse_param_options(options: list[str]) -> dict[str, str]:
    """Turn ``["key=value", ...]`` from the command line into a dict (values stay strings)."""
    params = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param expects key=value, got {option!r}")
        params[key.strip()] = value
    return params


def format_rows(rows: list[dict], fmt: str) -> str:
    """Rows as CSV (lists joined with '; ') or JSON text, ending with a newline."""
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: _cell(value) for key, value in row.items()} for row in rows)
        return buffer.getvalue()
    raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def print_table(rows: list[dict], title: str, console: Console | None = None) -> None:
    """Rows as a rich table on the console."""
    console = console or Console()
    if not rows:
        console.print(Text(f"{title}: no rows"))
        return
    table = Table(title=title, show_lines=False)
    for column in rows[0]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell(value)) for value in row.values()))
    console.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    return str(value)
