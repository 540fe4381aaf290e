"""The pull-request workflow (.github/workflows/policy-review.yml), checked for its shape and then run:
its `run:` steps execute in a temporary repository with a pull-request-like history, with a stand-in
`gh` on PATH that records what would be posted."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
REVIEW = WORKFLOWS / "policy-review.yml"
COMMENT = WORKFLOWS / "policy-review-comment.yml"
MARKER = "<!-- hzdsl-policy-review -->"


def load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def steps(doc: dict) -> list[dict]:
    (job,) = doc["jobs"].values()
    return job["steps"]


# ── shape ────────────────────────────────────────────────────────────────────────────────


def test_workflow_shape():
    doc = load(REVIEW)
    (job,) = doc["jobs"].values()
    assert "pull_request" in doc["on"]
    assert doc["concurrency"]["group"].startswith("policy-review-") and doc["concurrency"]["cancel-in-progress"]
    assert 0 < job["timeout-minutes"] <= 30
    by_id = {s.get("id"): s for s in job["steps"] if s.get("id")}
    # every expression reaches the shell through env:, never spliced into a script
    for s in job["steps"]:
        assert "${{" not in s.get("run", ""), s["name"]
    assert by_id["diff"]["env"]["BASE_REF"] == "${{ github.base_ref }}"
    # the PR comment carries the population impact of the bundled population (issue 11 point 6)
    diff_run = by_id["diff"]["run"]
    for flag in ("--population", "--history"):
        path = diff_run.split(flag + " ", 1)[1].split()[0]
        assert (REPO / path).is_file(), (flag, path)
    # the checks run after a failed test too, but nothing runs (and nothing is posted) after a failed install
    for sid in ("check", "lint", "test", "fmt", "pytest", "diff"):
        cond = by_id[sid]["if"]
        assert "always()" in cond and "steps.install.outcome == 'success'" in cond, sid
    post = next(s for s in job["steps"] if "gh api" in s.get("run", ""))
    assert "steps.install.outcome == 'success'" in post["if"]
    assert "python -m pytest" in by_id["pytest"]["run"]
    assert "--format github" in by_id["check"]["run"] and "--format sarif" in by_id["check"]["run"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in job["steps"])


def test_fork_comment_workflow_shape():
    doc = load(COMMENT)
    assert doc["on"]["workflow_run"]["workflows"] == ["policy-review"]
    (job,) = doc["jobs"].values()
    assert "head_repository.full_name != github.repository" in job["if"]
    assert not any(s.get("uses", "").startswith("actions/checkout") for s in job["steps"])  # never runs fork code
    for s in job["steps"]:
        assert "${{" not in s.get("run", "")
    run = next(s["run"] for s in job["steps"] if "run" in s)
    assert "HEAD_SHA" in run and MARKER in run


# ── running the steps ───────────────────────────────────────────────────────────────────────

GH_STUB = textwrap.dedent('''\
    #!{python}
    """Stand-in for the GitHub CLI: answers `gh api` from a JSON file and records every call."""
    import json, os, shutil, subprocess, sys
    args = sys.argv[1:]
    log = os.environ["GH_LOG"]
    record = {{"args": args}}
    for a in args:
        if a.startswith("body=@"):
            record["body"] = open(a[6:], encoding="utf-8").read()
    with open(log, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\\n")
    if args[:1] == ["api"] and "--method" not in args:
        data = open(os.environ["GH_COMMENTS"], encoding="utf-8").read()
        jq = args[args.index("--jq") + 1]
        if shutil.which("jq"):
            sys.stdout.write(subprocess.run(["jq", "-r", jq], input=data, capture_output=True, text=True,
                                            check=True).stdout)
        else:  # the filter the workflow uses, in Python
            marker = "<!-- hzdsl-policy-review -->"
            assert 'select(.user.login == "github-actions[bot]")' in jq and marker in jq
            for c in json.loads(data):
                if c["user"]["login"] == "github-actions[bot]" and marker in c["body"]:
                    print(c["id"])
''')

CONTEXT = {
    "github.base_ref": "main",
    "github.event.pull_request.number": "7",
    "github.repository": "hz/policies",
    "github.event.pull_request.head.repo.full_name": "hz/policies",
    "github.token": "test-token",
}


def _evaluate(cond: str | None, outcomes: dict[str, str], cwd: Path) -> bool:
    """The few GitHub expressions the workflow uses: always(), success(), steps.X.outcome, hashFiles,
    comparisons of the context above, && and ||."""
    if not cond:
        return all(v == "success" for v in outcomes.values())
    expr = cond
    expr = re.sub(r"hashFiles\('([^']+)'\) != ''", lambda m: str((cwd / m.group(1)).exists()), expr)
    expr = re.sub(r"steps\.(\w+)\.outcome", lambda m: repr(outcomes.get(m.group(1), "skipped")), expr)
    for key, value in sorted(CONTEXT.items(), key=lambda kv: -len(kv[0])):
        expr = expr.replace(key, repr(value))
    expr = expr.replace("always()", "True").replace("&&", " and ").replace("||", " or ")
    expr = expr.replace("success()", str(all(v == "success" for v in outcomes.values())))
    return bool(eval(expr, {"__builtins__": {}}))  # noqa: S307 — our own workflow's conditions


def _env_of(step: dict) -> dict[str, str]:
    out = {}
    for k, v in (step.get("env") or {}).items():
        m = re.fullmatch(r"\$\{\{\s*([\w.]+)\s*\}\}", str(v))
        out[k] = CONTEXT[m.group(1)] if m else str(v)
    return out


def run_workflow(repo: Path, tmp: Path, comments: list[dict], replace: dict[str, str]) -> tuple[dict, list[dict]]:
    """Run the workflow's `run:` steps in `repo`; `replace` swaps a step's script by id (install,
    pytest and lint, which would reinstall hzdsl, run this very suite, or run z3 over every rule). Returns step outcomes and gh calls."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(GH_STUB.format(python=sys.executable), encoding="utf-8")
    gh.chmod(0o755)
    (tmp / "comments.json").write_text(json.dumps(comments, ensure_ascii=False), encoding="utf-8")
    log = tmp / "gh.log"
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "PATH": f"{bin_dir}:{Path(sys.executable).parent}:{os.environ['PATH']}",
           "GH_LOG": str(log), "GH_COMMENTS": str(tmp / "comments.json"), "CI": "true", "COLUMNS": "100"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    outcomes: dict[str, str] = {}
    for i, step in enumerate(steps(load(REVIEW))):
        sid = step.get("id", f"step{i}")
        if "run" not in step:
            continue  # actions (checkout, setup-python, upload) have no script to run here
        if not _evaluate(step.get("if"), outcomes, repo):
            outcomes[sid] = "skipped"
            continue
        script = replace.get(sid, step["run"])
        r = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=repo, env={**env, **_env_of(step)},
                           capture_output=True, text=True, timeout=600)
        outcomes[sid] = "success" if r.returncode == 0 else "failure"
    calls = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x]
    return outcomes, calls


