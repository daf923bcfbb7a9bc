// Bundles one file per process with esbuild: extension, debug adapter, language server, replay host, CLIs.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const dist = join(root, "dist");
// Outputs are overwritten in place: tests and tools running from dist/ keep working during a rebuild.
mkdirSync(dist, { recursive: true });

const processes = {
  extension: "src/extension/extension.ts",
  debugAdapter: "src/debugAdapter/main.ts",
  languageServer: "src/languageServer/main.ts",
};
const clis = {
  "durable-replay": "src/cli/durableReplay.ts",
  "durable-lint": "src/cli/durableLint.ts",
};

const common = {
  absWorkingDir: root,
  outdir: dist,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // `vscode` is provided by the editor; the user's SDK must come from the user's project, never from us;
  // esbuild ships a native binary and is loaded from our own node_modules.
  external: ["vscode", "esbuild", "@aws/durable-execution-sdk-js", "@aws/durable-execution-sdk-js-testing"],
  sourcemap: "linked",
  logLevel: "warning",
};
const toEntries = (map) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, join(root, v)]));
await Promise.all([
  build({ ...common, entryPoints: toEntries(processes) }),
  // The SDK recognises the injected event by its class name, so the host keeps names (elsewhere keepNames makes the
  // bundled TypeScript compiler many times slower).
  build({ ...common, keepNames: true, entryPoints: toEntries({ replayHost: "src/replay/node/host.ts" }) }),
  // Node loads ESM loader hooks as a module of their own, in the loader thread.
  build({
    ...common,
    format: "esm",
    entryPoints: { replayHooks: join(root, "src/replay/node/loaderHooks.ts") },
    outExtension: { ".js": ".mjs" },
  }),
  build({ ...common, entryPoints: toEntries(clis), banner: { js: "#!/usr/bin/env node" } }),
]);

// The Python replay host runs under the user's interpreter, as source.
cpSync(join(root, "src/replay/python/durable_replay_host.py"), join(dist, "durable_replay_host.py"));
// Grammar and runtime WASM for the Python analyzer are loaded from disk at run time.
cpSync(require.resolve("web-tree-sitter/tree-sitter.wasm"), join(dist, "tree-sitter.wasm"));
cpSync(require.resolve("tree-sitter-python/tree-sitter-python.wasm"), join(dist, "tree-sitter-python.wasm"));
// The bundled TypeScript compiler looks for its library declarations next to the bundle (the linter's checker).
const tsLib = dirname(require.resolve("typescript/lib/typescript.js"));
for (const file of readdirSync(tsLib)) {
  if (/^lib\..*\.d\.ts$/.test(file)) cpSync(join(tsLib, file), join(dist, file));
}
