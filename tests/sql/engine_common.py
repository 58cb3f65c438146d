"""Shared by the engine drivers of tests/sql: read the job list, read a CSV as text, write a result.

A job list is a JSON array of {"csv": PATH, "table": NAME, "sql": PATH, "out": PATH}. Each driver
loads every job's CSV into a table of that name (every column text, an empty cell NULL), runs
the job's SQL and writes the rows as CSV (a header row; NULL as an empty cell) to "out", or the
engine's error message to "out" + ".err".
"""
import csv
import io
import json
import sys


def jobs():
    with open(sys.argv[1], encoding="utf-8") as f:
        return json.load(f)


def read_csv(path):
    """(header, rows) of a CSV as Excel writes it (UTF-8 with or without BOM, or GB18030)."""
    data = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]
    body = [[c if c != "" else None for c in r] + [None] * (len(header) - len(r)) for r in body]
    return header, body


def cell(v):
    if v is None:
        return ""
    return str(v)


def write(job, columns, rows):
    with open(job["out"], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([cell(v) for v in r])


def fail(job, message):
    with open(job["out"] + ".err", "w", encoding="utf-8") as f:
        f.write(str(message))
