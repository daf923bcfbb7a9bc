// Matches qualified names against the source table, extended by configuration `decls`.
import { isSourceKind, type SourceKind } from "../sourceKinds";
import { TS_API_TABLE, type Access, type ApiEntry } from "./apiTable";

interface CompiledEntry extends ApiEntry {
  pattern: RegExp;
}

function compile(entry: ApiEntry): CompiledEntry {
  const source = entry.name
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^.#]*" : part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return { ...entry, pattern: new RegExp(`^${source}$`) };
}

const BUILT_IN = TS_API_TABLE.map(compile);

/** Workspace functions declared by `decls` keys such as `./util.ts#stableHash`: file (relative) and function name. */
export interface WorkspaceDecl {
  file: string;
  name: string;
  kind: SourceKind | "pure";
}

export class ApiMatcher {
  private readonly entries: CompiledEntry[];
  readonly workspaceDecls: WorkspaceDecl[] = [];
  /** A long handler asks about the same few names (`results.push`, `context.step`) thousands of times. */
  private readonly matches = new Map<string, ApiEntry | undefined>();

  constructor(decls: Record<string, string>) {
    const extra: CompiledEntry[] = [];
    for (const [name, kind] of Object.entries(decls)) {
      if (kind !== "pure" && !isSourceKind(kind)) continue;
      const hash = name.indexOf("#");
      if (name.startsWith(".") && hash > 0) {
        this.workspaceDecls.push({ file: name.slice(0, hash), name: name.slice(hash + 1), kind });
        continue;
      }
      // A user declaration is about calls or reads; match it for every access.
      for (const access of ["call", "new", "read"] as const) extra.push(compile({ name, kind, access }));
    }
    this.entries = [...extra, ...BUILT_IN];
  }

  /** The entry for a qualified name used in `access` form with `argCount` arguments; undefined when none or deterministic. */
  match(qualified: string, access: Access, argCount: number): ApiEntry | undefined {
    const key = `${access}\0${argCount}\0${qualified}`;
    if (this.matches.has(key)) return this.matches.get(key);
    const entry = this.firstMatch(qualified, access, argCount);
    this.matches.set(key, entry);
    return entry;
  }

  private firstMatch(qualified: string, access: Access, argCount: number): ApiEntry | undefined {
    for (const entry of this.entries) {
      if ((entry.access ?? "call") !== access || !entry.pattern.test(qualified)) continue;
      if (entry.maxArgs !== undefined && argCount > entry.maxArgs) return undefined;
      return entry.kind === "pure" ? undefined : entry;
    }
    return undefined;
  }
}
