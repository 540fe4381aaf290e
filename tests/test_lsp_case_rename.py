"""Rename in the editor reaches the project's case files and parameter files, not only the .policy files.

Renaming 「毕业时长」 edited the policies and left every case file naming it by its old name: `hzdsl test`
then failed with E708 (事实 keys, 历史 fields) and E713 (待遇 in 历史 and 预期). The WorkspaceEdit now also
edits the YAML files `hzdsl test` reads (tests/cases, examples) and the project's parameter files, where
the YAML position means the declaration — and nowhere else: a 名称, 说明 or comment holding the same words
is free text and stays as written, byte for byte.

Driven over stdio on a copy of the repository's policies, cases, examples and parameter files; the edit is
applied by the test, then `hzdsl check` and `hzdsl test` run on the copy.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pytest_lsp")

import pytest_lsp  # noqa: E402
from lsprotocol import types as lsp  # noqa: E402
from pygls.uris import to_fs_path  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

from .conftest import REPO  # noqa: E402
from .test_lsp import apply, open_text, position  # noqa: E402

pytestmark = pytest.mark.asyncio(loop_scope="module")

HZDSL = str(Path(sys.executable).parent / "hzdsl")

# A case written by hand for this test: the fact as a 「」-quoted key with a comment, in a flow mapping, in a
# 待定事实 list (quoted), and the same words in 名称, 说明, 算式 and comments, which must not change.
# Expected results: those of tests/cases/c03/15_事实未知_待定.yaml's first two cases (the same facts).
PLANTED = """\
# 毕业时长 在注释里：不改
评估日期: 2023-06-30
历史: []
案例:
  - 名称: 毕业时长未给
    说明: 缺「毕业时长」与「正常经营时长」
    事实: {身份: [高校毕业生], 初次创办企业或个体工商户: 是}
    预期:
      一次性创业补贴: {结论: 待定, 待定事实: ["毕业时长", 正常经营时长], 算式: "毕业时长 未给"}
  - 名称: 毕业时长已给
    事实:
      「毕业时长」: 3 年  # 毕业时长：三年
      初次创办企业或个体工商户: 是
      正常经营时长: 8 个月
    预期:
      一次性创业补贴: {结论: 待定, 待定事实: [身份, 登记失业时长]}
