// Quick fixes from Finding.fixes. Fix offsets are 0-based UTF-16 offsets into the text the linter saw, so they are
// converted with that text's own positionAt: the open buffer for the linted file, the file on disk (or its open
// buffer) for edits elsewhere.
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../lint/types";
import { toDiagnostic, toLspRange } from "./diagnostics";

/** The text an edit's offsets refer to (its `uri` names it in the edit), or undefined when it cannot be read. */
export type TextOf = (file: string) => TextDocument | undefined;

export function codeActionsFor(findings: Finding[], range: Range, shown: Diagnostic[], textOf: TextOf): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    if (finding.fixes.length === 0 || !overlaps(toLspRange(finding), range)) continue;
    const diagnostic = shown.find((d) => d.code === finding.rule && sameRange(d.range, toLspRange(finding)));
    for (const fix of finding.fixes) {
      const changes: Record<string, LspTextEdit[]> = {};
      let readable = true;
      for (const edit of fix.edits) {
        const doc = textOf(edit.file);
        if (!doc) {
          readable = false;
          break;
        }
        (changes[doc.uri] ??= []).push({
          range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) },
          newText: edit.newText,
        });
      }
      if (!readable) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred === true,
        diagnostics: [diagnostic ?? toDiagnostic(finding)],
        edit: { changes },
      });
    }
  }
  return actions;
}

function before(a: Range["start"], b: Range["start"]): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Touching counts: a cursor right after `Date.now()` still gets its fix. */
function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
