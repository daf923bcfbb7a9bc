// Finds durable handlers in source text, for the CodeLens and the handler picker. A text scan, not the linter's type
// analysis: it must be instant on every keystroke and needs only the exported name and its line.

export interface HandlerDeclaration {
  /** Exported name (`handler`, `default`) or, for Python, the decorated function's name. */
  exportName: string;
  /** 0-based line of the declaration. */
  line: number;
}

const JS_EXPORTS: readonly RegExp[] = [
  /^\s*export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*withDurableExecution\s*[(<]/,
  /^\s*export\s+default\s+withDurableExecution\s*[(<]/,
  /^\s*(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=\s*withDurableExecution\s*\(/,
];
const PY_DECORATOR = /^\s*@\s*(?:[A-Za-z_]\w*\.)*durable_execution\b/;
const PY_DEF = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/;

export function findHandlers(text: string, languageId: string): HandlerDeclaration[] {
  const lines = text.split(/\r?\n/);
  const found: HandlerDeclaration[] = [];
  if (languageId === "python") {
    lines.forEach((line, index) => {
      if (!PY_DECORATOR.test(line)) return;
      // The decorated def follows, possibly after more decorators.
      for (let next = index + 1; next < lines.length && next <= index + 10; next++) {
        const def = PY_DEF.exec(lines[next]);
        if (def) {
          found.push({ exportName: def[1], line: next });
          return;
        }
        if (!/^\s*(@|#|$)/.test(lines[next])) return;
      }
    });
    return found;
  }
  lines.forEach((line, index) => {
    for (const pattern of JS_EXPORTS) {
      const match = pattern.exec(line);
      if (match) {
        found.push({ exportName: match[1] ?? "default", line: index });
        return;
      }
    }
  });
  return found;
}

/** Quick filter before a line scan: a file that names neither wrapper declares no handler. */
export function mayDeclareHandler(text: string): boolean {
  return text.includes("withDurableExecution") || text.includes("durable_execution");
}
