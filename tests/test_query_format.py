"""How `hrgraph query` shows rows: a table people read at 80 columns, csv and json for machines."""

import csv
import io
import json

from rich.console import Console

from hrgraph.stores.neo4j_queries import format_rows, print_table

SENTENCE = ("Die Stadtwerke Beispielstadt GmbH und die Fachhochschule Musterland vereinbaren eine\n"
            "langfristige Partnerschaft für Wärmenetze im ländlichen Raum.")
ROWS = [{"relation": "COLLABORATES_WITH", "source": "Stadtwerke Beispielstadt GmbH",
         "target": "Fachhochschule Musterland", "document": "data/raw/stadtwerke.html", "doc_id": "3f9a0c",
         "page": 1, "sentence": SENTENCE, "cues": ["vereinbaren", "Partnerschaft"]}]


def _printed(rows, width=80) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    print_table(rows, "evidence (1 rows)", console)
    return console.file.getvalue()


def test_wide_rows_become_blocks_that_fit_80_columns():
    text = _printed(ROWS)
    assert max(map(len, text.splitlines())) <= 80
    assert "doc_id" not in text and "3f9a0c" not in text  # ids are for machines
    assert " ".join(text.split()).count(" ".join(SENTENCE.split())) == 1  # wrapped, not cut
    assert [line.split()[0] for line in text.splitlines()[2:5]] == ["relation", "source", "target"]


def test_narrow_rows_stay_a_table_without_id_columns():
    text = _printed([{"person": "Erika Beispiel", "person_id": "per:7", "organization": "Musterland AG"}])
    header = next(line for line in text.splitlines() if "person" in line)
    assert "organization" in header and "person_id" not in text and "per:7" not in text


def test_a_table_of_numbers_up_to_80_columns_is_not_broken_up():
    row = {"organization": "Beispielhafte Wirtschaftsförderung", **{f"count_{i}": i for i in range(4)}}
    lines = _printed([row, row]).splitlines()
    assert max(map(len, lines)) <= 80 and any(line.split() == list(row) for line in lines)
    assert sum(line.split()[:2] == ["Beispielhafte", "Wirtschaftsförderung"] for line in lines) == 2


def test_empty_result_says_no_rows():
    assert _printed([]) == "evidence (1 rows): no rows\n"


def test_csv_and_json_keep_the_ids():
    row = next(csv.DictReader(io.StringIO(format_rows(ROWS, "csv"))))
    assert row["doc_id"] == "3f9a0c" and row["cues"] == "vereinbaren; Partnerschaft" and row["sentence"] == SENTENCE
    assert json.loads(format_rows(ROWS, "json"))[0]["doc_id"] == "3f9a0c"
