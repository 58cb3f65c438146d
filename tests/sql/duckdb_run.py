"""Run cix sql's statements on DuckDB (the `duckdb` package): python3 duckdb_run.py JOBS.json"""
import duckdb

from engine_common import jobs, read_csv, write, fail


def main():
    for job in jobs():
        con = duckdb.connect()
        try:
            header, rows = read_csv(job["csv"])
            cols = ", ".join('"%s" VARCHAR' % h.replace('"', '""') for h in header)
            con.execute('CREATE TABLE "%s" (%s)' % (job["table"], cols))
            if rows:
                marks = ", ".join("?" for _ in header)
                con.executemany('INSERT INTO "%s" VALUES (%s)' % (job["table"], marks), rows)
            res = con.execute(open(job["sql"], encoding="utf-8").read())
            write(job, [d[0] for d in res.description], res.fetchall())
        except Exception as e:  # the engine's message, for the test to show
            fail(job, e)
        finally:
            con.close()


main()
