"""Time and memory of the date stage on date-rich text of two sizes: they should grow linearly (ratio ~10).

The text is made of varied invented sentences, each with several dates of the forms hrgraph reads (day-month-year,
numeric, month-year, "03/2023", month ranges, bare years) and some it keeps out (quarters, file numbers), one
sentence per line. For each size one run, after a warm-up on a small text, measures ``find_dates`` alone and the
date mentions with their sentences (``date_mentions``, one sentence per line), in wall-clock and CPU seconds (the
machine may be shared), and reports the peak resident memory of the process so far (``ru_maxrss``; sizes run
smallest first).

Usage::

    python benchmarks/date_scaling.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time

from hrgraph.nlp.annotate import date_mentions
from hrgraph.nlp.dates import find_dates
from hrgraph.nlp.lexicon import load_lexicon

SENTENCES = (
    "Am {d}.{m}.{y} beschloss der Ausschuss den Plan, der im {month} {y} vorgestellt wurde.",
    "Die Förderung läuft von {month} bis {month2} {y} und wird ab {m:02d}/{y} ausgezahlt.",
    "Seit {y} arbeiten beide Hochschulen zusammen, zuletzt am {d}. {month} {y}.",
    "Laut Drucksache {n}/{y} und dem Bericht zum {q}. Quartal {y} sinken die Kosten.",
    "Die Messe findet vom {d}. bis {d2}. {month} statt; Anmeldung bis {y}-{m:02d}-{d:02d}.",
)


def date_rich_text(size: int, seed: int = 0) -> str:
    """About ``size`` characters of invented German sentences full of dates, one per line."""
    rng = random.Random(seed)
    months = [name.capitalize() for name in load_lexicon().months if len(name) > 4]
    lines, length = [], 0
    while length < size:
        month, month2 = rng.sample(months, 2)
        line = rng.choice(SENTENCES).format(d=rng.randint(1, 14), d2=rng.randint(15, 28), m=rng.randint(1, 12),
                                            y=rng.randint(1990, 2030), month=month, month2=month2,
                                            n=rng.randint(10, 999), q=rng.randint(1, 4))
        lines.append(line)
        length += len(line) + 1
    return "\n".join(lines)


def line_spans(text: str) -> list[tuple[int, int, int]]:
    return [(i, m.start(), m.end()) for i, m in enumerate(re.finditer(r"[^\n]+", text))]


def measure(text: str) -> dict:
    start, cpu_start = time.perf_counter(), time.process_time()
    dates = find_dates(text, "2024-01-01")
    found, found_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    mentions = date_mentions({1: text}, "bench", "2024-01-01", {1: line_spans(text)})
    return {"chars": len(text), "dates": len(dates), "mentions": len(mentions), "find_dates_s": found,
            "find_dates_cpu_s": found_cpu, "with_mentions_s": time.perf_counter() - start,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[100_000, 1_000_000])
    args = parser.parse_args()
    measure(date_rich_text(20_000, seed=1))  # dateparser loaded, patterns compiled
    results = [measure(date_rich_text(size)) for size in args.sizes]
    print(f"{'chars':>9} {'dates':>7} {'find_dates s':>13} {'(CPU s)':>8} {'+mentions s':>12} {'peak MB':>8}")
    for r in results:
        print(f"{r['chars']:>9} {r['dates']:>7} {r['find_dates_s']:>13.2f} {r['find_dates_cpu_s']:>8.2f} "
              f"{r['with_mentions_s']:>12.2f} {r['peak_mb']:>8.1f}")
    small, large = results
    print(f"ratio (large/small): chars {large['chars'] / small['chars']:.1f}, "
          f"find_dates {large['find_dates_s'] / small['find_dates_s']:.1f} "
          f"(CPU {large['find_dates_cpu_s'] / small['find_dates_cpu_s']:.1f}), "
          f"with mentions {large['with_mentions_s'] / small['with_mentions_s']:.1f}")


if __name__ == "__main__":
    main()
