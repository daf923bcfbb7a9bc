// Messages between the language server's main thread (LSP traffic) and the lint worker thread, which owns the
// Linter so that a long analysis never delays the handling of edits, and can be cancelled mid-run.
import type { Finding, RuleId } from "../lint/types";

export type WorkerRequest =
  /**
   * `unread`: messages the main thread has posted and the worker has not yet taken in (one Int32). Idle-time work
   * reads it to stop as soon as anything real arrives, since the worker sees no message while it runs.
   */
  | { kind: "init"; id: number; root: string; configFile?: string; unread: Int32Array }
  | { kind: "lint"; id: number; file: string; cancelFlag: Int32Array }
  | { kind: "dependents"; id: number; file: string };

/** Fire-and-forget: the worker applies messages in order, so a later request always sees this text. */
export interface SetFileMessage {
  kind: "setFile";
  file: string;
  text: string | undefined;
}

export type MainToWorker = WorkerRequest | SetFileMessage;

export interface LintResult {
  findings: Finding[];
  cancelled: boolean;
}

export type WorkerToMain =
  | { kind: "result"; id: number; result: LintResult | string[] | null }
  | { kind: "failure"; id: number; message: string }
  | { kind: "ruleError"; rule: RuleId | "analyzer"; file: string; message: string };
