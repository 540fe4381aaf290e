"""screen --engine spark --spark-master <bad>: E917 naming the master, exit 2, no Java on the terminal.

It was exit 3 (内部错误：Py4JJavaError) after a minute of retries and ~250 lines of Java log (breaker's
finding, session 17). The address is checked before the population is read and before a JVM starts.
"""
from __future__ import annotations

import socket

import pytest

from hzdsl.backends.sql import engines
from hzdsl.cli import main
from hzdsl.errors import HzdslError

pytest.importorskip("duckdb")


def _refused_port() -> int:
    """A local port nobody listens on (bound, then closed: connecting to it is refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _screen(tmp_path, capsys, master: str) -> tuple[int, str]:
    (tmp_path / "p.csv").write_text("编号,身份\nA1,高校毕业生\n", encoding="utf-8")
    code = main(["screen", str(tmp_path / "p.csv"), "--engine", "spark", "--spark-master", master])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("master,words", [
    ("spark://127.0.0.1:{port}", ["连接不上", "拒绝连接"]),
    ("spark:/127.0.0.1:7077", ["不是 Spark 认识的集群地址"]),
    ("sparc://host:7077", ["不是 Spark 认识的集群地址"]),
    ("spark://host", ["spark://主机:端口"]),
    ("spark://host:99999", ["端口 1–65535"]),
    ("local[0]", ["不是 Spark 认识的集群地址"]),
])
def test_a_bad_or_unreachable_master_is_e917(tmp_path, capsys, master, words):
    shown = master.format(port=_refused_port())
    code, err = _screen(tmp_path, capsys, shown)
    assert code == 2, err
    assert "E917" in err and f"「{shown}」" in err and "提示" in err and "--spark-master" in err
    for w in words:
        assert w in err
    assert "Traceback" not in err and "Py4J" not in err and "java." not in err and "内部错误" not in err


@pytest.mark.parametrize("master", ["local", "local[*]", "local[2]", "local[4, 3]", "local-cluster[2, 1, 1024]",
                                    "yarn", "k8s://https://10.0.0.1:6443"])
def test_the_master_urls_spark_knows_pass_the_check(master):
    engines.check_master(master)  # raises nothing (no connection is tried for these)


def test_a_master_that_answers_passes_the_check():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        engines.check_master(f"spark://127.0.0.1:{s.getsockname()[1]}")
        # one of several masters answering is enough (Spark fails over between them)
        engines.check_master(f"spark://127.0.0.1:{_refused_port()},127.0.0.1:{s.getsockname()[1]}")


def test_a_session_that_cannot_start_is_e917_with_the_log_named(monkeypatch, capfd):
    """The JVM path (a master that accepts the connection but is not Spark, a cluster refusing the app,
    no Java): whatever SparkSession.getOrCreate raises becomes E917; the JVM's stderr went to a log file."""
    pyspark_sql = pytest.importorskip("pyspark.sql")

    class Builder:
        def __getattr__(self, name):
            return lambda *a, **k: self

        def getOrCreate(self):
            import os
            os.write(2, b"26/11/30 WARN StandaloneAppClient: Failed to connect to master\n\tat java.lang.Thread\n")
            raise RuntimeError("Cannot call methods on a stopped SparkContext.\nThis stopped SparkContext was created at:")

    monkeypatch.setattr(pyspark_sql.SparkSession, "builder", Builder())
    monkeypatch.setattr(engines, "_SPARK", None)
    with pytest.raises(HzdslError) as e:
        engines.spark_session("spark://127.0.0.1:7077")
    (d,) = e.value.diagnostics
    assert d.code == "E917" and "spark://127.0.0.1:7077" in d.message and "stopped SparkContext" in d.message
    log = d.hint.split("Spark 的日志在 ")[1].split("；")[0]
    with open(log, encoding="utf-8") as f:
        assert "java.lang.Thread" in f.read()  # the JVM's words are kept, in the log
    assert "java.lang.Thread" not in capfd.readouterr().err  # and not on the terminal
    assert engines._SPARK is None
