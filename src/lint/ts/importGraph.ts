// Which workspace files can reach a file's functions: the file itself and those that import it, directly or through
// other files. A root anywhere else cannot name those functions, so linting the file needs only these files' roots.
import ts from "typescript";

/** The module specifiers of a file as the compiler collected them (imports, re-exports, `require`, `import()`). */
type WithImports = ts.SourceFile & { imports?: readonly ts.StringLiteralLike[] };

export class ImportGraph {
  private readonly importers = new Map<string, string[]>();
  /** False when the compiler did not expose a file's imports: then any file may reach any other. */
  private readonly known: boolean;

  constructor(
    private readonly program: ts.Program,
    isWorkspaceFile: (file: ts.SourceFile) => boolean,
  ) {
    const checker = program.getTypeChecker();
    let known = true;
    for (const file of program.getSourceFiles() as readonly WithImports[]) {
      if (!isWorkspaceFile(file)) continue;
      if (!file.imports) {
        known = false;
        break;
      }
      for (const literal of file.imports) {
        for (const decl of checker.getSymbolAtLocation(literal)?.declarations ?? []) {
          if (!ts.isSourceFile(decl) || decl === file) continue;
          let list = this.importers.get(decl.fileName);
          if (!list) this.importers.set(decl.fileName, (list = []));
          list.push(file.fileName);
        }
      }
    }
    this.known = known;
  }

  /**
   * `fileName` and every file importing it directly or not; `undefined` (every file) when that cannot be known, or
   * when the file is a script whose declarations are global and so reachable without an import.
   */
  reaching(fileName: string): ReadonlySet<string> | undefined {
    const file = this.program.getSourceFile(fileName);
    if (!this.known || !file || !ts.isExternalModule(file)) return undefined;
    return closure(fileName, (name) => this.importers.get(name));
  }
}

/** `start` and everything reachable from it through `next`. */
export function closure(start: string, next: (name: string) => Iterable<string> | undefined): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const other of next(queue.pop() as string) ?? []) {
      if (seen.has(other)) continue;
      seen.add(other);
      queue.push(other);
    }
  }
  return seen;
}
