// Applying fixes and compiling the result with the real TypeScript compiler, to prove fixes produce valid code.
import ts from "typescript";
import type { Fix } from "../../../../src/lint/types";
import { fixturePath } from "./lintFixtures";

export function applyFix(text: string, fix: Fix): string {
  return [...fix.edits]
    .sort((a, b) => b.start - a.start)
    .reduce((acc, e) => acc.slice(0, e.start) + e.newText + acc.slice(e.end), text);
}

/** A real TypeScript compile of fixture files whose text may be overridden. */
export class Compiler {
  private readonly texts = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  private readonly service = ts.createLanguageService(
    {
      getScriptFileNames: () => [...this.texts.keys()],
      getScriptVersion: (f) => String(this.versions.get(f) ?? 0),
      getScriptSnapshot: (f) => {
        const text = this.texts.get(f) ?? ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => fixturePath(),
      getCompilationSettings: () => ({
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ["node"],
      }),
      getDefaultLibFileName: ts.getDefaultLibFilePath,
      fileExists: (f) => this.texts.has(f) || ts.sys.fileExists(f),
      readFile: (f) => this.texts.get(f) ?? ts.sys.readFile(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    },
    ts.createDocumentRegistry(),
  );

  errors(file: string, text: string): string[] {
    this.texts.set(file, text);
    this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
    return [...this.service.getSyntacticDiagnostics(file), ...this.service.getSemanticDiagnostics(file)].map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    );
  }
}
