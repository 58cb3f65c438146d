#!/usr/bin/env python3
"""Independent oracle for examples/gii-style (language chapters 5 and 6). Standard library only.

From examples/gii-style/economies.csv it computes, without cix:
- each indicator's treatment by the JRC rule: it fails when |skew| > 2 and kurtosis > 3.5
  (Excel's SKEW and KURT); a failing one is winsorised one point at a time on the side of its
  skew (values tied at the extreme move together) up to 5 points (1 for creative_goods); if it
  still fails, the original values x become ln((max - 1)(x - min)/(max - min) + 1) (the GII's
  scaled log);
- min-max scores 0-100 (redundancy_cost: lower is better);
- pillars as weighted means of their indicators (weights 1, 1, 0.5 normalised), sub-indices as
  the mean of their pillars, the GII as the mean of the two sub-indices, and the efficiency
  ratio Output / Input.
Writes tests/oracle/gii-style.json; tests/methods/gii_style.rs compares cix with it.

Run from the repository root:  python3 tests/oracle/gii_style.py
"""
import csv, json, statistics
from decimal import Decimal, getcontext
from pathlib import Path

getcontext().prec = 50
ROOT = Path(__file__).resolve().parents[2]

def skew(xs):
    n = len(xs); m = statistics.fmean(xs); s = statistics.stdev(xs)
    return None if s == 0 else n / ((n - 1) * (n - 2)) * sum(((x - m) / s) ** 3 for x in xs)

def kurt(xs):
    n = len(xs); m = statistics.fmean(xs); s = statistics.stdev(xs)
    if s == 0:
        return None
    a = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3))
    return a * sum(((x - m) / s) ** 4 for x in xs) - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))

def fails(xs):
    f = [float(x) for x in xs]
    s, k = skew(f), kurt(f)
    return s is not None and k is not None and abs(s) > 2 and k > 3.5

def treat(xs, most):
    if not fails(xs):
        return xs, "passed", 0
    w, steps = list(xs), 0
    while steps < most and fails(w):
        high = skew([float(x) for x in w]) >= 0
        ext = max(w) if high else min(w)
        nxt = max(x for x in w if x != ext) if high else min(x for x in w if x != ext)
        w = [nxt if x == ext else x for x in w]
        steps += 1
    if not fails(w):
        return w, "winsorised", steps
    lo, hi = min(xs), max(xs)
    return [((hi - 1) * (x - lo) / (hi - lo) + 1).ln() for x in xs], "gii-log", steps

TREE = {
    "Input": {
        "Institutions": [("regulatory_quality", 1), ("rule_of_law", 1), ("redundancy_cost", Decimal("0.5"))],
        "Human_capital": [("education_spending", 1), ("researchers", 1), ("tertiary_enrolment", Decimal("0.5"))],
        "Infrastructure": [("ict_access", 1), ("electricity_output", 1)],
    },
    "Output": {
        "Knowledge": [("patents", 1), ("hightech_exports", Decimal("0.5"))],
        "Creative": [("trademarks", 1), ("creative_goods", 1)],
    },
}
LOWER = {"redundancy_cost"}
MOST = {"creative_goods": 1}

rows = list(csv.DictReader(open(ROOT / "examples/gii-style/economies.csv", encoding="utf-8")))
keys = [r["economy"] for r in rows]
scores, treatments = {}, {}
for sub in TREE.values():
    for leaves in sub.values():
        for leaf, _ in leaves:
            xs = [Decimal(r[leaf]) for r in rows]
            t, how, steps = treat(xs, MOST.get(leaf, 5))
            treatments[leaf] = {"outcome": how, "steps": steps}
            lo, hi = min(t), max(t)
            scores[leaf] = [
                (hi - x if leaf in LOWER else x - lo) / (hi - lo) * 100 for x in t
            ]

def mean(weighted):
    total = sum(w for _, w in weighted)
    return sum(v * w for v, w in weighted) / total

out = {"treatments": treatments, "economies": {}}
for i, key in enumerate(keys):
    e = {}
    for sub, pillars in TREE.items():
        for pillar, leaves in pillars.items():
            e[pillar] = mean([(scores[l][i], Decimal(w)) for l, w in leaves])
        e[sub] = mean([(e[p], Decimal(1)) for p in pillars])
    e["GII"] = (e["Input"] + e["Output"]) / 2
    e["Efficiency"] = e["Output"] / e["Input"]
    out["economies"][key] = {k: str(round(v, 20)) for k, v in e.items()}
path = Path(__file__).resolve().parent / "gii-style.json"
path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
top = sorted(keys, key=lambda k: -Decimal(out["economies"][k]["GII"]))[:3]
print(json.dumps({"treatments": treatments, "top3": top}))
