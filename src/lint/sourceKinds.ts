// Kinds of non-deterministic APIs, shared by the TS and Python source tables and the `decls` configuration
// (`"mylib.now": "time"`). Each kind names the rule it raises and what the call does, for both analyzers' messages.
import type { RuleId, Severity } from "./types";

export type SourceKind =
  | "time"
  | "random"
  | "uuid"
  | "network"
  | "fs"
  | "process"
  | "env"
  | "identity"
  | "sleep"
  | "timer"
  | "concurrency"
  | "gc"
  | "async"
  | "log";

export interface SourceKindInfo {
  rule: RuleId;
  /** Completes "`Date.now()` …", e.g. "reads the wall clock". */
  verb: string;
  /** Severity when it differs from the rule's default. */
  severity?: Severity;
}

export const SOURCE_KINDS: Readonly<Record<SourceKind, SourceKindInfo>> = {
  time: { rule: "DUR001", verb: "reads the wall clock" },
  random: { rule: "DUR002", verb: "draws a random value" },
  uuid: { rule: "DUR003", verb: "generates a random identifier" },
  network: { rule: "DUR004", verb: "does network or service I/O" },
  fs: { rule: "DUR005", verb: "does file-system I/O" },
  process: { rule: "DUR005", verb: "starts or talks to another process" },
  env: { rule: "DUR006", verb: "reads the environment", severity: "info" },
  identity: { rule: "DUR006", verb: "reads the invocation's identity or remaining time", severity: "error" },
  sleep: { rule: "DUR007", verb: "waits on a host sleep or timer" },
  timer: { rule: "DUR007", verb: "starts a repeating host timer", severity: "error" },
  concurrency: { rule: "DUR008", verb: "uses host concurrency" },
  gc: { rule: "DUR026", verb: "depends on garbage collection, object identity or shared memory" },
  async: { rule: "DUR013", verb: "runs an event loop" },
  log: { rule: "DUR023", verb: "writes a log line" },
};

/** Kinds whose value, when it decides a branch, changes which durable operations run (DUR012). */
export const BRANCH_TAINTING_KINDS: ReadonlySet<SourceKind> = new Set(["time", "random", "uuid", "identity"]);

/** Kinds whose value makes an operation name non-deterministic (DUR011). */
export const NAME_TAINTING_KINDS: ReadonlySet<SourceKind> = new Set(["time", "random", "uuid", "identity", "env"]);

export function isSourceKind(value: string): value is SourceKind {
  return Object.prototype.hasOwnProperty.call(SOURCE_KINDS, value);
}
