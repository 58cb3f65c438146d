#!/usr/bin/env python3
"""Write units.csv: ILLUSTRATIVE unit data for the 国衡 2017-2018 example (standard library only).

No unit scores were published. The names are those of the published award lists and ranking
groups (plus placeholders 地级城市01 … where a group needs more units); the scores are invented,
chosen so that each group's mean 得分率 over its top N units is exactly the published group score
rate of each year (guoheng_2017_2018_group_score_rates.csv). Run: python3 generate.py
"""
import csv
from decimal import Decimal as D

G1 = "直辖市、计划单列市及副省级城市"
G2 = "省会城市"
G3 = "地级城市"
G4 = "直辖市所属区县"
G5 = "计划单列市及副省级城市所属区县"
G6 = "智慧城市试点区县"
G7 = "智慧小镇"

# group: (members, units averaged (None: all), rate 2018 %, rate 2017 %)
GROUPS = {
    G1: ("北京 深圳 杭州 重庆 成都 武汉 西安 南京 广州 青岛 大连 沈阳 宁波 哈尔滨 上海 天津 厦门 长春 济南".split(),
         None, "73.54", "63.48"),
    G2: ("福州 贵阳 长沙 昆明 郑州 太原 兰州 南宁 石家庄 呼和浩特 合肥 南昌 海口 拉萨 西宁 银川 乌鲁木齐".split(),
         None, "64.34", "56.70"),
    G3: ("苏州 丽江 三亚 洛阳 秦皇岛 邯郸 运城 乌海 大庆 鹰潭 东莞 梧州 咸阳 敦煌 新余 阜阳 无锡 宜昌 齐齐哈尔 "
         "辽源 南平 湘潭 威海 莆田 宝鸡 绵阳 保山 黄山 济源".split()
         + [f"地级城市{i:02d}" for i in range(1, 33)], 50, "66.93", "59.30"),
    G4: (["上海市浦东新区", "北京未来科技城", "北京丽泽金融商务区", "中新天津生态城", "天津市武清区", "天津市河西区",
          "重庆市江北区"] + [f"直辖市区县{i:02d}" for i in range(1, 18)], 20, "77.96", "70.19"),
    G5: (["成都市温江区", "南京市河西新城区(建邺区)", "杭州市萧山区", "深圳市坪山新区", "宁波市镇海区", "宁波市宁海县"]
         + [f"副省级区县{i:02d}" for i in range(1, 25)], 20, "72.32", "67.05"),
    G6: (["福建省晋江市", "山东寿光市", "山东肥城市", "苏州市昆山市", "六安市霍山县", "福州市仓山区", "南昌市红谷滩新区",
          "上饶市婺源县", "平顶山舞钢市", "郴州市嘉禾县", "肇庆市端州区", "昆明市五华区"]
         + [f"试点区县{i:02d}" for i in range(1, 25)], 30, "66.65", "61.20"),
}
# The towns of the 小镇50强 list: scored, in no group rate.
with open("guoheng_2017_2018_award_lists.csv", encoding="utf-8") as f:
    TOWNS = [r["unit"] for r in csv.DictReader(f) if "小镇50强" in r["award"]]
# A unit first evaluated in 2018 (absent from the 2017 data): outside its group's top 50.
NEW_IN_2018 = "地级城市32"


def totals(members, n, target):
    """Totals (points of 100) whose top-n mean is exactly `target`; the rest lower."""
    n = len(members) if n is None else n
    t = D(target)
    step = D("0.40")
    half = D(n - 1) / 2
    top = [t + (half - k) * step for k in range(n)]
    assert sum(top) / n == t, (target, sum(top) / n)
    low = min(top)
    rest = [low - D("1.00") - D("0.30") * k for k in range(len(members) - n)]
    return [v.quantize(D("0.01")) for v in top + rest]


def split(total):
    a = (total * D("0.4")).quantize(D("0.01"))
    b = ((total - a) * D(2) / D(3)).quantize(D("0.01"))
    return a, b, total - a - b


rows = []
for year, col in ((2017, 3), (2018, 2)):
    for group, spec in GROUPS.items():
        members = [m for m in spec[0] if not (year == 2017 and m == NEW_IN_2018)]
        # 2017: the same units in another order (rank movements), the same group mean.
        if year == 2017:
            n = len(members) if spec[1] is None else spec[1]
            members = members[:n][::-1] + members[n:]
        for unit, total in zip(members, totals(members, spec[1], spec[col])):
            rows.append((unit, group, year, *split(total)))
    for k, town in enumerate(TOWNS):
        total = D("70.00") - D("0.25") * k + (D("1.5") if year == 2018 else 0)
        rows.append((town, G7, year, *split(total)))

with open("units.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["单位", "类别", "年度", "建设水平", "应用成效", "社会影响力"])
    w.writerows(rows)
print(len(rows), "rows")
