"""The language server knows the workspace's policy folders from the start: workspace symbols
answer before any document is opened (the repository root holds policies/ one level down)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .conftest import POLICIES, REPO

HZDSL = str(Path(sys.executable).parent / "hzdsl")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[HZDSL, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=REPO.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=REPO.as_uri(), name="hzdsl")]))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_workspace_symbols_before_any_document_is_open(client):
    syms = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="重点人群"))
    [term] = [s for s in syms if s.name == "「重点人群」"]
    assert term.location.uri == (POLICIES / "c03.policy").as_uri()
    assert client.diagnostics == {}  # nothing is published for files nobody opened