@pytest.fixture()
def pr_repo(tmp_path) -> Path:
    """origin (bare) with main = the project's policies and c03 cases; a clone on a PR branch that
    raises 一次性创业补贴 to 4000 元 and adds a case whose 预期 is wrong (so `hzdsl test` fails)."""
    src = tmp_path / "src"
    shutil.copytree(REPO / "policies", src / "policies")
    shutil.copytree(REPO / "tests" / "cases" / "c03", src / "tests" / "cases" / "c03")
    shutil.copytree(REPO / "examples", src / "examples")  # the bundled population the diff step screens
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q", str(src)], check=True)
    subprocess.run([*git, "add", "-A"], cwd=src, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=src, check=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(src), str(tmp_path / "origin.git")], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(tmp_path / "origin.git"), str(work)], check=True)
    subprocess.run(["git", "checkout", "-q", "-b", "pr"], cwd=work, check=True)
    c03 = work / "policies" / "c03.policy"
    quote = "可按规定申领 3000 元的一次性创业补贴」\n"  # the draft's 4000 元 is no quote's: declared (else E210)
    c03.write_text(c03.read_text(encoding="utf-8").replace("    则 3000 元，一次性。", "    则 4000 元，一次性。", 1)
                   .replace(quote, quote + "    读法 4000 元 “修订草案的金额”\n", 1), encoding="utf-8")
    (work / "tests" / "cases" / "c03" / "99_wrong.yaml").write_text(
        "名称: 故意写错\n评估日期: 2023-06-30\n事实: {身份: [高校毕业生], 毕业时长: 3 年, 初次创办企业或个体工商户: 是, "
        "正常经营时长: 8 个月}\n预期: {一次性创业补贴: {结论: 符合, 金额: 1 元}}\n", encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "raise", "--allow-empty"], cwd=work, check=True)
    subprocess.run([*git, "add", "-A"], cwd=work, check=True)
    subprocess.run([*git, "commit", "-qm", "case"], cwd=work, check=True)
    return work


