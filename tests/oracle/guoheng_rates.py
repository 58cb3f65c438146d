#!/usr/bin/env python3
"""Independent oracle for examples/guoheng-2017-2018: each group's mean 得分率 over its top N
units, per year, and the change — computed from units.csv with exact decimals (standard
library only), not by cix. Output: guoheng_rates.out (group,year_2017,year_2018,change), rates
in percent. Run from the repository root: python3 tests/oracle/guoheng_rates.py
"""
import csv
from decimal import Decimal as D

CUT = {"地级城市": 50, "直辖市所属区县": 20, "计划单列市及副省级城市所属区县": 20, "智慧城市试点区县": 30}
MAX = D(100)

by = {}
with open("examples/guoheng-2017-2018/units.csv", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if r["类别"] == "智慧小镇":
            continue
        total = D(r["建设水平"]) + D(r["应用成效"]) + D(r["社会影响力"])
        by.setdefault(r["类别"], {}).setdefault(r["年度"], []).append(total / MAX)


def rate(values, n):
    values = sorted(values, reverse=True)
    if n is not None:
        nth = values[min(n, len(values)) - 1]
        values = [v for v in values if v >= nth]  # ties with the N-th kept
    return sum(values) / len(values) * 100


with open("tests/oracle/guoheng_rates.out", "w", encoding="utf-8") as out:
    out.write("group,year_2017,year_2018,change\n")
    for g, years in by.items():
        a, b = rate(years["2017"], CUT.get(g)), rate(years["2018"], CUT.get(g))
        q = D("0.01")
        out.write(f"{g},{a.quantize(q)},{b.quantize(q)},{(b - a).quantize(q)}\n")
