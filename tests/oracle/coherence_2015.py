#!/usr/bin/env python3
"""Cronbach's alpha and the first principal component of two nodes' children in the 2015
example, computed independently (standard library; the largest eigenvalue of the correlation
matrix by power iteration, where cix uses Jacobi rotations).

Run: python3 tests/oracle/coherence_2015.py > tests/oracle/coherence-2015.json
"""
import csv
import json
import math

TREE = {
    "智慧基础设施": ["基础网络建设水平", "基础信息资源建设与共享", "城市云平台应用情况"],
    "智慧管理": ["政府在线服务水平", "公共资源交易平台", "社会化媒体参与度"],
}
rows = list(csv.DictReader(open("examples/smart-city-2015/cities.csv", encoding="utf-8-sig")))


def var(v):
    m = sum(v) / len(v)
    return sum((x - m) ** 2 for x in v) / (len(v) - 1)


def corr(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    return sab / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


out = {}
for node, kids in TREE.items():
    cols = [[float(r[k]) for r in rows] for k in kids]
    k = len(cols)
    total = [sum(c[u] for c in cols) for u in range(len(rows))]
    alpha = k / (k - 1) * (1 - sum(var(c) for c in cols) / var(total))
    R = [[corr(a, b) for b in cols] for a in cols]
    v = [1.0] * k
    for _ in range(1000):
        w = [sum(R[i][j] * v[j] for j in range(k)) for i in range(k)]
        norm = math.sqrt(sum(x * x for x in w))
        v = [x / norm for x in w]
    lam = sum(v[i] * sum(R[i][j] * v[j] for j in range(k)) for i in range(k))
    out[node] = {"alpha": alpha, "lambda1": lam,
                 "loadings": [x * math.sqrt(lam) for x in v]}
print(json.dumps(out, ensure_ascii=False, indent=1))
