#!/usr/bin/env python3
"""Independent totals for examples/smart-city-2017-classes (issue 10, methods by group).

Each leaf column is a score out of 100; a secondary weighs a fixed share of its primary; the
primaries weigh 20/20/25/20/15 for 一二线 cities and 15/20/30/15/20 for 三四线 cities, where a
missing 数据开放 counts 0. Exact decimals; prints {city: total rounded to 2 places}.
Standard library only. Run: python3 tests/oracle/groups_2017.py > tests/oracle/groups-2017.json
"""
import csv
import json
from decimal import Decimal, ROUND_HALF_UP

SHARES = {
    "数据治理": {"数据资源": "0.5", "数据开放": "0.5"},
    "智慧互联": {"网络基础": "0.5", "平台建设": "0.5"},
    "智慧民生": {"民生服务": "0.6", "服务体验": "0.4"},
    "智慧经济": {"数字产业": "0.5", "创新创业": "0.5"},
    "创新环境": {"政策规划": "0.6", "宣传培训": "0.4"},
}
BIG = {"数据治理": 20, "智慧互联": 20, "智慧民生": 25, "智慧经济": 20, "创新环境": 15}
SMALL = {"数据治理": 15, "智慧互联": 20, "智慧民生": 30, "智慧经济": 15, "创新环境": 20}

out = {}
with open("examples/smart-city-2017-classes/cities.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        weights = SMALL if row["城市等级"] in ("三线", "四线") else BIG
        total = Decimal(0)
        for primary, leaves in SHARES.items():
            for leaf, share in leaves.items():
                raw = row[leaf].strip()
                value = Decimal(raw) if raw else Decimal(0)
                total += value / 100 * Decimal(share) * weights[primary]
        out[row["城市"]] = str(total.quantize(Decimal("0.01"), ROUND_HALF_UP))
print(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
