// The VS Code client of the hzdsl language server: starts `hzdsl lsp` (stdio) for .policy files.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("hzdsl").get("server.command") || "hzdsl";
  const serverOptions = { command, args: ["lsp"], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "hzdsl" }, { scheme: "untitled", language: "hzdsl" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.policy,official.txt}") },
  };
  client = new LanguageClient("hzdsl", "hzdsl 语言服务器", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
