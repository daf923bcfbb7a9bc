// Wires the LSP connection to the lint worker: documents, push diagnostics, quick fixes, client settings.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../lint/types";
import { codeActionsFor } from "./codeActions";
import { describeError } from "./describeError";
import { analysisFailureDiagnostic, toDiagnostic } from "./diagnostics";
import { LintScheduler, type LintRun } from "./lintScheduler";
import { LintWorkerClient } from "./lintWorkerClient";
import { applyRuleOverrides, DEFAULT_SETTINGS, parseSettings, type LintSettings } from "./settings";

export interface ServerOptions {
  /** Script the lint worker thread loads (the bundled server itself). */
  workerScript: string;
  /** Quiet period that separates a burst of edits from the next one. */
  debounceMs?: number;
}

const WATCHED = "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}";
const CONFIG_FILES = ["durable-lint.json", "package.json", "pyproject.toml"];

export function startLintServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const lastLint = new Map<string, { version: number; findings: Finding[] }>();
  const reported = new Set<string>();
  /** Files whose last lint could not be finished, with the reason: shown on the file, never dropped silently. */
  const failures = new Map<string, string>();
  let settings: LintSettings = DEFAULT_SETTINGS;
  let pullsConfiguration = false;
  let registersConfiguration = false;
  let registersWatchers = false;
  let linter: LintWorkerClient | undefined;
  let settingsLoaded: Promise<void> = Promise.resolve();

  const warnOnce = (key: string, message: string) => {
    if (reported.has(key)) return;
    reported.add(key);
    connection.console.warn(message);
  };

  const fileOf = (uri: string): string | undefined => (uri.startsWith("file:") ? fileURLToPath(uri) : undefined);
  // By path, not by URI text: clients percent-encode URIs differently (VS Code writes `@` as `%40`).
  const openDocumentOf = (file: string): TextDocument | undefined =>
    documents.all().find((doc) => fileOf(doc.uri) === file);

  const publish = (uri: string, version: number | undefined, findings: Finding[]) => {
    if (version !== undefined) lastLint.set(uri, { version, findings });
    else lastLint.delete(uri);
    const file = fileOf(uri);
    const failure = file === undefined ? undefined : failures.get(file);
    const diagnostics = findings.map(toDiagnostic);
    if (failure !== undefined) diagnostics.unshift(analysisFailureDiagnostic(failure));
    connection.sendDiagnostics({ uri, version, diagnostics }).catch(() => {
      // The client went away; there is nobody left to show diagnostics to.
    });
  };

  const relintDependents = async (file: string) => {
    if (!linter) return;
    try {
      for (const dependent of await linter.dependents(file)) {
        const doc = openDocumentOf(dependent);
        if (doc && dependent !== file) scheduler.schedule(doc.uri, false);
      }
    } catch (error) {
      warnOnce(
        `dependents:${describeError(error)}`,
        `durable-lint: could not find the callers of ${file}: ${describeError(error)}`,
      );
    }
  };

  const lintDocument = (uri: string, followDependents: boolean): LintRun => {
    let cancelled = false;
    let cancelRunning = () => {};
    const run = async () => {
      await settingsLoaded;
      const doc = documents.get(uri);
      const file = fileOf(uri);
      if (cancelled || !doc || !file || !linter) return;
      const text = doc.getText();
      // Binary content (a NUL in the first few KB) is nothing a person edits as code; skip it rather than parse it.
      if (!settings.enable || text.slice(0, 8192).includes("\u0000")) {
        publish(uri, doc.version, []);
        return;
      }
      linter.setFile(file, text);
      failures.delete(file);
      const running = linter.lint(file);
      cancelRunning = running.cancel;
      try {
        const result = await running.result;
        if (result.cancelled || cancelled || documents.get(uri)?.version !== doc.version) return;
        publish(uri, doc.version, applyRuleOverrides(result.findings, settings.rules));
      } catch (error) {
        warnOnce(`lint:${file}`, `durable-lint: could not lint ${file}: ${describeError(error)}`);
        return;
      }
      if (followDependents) await relintDependents(file);
    };
    // A run never rejects: whatever goes wrong is logged once and the document keeps its last diagnostics.
    const done = run().catch((error: unknown) =>
      warnOnce(`run:${describeError(error)}`, `durable-lint: linting ${uri} failed: ${describeError(error)}`),
    );
    return {
      cancel: () => {
        cancelled = true;
        cancelRunning();
      },
      done,
    };
  };

  const scheduler = new LintScheduler(lintDocument, options.debounceMs ?? 150);
  const relintAll = () => {
    for (const doc of documents.all()) scheduler.schedule(doc.uri, false);
  };

  const loadSettings = async (pushed?: unknown) => {
    let raw: unknown = pushed;
    if (pullsConfiguration) {
      try {
        raw = await connection.workspace.getConfiguration({ section: "durableLint" });
      } catch (error) {
        warnOnce(
          "configuration",
          `durable-lint: the client did not answer workspace/configuration: ${describeError(error)}`,
        );
      }
    }
    const parsed = parseSettings(raw);
    for (const problem of parsed.problems) connection.console.warn(`durable-lint: ${problem}`);
    settings = parsed.settings;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    pullsConfiguration = caps.workspace?.configuration === true;
    registersConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    registersWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const root = (folder && fileOf(folder)) ?? params.rootPath ?? process.cwd();
    linter = new LintWorkerClient({
      script: options.workerScript,
      root,
      onRuleError: (rule, file, message) => {
        if (rule === "analyzer") {
          failures.set(file, message);
          warnOnce(`analyzer:${file}:${message}`, `durable-lint: could not analyze ${file}: ${message}`);
        } else
          warnOnce(`rule:${rule}`, `durable-lint: rule ${rule} failed on ${file} and was skipped there: ${message}`);
      },
      onWorkerFailure: (message) => warnOnce(`worker:${message}`, `durable-lint: ${message}`),
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: "durable-lint" },
    };
  });

  connection.onInitialized(() => {
    settingsLoaded = loadSettings();
    const refused = (what: string) => (error: unknown) =>
      warnOnce(`register:${what}`, `durable-lint: the client refused ${what}: ${describeError(error)}`);
    if (registersConfiguration) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: "durableLint" })
        .catch(refused("configuration change events"));
    }
    if (registersWatchers) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [WATCHED, ...CONFIG_FILES.map((name) => `**/${name}`)].map((globPattern) => ({ globPattern })),
        })
        .catch(refused("file watching"));
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { durableLint?: unknown } | null)?.durableLint;
    settingsLoaded = loadSettings(pushed);
    relintAll();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (!linter) return;
    for (const change of changes) {
      const file = fileOf(change.uri);
      if (!file) continue;
      if (CONFIG_FILES.includes(basename(file))) {
        // The linter drops its cached configuration when told the file changed; every open file may be affected.
        linter.setFile(file, undefined);
        relintAll();
        continue;
      }
      if (openDocumentOf(file)) continue; // the open buffer, not the disk, is what the user sees
      linter.setFile(file, undefined);
      if (change.type !== FileChangeType.Created) void relintDependents(file);
    }
  });

  // Fires for didOpen too; an opened buffer may differ from the disk its callers were analysed against.
  documents.onDidChangeContent(({ document }) => scheduler.schedule(document.uri, true));
  documents.onDidClose(({ document }) => {
    scheduler.forget(document.uri);
    publish(document.uri, undefined, []);
    const file = fileOf(document.uri);
    if (file && linter) {
      linter.setFile(file, undefined);
      void relintDependents(file);
    }
  });

  connection.onCodeAction(({ textDocument, range, context }) => {
    const doc = documents.get(textDocument.uri);
    const linted = lastLint.get(textDocument.uri);
    if (!doc || !linted || linted.version !== doc.version) return [];
    return codeActionsFor(linted.findings, range, context.diagnostics, (file) => {
      const open = openDocumentOf(file);
      if (open) return open;
      try {
        return TextDocument.create(pathToFileURL(file).href, "plaintext", 0, readFileSync(file, "utf8"));
      } catch {
        return undefined;
      }
    });
  });

  connection.onShutdown(async () => {
    await linter?.dispose();
  });

  documents.listen(connection);
}
