"""Run cix sql's statements on PostgreSQL through psql: python3 postgres_run.py JOBS.json

Uses the server .ci/setup.d/postgres.sh started (socket in /tmp/cix-pg, port 54329) when it runs;
otherwise starts a throwaway cluster of its own (initdb + pg_ctl as the postgres user) and stops
it at the end."""
import csv
import glob
import io
import os
import shutil
import subprocess
import tempfile

from engine_common import jobs, read_csv, write, fail

SOCKET, PORT = "/tmp/cix-pg", "54329"


def bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return found[-1] if found else os.path.dirname(shutil.which("pg_ctl") or "/usr/bin/pg_ctl")


def as_postgres(args):
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    return subprocess.run(args, capture_output=True, text=True)


def running(sock):
    r = subprocess.run(
        ["psql", "-h", sock, "-p", PORT, "-U", "postgres", "-X", "-q", "-c", "SELECT 1"],
        capture_output=True, text=True,
    )
    return r.returncode == 0


def start_own():
    d = tempfile.mkdtemp(prefix="cix-pg-")
    os.chmod(d, 0o777)
    data = os.path.join(d, "data")
    if os.geteuid() == 0:
        shutil.chown(d, "postgres", "postgres")
    r = as_postgres([os.path.join(bindir(), "initdb"), "-D", data, "-U", "postgres",
                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
    if r.returncode != 0:
        raise SystemExit("initdb failed: " + r.stderr)
    opts = "-k %s -p %s -c listen_addresses=''" % (d, PORT)
    r = as_postgres([os.path.join(bindir(), "pg_ctl"), "-D", data, "-o", opts, "-w",
                     "-l", os.path.join(d, "log"), "start"])
    if r.returncode != 0:
        raise SystemExit("pg_ctl start failed: " + r.stderr + open(os.path.join(d, "log")).read())
    return d, data


def copy_rows(table, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(["\\N" if c is None else c for c in r])
    return buf.getvalue()


def run_job(sock, job):
    header, rows = read_csv(job["csv"])
    q = lambda s: '"%s"' % s.replace('"', '""')
    table = q(job["table"])
    script = "BEGIN;\nCREATE TEMP TABLE %s (%s);\n" % (
        table, ", ".join("%s text" % q(h) for h in header))
    script += "COPY %s FROM STDIN WITH (FORMAT csv, NULL '\\N');\n" % table
    script += copy_rows(job["table"], header, rows) + "\\.\n"
    script += open(job["sql"], encoding="utf-8").read() + "\nROLLBACK;\n"
    r = subprocess.run(
        ["psql", "-h", sock, "-p", PORT, "-U", "postgres", "-X", "-q", "--csv",
         "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=script, capture_output=True, text=True,
    )
    if r.returncode != 0:
        fail(job, r.stderr)
        return
    out = list(csv.reader(io.StringIO(r.stdout)))
    write(job, out[0] if out else [], [[c if c != "" else None for c in row] for row in out[1:]])


def main():
    own = None
    sock = SOCKET
    if not running(sock):
        own = start_own()
        sock = own[0]
    try:
        for job in jobs():
            run_job(sock, job)
    finally:
        if own:
            as_postgres([os.path.join(bindir(), "pg_ctl"), "-D", own[1], "-m", "immediate", "stop"])
            shutil.rmtree(own[0], ignore_errors=True)


main()
