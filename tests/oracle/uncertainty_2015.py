#!/usr/bin/env python3
"""An independent Monte Carlo of the 2015 example's rank intervals with every weight varied
uniformly ±25% (standard library only). The hierarchy and weights are written out here from the
published 2015 method, not read from the spec; each replication multiplies every primary's and
every leaf's weight by 1 + 0.25·(2u − 1), renormalises the primaries to 100 points and each
primary's leaves to the primary's new points; the bonus (加分项, 5 points) is not varied. A leaf
scores its points ÷ its declared weight × its new weight. Ranks are competition ranks (1, 2, 2, 4)
on totals rounded to 10⁻⁹; percentiles by nearest rank (the smallest rank r with at least p% of
the runs at r or better). Python's own generator (Mersenne Twister), so cix's numbers agree only
within sampling error: tests/robust compares with a tolerance.

Run: python3 tests/oracle/uncertainty_2015.py > tests/oracle/uncertainty-2015.csv
"""
import csv
import math
import random
import sys

RUNS = 2000
SEED = 2015
PCT = 0.25

TREE = [
    ("智慧基础设施", 20, [("基础网络建设水平", 5), ("基础信息资源建设与共享", 10), ("城市云平台应用情况", 5)]),
    ("智慧管理", 20, [("政府在线服务水平", 10), ("公共资源交易平台", 5), ("社会化媒体参与度", 5)]),
    ("智慧服务", 20, [("社会化民生服务水平", 10), ("数据开放服务水平", 10)]),
    ("智慧经济", 15, [("城市创新创业水平", 5), ("经济产出能耗水平", 5), ("互联网产业发展水平", 5)]),
    ("智慧人群", 10, [("信息服务业从业人员情况", 5), ("市民生活网络化水平", 5)]),
    ("保障体系", 15, [("发展规划制定情况", 5), ("市民信息化宣传培训", 5), ("绩效考核情况", 5)]),
]


def ranks(totals):
    keyed = [round(t * 1e9 / 105) for t in totals]
    order = sorted(range(len(totals)), key=lambda i: -keyed[i])
    out = [0] * len(totals)
    for pos, i in enumerate(order):
        if pos > 0 and keyed[order[pos - 1]] == keyed[i]:
            out[i] = out[order[pos - 1]]
        else:
            out[i] = pos + 1
    return out


def percentile(sorted_ranks, p):
    need = max(1, math.ceil(p * len(sorted_ranks) / 100))
    return sorted_ranks[need - 1]


def main():
    with open("examples/smart-city-2015/cities.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    cities = [r["城市"] for r in rows]
    shares = [
        [[float(r[leaf]) / w for leaf, w in leaves] for _, _, leaves in TREE] for r in rows
    ]
    bonus = [float(r["加分项"]) for r in rows]

    def totals(prim_w, leaf_w):
        out = []
        for c in range(len(rows)):
            t = bonus[c]
            for p in range(len(TREE)):
                t += sum(s * w for s, w in zip(shares[c][p], leaf_w[p]))
            out.append(t)
        return out

    nominal_leaf = [[w for _, w in leaves] for _, _, leaves in TREE]
    nominal = ranks(totals(None, nominal_leaf))
    rng = random.Random(SEED)
    seen = [[] for _ in rows]
    for _ in range(RUNS):
        prim = [w * (1 + PCT * (2 * rng.random() - 1)) for _, w, _ in TREE]
        prim = [w * 100 / sum(prim) for w in prim]
        leaf_w = []
        for p, (_, _, leaves) in enumerate(TREE):
            raw = [w * (1 + PCT * (2 * rng.random() - 1)) for _, w in leaves]
            leaf_w.append([w * prim[p] / sum(raw) for w in raw])
        for c, r in enumerate(ranks(totals(prim, leaf_w))):
            seen[c].append(r)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["城市", "nominal", "median", "p5", "p95", "mean"])
    for c in sorted(range(len(rows)), key=lambda c: (nominal[c], c)):
        s = sorted(seen[c])
        out.writerow([cities[c], nominal[c], percentile(s, 50), percentile(s, 5),
                      percentile(s, 95), f"{sum(s) / len(s):.2f}"])


main()
