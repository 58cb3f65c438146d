#!/usr/bin/env python3
"""Writes index.cix and units.csv beside this file: an illustrative index of 300 units and 60
indicators (6 pillars × 2 sub-pillars × 5 indicators), every indicator scored minmax from a raw
value drawn by Python's random.Random(300) — a common factor per unit plus noise, so that the
pillars correlate like real indices. The numbers are made up; they describe nothing.

Run: python3 examples/generated-300x60/generate.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
PILLARS = [("P1", 20), ("P2", 20), ("P3", 15), ("P4", 15), ("P5", 15), ("P6", 15)]
rng = random.Random(300)

lines = [
    "# An illustrative 300 × 60 index, written by generate.py (the numbers are made up).",
    'index "generated 300 × 60" {',
    '  data "units.csv" key unit',
    "  attributes region",
]
leaves = []
for p, w in PILLARS:
    lines.append(f"  indicator {p} {w} {{")
    for s in range(1, 3):
        sub = f"{p}S{s}"
        lines.append(f"    {sub} {w / 2:g} {{")
        for i in range(1, 6):
            leaf = f"{sub}I{i}"
            leaves.append(leaf)
            lines.append(f"      {leaf} {w / 10:g} {{ score minmax }}")
        lines.append("    }")
    lines.append("  }")
lines += ["  total 总分 100", "}", ""]
with open(os.path.join(HERE, "index.cix"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines))

with open(os.path.join(HERE, "units.csv"), "w", encoding="utf-8") as f:
    f.write(",".join(["unit", "region"] + leaves) + "\n")
    for u in range(1, 301):
        level = rng.gauss(0, 1)
        values = [f"{50 + 10 * (0.6 * level + 0.8 * rng.gauss(0, 1)):.2f}" for _ in leaves]
        f.write(",".join([f"U{u:03d}", rng.choice("ABCDE")] + values) + "\n")
