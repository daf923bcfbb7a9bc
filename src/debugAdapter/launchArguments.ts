// Validates the launch attributes of a `durable-replay` configuration; every error names the attribute.
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { DurableLaunchArguments, OperationEventsMode } from "../protocol/dap";
import { tooDeepDetail, tooDeepOffset } from "../replay/log/jsonDepth";

/** Launch attributes with defaults applied and paths made absolute. */
export interface LaunchSettings {
  handlerFile: string;
  exportName: string;
  logFile: string;
  onLogEnd: "pause" | "live" | "stop";
  /** Callback or invoke name -> JSON text of its result. */
  callbacks: Map<string, string>;
  /** Present when the configuration overrides the recorded input. */
  input?: { value: unknown };
  stopOnEntry: boolean;
  skipFiles: string[];
  cwd: string;
  env: Record<string, string>;
  record?: string;
  recordForce: boolean;
  strictResult: boolean;
  operationEvents: OperationEventsMode;
  python?: string;
  debugpyPath?: string;
}

export class LaunchArgumentError extends Error {}

const ON_LOG_END = ["pause", "live", "stop"] as const;
const OPERATION_EVENTS: readonly OperationEventsMode[] = ["each", "batched"];

function fail(attribute: string, detail: string): never {
  throw new LaunchArgumentError(`Launch attribute \`${attribute}\` ${detail}.`);
}

function optionalString(raw: Record<string, unknown>, attribute: string): string | undefined {
  const value = raw[attribute];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "") fail(attribute, "must be a non-empty string");
  return value;
}

function requiredFile(raw: Record<string, unknown>, attribute: string, cwd: string, what: string): string {
  const value = optionalString(raw, attribute);
  if (value === undefined) fail(attribute, `is missing: give the path of the ${what}`);
  const file = isAbsolute(value) ? value : resolve(cwd, value);
  if (!existsSync(file) || !statSync(file).isFile()) fail(attribute, `names ${file}, which is not a file`);
  return file;
}

function stringMap(raw: Record<string, unknown>, attribute: string): Record<string, unknown> {
  const value = raw[attribute];
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(attribute, "must be an object");
  }
  return value as Record<string, unknown>;
}

/** The `input` override; refused when it nests deeper than the session can send to the host. */
function inputOverride(raw: Record<string, unknown>): { value: unknown } | undefined {
  if (!("input" in raw) || raw.input === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(raw.input);
  } catch {
    // Only a value nested thousands of levels deep makes JSON.stringify overflow: the editor sent it as JSON.
    text = undefined;
  }
  if (text === undefined || tooDeepOffset(text) >= 0) fail("input", tooDeepDetail("holds a value that"));
  return { value: raw.input };
}

/** Checks the raw launch arguments of a DAP `launch` request; throws LaunchArgumentError naming the bad attribute. */
export function parseLaunchArguments(raw: Partial<DurableLaunchArguments> & Record<string, unknown>): LaunchSettings {
  const cwdValue = optionalString(raw, "cwd");
  const cwd = cwdValue === undefined ? process.cwd() : resolve(cwdValue);
  if (cwdValue !== undefined && (!existsSync(cwd) || !statSync(cwd).isDirectory())) {
    fail("cwd", `names ${cwd}, which is not a directory`);
  }
  const handlerFile = requiredFile(raw, "handler", cwd, "handler module");
  const logFile = requiredFile(raw, "log", cwd, "recorded log file");

  const onLogEnd = raw.onLogEnd ?? "pause";
  if (!ON_LOG_END.includes(onLogEnd)) fail("onLogEnd", `must be one of ${ON_LOG_END.join(", ")}`);

  const callbacks = new Map<string, string>();
  for (const [name, value] of Object.entries(stringMap(raw, "callbacks"))) {
    if (value === undefined) fail(`callbacks.${name}`, "has no value");
    // A string is the result text itself (callbacks resolve to raw strings); other values are serialized as JSON.
    callbacks.set(name, typeof value === "string" ? value : JSON.stringify(value));
  }

  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(stringMap(raw, "env"))) {
    if (typeof value !== "string") fail(`env.${name}`, "must be a string");
    env[name] = value;
  }

  const skipFiles = raw.skipFiles ?? [];
  if (!Array.isArray(skipFiles) || skipFiles.some((glob) => typeof glob !== "string")) {
    fail("skipFiles", "must be an array of glob strings");
  }
  const operationEvents = raw.operationEvents ?? "each";
  if (!OPERATION_EVENTS.includes(operationEvents))
    fail("operationEvents", `must be one of ${OPERATION_EVENTS.join(", ")}`);
  if (raw.stopOnEntry !== undefined && typeof raw.stopOnEntry !== "boolean")
    fail("stopOnEntry", "must be true or false");
  if (raw.recordForce !== undefined && typeof raw.recordForce !== "boolean")
    fail("recordForce", "must be true or false");
  if (raw.strictResult !== undefined && typeof raw.strictResult !== "boolean")
    fail("strictResult", "must be true or false");

  const record = optionalString(raw, "record");
  const python = optionalString(raw, "python");
  const debugpyPath = optionalString(raw, "debugpyPath");
  return {
    handlerFile,
    exportName: optionalString(raw, "export") ?? "handler",
    logFile,
    onLogEnd: onLogEnd,
    callbacks,
    input: inputOverride(raw),
    stopOnEntry: raw.stopOnEntry ?? false,
    skipFiles: skipFiles,
    cwd,
    env,
    record: record === undefined ? undefined : resolve(cwd, record),
    recordForce: raw.recordForce ?? false,
    strictResult: raw.strictResult ?? false,
    operationEvents,
    ...(python ? { python } : {}),
    ...(debugpyPath ? { debugpyPath: resolve(cwd, debugpyPath) } : {}),
  };
}
