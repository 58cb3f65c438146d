#!/usr/bin/env python3
"""Independent oracle for outlier treatment (language chapter 5): Excel's SKEW and KURT, the
JRC winsorisation sequence and the log fallbacks, for a few data sets. Standard library only.
Writes tests/oracle/treatment.json; tests/treatment/ compares cix with it.

SKEW = n/((n-1)(n-2)) * sum(((x-mean)/s)^3)
KURT = n(n+1)/((n-1)(n-2)(n-3)) * sum(((x-mean)/s)^4) - 3(n-1)^2/((n-2)(n-3))
with s the sample standard deviation (statistics.stdev).

Run from the repository root:  python3 tests/oracle/treatment.py
"""
import json, statistics
from decimal import Decimal, getcontext
from pathlib import Path

getcontext().prec = 40

def skew(xs):
    n = len(xs)
    if n < 3:
        return None
    m, s = statistics.fmean(xs), statistics.stdev(xs)
    if s == 0:
        return None
    return n / ((n - 1) * (n - 2)) * sum(((x - m) / s) ** 3 for x in xs)

def kurt(xs):
    n = len(xs)
    if n < 4:
        return None
    m, s = statistics.fmean(xs), statistics.stdev(xs)
    if s == 0:
        return None
    a = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3))
    b = 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    return a * sum(((x - m) / s) ** 4 for x in xs) - b

def fails(xs, ts=2.0, tk=3.5):
    s, k = skew([float(x) for x in xs]), kurt([float(x) for x in xs])
    return s is not None and k is not None and abs(s) > ts and k > tk

def treat(xs, n=5, fallback="log", lam=None):
    """The JRC rule: pass, winsorise (ties at the extreme move together), or fall back."""
    xs = [Decimal(x) for x in xs]
    if not fails(xs):
        return {"outcome": "passed", "steps": 0, "values": [str(x) for x in xs]}
    w, steps, high = list(xs), 0, True
    while steps < n and fails(w):
        high = (skew([float(x) for x in w]) or 0) >= 0
        ext = max(w) if high else min(w)
        others = [x for x in w if x != ext]
        if not others:
            break
        nxt = max(others) if high else min(others)
        w = [nxt if x == ext else x for x in w]
        steps += 1
    if not fails(w) or fallback == "none":
        return {"outcome": "winsorised", "steps": steps, "high": high, "values": [str(x) for x in w]}
    lo, hi = min(xs), max(xs)
    positive = (skew([float(x) for x in xs]) or 0) >= 0
    if fallback == "log":
        t = [(x - lo + 1).ln() if positive else -(hi - x + 1).ln() for x in xs]
    elif fallback == "gii-log":
        t = [((hi - 1) * (x - lo) / (hi - lo) + 1).ln() for x in xs]
    else:  # boxcox
        l = Decimal(lam)
        t = [x.ln() if l == 0 else (x ** l - 1) / l for x in xs]
    return {"outcome": fallback, "steps": steps, "values": [str(+v) for v in t]}

SETS = {
    # Microsoft's SKEW/KURT help example.
    "microsoft": [3, 4, 5, 2, 3, 4, 5, 6, 4, 7],
    # COINr's treat vignette: 1..10 with two outliers.
    "coinr": list(range(1, 11)) + [30, 100],
    # Negative skew, a tie at the extreme: winsorised at the low end, both tied points move.
    "low_tie": [-500, -500, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
    # A heavy tail: three steps fix it; one step does not, so the fallbacks are tried with
    # `winsorise 1`.
    "heavy": [2] * 25 + [10, 20, 40, 80, 160, 320, 640],
}

out = {}
for name, xs in SETS.items():
    f = [float(x) for x in xs]
    out[name] = {
        "values": xs,
        "skew": skew(f),
        "kurt": kurt(f),
        "treat": treat(xs),
    }
h = SETS["heavy"]
out["heavy"]["log1"] = treat(h, n=1)
out["heavy"]["gii-log1"] = treat(h, n=1, fallback="gii-log")
out["heavy"]["boxcox0.5"] = treat(h, n=1, fallback="boxcox", lam="0.5")
out["heavy"]["none1"] = treat(h, n=1, fallback="none")
# Negative skew with `winsorise 0`: the mirrored log at once.
out["low_tie"]["log0"] = treat(SETS["low_tie"], n=0)
path = Path(__file__).resolve().parent / "treatment.json"
path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
print(json.dumps({k: (v["skew"], v["kurt"], v["treat"]["outcome"], v["treat"]["steps"]) for k, v in out.items()}))
