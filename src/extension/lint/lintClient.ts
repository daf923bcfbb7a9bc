// The determinism lint in the editor: a language client for dist/languageServer.js over Node IPC, for TS, JS and
// Python files. Diagnostics, quick fixes (the lightbulb) and the `durableLint` settings come from the server.
import * as vscode from "vscode";
import { DURABLE_LANGUAGES } from "../durableLanguages";
import { markPositionShiftingFixes } from "./positionShiftingFixes";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

export async function startLintClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = vscode.Uri.joinPath(context.extensionUri, "dist", "languageServer.js").fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DURABLE_LANGUAGES.map((language) => ({ scheme: "file", language })),
    outputChannelName: "Durable Lint",
    middleware: {
      async provideCodeActions(document, range, context, token, next) {
        const actions = await next(document, range, context, token);
        return actions ? markPositionShiftingFixes(actions, document) : actions;
      },
    },
  };
  const client = new LanguageClient("durableLint", "Durable Lint", serverOptions, clientOptions);
  await client.start();
  return client;
}
