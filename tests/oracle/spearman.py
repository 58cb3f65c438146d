#!/usr/bin/env python3
"""Independent Spearman's rho for `corr a, c spearman` on tests/treatment/data/coverage.cix
(language chapter 5, "Rank correlation"), standard library only. Writes
tests/oracle/spearman.json; tests/treatment/spearman.rs compares cix with it.

The scores' ranks are the raw values' ranks (minmax only shifts and scales), after the spec's
steps, worked out by hand from tests/treatment/data/small.csv:
- a is winsorised one step at the high end (cix's `outliers` query: 100 -> 30, the next most
  extreme), so a = 1..10, 30, 30 (a tie);
- c is missing for B, G and I, filled by `missing mean` with the mean of the nine observed values
  (one tied value for three units).
rho = Pearson's r of the ranks, tied values given the average of the ranks they span.

Run from the repository root:  python3 tests/oracle/spearman.py
"""
import csv, json
from fractions import Fraction
from pathlib import Path


def average_ranks(xs):
    order = sorted(xs)
    return [Fraction(sum(i + 1 for i, v in enumerate(order) if v == x), order.count(x)) for x in xs]


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return float(sxy) / (float(sxx) * float(syy)) ** 0.5


rows = list(csv.DictReader(open("tests/treatment/data/small.csv", encoding="utf-8")))
a = [Fraction(r["a"]) for r in rows]
a = [min(x, sorted(a)[-2]) for x in a]  # one winsorisation step at the high end
observed = [Fraction(r["c"]) for r in rows if r["c"]]
mean = sum(observed) / len(observed)
c = [Fraction(r["c"]) if r["c"] else mean for r in rows]
rho = pearson(average_ranks(a), average_ranks(c))
Path("tests/oracle/spearman.json").write_text(
    json.dumps({"corr a, c spearman": round(rho, 12)}, indent=1) + "\n", encoding="utf-8"
)
