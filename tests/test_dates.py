from hrgraph.nlp.dates import document_date, find_dates


def values(text, doc_date=None):
    return [m.value for m in find_dates(text, doc_date)]


def test_german_day_month_order_and_month_names():
    assert values("Sitzung am 04.02.2025 und am 15. Oktober 2024") == ["2025-02-04", "2024-10-15"]
    assert values("seit dem 16.Juni 2016") == ["2016-06-16"]


def test_no_false_dates_from_words_or_numbers():
    assert values("Die Sitzung am 16 fand im Raum 2-4 statt, Drucksache 14/1930, Tel. 0241 80-89893, 31134 Hildesheim") == []


def test_year_less_dates_take_the_document_year_or_are_dropped():
    assert values("am 30. September in Osterode", "2019-01-25") == ["2019-09-30"]
    assert values("am 30. September in Osterode") == []


def test_years_in_table_rows_are_not_stated_dates():
    table = "Teilergebnisplan\tLfd. HH-Jahr\t2026\t2027\t2028\nSumme\t\t\t\n"
    assert values(table) == []
    assert values("Der nächste Runde Tisch wird in 2025 ausgerichtet.") == ["2025"]


def test_month_year_values():
    assert values("im März 2020 gestartet") == ["2020-03"]


def test_document_date_prefers_metadata_then_header():
    assert document_date("Text ohne Datum", "2020-05-01T10:00:00") == "2020-05-01"
    assert document_date("Kopf\n09.01.2025\nBerichtsvorlage") == "2025-01-09"
    assert document_date("nur 2019 erwähnt") is None