"""
# the same text with exactly the four names that mean the fact renamed
PLANTED_AFTER = PLANTED.replace('["毕业时长", 正常', '["毕业年限", 正常').replace("「毕业时长」: 3", "「毕业年限」: 3")
assert PLANTED_AFTER.count("毕业年限") == 2


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    for d in ("policies", "tests/cases", "examples", "params"):
        shutil.copytree(REPO / d, root / d)
    (root / "tests" / "cases" / "zz_planted.yaml").write_text(PLANTED, encoding="utf-8")
    return root


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[HZDSL, "lsp"]))
async def client(lsp_client: LanguageClient, request):
    root = request.getfixturevalue("project")
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=(root / "policies").as_uri()))
    yield
    await lsp_client.shutdown_session()


def _hzdsl(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([HZDSL, *args], cwd=root, capture_output=True, text=True, timeout=300)


async def _rename_and_apply(client, root: Path, policy: str, needle: str, new_name: str,
                            offset: int = 1) -> dict[Path, str]:
    """Rename the name at `needle` in policies/`policy`, write the edit to disk, tell the server; the files edited."""
    path = root / "policies" / policy
    text = path.read_text(encoding="utf-8")
    await open_text(client, path, text)
    edit = await client.text_document_rename_async(lsp.RenameParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=position(text, needle, offset=offset),
        new_name=new_name))
    before = {}
    for uri, edits in edit.changes.items():
        f = Path(to_fs_path(uri))
        before[f] = f.read_text(encoding="utf-8")
        f.write_text(apply(before[f], edits), encoding="utf-8")
    await open_text(client, path, path.read_text(encoding="utf-8"))  # the open buffer as saved
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=f.as_uri(), type=lsp.FileChangeType.Changed) for f in before]))
    return before


async def test_renaming_a_fact_edits_the_case_files_that_name_it(client, project):
    assert _hzdsl(project, "test").returncode == 0  # the copy passes before the rename
    before = await _rename_and_apply(client, project, "facts.policy", "「毕业时长」", "毕业年限")
    cases = project / "tests" / "cases"
    assert (cases / "zz_planted.yaml").read_text(encoding="utf-8") == PLANTED_AFTER
    assert cases / "c03" / "04_毕业5年1个月.yaml" in before and project / "examples" / "graduate_startup.yaml" in before
    # 入职时毕业时长 is another fact: the files naming only it are not edited
    assert cases / "c08" / "12_高校毕业生灵活就业社保补贴.yaml" not in before
    # a 说明 holding the old word is free text: untouched, while the 待定事实 beside it is renamed
    c15 = (cases / "c03" / "15_事实未知_待定.yaml").read_text(encoding="utf-8")
    assert "“毕业 5 年以内”缺「毕业时长」；" in c15 and "待定事实 = {毕业时长, 正常经营时长}。" in c15
    assert "待定事实: [毕业年限, 正常经营时长]" in c15
    for f, old in before.items():  # every edit changes only the name: same lines, same comments
        new = f.read_text(encoding="utf-8")
        assert new.replace("毕业年限", "毕业时长") == old, f
    check = _hzdsl(project, "check", "policies")
    assert check.returncode == 0, check.stdout + check.stderr
    test = _hzdsl(project, "test")
    assert test.returncode == 0, test.stdout + test.stderr


async def test_renaming_a_benefit_edits_history_and_expectations(client, project):
    before = await _rename_and_apply(client, project, "c03.policy", "待遇 「一次性创业补贴」", "一次性创业资助", offset=4)
    edited = [f for f in before if f.suffix == ".yaml"]
    assert len(edited) >= 10
    texts = "".join(f.read_text(encoding="utf-8") for f in edited)
    assert "一次性创业资助: {结论" in texts and "{待遇: 一次性创业资助," in texts
    for f, old in before.items():
        assert f.read_text(encoding="utf-8").replace("一次性创业资助", "一次性创业补贴") == old, f
    test = _hzdsl(project, "test")
    assert test.returncode == 0, test.stdout + test.stderr


async def _hover_lpr(client, root: Path) -> str:
    c04 = root / "policies" / "c04.policy"
    text = c04.read_text(encoding="utf-8")
    await open_text(client, c04, text)
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=c04.as_uri()), position=position(text, "「LPR」")))
    return hover.contents.value


def _edit_keeping_times(path: Path, old: str, new: str) -> None:
    """Change `path` so that its size and modification time do not show it: only a notification can."""
    assert len(old.encode()) == len(new.encode())
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


@pytest.mark.parametrize("tell, file, value", [("watched", "13_创业基地小微企业贴息.yaml", "9.85%"),
                                               ("saved", "30_第4笔贷款不得贴息.yaml", "9.75%")])
async def test_hover_shows_a_parameter_value_edited_in_a_case_file(client, project, tell, file, value):
    """The dated values were read once per server: an edit showed only after a restart."""
    case = project / "tests" / "cases" / "c04" / file
    assert value not in await _hover_lpr(client, project)
    _edit_keeping_times(case, "LPR: 3.65%", f"LPR: {value}")
    if tell == "watched":
        client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=case.as_uri(), type=lsp.FileChangeType.Changed)]))
    else:
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=case.as_uri())))
    assert value in await _hover_lpr(client, project)


# ── a rename the YAML files cannot take ──────────────────────────────────────────────────


def _declared(text: str, name: str) -> lsp.Position:
    """Inside the declaration of 「name」 (事实 「name」：…), not a comment above it that names it."""
    return position(text, f"事实 {name}", offset=len("事实 「"))


async def _rename(client, root: Path, policy: str, needle: str, new_name: str):
    path = root / "policies" / policy
    text = path.read_text(encoding="utf-8")
    await open_text(client, path, text)
    return await client.text_document_rename_async(lsp.RenameParams(
        text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=_declared(text, needle),
        new_name=new_name))


async def test_a_history_field_renamed_to_a_word_of_the_record_is_refused(client, project):
    """贷款期限 is a field of 历史 records ({待遇: …, 日期: …, 贷款期限: 1 年}): named 日期, the record would
    have two 日期 (E709) — refused, naming the place, and nothing is edited."""
    with pytest.raises(Exception, match=r"(?s)重命名为「日期」后.*tests/cases/c04/.*\.yaml:\d+:\d+.*E709"):
        await _rename(client, project, "facts.policy", "「贷款期限」", "日期")


async def test_a_name_a_case_file_already_uses_is_refused(client, project):
    """A case that already writes the new name (an undeclared fact, E708 today) would hold the fact twice."""
    planted = project / "tests" / "cases" / "zz_taken.yaml"
    planted.write_text("评估日期: 2023-06-30\n事实: {正常经营时长: 8 个月, 经营期: 3 个月}\n", encoding="utf-8")
    try:
        with pytest.raises(Exception, match=r"(?s)重命名为「经营期」后.*zz_taken\.yaml:2:\d+.*E709"):
            await _rename(client, project, "facts.policy", "「正常经营时长」", "经营期")
    finally:
        planted.unlink()


async def test_prepare_rename_refuses_when_a_case_file_naming_it_is_not_yaml(client, project):
    """A case file that is not valid YAML cannot be read for its names: renaming would leave it behind."""
    broken = project / "tests" / "cases" / "zz_broken.yaml"
    broken.write_text("评估日期: 2023-06-30\n事实: {正常经营时长: 8 个月\n", encoding="utf-8")
    path = project / "policies" / "facts.policy"
    text = path.read_text(encoding="utf-8")
    await open_text(client, path, text)
    try:
        with pytest.raises(Exception, match=r"(?s)zz_broken\.yaml:\d+:\d+.*YAML.*「正常经营时长」"):
            await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(
                text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=_declared(text, "「正常经营时长」")))
        # a name the broken file does not hold is renamed as before
        found = await client.text_document_prepare_rename_async(lsp.PrepareRenameParams(
            text_document=lsp.TextDocumentIdentifier(uri=path.as_uri()), position=_declared(text, "「贷款期限」")))
        assert found is not None
    finally:
        broken.unlink()
