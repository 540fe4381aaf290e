"""Numbers given on the command line are checked where argparse reads them: a solver time limit is a finite
number of seconds above 0, a request-body limit an integer above 0. Before, `lint --timeout -1` reported
all 297 checks as "未能在 -1 秒内判定" (exit 1), `--timeout 0` / `--max-body 0` silently meant the default,
`--timeout nan` ended in an internal error (exit 3), and `serve --max-body -5` refused every request."""
from __future__ import annotations

import pytest

from hzdsl.cli import build_parser, main

LIMITS = [("lint", "--timeout"), ("diff", "--prove-timeout")]


@pytest.mark.parametrize("verb,option", LIMITS)
@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "-inf"])
def test_a_time_limit_must_be_a_positive_finite_number(capsys, verb, option, value):
    code = main([verb, f"{option}={value}"])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert f"用法错误：参数 {option}：时限应是大于 0 的秒数，这里是「{value}」" in err
    assert "提示" in err and "Traceback" not in out + err and "内部错误" not in err


@pytest.mark.parametrize("verb,option", LIMITS)
def test_a_time_limit_that_is_no_number_is_named(capsys, verb, option):
    assert main([verb, option, "五"]) == 2
    assert f"参数 {option}：「五」不是数" in capsys.readouterr().err


@pytest.mark.parametrize("verb,option", LIMITS)
@pytest.mark.parametrize("value,seconds", [("0.5", 0.5), ("20", 20.0), ("1e3", 1000.0)])
def test_a_positive_time_limit_is_read_as_seconds(verb, option, value, seconds):
    args = build_parser().parse_args([verb, option, value] + (["HEAD"] if verb == "diff" else []))
    assert getattr(args, option.lstrip("-").replace("-", "_")) == seconds


@pytest.mark.parametrize("value", ["0", "-5"])
def test_serve_body_limit_must_be_at_least_one_byte(capsys, value):
    assert main(["serve", f"--max-body={value}"]) == 2
    err = capsys.readouterr().err
    assert f"参数 --max-body：应是大于 0 的整数，这里是「{value}」" in err and "提示" in err


def test_serve_body_limit_is_read_as_bytes():
    assert build_parser().parse_args(["serve", "--max-body", "1024"]).max_body == 1024
