#!/usr/bin/env python3
"""Independent answers for tests/audit/: scalar queries on the 2015 example and the intervals
that the rounding of its input cells allows, computed from cities.csv with the standard library
(exact decimals). Run from the repository root; writes tests/oracle/audit-2015.json.

Conventions (docs/language.md, chapter 10): each cell v printed with k decimals lies in
[v - 5·10^-(k+1), v + 5·10^-(k+1)], kept within 0 and its leaf's maximum; 总分 sums 16
secondaries and 加分项; rate = mean ÷ maximum; quartiles by position (n+1)p."""
import csv, json, math
from decimal import Decimal as D, ROUND_HALF_UP

MAX = {'基础网络建设水平': 5, '基础信息资源建设与共享': 10, '城市云平台应用情况': 5, '政府在线服务水平': 10,
       '公共资源交易平台': 5, '社会化媒体参与度': 5, '社会化民生服务水平': 10, '数据开放服务水平': 10,
       '城市创新创业水平': 5, '经济产出能耗水平': 5, '互联网产业发展水平': 5, '信息服务业从业人员情况': 5,
       '市民生活网络化水平': 5, '发展规划制定情况': 5, '市民信息化宣传培训': 5, '绩效考核情况': 5, '加分项': 5}
PRIM = {'智慧服务': ['社会化民生服务水平', '数据开放服务水平'], '智慧人群': ['信息服务业从业人员情况', '市民生活网络化水平']}
rows = list(csv.DictReader(open('examples/smart-city-2015/cities.csv', encoding='utf-8')))

def cell(r, c):
    v = D(r[c]); h = D(5).scaleb(v.as_tuple().exponent - 1)
    return v, max(v - h, D(0)), min(v + h, D(MAX[c]))

def node(r, cols):
    cs = [cell(r, c) for c in cols]
    return tuple(sum(x[i] for x in cs) for i in range(3))

def total(r):
    return node(r, list(MAX))

def mean(xs): return sum(xs) / len(xs)

def est(units, f):
    vals = [f(r) for r in units]
    return [str(mean([v[i] for v in vals])) for i in range(3)]

def q(xs, p):  # type 6
    s = sorted(xs); n = len(s); h = (n + 1) * p
    if h <= 1: return s[0]
    if h >= n: return s[-1]
    lo = int(h); f = h - lo
    return s[lo - 1] + f * (s[lo] - s[lo - 1])

def pearson(x, y):
    n = len(x); mx = sum(x) / n; my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    return sxy / math.sqrt(sum((a - mx) ** 2 for a in x) * sum((b - my) ** 2 for b in y))

out = {}
out['mean 总分'] = est(rows, total)
south = [r for r in rows if r['区域'] == '华南']
m = est(south, total)
out['rate 总分 in 华南'] = [str(D(v) / 105) for v in m]
a = est([r for r in rows if r['行政级别'] == '省会'], total)
b = est([r for r in rows if r['行政级别'] == '地级市'], total)
out['mean 总分 in 省会 - mean 总分 in 地级市'] = [str(D(a[0]) - D(b[0])), str(D(a[1]) - D(b[2])), str(D(a[2]) - D(b[1]))]
t = [total(r) for r in rows]
band = [(v, lo, hi) for v, lo, hi in t]
point = sum(1 for v, _, _ in band if 50 <= v < 60)
sure = sum(1 for _, lo, hi in band if lo >= 50 and hi < 60)
possible = sum(1 for _, lo, hi in band if hi >= 50 and lo < 60)
out['share where 总分 >= 50 and 总分 < 60'] = [str(D(c) / 151) for c in (point, sure, possible)]
provinces = {}
for r, v in zip(rows, t):
    if r['行政级别'] != '直辖市':
        provinces.setdefault(r['省份'], []).append(v)
def count_below(c):
    pt = sum(1 for vs in provinces.values() if mean([v[0] for v in vs]) < c)
    sure = sum(1 for vs in provinces.values() if mean([v[2] for v in vs]) < c)
    poss = sum(1 for vs in provinces.values() if mean([v[1] for v in vs]) < c)
    return [str(pt), str(sure), str(poss)]
out['count 省份 where 行政级别 != 直辖市 where mean 总分 < 40.05'] = count_below(D('40.05'))
col = '基础信息资源建设与共享'
cells = [cell(r, col) for r in rows]
qd = lambda hi, lo: q(hi, D('0.75')) - q(lo, D('0.25'))
v = [c[0] for c in cells]; l = [c[1] for c in cells]; h = [c[2] for c in cells]
out['qd 基础信息资源建设与共享'] = [str(qd(v, v)), str(max(qd(l, h), D(0))), str(qd(h, l))]
x = [float(node(r, PRIM['智慧服务'])[0]) for r in rows]
y = [float(node(r, PRIM['智慧人群'])[0]) for r in rows]
out['corr 智慧服务, 智慧人群'] = [str(round(pearson(x, y), 10))]
json.dump(out, open('tests/oracle/audit-2015.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(json.dumps(out, ensure_ascii=False, indent=1))
