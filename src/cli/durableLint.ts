// durable-lint: the determinism linter for CI and terminals (dist/durable-lint.js).
import { version } from "../../package.json";
import { parseLintArgs, USAGE } from "./lint/args";
import { displayPath } from "./lint/displayPath";
import { sortFindings } from "./lint/findingOrder";
import { toJsonFindings } from "./lint/jsonFormat";
import { repoRoot } from "./lint/repoRoot";
import { toSarif } from "./lint/sarifFormat";
import { formatText } from "./lint/textFormat";
import { terminalSafe } from "../protocol/safeText";

const EXIT_CLEAN = 0;
const EXIT_ERRORS = 1;
const EXIT_USAGE = 2;

/** Error text quotes paths and code from the project: escaped for the terminal. */
const messageOf = (error: unknown) => terminalSafe(error instanceof Error ? error.message : String(error));

async function main(argv: string[]): Promise<number> {
  const cwd = process.cwd();
  const args = parseLintArgs(argv, cwd);
  if ("error" in args) {
    process.stderr.write(`durable-lint: ${terminalSafe(args.error)} Run durable-lint --help for usage.\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_CLEAN;
  }
  const failedRules = new Set<string>();
  /** Files the analysis could not finish: their findings are missing, so the run cannot pass. */
  const failedFiles = new Set<string>();
  let linter;
  try {
    // Loaded only now: the analyzers pull in the TypeScript compiler, which a usage error should not wait for.
    const { createLinter } = await import("../lint/linter");
    linter = await createLinter({
      root: cwd,
      configFile: args.configFile,
      onRuleError: (rule, file, error) => {
        if (rule === "analyzer") {
          if (failedFiles.has(file)) return;
          failedFiles.add(file);
          process.stderr.write(`durable-lint: could not analyze ${displayPath(file, cwd)}: ${messageOf(error)}\n`);
          return;
        }
        if (failedRules.has(rule)) return;
        failedRules.add(rule);
        process.stderr.write(
          `durable-lint: rule ${rule} failed on ${terminalSafe(file)} and was skipped there: ${messageOf(error)}\n`,
        );
      },
    });
  } catch (error) {
    process.stderr.write(`durable-lint: ${messageOf(error)}\n`);
    return EXIT_USAGE;
  }
  const findings = sortFindings(linter.lintPaths(args.paths));
  if (args.format === "json") {
    process.stdout.write(`${JSON.stringify(toJsonFindings(findings, cwd), null, 2)}\n`);
  } else if (args.format === "sarif") {
    process.stdout.write(
      `${JSON.stringify(toSarif(findings, { root: repoRoot(cwd), toolVersion: version }), null, 2)}\n`,
    );
  } else {
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    process.stdout.write(formatText(findings, { cwd, color }));
  }
  if (failedFiles.size > 0) return EXIT_USAGE;
  return findings.some((f) => f.severity === "error") ? EXIT_ERRORS : EXIT_CLEAN;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`durable-lint: internal error: ${messageOf(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
