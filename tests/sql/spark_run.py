"""Run cix sql's statements on Spark SQL (PySpark, local mode, one JVM for every job):
python3 spark_run.py JOBS.json"""
import os

from engine_common import jobs, read_csv, write, fail

os.environ.setdefault("PYSPARK_PYTHON", "python3")
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import StringType, StructField, StructType  # noqa: E402


def main():
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("cix-sql-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.driver.memory", "512m")
        # The statements are wide and deep; generating Java for them costs far more than
        # interpreting them over a few hundred rows, and so does propagating constraints.
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .config("spark.sql.constraintPropagation.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for job in jobs():
            try:
                header, rows = read_csv(job["csv"])
                schema = StructType([StructField(h, StringType(), True) for h in header])
                spark.createDataFrame(rows, schema).createOrReplaceTempView(job["table"])
                sql = open(job["sql"], encoding="utf-8").read().strip().rstrip(";")
                df = spark.sql(sql)
                write(job, df.columns, [list(r) for r in df.collect()])
            except Exception as e:
                fail(job, e)
    finally:
        spark.stop()


main()
