#!/usr/bin/env python3
"""Independent oracle for the 2015 queries: computes the expected answers straight from
examples/smart-city-2015/cities.csv with Python's decimal and statistics modules, and writes
tests/oracle/expected-2015.json. tests/queries.rs compares cix's answers with that file.

Run from the repository root:  python3 tests/oracle/oracle.py
"""
import csv, json, statistics
from decimal import Decimal, ROUND_HALF_UP
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
rows = list(csv.DictReader(open(ROOT / "examples/smart-city-2015/cities.csv", encoding="utf-8")))
PRIMARIES = {
    "智慧基础设施": ["基础网络建设水平", "基础信息资源建设与共享", "城市云平台应用情况"],
    "智慧管理": ["政府在线服务水平", "公共资源交易平台", "社会化媒体参与度"],
    "智慧服务": ["社会化民生服务水平", "数据开放服务水平"],
    "智慧经济": ["城市创新创业水平", "经济产出能耗水平", "互联网产业发展水平"],
    "智慧人群": ["信息服务业从业人员情况", "市民生活网络化水平"],
    "保障体系": ["发展规划制定情况", "市民信息化宣传培训", "绩效考核情况"],
}
for r in rows:
    for p, kids in PRIMARIES.items():
        r[p] = sum(Decimal(r[k]) for k in kids)
    r["加分项"] = Decimal(r["加分项"])
    r["总分"] = sum(r[p] for p in PRIMARIES) + r["加分项"]

def q2(d):
    return str(Decimal(d).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

def ranked(units, key):
    """Competition ranks (1, 2, 2, 4), highest first; ties in data order."""
    order = sorted(units, key=lambda r: -r[key])
    return [(1 + sum(1 for o in units if o[key] > r[key]), r) for r in order]

def top(units, key, n):
    return [(rk, r["城市"], q2(r[key])) for rk, r in ranked(units, key) if rk <= n]

exp = {}
exp["totals"] = {r["城市"]: q2(r["总分"]) for r in rows}
exp["ranks"] = {r["城市"]: rk for rk, r in ranked(rows, "总分")}
huanan = [r for r in rows if r["区域"] == "华南"]
exp["top 10 by 智慧服务 in 华南"] = top(huanan, "智慧服务", 10)
neg = [dict(r, neg=-r["总分"]) for r in rows]
bottom = {r["城市"] for rk, r in ranked(neg, "neg") if rk <= 10}
exp["bottom 10 by 总分"] = [(rk, r["城市"], q2(r["总分"])) for rk, r in ranked(rows, "总分") if r["城市"] in bottom]
per = []
for region in dict.fromkeys(r["区域"] for r in rows):
    per += [(region, rk, c, v) for rk, c, v in top([r for r in rows if r["区域"] == region], "总分", 3)]
exp["top 3 by 总分 per 区域"] = per

def group_means(units, attr):
    groups = {}
    for r in units:
        groups.setdefault(r[attr], []).append(r["总分"])
    out = [(g, len(v), sum(v) / len(v)) for g, v in groups.items()]
    out.sort(key=lambda t: -t[2])
    return [(g, n, q2(m), str((m / 105 * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))) for g, n, m in out]

exp["mean 总分 by 区域"] = group_means(rows, "区域")
exp["mean 总分 by 省份 where 行政级别 != 直辖市"] = group_means([r for r in rows if r["行政级别"] != "直辖市"], "省份")

xs = [r["智慧基础设施"] for r in rows]
fx = [float(x) for x in xs]
q = statistics.quantiles(fx, n=4, method="exclusive")  # (n+1)p: SPSS, Excel QUARTILE.EXC
exp["stats 智慧基础设施"] = {
    "n": len(xs),
    "mean": q2(sum(xs) / len(xs)),
    "median": q2(statistics.median(xs)),
    "min": q2(min(xs)),
    "max": q2(max(xs)),
    "range": q2(max(xs) - min(xs)),
    "sd": q2(Decimal(statistics.stdev(fx))),
    "qd": q2(Decimal(repr(q[2] - q[0]))),
}
counts = {}
for r in rows:
    counts[r["行政级别"]] = counts.get(r["行政级别"], 0) + 1
exp["count by 行政级别"] = sorted(counts.items(), key=lambda t: -t[1])
bands = {}
for r in rows:
    lo = int(r["总分"] // 10 * 10)
    bands[lo] = bands.get(lo, 0) + 1
exp["histogram 总分 step 10"] = [(f"[{lo}, {lo + 10})", bands.get(lo, 0)) for lo in range(min(bands), max(bands) + 10, 10)]
names = list(PRIMARIES)
exp["corr"] = {a: {b: round(statistics.correlation([float(r[a]) for r in rows], [float(r[b]) for r in rows]), 3) for b in names} for a in names}
sel = [r for r in rows if r["区域"] == "华东" and r["智慧服务"] >= 10]
sel.sort(key=lambda r: -r["总分"])
exp["where 区域 = 华东 and 智慧服务 >= 10 sort 总分 desc"] = [(r["城市"], q2(r["智慧服务"]), q2(r["总分"])) for r in sel]
top50 = {}
for lvl in ["地级市"]:
    units = [r for r in rows if r["行政级别"] == lvl]
    best = [r for rk, r in ranked(units, "总分") if rk <= 50]
    top50[lvl] = (len(best), q2(sum(r["总分"] for r in best) / len(best)))
exp["mean 总分 in 地级市 top 50"] = top50["地级市"]

out = ROOT / "tests/oracle/expected-2015.json"
out.write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"wrote {out}")
