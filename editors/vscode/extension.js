// The VS Code client of the hzdsl language server: starts `hzdsl lsp` (stdio) for .policy files.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

// The client library's own notice when the server cannot start is English ("couldn't create connection
// to server"); the first thing a newcomer meets is a `hzdsl` not on PATH, so say in Chinese what to do.
function explainStartFailure(command, error) {
  const why = error && error.message ? error.message : String(error);
  const message = `无法启动 hzdsl 语言服务器（命令：${command} lsp）。` +
    "请先安装：pip install 'hzdsl[lsp]'；若 hzdsl 不在 PATH 上，在设置 hzdsl.server.command 中写它的路径" +
    `（如 .venv/bin/hzdsl）。原因：${why}`;
  return vscode.window.showErrorMessage(message, "打开设置").then((picked) => {
    if (picked === "打开设置") {
      return vscode.commands.executeCommand("workbench.action.openSettings", "hzdsl.server.command");
    }
    return undefined;
  });
}

function activate(context) {
  const command = vscode.workspace.getConfiguration("hzdsl").get("server.command") || "hzdsl";
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "hzdsl" }, { scheme: "untitled", language: "hzdsl" }],
    // case and parameter files (YAML) too: the hover shows the parameter values they give, read again on a change
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.policy,official.txt,*.yaml,*.yml}") },
  };
  client = new LanguageClient("hzdsl", "hzdsl 语言服务器", serverOptions, clientOptions);
  context.subscriptions.push(client);
  // highlighting and brackets work without the server: activation succeeds, the notice says what is missing
  return client.start().catch((error) => { explainStartFailure(command, error); });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
