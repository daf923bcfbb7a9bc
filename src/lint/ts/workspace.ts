// One TypeScript LanguageService per workspace: the program is rebuilt incrementally after each edit (unchanged
// files keep their parsed and bound SourceFile), so linting after a keystroke costs about one file's worth of work.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve, sep } from "node:path";
import ts from "typescript";
import { nestingProblem } from "../nestingDepth";
import { listSourceFiles } from "../sourceFiles";

export const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

/** Compiler options when the workspace has no tsconfig.json: resolve like a bundler, read JS, never emit. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  strict: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
};

export class TsWorkspace {
  private readonly refused = new Map<string, string>();
  readonly service: ts.LanguageService;
  private readonly rootNames = new Set<string>();
  private readonly versions = new Map<string, number>();
  private readonly overrides = new Map<string, string>();
  private readonly snapshots = new Map<string, { version: number; snapshot: ts.IScriptSnapshot }>();
  private readonly paths = new Map<string, string>();
  private projectVersion = 0;
  private readonly options: ts.CompilerOptions;
  /**
   * Kept across programs: without it every edit looks up the package.json scope of every file in the program again
   * (hundreds of stat calls). Cleared when the set of files on disk or in buffers may have changed.
   */
  private resolutionCache: ts.ModuleResolutionCache;
  /** The nearest tsconfig.json at or below the root, per folder of an importing file (undefined: the root's). */
  private readonly configByDir = new Map<string, string | undefined>();
  /** Options and resolution cache per nested tsconfig.json, so each service of a monorepo resolves its own `paths`. */
  private readonly nested = new Map<string, { options: ts.CompilerOptions; cache?: ts.ModuleResolutionCache }>();

  /** Where `lib.*.d.ts` live: next to the TypeScript we run, or (inside a bundle) the workspace's own TypeScript. */
  private readonly libFolder: string;

  constructor(readonly root: string) {
    this.libFolder = defaultLibFolder(root);
    const own = readTsconfig(join(root, "tsconfig.json"));
    // Path-based options are relative to the config file's folder; the parser already resolved them.
    this.options = {
      ...(own ? { ...own, configFilePath: undefined, rootDir: own.rootDir ?? root } : DEFAULT_OPTIONS),
      allowJs: true,
      noEmit: true,
      skipLibCheck: true,
    };
    for (const file of listSourceFiles([root], new Set(TS_EXTENSIONS))) this.rootNames.add(file);
    this.resolutionCache = this.newResolutionCache();
    // The language service hands `getModuleResolutionCache` on to the program (which then keeps package.json
    // lookups in it); the public host type just does not declare it.
    const host: ts.LanguageServiceHost & Pick<ts.CompilerHost, "getModuleResolutionCache"> = {
      getProjectVersion: () => String(this.projectVersion),
      getScriptFileNames: () => [...this.rootNames],
      getScriptVersion: (file) => String(this.versions.get(this.pathOf(file)) ?? 0),
      getScriptSnapshot: (file) => this.snapshotOf(this.pathOf(file)),
      getCurrentDirectory: () => root,
      getCompilationSettings: () => this.options,
      getDefaultLibFileName: (options) => join(this.libFolder, basename(ts.getDefaultLibFilePath(options))),
      fileExists: (file) => this.overrides.has(resolve(file)) || ts.sys.fileExists(file),
      readFile: (file) => this.textOf(resolve(file)),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      resolveModuleNameLiterals: (literals, containingFile, redirected, options, containingSourceFile) => {
        const own = this.resolutionFor(containingFile);
        const fileOptions = own?.options ?? options;
        const cache = own ? (own.cache ??= this.newResolutionCache(own.options)) : this.resolutionCache;
        return literals.map((literal) =>
          ts.resolveModuleName(
            literal.text,
            containingFile,
            fileOptions,
            host,
            cache,
            redirected,
            ts.getModeForUsageLocation(containingSourceFile, literal, fileOptions),
          ),
        );
      },
      getModuleResolutionCache: () => this.resolutionCache,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** An open buffer's text, or `undefined` to read the disk again. */
  setFile(file: string, text: string | undefined): void {
    const path = resolve(file);
    // Typing in an open buffer cannot add or remove files; a disk change or a buffer opening or closing can.
    if (text === undefined || !this.overrides.has(path)) this.forgetResolutions();
    if (text === undefined) this.overrides.delete(path);
    else this.overrides.set(path, text);
    this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
    this.projectVersion++;
  }

  /** Makes sure `file` is part of the program (files outside the root folder are added on first use). */
  include(file: string): void {
    const path = resolve(file);
    if (this.rootNames.has(path)) return;
    this.rootNames.add(path);
    this.forgetResolutions();
    this.projectVersion++;
  }

  /** The service asks about every file of the program (hundreds) on each update; resolving each name costs more. */
  private pathOf(file: string): string {
    let path = this.paths.get(file);
    if (path === undefined) this.paths.set(file, (path = resolve(file)));
    return path;
  }

  private newResolutionCache(options = this.options): ts.ModuleResolutionCache {
    return ts.createModuleResolutionCache(
      this.root,
      (name) => (ts.sys.useCaseSensitiveFileNames ? name : name.toLowerCase()),
      options,
    );
  }

  private forgetResolutions(): void {
    this.resolutionCache = this.newResolutionCache();
    for (const entry of this.nested.values()) entry.cache = undefined;
  }

  /**
   * How imports of `file` resolve when a tsconfig.json nearer than the root's governs it (`paths`, `baseUrl`, module
   * resolution of one service in a monorepo linted from the repository root); undefined for the root's own options.
   */
  private resolutionFor(file: string): { options: ts.CompilerOptions; cache?: ts.ModuleResolutionCache } | undefined {
    if (file.includes("/node_modules/")) return undefined;
    const config = this.nearestConfig(dirname(resolve(file)));
    if (!config) return undefined;
    let entry = this.nested.get(config);
    if (!entry) {
      const options = readTsconfig(config);
      if (!options) return undefined;
      this.nested.set(config, (entry = { options }));
    }
    return entry;
  }

  private nearestConfig(dir: string): string | undefined {
    if (this.configByDir.has(dir)) return this.configByDir.get(dir);
    let found: string | undefined;
    const inside = dir === this.root || dir.startsWith(this.root + sep);
    if (inside && dir !== this.root) {
      const candidate = join(dir, "tsconfig.json");
      found = ts.sys.fileExists(candidate) ? candidate : this.nearestConfig(dirname(dir));
    }
    this.configByDir.set(dir, found);
    return found;
  }

  program(): ts.Program {
    const program = this.service.getProgram();
    if (!program) throw new Error("the TypeScript language service produced no program");
    return program;
  }

  /**
   * The language service asks for the snapshot of every file on every update; reading them all from disk again
   * would cost more than the edit itself, so snapshots are kept until the file's version changes.
   */
  private snapshotOf(file: string): ts.IScriptSnapshot | undefined {
    const version = this.versions.get(file) ?? 0;
    const cached = this.snapshots.get(file);
    if (cached && cached.version === version) return cached.snapshot;
    let text = this.textOf(file);
    if (text === undefined) return undefined;
    const problem = file.includes("/node_modules/") ? undefined : nestingProblem(text, false);
    if (problem) {
      // Left out of the program (its exports become `any`) so that the files importing it are still analyzed.
      this.refused.set(file, problem);
      text = "export {};\n";
    } else this.refused.delete(file);
    const snapshot = new EditedSnapshot(text);
    this.snapshots.set(file, { version, snapshot });
    return snapshot;
  }

  /** Why a workspace file was left out of the program (see nestingDepth.ts), if it was. */
  refusal(file: string): string | undefined {
    return this.refused.get(file);
  }

  isWorkspaceFile(file: ts.SourceFile): boolean {
    return !file.isDeclarationFile && !file.fileName.includes("/node_modules/");
  }

  private textOf(file: string): string | undefined {
    const open = this.overrides.get(file);
    if (open !== undefined) return open;
    try {
      // A binary file parses as garbage but must not crash anything; very large files are still read.
      return statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A tsconfig.json's compiler options (with `extends`); undefined when it is missing or unreadable. */
function readTsconfig(file: string): ts.CompilerOptions | undefined {
  if (!ts.sys.fileExists(file)) return undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  return parsed?.options;
}

function defaultLibFolder(root: string): string {
  const own = dirname(ts.getDefaultLibFilePath(DEFAULT_OPTIONS));
  if (existsSync(join(own, "lib.es5.d.ts"))) return own;
  try {
    return dirname(createRequire(join(root, "package.json")).resolve("typescript/lib/lib.es5.d.ts"));
  } catch {
    return own;
  }
}

/**
 * A snapshot that tells the language service which span changed since the previous one, so that an edit in a long
 * file reparses only around the change instead of the whole file.
 */
class EditedSnapshot implements ts.IScriptSnapshot {
  constructor(private readonly text: string) {}

  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  getChangeRange(old: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(old instanceof EditedSnapshot)) return undefined;
    const a = old.text;
    const b = this.text;
    const max = Math.min(a.length, b.length);
    let prefix = 0;
    while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix))
      suffix++;
    return ts.createTextChangeRange(ts.createTextSpan(prefix, a.length - suffix - prefix), b.length - suffix - prefix);
  }
}
