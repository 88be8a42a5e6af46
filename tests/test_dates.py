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


def spans(text, doc_date=None):
    return [(m.text, m.value) for m in find_dates(text, doc_date)]


def test_month_and_year_with_slash_or_hyphen_are_months():
    assert spans("Die Förderung läuft seit 04/2022 und bis 9/2025.") == [("04/2022", "2022-04"), ("9/2025", "2025-09")]
    assert spans("Abgabe der Berichte bis 11-2024 an das Amt.") == [("11-2024", "2024-11")]
    assert values("Laufzeit: 01/2023 – 06/2024 (Stand: 02/2023)\n10/2022\tAntrag gestellt") == [
        "2023-01", "2024-06", "2023-02", "2022-10"]


def test_a_month_in_digits_right_after_a_noun_numbers_something():
    assert values("Das Vergabeverfahren 02/2021 wurde aufgehoben, vgl. Zeitschrift für Bauwesen 4/2018, 12.") == []


def test_a_hyphen_after_one_digit_or_a_month_above_twelve_is_no_month():
    assert values("Gruppe 2-2019 tagte, Los 13/2024 fiel.") == []


def test_month_ranges_give_both_ends_with_their_own_offsets():
    text = "Die Baustelle ruht von Juli bis August 2025."
    found = find_dates(text)
    assert [(m.text, m.value) for m in found] == [("Juli", "2025-07"), ("August 2025", "2025-08")]
    assert [text[m.start : m.end] for m in found] == ["Juli", "August 2025"]
    assert spans("Ausstellung Oktober–Dezember 2026") == [("Oktober", "2026-10"), ("Dezember 2026", "2026-12")]
    assert spans("Lesereihe Sept./Okt. 2021") == [("Sept", "2021-09"), ("Okt. 2021", "2021-10")]


def test_a_range_over_the_turn_of_the_year_starts_in_the_year_before():
    assert values("Winterpause November bis Februar 2027") == ["2026-11", "2027-02"]


def test_quarters_half_years_and_semesters_are_not_stated_dates():
    text = ("Umsatz im 2. Quartal 2024 und in Q1/2025, Q4 2023; im zweiten Halbjahr 2026 und in der ersten "
            "Jahreshälfte 2022; Vorlesung im Sommersemester 2025, WiSe 2024/25 und WS 2023/2024.")
    assert values(text) == []


def test_years_inside_identifiers_are_not_stated_dates():
    text = ("Siehe Drucksache 0456/2024, DS 88/2019, Az. 31-7/2022, Vorlage Nr. 12/2020, Vorlage 3/2021, "
            "ISBN 978-3-598-21500-1, Version 4.2/2024, Heft 2/2023, Tel. 0621 10-2024.")
    assert values(text) == []
    assert values("Vorlage Nr. 7 vom 02/2024") == ["2024-02"]


def test_work_is_linear_in_the_length_of_the_text():
    """Python calls made while finding dates grow with the text, not with its square (the overlap test of
    every candidate against all dates found before made them quadratic)."""
    import sys

    from hrgraph.nlp import dates

    paragraph = ("Am 04.02.2025 und im März 2020, ab 03/2023 von Mai bis Juni 2023, seit 2019, Drucksache 12/2021, "
                 "im 3. Quartal 2023.\n")

    def calls(copies):
        count = 0

        def profile(frame, event, arg):
            nonlocal count
            count += event == "call"

        find_dates(paragraph * copies, "2024-01-01")  # dateparser and the caches warmed up
        sys.setprofile(profile)
        try:
            find_dates(paragraph * copies, "2024-01-01")
        finally:
            sys.setprofile(None)
        return count

    small, large = calls(200), calls(2000)
    assert large < 12 * small
    rows = dates.TableRows("2019\n2020\t2021\t2022\n" * 3, dates.load_lexicon())
    assert [offset in rows for offset in (0, 6, 20)] == [False, True, False] and len(rows.verdicts) == 3


def test_iso_dates_keep_year_month_day_order():
    assert values("Veröffentlicht 2023-11-01, geändert 2022-11-22; kein Datum: 2023-13-45") == ["2023-11-01", "2022-11-22"]


def test_day_ranges_give_both_ends():
    text = "Das Stadtfest dauert vom 8. bis 10. August 2025, der Markt am 2./3.09.2025."
    found = find_dates(text)
    assert [(m.text, m.value) for m in found] == [("8.", "2025-08-08"), ("10. August 2025", "2025-08-10"),
                                                  ("2.", "2025-09-02"), ("3.09.2025", "2025-09-03")]
    assert [text[m.start : m.end] for m in found] == [m.text for m in found]
    assert values("vom 28. bis 3. März 2025") == ["2025-03-03"]  # the first day lies in another month: not guessed
