// Lint precision corpus: durable code written by AWS as correct usage (SDK examples, conformance handlers,
// documentation examples, aws-samples), linted by `dist/durable-lint.js`. The code is third-party, so it never
// enters this repository: `collect` copies the files named below out of local git mirrors into a folder of your
// choice, with a manifest of repository, commit and paths; `run` lints that folder and prints findings by rule and
// severity, and every finding one per line for judging by hand (false or true positive).
//
//   npx tsx bench/lintCorpus.ts collect <mirrors> <corpus>   # <mirrors>/<owner>+<name>/repo is a bare git mirror
//   npx tsx bench/lintCorpus.ts run <corpus>
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface Source {
  repo: string;
  /** Path prefixes inside the repository. */
  under: string[];
  /** Paths matching this are left out (tests, build scripts, generated and configuration files). */
  skip?: RegExp;
}

const CODE = /\.(ts|mts|js|mjs|py)$/;
const NOT_HANDLERS =
  /(\.test\.|\.spec\.|__tests__|\/tests?\/|\.d\.ts$|jest\.|rollup\.|eslint\.|\/scripts\/|\/cdk|\/infra|conftest\.py|setup\.py)/;

const SOURCES: Source[] = [
  { repo: "aws/aws-durable-execution-sdk-js", under: ["packages/aws-durable-execution-sdk-js-examples/src/examples/"] },
  {
    repo: "aws/aws-durable-execution-sdk-python",
    under: [
      "packages/aws-durable-execution-sdk-python-examples/src/",
      "packages/aws-durable-execution-sdk-python-conformance-tests/handlers/",
    ],
  },
  { repo: "aws/aws-durable-execution-docs", under: ["examples/typescript/", "examples/python/"] },
  { repo: "aws/aws-durable-execution-conformance-tests", under: ["e2e-fixtures/handlers/"] },
  { repo: "aws-samples/sample-lambda-durable-functions", under: [""] },
  {
    repo: "aws-samples/sample-ai-workflows-in-aws-lambda-durable-functions",
    under: ["python/src/", "typescript/src/"],
  },
];

function git(dir: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
}

function collect(mirrors: string, corpus: string): void {
  const manifest: { repo: string; commit: string; files: string[] }[] = [];
  for (const source of SOURCES) {
    const dir = join(mirrors, source.repo.replace("/", "+"), "repo");
    if (!existsSync(dir)) {
      console.log(`skipped ${source.repo}: no mirror at ${dir}`);
      continue;
    }
    const commit = git(dir, ["rev-parse", "HEAD"]).trim();
    const files = git(dir, ["ls-tree", "-r", "--name-only", "HEAD"])
      .split("\n")
      .filter((f) => CODE.test(f) && source.under.some((u) => f.startsWith(u)))
      .filter((f) => !NOT_HANDLERS.test(f) && !(source.skip?.test(f) ?? false));
    for (const file of files) {
      const target = join(corpus, source.repo.replace("/", "+"), file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(dir, ["show", `${commit}:${file}`]));
    }
    manifest.push({ repo: source.repo, commit, files });
    console.log(`${source.repo}@${commit.slice(0, 10)}: ${files.length} files`);
  }
  writeFileSync(join(corpus, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

interface JsonFinding {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

function run(corpus: string): void {
  const repo = join(__dirname, "..");
  // The SDK's types, as an installed project would have them.
  if (!existsSync(join(corpus, "node_modules"))) symlinkSync(join(repo, "node_modules"), join(corpus, "node_modules"));
  const manifest = JSON.parse(readFileSync(join(corpus, "manifest.json"), "utf8")) as { files: string[] }[];
  const files = manifest.reduce((n, m) => n + m.files.length, 0);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(repo, "dist/durable-lint.js"), "--format", "json", "."], {
    cwd: corpus,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  const seconds = (Date.now() - started) / 1000;
  if (result.stderr) process.stderr.write(result.stderr);
  const findings = JSON.parse(result.stdout) as JsonFinding[];
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(`${f.rule} ${f.severity}`, (byRule.get(`${f.rule} ${f.severity}`) ?? 0) + 1);
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  console.log(`${files} files, exit ${result.status}, ${seconds.toFixed(1)} s`);
  console.log(`errors ${count("error")}, warnings ${count("warning")}, info ${count("info")}`);
  for (const [key, n] of [...byRule].sort()) console.log(`  ${key}: ${n}`);
  for (const f of findings) console.log(`${f.severity}\t${f.rule}\t${f.file}:${f.line}\t${f.message}`);
}

const [command, ...rest] = process.argv.slice(2);
if (command === "collect" && rest.length === 2) collect(rest[0], rest[1]);
else if (command === "run" && rest.length === 1) run(rest[0]);
else {
  console.error("usage: lintCorpus.ts collect <mirrors> <corpus> | run <corpus>");
  process.exitCode = 2;
}
