// Finds durable handlers in source text, for the CodeLens and the handler picker. A text scan, not the linter's type
// analysis: it must be instant on every keystroke and needs only the exported name and its line.

export interface HandlerDeclaration {
  /** Exported name (`handler`, `default`) or, for Python, the decorated function's name. */
  exportName: string;
  /** 0-based line of the declaration. */
  line: number;
}

const IDENT = "[A-Za-z_$][\\w$]*";
/** `withDurableExecution(` or `withDurableExecution<In, Out>(`. */
const WRAP = "withDurableExecution\\s*[(<]";
/** Declarations that export the wrapper's result directly. */
const JS_EXPORTS: readonly RegExp[] = [
  new RegExp(`^\\s*export\\s+(?:const|let|var)\\s+(${IDENT})\\s*(?::[^=]+)?=\\s*${WRAP}`),
  new RegExp(`^\\s*export\\s+default\\s+${WRAP}`),
  new RegExp(`^\\s*(?:module\\.)?exports\\.(${IDENT})\\s*=\\s*${WRAP}`),
  new RegExp(`^\\s*(?:module\\.)?exports\\[["'](${IDENT})["']\\]\\s*=\\s*${WRAP}`),
];
/** `module.exports = withDurableExecution(`: the module is the handler, replayed with `export: "default"`. */
const MODULE_IS_HANDLER = new RegExp(`^\\s*module\\.exports\\s*=\\s*${WRAP}`);
/** A wrapped handler kept in a variable first, exported further down. */
const LOCAL = new RegExp(`^\\s*(?:const|let|var)\\s+(${IDENT})\\s*(?::[^=]+)?=\\s*${WRAP}`);
const EXPORT_LIST = /^\s*export\s*\{([^}]*)\}\s*;?\s*(?:\/\/.*)?$/;
const EXPORT_DEFAULT_NAME = new RegExp(`^\\s*export\\s+default\\s+(${IDENT})\\s*;?\\s*$`);
const EXPORTS_ALIAS = new RegExp(`^\\s*(?:module\\.)?exports\\.(${IDENT})\\s*=\\s*(${IDENT})\\s*;?\\s*$`);
const MODULE_OBJECT = /^\s*module\.exports\s*=\s*\{\s*(.*)$/;
const OBJECT_ENTRY = new RegExp(`^\\s*(${IDENT})\\s*(?::\\s*(.*?))?\\s*,?\\s*(?:\\}\\s*;?)?\\s*$`);

/** Handlers exported through a variable, an export list or a `module.exports = { … }` object. */
function indirectExports(lines: string[]): HandlerDeclaration[] {
  const locals = new Map<string, number>();
  lines.forEach((line, index) => {
    const local = LOCAL.exec(line);
    if (local) locals.set(local[1], index);
  });
  const found: HandlerDeclaration[] = [];
  const exportLocal = (local: string, exportName: string): void => {
    const line = locals.get(local);
    if (line !== undefined) found.push({ exportName, line });
  };
  lines.forEach((line, index) => {
    const list = EXPORT_LIST.exec(line);
    if (list) {
      for (const item of list[1].split(",")) {
        const [local, exported] = item.trim().split(/\s+as\s+/);
        if (local) exportLocal(local, exported ?? local);
      }
      return;
    }
    const defaultName = EXPORT_DEFAULT_NAME.exec(line);
    if (defaultName) return exportLocal(defaultName[1], "default");
    const alias = EXPORTS_ALIAS.exec(line);
    if (alias) return exportLocal(alias[2], alias[1]);
    const object = MODULE_OBJECT.exec(line);
    if (!object) return;
    // One entry per line (what formatters produce), read at the object's own nesting level only.
    const entries = [object[1], ...lines.slice(index + 1)];
    let depth = 0;
    for (let i = 0; i < entries.length && depth >= 0; i++) {
      const text = entries[i];
      const entry = depth === 0 ? OBJECT_ENTRY.exec(text) : null;
      if (entry) {
        const value = entry[2];
        if (value === undefined || value === "") exportLocal(entry[1], entry[1]);
        else if (new RegExp(`^${WRAP}`).test(value)) found.push({ exportName: entry[1], line: index + i });
        else if (new RegExp(`^${IDENT}$`).test(value)) exportLocal(value, entry[1]);
      }
      for (const char of text) depth += "{([".includes(char) ? 1 : ")}]".includes(char) ? -1 : 0;
    }
  });
  return found;
}
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
    if (MODULE_IS_HANDLER.test(line)) {
      found.push({ exportName: "default", line: index });
      return;
    }
    for (const pattern of JS_EXPORTS) {
      const match = pattern.exec(line);
      if (match) {
        found.push({ exportName: match[1] ?? "default", line: index });
        return;
      }
    }
  });
  for (const indirect of indirectExports(lines)) {
    if (!found.some((h) => h.exportName === indirect.exportName && h.line === indirect.line)) found.push(indirect);
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Quick filter before a line scan: a file that names neither wrapper declares no handler. */
export function mayDeclareHandler(text: string): boolean {
  return text.includes("withDurableExecution") || text.includes("durable_execution");
}
