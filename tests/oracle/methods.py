#!/usr/bin/env python3
"""Independent scores for tests/methods/fixtures/methods.cix (chapter 6 of docs/language.md).

Standard library only: fractions for every exact step, decimal (50 digits) for the powers of
the power mean. Prints JSON {unit: {node: value}} with values to 18 decimals; the Rust test
(tests/methods/oracle.rs) compares cix's exact scores with them within 1e-15.

    python3 tests/oracle/methods.py > tests/oracle/methods-expected.json
"""
import csv
import json
import os
from decimal import Decimal, getcontext
from fractions import Fraction as F

getcontext().prec = 50
HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "..", "methods", "fixtures", "methods.csv")

rows = list(csv.DictReader(open(CSV, encoding="utf-8")))
units = [r["单位"] for r in rows]
col = {c: [F(r[c]) for r in rows] for c in ("x", "y", "z")}


def rank_avg(v, higher=True):
    """Average rank (1 = worst), ties averaged, divided by n."""
    n = len(v)
    out = []
    for x in v:
        below = sum(1 for o in v if (o < x if higher else o > x))
        ties = sum(1 for o in v if o == x) - 1
        out.append((below + 1 + F(ties, 2)) / n)
    return out


def borda(v, higher=True):
    n = len(v)
    return [F(sum(1 for o in v if (o < x if higher else o > x)), n - 1) for x in v]


def dist2max(v):
    lo, hi = min(v), max(v)
    return [1 - (hi - x) / (hi - lo) for x in v]


def target(v, t, cap, higher=True):
    lo, hi = min(v), max(v)
    out = []
    for x in v:
        s = (x - lo) / (t - lo) if higher else (hi - x) / (hi - t)
        out.append(min(s, 1) if cap else s)
    return out


def reference(v, ref):
    r = v[units.index(ref)]
    return [x / r for x in v]


def fraction(v):
    return [x / max(v) for x in v]


def minmax(v):
    lo, hi = min(v), max(v)
    return [(x - lo) / (hi - lo) for x in v]


def dec(f):
    return Decimal(f.numerator) / Decimal(f.denominator)


def power_mean(shares, weights, p):
    """(sum w s^p / sum w)^(1/p), in 50-digit decimals."""
    total = sum(weights)
    acc = sum(dec(w / total) * (dec(s) ** p) for s, w in zip(shares, weights))
    return acc ** (Decimal(1) / p)


def harmonic(shares, weights):
    total = sum(weights)
    return 1 / sum((w / total) / s for s, w in zip(shares, weights))


# The spec: parent -> (points, how, [(leaf, points, shares)]).
tree = {
    "排序": (25, ("power", Decimal(2)), [
        ("秩", 10, rank_avg(col["x"])),
        ("博尔达", 10, borda(col["y"], higher=False)),
        ("距最大", 5, dist2max(col["z"])),
    ]),
    "目标": (25, ("harmonic",), [
        ("对标", 10, reference(col["z"], "C")),
        ("占最大", 10, fraction(col["y"])),
        ("逆秩", 5, rank_avg(col["x"], higher=False)),
    ]),
    "达标": (25, ("power", Decimal("0.5")), [
        ("封顶", 10, target(col["x"], 50, True)),
        ("不封顶", 10, target(col["z"], 8, False)),
        ("逆向目标", 5, target(col["y"], 2, True, higher=False)),
    ]),
    # weights relative 1, 1, 0.5 of 25 points: 10, 10, 5.
    "相对": (25, ("sum",), [
        ("一", F(25) * 1 / F(5, 2), minmax(col["x"])),
        ("二", F(25) * 1 / F(5, 2), minmax(col["y"])),
        ("三", F(25) * F(1, 2) / F(5, 2), minmax(col["z"])),
    ]),
}

out = {}
for i, u in enumerate(units):
    scores = {}
    total = Decimal(0)
    for parent, (points, how, leaves) in tree.items():
        shares = [s[i] for (_, _, s) in leaves]
        weights = [F(w) for (_, w, _) in leaves]
        for (name, w, s) in leaves:
            scores[name] = dec(s[i] * w)
        if how[0] == "sum":
            value = sum(dec(s * w) for s, w in zip(shares, weights))
        elif how[0] == "harmonic":
            value = dec(harmonic(shares, weights) * points)
        else:
            value = power_mean(shares, weights, how[1]) * points
        scores[parent] = value
        total += value
    scores["总分"] = total
    out[u] = {k: format(v.quantize(Decimal("1e-18")), "f") for k, v in scores.items()}

print(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
