// The Python files of a workspace: their current text (editor buffer or disk), parsed models, and import
// resolution relative to the importing file and the workspace root.
import { nestingProblem } from "../nestingDepth";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { PythonParser } from "./grammar";
import { buildModuleModel, type ModuleModel, type RawImport } from "./moduleModel";

/** Files larger than this are not parsed: they are almost surely generated or data. */
const MAX_FILE_CHARS = 2_000_000;
const MAX_DISCOVERED_FILES = 5000;
const SKIPPED_DIRS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".venv",
  "venv",
  "env",
  ".env",
  "__pycache__",
  "site-packages",
  "dist",
  "build",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  "cdk.out",
  ".aws-sam",
  ".idea",
  ".vscode",
]);

export type ImportTarget =
  | { kind: "external"; qualified: string }
  | { kind: "module"; file: string }
  | { kind: "member"; file: string; name: string };

interface Entry {
  model: ModuleModel;
  mtimeMs?: number;
  size?: number;
}

export class PythonWorkspace {
  private readonly overrides = new Map<string, string>();
  private readonly entries = new Map<string, Entry>();
  private discovered: string[] | undefined;
  /** Import resolution hits the disk; results hold until any file changes. */
  private readonly importCache = new Map<string, ImportTarget>();
  /** Bumped whenever any file's model changes, so cross-file results can be cached against it. */
  version = 0;

  constructor(
    readonly root: string,
    private readonly parser: PythonParser,
  ) {}

  setFile(file: string, text: string | undefined): void {
    file = path.resolve(file);
    if (text === undefined) this.overrides.delete(file);
    else this.overrides.set(file, text);
    this.entries.delete(file);
    this.importCache.clear();
    if (this.discovered && !this.discovered.includes(file) && file.endsWith(".py")) this.discovered.push(file);
    this.version++;
  }

  /** The file's model, re-read from disk when it changed there. Throws an Error whose message names the file and the problem. */
  model(file: string): ModuleModel {
    file = path.resolve(file);
    const override = this.overrides.get(file);
    const cached = this.entries.get(file);
    if (override === undefined) {
      let stat;
      try {
        stat = statSync(file);
      } catch {
        throw new Error(`${file}: cannot read the file`);
      }
      if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.model;
      if (stat.size > MAX_FILE_CHARS * 2) throw new Error(`${file}: ${stat.size} bytes is too large to analyze`);
      const model = this.build(file, readFileSync(file, "utf8"));
      this.entries.set(file, { model, mtimeMs: stat.mtimeMs, size: stat.size });
      return model;
    }
    if (cached) return cached.model;
    const model = this.build(file, override);
    this.entries.set(file, { model });
    return model;
  }

  /** Like `model`, but undefined for a file that cannot be analyzed (other files must not fail this one). */
  tryModel(file: string): ModuleModel | undefined {
    try {
      return this.model(file);
    } catch {
      return undefined;
    }
  }

  private build(file: string, text: string): ModuleModel {
    if (text.length > MAX_FILE_CHARS) throw new Error(`${file}: ${text.length} characters is too large to analyze`);
    if (text.includes("\u0000")) throw new Error(`${file}: looks like a binary file (it contains NUL bytes)`);
    const nesting = nestingProblem(text, true);
    if (nesting) throw new Error(`${file}: ${nesting}`);
    const parsed = this.parser.parse(file, text);
    this.version++;
    this.importCache.clear();
    return buildModuleModel(file, text, parsed.root);
  }

  /** Every analyzable Python file under the root plus any file opened from elsewhere. */
  allModels(): ModuleModel[] {
    if (!this.discovered) {
      this.discovered = [];
      discover(this.root, this.discovered);
      for (const f of this.overrides.keys()) if (!this.discovered.includes(f)) this.discovered.push(f);
    }
    const out: ModuleModel[] = [];
    for (const f of this.discovered) {
      const m = this.tryModel(f);
      if (m) out.push(m);
    }
    return out;
  }

  ensureKnown(file: string): void {
    this.allModels();
    file = path.resolve(file);
    if (!this.discovered!.includes(file)) this.discovered!.push(file);
  }

  resolveImport(fromFile: string, raw: RawImport): ImportTarget {
    const key = `${fromFile}\0${raw.module}\0${raw.level}\0${raw.name ?? ""}`;
    let target = this.importCache.get(key);
    if (!target) this.importCache.set(key, (target = this.findImport(fromFile, raw)));
    return target;
  }

  private findImport(fromFile: string, raw: RawImport): ImportTarget {
    const bases =
      raw.level > 0
        ? [relativeBase(fromFile, raw.level)]
        : [path.dirname(fromFile), this.root, path.join(this.root, "src")];
    const parts = raw.module ? raw.module.split(".") : [];
    for (const base of bases) {
      if (raw.name !== undefined) {
        const sub = this.moduleFile(path.join(base, ...parts, raw.name));
        if (sub) return { kind: "module", file: sub };
        const mod = parts.length ? this.moduleFile(path.join(base, ...parts)) : this.moduleFile(base);
        if (mod) return { kind: "member", file: mod, name: raw.name };
      } else {
        const mod = this.moduleFile(path.join(base, ...parts));
        if (mod) return { kind: "module", file: mod };
      }
    }
    const dotted = raw.name !== undefined ? (raw.module ? `${raw.module}.${raw.name}` : raw.name) : raw.module;
    return { kind: "external", qualified: dotted };
  }

  /** `x/y.py` or `x/y/__init__.py` for a module path without extension. */
  moduleFile(base: string): string | undefined {
    for (const candidate of [`${base}.py`, path.join(base, "__init__.py")]) {
      if (this.overrides.has(candidate) || this.entries.has(candidate)) return candidate;
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not there; try the next form
      }
    }
    return undefined;
  }

  /** Dotted module name of a workspace file relative to the root (`pkg.helpers`). */
  moduleName(file: string): string {
    const rel = path
      .relative(this.root, file)
      .replace(/\\/g, "/")
      .replace(/\.py$/, "")
      .replace(/\/__init__$/, "");
    return rel.split("/").join(".");
  }
}

function relativeBase(fromFile: string, level: number): string {
  let dir = path.dirname(fromFile);
  for (let i = 1; i < level; i++) dir = path.dirname(dir);
  return dir;
}

function discover(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= MAX_DISCOVERED_FILES) return;
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith(".")) discover(path.join(dir, e.name), out);
    } else if (e.isFile() && e.name.endsWith(".py")) out.push(path.join(dir, e.name));
  }
}
