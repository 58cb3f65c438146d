#!/usr/bin/env bash
# `cix sql` tests (tests/sql/): the DuckDB and Spark SQL engines, from PyPI. PySpark runs on the
# machine's Java 17 in local mode. Idempotent and quiet.
set -euo pipefail
if python3 -c 'import duckdb, pyspark' >/dev/null 2>&1; then
  exit 0
fi
python3 -m pip install --quiet --disable-pip-version-check duckdb pyspark
