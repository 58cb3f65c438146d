#!/usr/bin/env python3
"""Issue 14's table: `cix run` to CSV beside DuckDB's SQL and polars on the same generated data,
outputs checked equal, time (median of several runs) and peak memory side by side.

    cargo build --release
    pip install duckdb polars          # locally; CI installs nothing for this script
    python3 scripts/scale/scale.py [SIZES…] [--runs 3] [--cix target/release/cix] [--work DIR]

Each size is generated once (gen.py) under --work. The three tools run back to back in every
round, so a busy machine slows them alike; the ratio column is cix ÷ DuckDB. Peak memory is the
child's maximum resident set (getrusage via os.wait4), interpreter included for the Python tools.
A tool whose Python package is missing is left out (said so). Standard library only, apart from
the two engines under test.

The last column times the REPL on the loaded index: `cix repl` is fed `top 10 by 总分 in 华南`
several times with CIX_TIMINGS set, which prints each input's wall time; the first answer fills
the index (shown apart), the median of the others is the query's time.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, stdout_path):
    """Run a command with stdout to a file; (seconds, peak RSS in bytes)."""
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - start
        err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[:2000]}")
    return elapsed, usage.ru_maxrss * 1024


def rows(path, scaled):
    """(rank, unit, total in hundredths) of a ranking CSV, sorted. cix prints totals with two
    decimals (rounded half away from zero) and ranks on the exact values; the engines write the
    exact total × 10⁴, rounded here the same way. Equal ranks mean equal exact rankings."""
    with open(path, encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        out = []
        for rank, unit, total, *_ in r:
            hundredths = (int(total) + 50) // 100 if scaled else int(Decimal(total) * 100)
            out.append((int(rank), unit, hundredths))
    return sorted(out)


REPL_QUERY = "top 10 by 总分 in 华南"


def repl_times(cix, spec, repeats=5):
    """(seconds to load, first query, median of the later queries) of `cix repl` fed the query
    `repeats` times through a pipe."""
    env = dict(os.environ, CIX_TIMINGS="1")
    start = time.perf_counter()
    p = subprocess.run(
        [cix, "repl", spec],
        input=(REPL_QUERY + "\n") * repeats,
        capture_output=True,
        text=True,
        env=env,
    )
    if p.returncode != 0:
        sys.exit(f"cix repl failed ({p.returncode}):\n{p.stderr[:2000]}")
    total = time.perf_counter() - start
    queries = [float(l.split()[2]) for l in p.stderr.splitlines() if l.startswith("timing: input ")]
    if len(queries) != repeats:
        sys.exit(f"cix repl printed {len(queries)} timings, not {repeats}:\n{p.stderr[:2000]}")
    return total - sum(queries), queries[0], statistics.median(queries[1:])


STAGES = [
    ("checking the spec", "spec"),
    ("reading the data", "read"),
    ("checking the data", "bind"),
    ("scoring and evaluating", "score"),
    ("planning the reports", "plan"),
    ("ranking and writing", "write"),
]


def split(cix, spec):
    """How one `cix run` splits between its stages: {short name: seconds}, from the
    `timing: STAGE S s` lines CIX_TIMINGS=1 prints (English stage names, `--lang en`)."""
    env = dict(os.environ, CIX_TIMINGS="1")
    p = subprocess.run(
        [cix, "--lang", "en", "run", spec, "--format", "csv"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    if p.returncode != 0:
        sys.exit(f"cix run (timed) failed ({p.returncode}):\n{p.stderr[:2000]}")
    out = {}
    for line in p.stderr.splitlines():
        for name, short in STAGES:
            prefix = f"timing: {name} "
            if line.startswith(prefix):
                out[short] = float(line[len(prefix):].split()[0])
    return out


def available(tool):
    """Whether a tool can run here: cix always; an engine when its Python package imports."""
    if tool == "cix":
        return True
    try:
        __import__(tool)
        return True
    except ImportError:
        print(f"{tool}: not installed (pip install {tool}), left out", file=sys.stderr)
        return False


def human(n):
    for unit in ["B", "KB", "MB", "GB"]:
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024
    return str(n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cix", default=os.path.join(HERE, "..", "..", "target", "release", "cix"))
    ap.add_argument("--work", default="/tmp/cix-scale")
    ap.add_argument("--tools", default="cix,duckdb,polars")
    ap.add_argument("--no-repl", action="store_true", help="leave out the REPL query's time")
    a = ap.parse_args()
    tools = [t for t in a.tools.split(",") if available(t)]
    repl = "cix" in tools and not a.no_repl
    table = []
    for n in a.sizes:
        d = os.path.join(a.work, str(n))
        if not os.path.exists(os.path.join(d, "data.csv")):
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(n), d], check=True)
        size = os.path.getsize(os.path.join(d, "data.csv"))
        cmds = {
            "cix": [a.cix, "run", os.path.join(d, "index.cix"), "--format", "csv"],
            "duckdb": [sys.executable, os.path.join(HERE, "engines.py"), "duckdb", d],
            "polars": [sys.executable, os.path.join(HERE, "engines.py"), "polars", d],
        }
        times = {t: [] for t in tools}
        mems = {t: 0 for t in tools}
        for _ in range(a.runs):
            for t in tools:
                out = os.path.join(d, f"{t}.csv")
                cmd = cmds[t] + ([out] if t != "cix" else [])
                secs, mem = run(cmd, out if t == "cix" else os.devnull)
                times[t].append(secs)
                mems[t] = max(mems[t], mem)
        results = {t: rows(os.path.join(d, f"{t}.csv"), t != "cix") for t in tools}
        first = results[tools[0]]
        for t in tools[1:]:
            if results[t] != first:
                diff = sum(1 for x, y in zip(first, results[t]) if x != y)
                sys.exit(f"{n} units: {t} disagrees with {tools[0]} on {diff} rows")
        med = {t: statistics.median(v) for t, v in times.items()}
        query = repl_times(a.cix, cmds["cix"][2]) if repl else None
        stages = split(a.cix, cmds["cix"][2]) if "cix" in tools else None
        table.append((n, size, med, mems, query, stages))
        print(f"{n} units: outputs equal ({len(first)} rows)", file=sys.stderr)
    head = ["units", "CSV"]
    for t in tools:
        head += [f"{t} time"]
    if "cix" in tools and "duckdb" in tools:
        head += ["cix ÷ DuckDB"]
    head += [f"{t} peak memory" for t in tools]
    if "cix" in tools:
        head += ["cix memory ÷ CSV"]
    if repl:
        head += [f"REPL `{REPL_QUERY}` (first, which fills the index)"]
    if "cix" in tools:
        head += ["cix split: read / check data / score+eval / rank+write (one more run)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for n, size, med, mems, query, stages in table:
        cells = [f"{n:,}", human(size)]
        cells += [f"{med[t]:.2f} s" for t in tools]
        if "cix" in tools and "duckdb" in tools:
            cells.append(f"{med['cix'] / med['duckdb']:.2f}")
        cells += [human(mems[t]) for t in tools]
        if "cix" in tools:
            cells.append(f"{mems['cix'] / size:.1f}")
        if query:
            _, first, later = query
            cells.append(f"{later * 1000:.1f} ms ({first * 1000:.0f} ms)")
        if stages is not None:
            cells.append(" / ".join(f"{stages.get(k, 0.0):.2f}" for k in ("read", "bind", "score", "write")) + " s")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
