// Fetched histories on disk, one file per execution, found again by ARN: a finished execution never changes, so its
// file is the cache. Payloads can hold personal data: files are the owner's only, the folder too when we make it.
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { DurableExecutions, ExecutionSummary } from "./durableExecutions";

/** Relative to the working directory (CLI) or the workspace folder (VS Code). */
export const FETCHED_LOGS_DIR = join(".durable-replay", "logs");

const SUFFIX = ".history.json";
/** The history holds one of these once the execution has ended. */
const FINISHED_EVENT = /"EventType":\s*"Execution(Succeeded|Failed|TimedOut|Stopped)"/;

/** ARNs are opaque text (AWS's local server makes `<uuid>/<invocation id>`): files are keyed by a digest. */
function arnKey(arn: string): string {
  return createHash("sha256").update(arn).digest("hex").slice(0, 12);
}

function fileSafe(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 64) || "execution"
  );
}

/** `arn:aws:lambda:region:account:function:NAME[:qualifier]` → NAME; anything else as given. */
export function functionNameOf(functionArn: string): string {
  const match = /:function:([^:/]+)/.exec(functionArn);
  return match ? match[1] : functionArn;
}

/** `<function>.<execution name>.<key>.history.json`. */
export function fetchedLogName(summary: Pick<ExecutionSummary, "arn" | "name" | "functionArn">): string {
  return `${fileSafe(functionNameOf(summary.functionArn))}.${fileSafe(summary.name)}.${arnKey(summary.arn)}${SUFFIX}`;
}

/** Writes `text` readable by the owner only, atomically (a reader never sees half a file). */
export function writePrivateFile(file: string, text: string): void {
  const dir = dirname(file);
  if (!statSync(dir, { throwIfNoEntry: false })) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, text, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export interface FetchOptions {
  /** Folder of fetched logs (cache); default `.durable-replay/logs` under the working directory. */
  dir?: string;
  /** Write here instead of the folder (`fetch --out`). */
  out?: string;
  /** Fetch even when a finished execution's file is there. */
  refresh?: boolean;
  /** Known already (from a listing): saves the GetDurableExecution call. */
  summary?: ExecutionSummary;
  pageSize?: number;
  onPage?: (events: number) => void;
}

export interface FetchedLog {
  file: string;
  /** True when the file was there and no request was made. */
  cached: boolean;
}

/** The cached file of a finished execution, if any. */
export function cachedLog(arn: string, dir: string): string | undefined {
  const ending = `.${arnKey(arn)}${SUFFIX}`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const name = names.find((n) => n.endsWith(ending));
  if (!name) return undefined;
  const file = join(dir, name);
  return FINISHED_EVENT.test(readFileSync(file, "latin1")) ? file : undefined;
}

/** The execution's whole history in a file: from the cache when it has finished, else from AWS. */
export async function fetchExecutionLog(
  aws: DurableExecutions,
  arn: string,
  options: FetchOptions = {},
): Promise<FetchedLog> {
  const dir = resolve(options.dir ?? FETCHED_LOGS_DIR);
  if (!options.refresh && !options.out) {
    const hit = cachedLog(arn, dir);
    if (hit) return { file: hit, cached: true };
  }
  const summary = options.summary ?? (await aws.describe(arn));
  const history = await aws.history(arn, {
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.onPage ? { onPage: options.onPage } : {}),
  });
  const file = resolve(options.out ?? join(dir, fetchedLogName(summary)));
  writePrivateFile(file, `${JSON.stringify(history, null, 1)}\n`);
  return { file, cached: false };
}

/** Deletes every fetched log under `dir`; returns how many. */
export function clearFetchedLogs(dir: string): number {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(SUFFIX));
  } catch {
    return 0;
  }
  for (const name of names) rmSync(join(dir, name), { force: true });
  return names.length;
}
