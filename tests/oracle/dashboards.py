#!/usr/bin/env python3
"""Ratings and dashboards computed independently of cix (standard library only).

examples/imd-style: each city's HDI group (quartiles of HDI, cut at Excel's QUARTILE.INC; a value
equal to a cut goes to the lower group) and its rating on its group's scale (by score: the first
threshold reached; by share: competition ranks within the group, tier i takes ranks up to
round-half-up(cumulative share x n)).

examples/sdg-style: each country's colour per indicator from its raw value and the thresholds
(green best), and each goal's colour from its two worst indicators: the mean of their colour
positions, rounded down (towards the better colour).

Run from the repository root: python3 tests/oracle/dashboards.py > tests/oracle/dashboards.json
"""

import csv
import json
from decimal import Decimal, ROUND_HALF_UP, ROUND_FLOOR

# ---------------------------------------------------------------- imd-style

def quartile_inc(sorted_values, p):
    h = (len(sorted_values) - 1) * p
    lo = int(h.to_integral_value(rounding=ROUND_FLOOR))
    frac = h - lo
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * frac


def competition_ranks(values):
    return [1 + sum(1 for w in values if w > v) for v in values]


def imd():
    rows = list(csv.DictReader(open("examples/imd-style/cities.csv", encoding="utf-8")))
    labels = ["第四组", "第三组", "第二组", "第一组"]  # lowest first
    hdi = [Decimal(r["HDI"]) for r in rows]
    s = sorted(hdi)
    cuts = [quartile_inc(s, Decimal(k) / 4) for k in (1, 2, 3)]
    group = {r["city"]: labels[sum(1 for c in cuts if h > c)] for r, h in zip(rows, hdi)}
    # Points: each leaf's value (0-100) x its weight (25 points) / 100.
    total = {
        r["city"]: sum(Decimal(r[k]) for k in ("health_safety", "mobility", "online_services", "digital_mobility"))
        * Decimal(25) / Decimal(100)
        for r in rows
    }
    by_score = {
        "第一组": [("AAA", 80), ("AA", 75), ("A", 70), ("BBB", 60), ("BB", None)],
        "第二组": [("AA", 75), ("A", 68), ("BBB", 60), ("BB", 50), ("B", None)],
    }
    by_share = {
        "第三组": [("A", 25), ("BBB", 25), ("BB", 25), ("B", 25)],
        "第四组": [("BB", 25), ("B", 25), ("CCC", 25), ("D", 25)],
    }
    rating = {}
    for g in labels:
        members = [r["city"] for r in rows if group[r["city"]] == g]
        if g in by_score:
            for c in members:
                rating[c] = next(n for n, th in by_score[g] if th is None or total[c] >= th)
        else:
            ranks = competition_ranks([total[c] for c in members])
            cum = Decimal(0)
            cutoffs = []
            for _, share in by_share[g]:
                cum += share
                cutoffs.append((cum / 100 * len(members)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            for c, rank in zip(members, ranks):
                i = next((i for i, cut in enumerate(cutoffs) if rank <= cut), len(cutoffs) - 1)
                rating[c] = by_share[g][i][0]
    return {
        "cuts": [str(c.normalize()) for c in cuts],
        "cities": {c: {"group": group[c], "rating": rating[c], "total": str(total[c])} for c in group},
    }

# ---------------------------------------------------------------- sdg-style

COLOURS = ["green", "yellow", "orange", "red"]
LINES = {  # thresholds best first; "<=" where less is better
    "poverty_rate": ("<=", [2, 7.5, 13]),
    "under5_mortality": ("<=", [25, 37.5, 50]),
    "life_expectancy": (">=", [80, 75, 70]),
    "primary_enrolment": (">=", [97, 90, 80]),
    "literacy": (">=", [95, 90, 80]),
    "safe_water": (">=", [98, 90, 80]),
    "sanitation": (">=", [95, 80, 60]),
}
GOALS = {
    "No poverty": ["poverty_rate"],
    "Good health": ["under5_mortality", "life_expectancy"],
    "Quality education": ["primary_enrolment", "literacy"],
    "Clean water and sanitation": ["safe_water", "sanitation"],
}


def colour(value, op, ths):
    for i, th in enumerate(ths):
        th = Decimal(str(th))
        if (op == "<=" and value <= th) or (op == ">=" and value >= th):
            return i
    return len(ths)


def sdg():
    out = {}
    for r in csv.DictReader(open("examples/sdg-style/countries.csv", encoding="utf-8")):
        row = {}
        for leaf, (op, ths) in LINES.items():
            row[leaf] = None if r[leaf] == "" else colour(Decimal(r[leaf]), op, ths)
        for goal, leaves in GOALS.items():
            cs = sorted((row[l] for l in leaves if row[l] is not None), reverse=True)[:2]
            row[goal] = sum(cs) // len(cs) if cs else None
        out[r["country"]] = {k: (COLOURS[v] if v is not None else None) for k, v in row.items()}
    return out


print(json.dumps({"imd": imd(), "sdg": sdg()}, ensure_ascii=False, indent=1, sort_keys=True))
