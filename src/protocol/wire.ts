// Wire shapes of the AWS durable execution API (PascalCase, as the service and the SDK exchange them).
// Only the fields tools read are typed; every object keeps unknown extra fields.

export const OPERATION_TYPES = ["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OPERATION_STATUSES = [
  "STARTED",
  "PENDING",
  "READY",
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "STOPPED",
] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** Statuses after which the SDK serves an operation from the log without running it. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "STOPPED",
]);

export type OperationAction = "START" | "SUCCEED" | "FAIL" | "RETRY" | "CANCEL";

export interface ErrorObject {
  ErrorMessage?: string;
  ErrorType?: string;
  ErrorData?: string;
  StackTrace?: string[];
  [extra: string]: unknown;
}

/** A timestamp as the service, the CLI or the testing library write it. */
export type WireTimestamp = string | number;

export interface WireOperation {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Status: OperationStatus;
  StartTimestamp?: WireTimestamp;
  EndTimestamp?: WireTimestamp;
  ExecutionDetails?: { InputPayload?: string; [extra: string]: unknown };
  ContextDetails?: { ReplayChildren?: boolean; Result?: string; Error?: ErrorObject; [extra: string]: unknown };
  StepDetails?: {
    Attempt?: number;
    NextAttemptTimestamp?: WireTimestamp;
    Result?: string;
    Error?: ErrorObject;
    [extra: string]: unknown;
  };
  WaitDetails?: { ScheduledEndTimestamp?: WireTimestamp; [extra: string]: unknown };
  CallbackDetails?: { CallbackId?: string; Result?: string; Error?: ErrorObject; [extra: string]: unknown };
  ChainedInvokeDetails?: { Result?: string; Error?: ErrorObject; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface OperationUpdate {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Action: OperationAction;
  Payload?: string;
  Error?: ErrorObject;
  ContextOptions?: { ReplayChildren?: boolean };
  StepOptions?: { NextAttemptDelaySeconds?: number };
  WaitOptions?: { WaitSeconds?: number };
  CallbackOptions?: { TimeoutSeconds?: number; HeartbeatTimeoutSeconds?: number };
  ChainedInvokeOptions?: { FunctionName?: string; TenantId?: string };
  [extra: string]: unknown;
}

export interface InvocationOutput {
  Status: "SUCCEEDED" | "FAILED" | "PENDING";
  Result?: string;
  Error?: ErrorObject;
}
