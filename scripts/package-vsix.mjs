// `npm run package`: builds the bundles and packs durable-replay-<version>.vsix with @vscode/vsce, offline.
// Production dependencies (esbuild, which the replay host needs at run time to transpile TypeScript handlers) go
// into the package, so there is no --no-dependencies; everything else is already inside the dist/ bundles.
// esbuild ships a native binary, so the package targets this machine's platform (e.g. linux-x64).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vsce = join(root, "node_modules/@vscode/vsce/vsce");
const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const target = `${process.platform}-${process.arch}`;
const out = process.argv[2] ?? join(root, `${name}-${version}-${target}.vsix`);
/** VSCODEIGNORE=path packs with another ignore file (to try a change before editing .vscodeignore). */
const ignoreFile = process.env.VSCODEIGNORE ? ["--ignoreFile", process.env.VSCODEIGNORE] : [];
/** Files the installed extension cannot work without; .vscodeignore must keep them. */
const REQUIRED = [
  "dist/extension.js",
  "dist/debugAdapter.js",
  "dist/languageServer.js",
  "dist/replayHost.js",
  "dist/replayHooks.mjs",
  "dist/durable_replay_host.py",
  "node_modules/esbuild/lib/main.js",
];

function run(command, args, capture = false) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
  });
  if (result.status !== 0) {
    console.error(
      `package-vsix: \`${[command, ...args].join(" ")}\` failed with exit code ${result.status ?? result.signal}.`,
    );
    process.exit(1);
  }
  return result.stdout;
}

if (!existsSync(vsce)) {
  console.error(
    "package-vsix: @vscode/vsce is not installed (node_modules/@vscode/vsce/vsce is missing); it is a devDependency of this project.",
  );
  process.exit(1);
}
run(process.execPath, [join(root, "scripts/build.mjs")]);
const listed = new Set(
  run(process.execPath, [vsce, "ls", ...ignoreFile], true)
    .split("\n")
    .map((line) => line.trim()),
);
const missing = REQUIRED.filter((file) => !listed.has(file));
if (missing.length > 0) {
  console.error(`package-vsix: the package would lack ${missing.join(", ")}; .vscodeignore must not exclude them.`);
  process.exit(1);
}
// The repository URL is a placeholder, so README links stay relative instead of pointing at a host that does not exist.
run(process.execPath, [
  vsce,
  "package",
  "--allow-missing-repository",
  "--no-rewrite-relative-links",
  ...ignoreFile,
  "--target",
  target,
  "--out",
  out,
]);
console.log(
  `package-vsix: ${relative(process.cwd(), out) || out} (${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB)`,
);
