#!/usr/bin/env python3
"""Independent oracle for `missing last` (language chapter 5, "Last known value"), standard
library only. Writes tests/oracle/last_known.json; tests/treatment/last.rs compares cix with it.

The rule, as the chapter states it: a missing cell takes the unit's most recent *observed*
earlier value of the indicator — from an earlier year no older than `within N years`, or from a
second table — raw, before normalisation, so it enters the year's sample (min, max, median) like
an observed value. A cell left missing falls to the `else` policy (here: the median or the mean
of the year's values, carried ones included). min-max: points = 50 × (v − min) ÷ (max − min),
over the observed and carried values. Exact fractions; printed to 10 decimals.

Run from the repository root:  python3 tests/oracle/last_known.py
"""
import csv, json, statistics
from decimal import Decimal, ROUND_HALF_UP, getcontext
from fractions import Fraction
from pathlib import Path

getcontext().prec = 40

DIR = Path("tests/treatment/data/last")
LEAVES = ["就业率", "投资"]


def read(name):
    with open(DIR / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(text):
    text = (text or "").strip()
    return None if text in ("", "-", "NA", "N/A", "#N/A") else Fraction(text)


def score(rows, earlier, rules, year=None):
    """rows: {unit: {leaf: Fraction|None}}; earlier: [(label, year, rows)], earliest first;
    rules: {leaf: (within, else)}. Returns {unit: {leaf points, 总分, carried}}."""
    values = {u: dict(r) for u, r in rows.items()}
    carried = {u: {} for u in rows}
    for leaf, (within, _) in rules.items():
        for u, r in values.items():
            if r[leaf] is not None:
                continue
            for label, y, old in reversed(earlier):
                if within is not None and year - y > within:
                    continue
                v = old.get(u, {}).get(leaf)
                if v is not None:
                    r[leaf] = v
                    carried[u][leaf] = label
                    break
    out = {u: {"carried": carried[u]} for u in rows}
    for leaf, (_, otherwise) in rules.items():
        sample = [r[leaf] for r in values.values() if r[leaf] is not None]
        fill = None
        if otherwise == "median":
            fill = Fraction(statistics.median(sample))
        elif otherwise == "mean":
            fill = sum(sample) / len(sample)
        lo, hi = min(sample), max(sample)
        for u, r in values.items():
            v = r[leaf] if r[leaf] is not None else fill
            out[u][leaf] = 50 * (v - lo) / (hi - lo)
    for u in out:
        out[u]["总分"] = sum(out[u][leaf] for leaf in rules)
    return out


def dec(v):
    """A fraction to 10 decimals, half away from zero, as text."""
    q = Decimal(v.numerator) / Decimal(v.denominator)
    return str(q.quantize(Decimal("1e-10"), rounding=ROUND_HALF_UP))


def shown(result):
    return {
        u: {**{k: dec(v) for k, v in r.items() if k != "carried"}, "carried": r["carried"]}
        for u, r in result.items()
    }


def by_year(rows):
    years = {}
    for r in rows:
        years.setdefault(int(r["年份"]), {})[r["城市"]] = {l: num(r[l]) for l in LEAVES}
    return years


def main():
    out = {}
    years = by_year(read("last.csv"))
    rules = {"就业率": (1, "median"), "投资": (None, "error")}
    earlier = []
    for y in sorted(years):
        out[f"last.cix {y}"] = shown(score(years[y], earlier, rules, y))
        earlier.append((str(y), y, years[y]))
    now = {r["城市"]: {l: num(r[l]) for l in LEAVES} for r in read("now.csv")}
    old = {r["城市"]: {l: num(r[l]) for l in LEAVES} for r in read("earlier.csv")}
    rules = {"就业率": (None, "mean"), "投资": (None, "error")}
    out["file.cix"] = shown(score(now, [("earlier.csv", None, old)], rules))
    Path("tests/oracle/last_known.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
