#!/usr/bin/env python3
"""The scale benchmark's computation in another engine, for `scale.py` to time beside `cix run`.

    python3 scripts/scale/engines.py duckdb|polars DIR OUT.csv

Reads DIR/data.csv (written by gen.py), scores each of the 60 leaves by min-max over the sample,
rounds each leaf's points to 4 decimals half-up, sums them to 总分, ranks 1, 1, 3 and writes
排名,单元,总分e4 (总分 × 10⁴, an integer) sorted by rank. The arithmetic is in integers (cents, and points × 10⁴), so the
result is exact and must equal cix's. Needs `pip install duckdb polars` (not installed in CI).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import layout  # noqa: E402

LEAVES = [(n, w) for _, leaves in layout() for n, w in leaves]


def duckdb_run(data, out):
    import duckdb

    con = duckdb.connect()
    types = ", ".join(f"'{n}': 'DECIMAL(7,2)'" for n, _ in LEAVES)
    cents = ", ".join(f'CAST("{n}" * 100 AS BIGINT) AS "{n}"' for n, _ in LEAVES)
    bounds = ", ".join(f'min("{n}") AS "lo_{n}", max("{n}") AS "hi_{n}"' for n, _ in LEAVES)
    points = " + ".join(
        f'(CASE WHEN "hi_{n}" = "lo_{n}" THEN {w * 10000} '
        f'ELSE (2 * ("{n}" - "lo_{n}") * {w * 10000} + ("hi_{n}" - "lo_{n}")) '
        f'// (2 * ("hi_{n}" - "lo_{n}")) END)'
        for n, w in LEAVES
    )
    sql = f"""
    COPY (
      WITH d AS (SELECT "单元", {cents}
                 FROM read_csv('{data}', header = true, types = {{{types}}})),
           b AS (SELECT {bounds} FROM d),
           t AS (SELECT "单元", ({points}) AS e4 FROM d, b)
      SELECT rank() OVER (ORDER BY e4 DESC) AS "排名", "单元",
             e4 AS "总分e4"
      FROM t ORDER BY "排名", "单元"
    ) TO '{out}' (HEADER, DELIMITER ',')
    """
    con.execute(sql)


def polars_run(data, out):
    import polars as pl

    df = pl.read_csv(data, schema_overrides={n: pl.Float64 for n, _ in LEAVES})
    c = [(pl.col(n) * 100).round(0).cast(pl.Int64) for n, _ in LEAVES]
    df = df.select([pl.col("单元")] + [x.alias(n) for x, (n, _) in zip(c, LEAVES)])
    terms = []
    for n, w in LEAVES:
        lo, hi = pl.col(n).min(), pl.col(n).max()
        r = hi - lo
        terms.append(
            pl.when(r == 0)
            .then(pl.lit(w * 10000, pl.Int64))
            .otherwise((2 * (pl.col(n) - lo) * (w * 10000) + r) // (2 * r))
        )
    t = df.select(pl.col("单元"), pl.sum_horizontal(terms).alias("e4"))
    t = t.with_columns(pl.col("e4").rank(method="min", descending=True).alias("排名"))
    t = t.sort(["排名", "单元"])
    t = t.select(pl.col("排名"), pl.col("单元"), pl.col("e4").alias("总分e4"))
    t.write_csv(out)


def main():
    engine, d, out = sys.argv[1:4]
    data = os.path.join(d, "data.csv")
    {"duckdb": duckdb_run, "polars": polars_run}[engine](data, out)


if __name__ == "__main__":
    main()