OTHER_BOT = {"id": 11, "user": {"login": "other-bot[bot]"}, "body": "coverage report " + MARKER}
HUMAN = {"id": 12, "user": {"login": "reviewer"}, "body": "看起来不错"}


@pytest.mark.slow
def test_workflow_runs_and_keeps_one_sticky_comment(pr_repo, tmp_path):
    ok = {"install": "true", "pytest": "true", "lint": "true"}  # lint: z3 over every rule, tested in test_lint
    outcomes, calls = run_workflow(pr_repo, tmp_path, [OTHER_BOT, HUMAN], ok)
    # test fails (the wrong 预期), fmt --check and the diff still run, the comment is posted
    assert outcomes["test"] == "failure"
    assert outcomes["fmt"] == "success" and outcomes["check"] == "success" and outcomes["diff"] == "success"
    writes = [c for c in calls if "--method" in c["args"]]
    assert len(writes) == 1
    (post,) = writes
    assert post["args"][:3] == ["api", "--method", "POST"] and "repos/hz/policies/issues/7/comments" in post["args"]
    assert post["body"].startswith(MARKER) and "金额：`3000 元` → `4000 元`" in post["body"]
    # the population impact (issue 11 point 6): 一次性创业补贴 3000 → 4000 元 raises every paid person's amount by
    # 1000 元 and changes no 结论, so 差额 = 1000 × 金额改变 and 改后合计 − 改前合计 = 差额
    impact = post["body"].split("### 人群影响", 1)[1]
    row = next(line for line in impact.splitlines() if line.startswith("| 一次性创业补贴 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    header = [c.strip() for c in next(x for x in impact.splitlines() if x.startswith("| 待遇 |")).strip("|").split("|")]
    col = dict(zip(header, cells))
    assert col["新增符合"] == col["不再符合"] == "0" and int(col["金额改变"]) > 0
    assert int(col["差额"]) == 1000 * int(col["金额改变"]) == int(col["改后合计"]) - int(col["改前合计"])
    # the next push: our earlier comment (id 21) is edited in place; the other bot's is never touched
    ours = {"id": 21, "user": {"login": "github-actions[bot]"}, "body": MARKER + "\n旧的评论"}
    _, calls = run_workflow(pr_repo, tmp_path, [ours, OTHER_BOT, HUMAN], ok)
    (patch,) = [c for c in calls if "--method" in c["args"]]
    assert patch["args"][:3] == ["api", "--method", "PATCH"]
    assert "repos/hz/policies/issues/comments/21" in patch["args"]
    assert all("comments/11" not in " ".join(c["args"]) for c in calls)


@pytest.mark.slow
def test_no_comment_when_install_fails(pr_repo, tmp_path):
    outcomes, calls = run_workflow(pr_repo, tmp_path, [], {"install": "exit 1", "pytest": "true", "lint": "true"})
    assert outcomes["install"] == "failure"
    assert all(outcomes[s] == "skipped" for s in ("check", "lint", "test", "fmt", "pytest", "diff"))
    assert calls == []
