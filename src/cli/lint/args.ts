// Command line of durable-lint. Usage errors are one sentence each, returned rather than thrown.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export const FORMATS = ["text", "json", "sarif"] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface LintArgs {
  paths: string[];
  format: OutputFormat;
  configFile?: string;
  help: boolean;
}

export const USAGE = `Usage: durable-lint [paths...] [--format text|json|sarif] [--config <file>]

Flags non-deterministic code in AWS Lambda durable handlers (TypeScript, JavaScript, Python).
  paths            files or folders to lint (default: .)
  --format, -f     text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --config, -c     configuration file (default: durable-lint.json, package.json "durableLint" or pyproject.toml)
Exit status: 0 no errors, 1 error-severity findings, 2 usage error or a file that could not be analyzed.`;

export function parseLintArgs(argv: string[], cwd: string): LintArgs | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        config: { type: "string", short: "c" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    // Node's messages run on with advice about `--`; the first sentence is the one that names the problem.
    const first = (error as Error).message.split(". ")[0].replace(/\.$/, "");
    return { error: `${first.charAt(0).toLowerCase()}${first.slice(1)}.` };
  }
  const { values, positionals } = parsed;
  const format = values.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    return { error: `--format must be one of ${FORMATS.join(", ")}, not "${format}".` };
  }
  const configFile = values.config === undefined ? undefined : resolve(cwd, values.config);
  if (configFile !== undefined && !existsSync(configFile)) {
    return { error: `the config file ${values.config} does not exist.` };
  }
  const paths = positionals.length > 0 ? positionals : ["."];
  const missing = paths.find((p) => !existsSync(resolve(cwd, p)));
  if (missing !== undefined) return { error: `the path ${missing} does not exist.` };
  return {
    paths: paths.map((p) => resolve(cwd, p)),
    format: format as OutputFormat,
    configFile,
    help: values.help === true,
  };
}
