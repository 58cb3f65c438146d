#!/usr/bin/env bash
# `cix sql` tests (tests/sql/): PostgreSQL from Debian, and a throwaway cluster listening only on
# a local socket (/tmp/cix-pg, port 54329, trust auth) that tests/sql/postgres_run.py connects to
# with psql (the driver starts a cluster of its own when this one is not running). Idempotent
# and quiet.
set -euo pipefail
if ! command -v psql >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=/tmp/cix-pg
if psql -h "$dir" -p 54329 -U postgres -X -q -c 'SELECT 1' >/dev/null 2>&1; then
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
chown postgres:postgres "$dir"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
  -o "-k $dir -p 54329 -c listen_addresses=''" start >/dev/null
