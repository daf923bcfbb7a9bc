// A real LSP client for tests: spawns dist/languageServer.js over stdio and speaks JSON-RPC to it, the way an
// editor does. Also builds throw-away workspaces whose node_modules is this repo's, so the SDK types resolve.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type {
  CodeAction,
  Diagnostic,
  InitializeParams,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";

export const repo = resolve(__dirname, "../..");
/** The bundles under test; DURABLE_LINT_DIST points at a copy when others rebuild dist/ in a shared tree. */
const dist = process.env.DURABLE_LINT_DIST ?? join(repo, "dist");

export function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "durable-lint-ws-"));
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"), "dir");
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "preserve",
      moduleResolution: "bundler",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["**/*.ts"],
    exclude: ["node_modules"],
  };
  writeWorkspaceFile(root, "tsconfig.json", JSON.stringify(tsconfig, null, 2));
  for (const [name, text] of Object.entries(files)) writeWorkspaceFile(root, name, text);
  return root;
}

export function writeWorkspaceFile(root: string, name: string, text: string): string {
  const file = join(root, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export function removeWorkspace(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Five lines of a long generated handler body: a step, a conditional wait, a push of the result. */
export function stepBlock(i: number): string[] {
  return [
    `  const r${i} = await context.step("step-${i}", async () => ({ n: ${i}, sku: event.sku }));`,
    `  if (r${i}.n % 7 === 0) {`,
    `    await context.wait({ seconds: ${(i % 30) + 1} });`,
    "  }",
    `  results.push(r${i}.n);`,
  ];
}

/** Applies the edits a code action makes to one document's text. */
export function applyWorkspaceEdit(uri: string, text: string, edit: WorkspaceEdit | undefined): string {
  const edits: TextEdit[] = edit?.changes?.[uri] ?? [];
  return TextDocument.applyEdits(TextDocument.create(uri, "plaintext", 0, text), edits);
}

type Waiter = {
  uri: string;
  accept(params: PublishDiagnosticsParams): boolean;
  resolve(params: PublishDiagnosticsParams): void;
};

export class LspSession {
  readonly latest = new Map<string, PublishDiagnosticsParams>();
  readonly logs: string[] = [];
  /** What the server gets back for `workspace/configuration` section `durableLint`. */
  settings: unknown = {};
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    private readonly process: ChildProcess,
    private readonly connection: MessageConnection,
  ) {
    process.on("exit", () => (this.exited = true));
    connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.accept(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onNotification("window/logMessage", (params: { message: string }) => this.logs.push(params.message));
    connection.onRequest("workspace/configuration", (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === "durableLint" ? this.settings : null)),
    );
    connection.onRequest("client/registerCapability", () => null);
  }

  static async start(root: string, settings: unknown = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [join(dist, "languageServer.js"), "--stdio"], {
      cwd: root,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const session = new LspSession(child, connection);
    session.settings = settings;
    connection.listen();
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: "ws" }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
    };
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`the language server exited with code ${code} during initialize`))),
    );
    await Promise.race([connection.sendRequest("initialize", params), exited]);
    await connection.sendNotification("initialized", {});
    return session;
  }

  get alive(): boolean {
    return !this.exited;
  }

  open(file: string, text: string): string {
    const uri = pathToFileURL(file).href;
    const languageId = file.endsWith(".py") ? "python" : "typescript";
    this.versions.set(uri, 1);
    void this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** The last version sent for `uri`. */
  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** Replaces the whole text; returns the new version. */
  change(uri: string, text: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Types one character at `offset` of `text` (an incremental change, as editors send while typing). */
  type(uri: string, text: string, offset: number, char: string): number {
    const doc = TextDocument.create(uri, "typescript", 0, text);
    const at = doc.positionAt(offset);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: char }],
    });
    return version;
  }

  /** Deletes `length` characters at `offset` of `text` (a backspace or a selection deleted); returns the new version. */
  erase(uri: string, text: string, offset: number, length: number): number {
    const doc = TextDocument.create(uri, "typescript", 0, text);
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: doc.positionAt(offset), end: doc.positionAt(offset + length) }, text: "" }],
    });
    return version;
  }

  /** Tells the server files changed on disk (type 2 = Changed), as the editor's file watcher does. */
  filesChanged(files: string[]): void {
    void this.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: files.map((file) => ({ uri: pathToFileURL(file).href, type: 2 })),
    });
  }

  configurationChanged(settings: unknown): void {
    this.settings = settings;
    void this.connection.sendNotification("workspace/didChangeConfiguration", { settings: { durableLint: settings } });
  }

  /** Resolves with the first publication for `uri` that `accept` takes (including one already received). */
  diagnostics(
    uri: string,
    accept: (params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 120_000,
  ): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest && accept(latest)) return Promise.resolve(latest);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest.get(uri))}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        accept,
        resolve: (params) => {
          clearTimeout(timer);
          resolvePromise(params);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Diagnostics for exactly this version of the document. */
  diagnosticsFor(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (p) => p.version === version, timeoutMs).then((p) => p.diagnostics);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await this.connection.sendRequest("shutdown").catch(() => undefined);
      await this.connection.sendNotification("exit").catch(() => undefined);
    }
    this.connection.dispose();
    await new Promise<void>((done) => {
      if (this.exited) return done();
      const timer = setTimeout(() => {
        this.process.kill();
        done();
      }, 2000);
      this.process.once("exit", () => {
        clearTimeout(timer);
        done();
      });
    });
  }
}
