// The durable operations of both SDKs in one table: the JS method, the Python method, what the operation is, how its
// callbacks run and where its arguments sit. Both analyzers read their operation names, callback roles and (Python)
// argument positions from here, so an operation the SDKs add is one row.

/** What an operation does, as the rules see it. */
export type OperationRole = "step" | "child" | "wait" | "callback" | "invoke" | "combinator";

/** How the callbacks of an operation run: once, checkpointed (step) or replayed with their own context (child). */
export type CallbackRole = "step" | "child";

/** Where a Python argument sits: its position, or its keyword. */
export interface PyArgument {
  position?: number;
  keyword: string;
}

export interface SdkOperation {
  /** The method on the JS DurableContext (`context.promise.all` is `promise`). */
  js?: string;
  /** The method on the Python DurableContext. */
  python?: string;
  role: OperationRole;
  callbackRole?: CallbackRole;
  /** Python: the callable(s) the operation runs (`parallel` takes a list of them). */
  pyCallable?: PyArgument;
  /** Python: the operation's name argument. */
  pyName?: PyArgument;
}

export const SDK_OPERATIONS: readonly SdkOperation[] = [
  {
    js: "step",
    python: "step",
    role: "step",
    callbackRole: "step",
    pyCallable: { position: 0, keyword: "func" },
    pyName: { position: 1, keyword: "name" },
  },
  {
    js: "runInChildContext",
    python: "run_in_child_context",
    role: "child",
    callbackRole: "child",
    pyCallable: { position: 0, keyword: "func" },
    pyName: { position: 1, keyword: "name" },
  },
  { js: "map", python: "map", role: "child", callbackRole: "child", pyCallable: { position: 1, keyword: "func" } },
  {
    js: "parallel",
    python: "parallel",
    role: "child",
    callbackRole: "child",
    pyCallable: { position: 0, keyword: "functions" },
  },
  { js: "wait", python: "wait", role: "wait", pyName: { position: 1, keyword: "name" } },
  {
    js: "waitForCondition",
    python: "wait_for_condition",
    role: "wait",
    callbackRole: "step",
    pyCallable: { position: 0, keyword: "check" },
  },
  { js: "createCallback", python: "create_callback", role: "callback" },
  {
    js: "waitForCallback",
    python: "wait_for_callback",
    role: "callback",
    callbackRole: "step",
    pyCallable: { position: 0, keyword: "submitter" },
  },
  { js: "invoke", python: "invoke", role: "invoke" },
  // `context.promise.all/allSettled/any/race` over durable promises.
  { js: "promise", role: "combinator" },
];

export const JS_OPERATIONS: ReadonlyMap<string, SdkOperation> = new Map(
  SDK_OPERATIONS.filter((o) => o.js).map((o) => [o.js as string, o]),
);
export const PYTHON_OPERATIONS: ReadonlyMap<string, SdkOperation> = new Map(
  SDK_OPERATIONS.filter((o) => o.python).map((o) => [o.python as string, o]),
);

/**
 * A durable operation called in user code, in either language's syntax tree. Each analyzer adds what only its
 * syntax has (TS: a method pulled off the context; Python: the context's owner).
 */
export interface OperationCall<N> {
  call: N;
  operation: SdkOperation;
  /** The method as written (`step`, `run_in_child_context`). */
  method: string;
  /** The context expression the operation is called on. */
  receiver: N;
  /** The operation's name argument, when given. */
  name?: N;
  /** The callbacks the operation runs, each with how it runs. */
  callbacks: { node: N; role: CallbackRole }[];
}
