// What each DurableContext method means as an operation, read from its arguments exactly as the SDK reads them,
// and which of its arguments are callbacks that receive a child DurableContext.
import type { OperationType } from "../../protocol/wire";

export interface CallShape {
  type: OperationType;
  subType: string;
  name: string | undefined;
}

type ShapeOf = (args: unknown[]) => CallShape;

const nameFirst = (args: unknown[]): string | undefined => (typeof args[0] === "string" ? args[0] : undefined);

export const DURABLE_METHODS: Readonly<Record<string, ShapeOf>> = {
  step: (args) => ({ type: "STEP", subType: "Step", name: nameFirst(args) }),
  wait: (args) => ({ type: "WAIT", subType: "Wait", name: nameFirst(args) }),
  // The SDK treats the call as named when its second argument is a string (the function id).
  invoke: (args) => ({
    type: "CHAINED_INVOKE",
    subType: "ChainedInvoke",
    name: typeof args[1] === "string" ? (args[0] as string | undefined) : undefined,
  }),
  runInChildContext: (args) => {
    const config = (typeof args[0] === "function" ? args[1] : args[2]) as { subType?: string } | undefined;
    return { type: "CONTEXT", subType: config?.subType ?? "RunInChildContext", name: nameFirst(args) };
  },
  waitForCondition: (args) => ({ type: "STEP", subType: "WaitForCondition", name: nameFirst(args) }),
  createCallback: (args) => ({ type: "CALLBACK", subType: "Callback", name: nameFirst(args) }),
  waitForCallback: (args) => ({ type: "CONTEXT", subType: "WaitForCallback", name: nameFirst(args) }),
  map: (args) => ({ type: "CONTEXT", subType: "Map", name: nameFirst(args) }),
  parallel: (args) => ({ type: "CONTEXT", subType: "Parallel", name: nameFirst(args) }),
};

type Wrap = (fn: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown;

/** Replaces the callbacks that receive a child context (first parameter) with wrapped ones; other arguments stay. */
export function wrapChildCallbacks(method: string, args: unknown[], wrap: Wrap): unknown[] {
  if (method !== "runInChildContext" && method !== "map" && method !== "parallel") return args;
  const out = [...args];
  switch (method) {
    case "runInChildContext":
    case "map": {
      const index = out.findIndex((a) => typeof a === "function");
      if (index >= 0) out[index] = wrap(out[index] as (...a: unknown[]) => unknown);
      break;
    }
    case "parallel": {
      const index = Array.isArray(out[0]) ? 0 : 1;
      const branches = out[index];
      if (Array.isArray(branches)) {
        out[index] = branches.map((branch: unknown) => {
          if (typeof branch === "function") return wrap(branch as (...a: unknown[]) => unknown);
          if (branch && typeof branch === "object" && typeof (branch as { func?: unknown }).func === "function") {
            const b = branch as { func: (...a: unknown[]) => unknown };
            return { ...b, func: wrap(b.func) };
          }
          return branch;
        });
      }
      break;
    }
  }
  return out;
}
