// Gives the user's handler a view of its DurableContext that reports every durable call (with the call site) before
// the real SDK method runs. The SDK's plugin hooks do not fire for replayed steps, so this is the only complete view.
import { stepIdHash } from "../log/stepIds";
import { DURABLE_CALL_KEY } from "../../protocol/host";
import type { SourceLocation } from "../../protocol/operations";
import { captureRawSite, toSourceLocation } from "./callSites";
import { DURABLE_METHODS, wrapChildCallbacks, type CallShape } from "./durableCalls";

/** The SDK's context, as far as the host looks inside it. */
interface SdkContext {
  peekStepId?: () => string;
  _stepPrefix?: string;
  _stepCounter?: number;
  _executionContext?: object;
  withDurableModeManagement?: unknown;
  [method: string]: unknown;
}

export interface InterceptedCall extends CallShape {
  method: string;
  path: string;
  id: string;
  parentPath?: string;
  parentId?: string;
  callSite?: SourceLocation;
}

/** Decides what happens to a call: run it (`proceed`) or hand back something else (a promise that never settles). */
export type CallHandler = (call: InterceptedCall, proceed: () => unknown) => unknown;

const fallbackCounters = new WeakMap<object, number>();

/** The step path the SDK will give the next operation of this context (it counts per context, in call order). */
function nextPath(ctx: SdkContext): string {
  if (typeof ctx.peekStepId === "function") return ctx.peekStepId();
  const prefix = ctx._stepPrefix;
  const counter = (typeof ctx._stepCounter === "number" ? ctx._stepCounter : (fallbackCounters.get(ctx) ?? 0)) + 1;
  if (typeof ctx._stepCounter !== "number") fallbackCounters.set(ctx, counter);
  return prefix ? `${prefix}-${counter}` : `${counter}`;
}

/**
 * Tells whether the SDK refuses a call on `ctx` before creating any operation. Each durable method first checks that
 * its context is the active one (not a parent context used inside a child, not a durable call inside a step) and
 * otherwise terminates the execution; only then does it create the operation, inside `withDurableModeManagement`. The
 * SDK's own check runs on a stand-in for the context, made once, whose termination only notes the refusal and whose
 * operation part does nothing.
 */
function refusalCheck(ctx: SdkContext): (method: string, args: unknown[]) => boolean {
  const execution = ctx._executionContext;
  if (!execution || typeof ctx.withDurableModeManagement !== "function") return () => false;
  let refused = false;
  const terminationManager = { terminate: () => void (refused = true) };
  const probe = Object.create(ctx, {
    _executionContext: {
      value: Object.create(execution, { terminationManager: { value: terminationManager } }) as object,
    },
    withDurableModeManagement: { value: () => undefined },
  }) as SdkContext;
  return (method, args) => {
    refused = false;
    try {
      (probe[method] as Function).apply(probe, args);
    } catch {
      return false;
    }
    return refused;
  };
}

export function trackContext<T extends object>(ctx: T, onCall: CallHandler): T {
  const sdkCtx = ctx as unknown as SdkContext;
  const wrapChild = (fn: (...a: unknown[]) => unknown) =>
    function (this: unknown, child: unknown, ...rest: unknown[]) {
      const tracked = child && typeof child === "object" ? trackContext(child, onCall) : child;
      return fn.call(this, tracked, ...rest);
    };
  const methods = new Map<string, Function>();
  const refusedBySdk = refusalCheck(sdkCtx);
  // The context's own position is fixed: its children's parent fields are computed once, not per call.
  const parentPath = sdkCtx._stepPrefix || undefined;
  const parentId = parentPath ? stepIdHash(parentPath) : undefined;
  for (const [method, shapeOf] of Object.entries(DURABLE_METHODS)) {
    const durableCall = function (...args: unknown[]): unknown {
      const real = sdkCtx[method] as Function;
      // Not an operation: the SDK fails the execution with its context usage error, as it did when recorded.
      if (refusedBySdk(method, args)) return real.apply(ctx, args);
      const raw = captureRawSite(durableCall);
      const path = nextPath(sdkCtx);
      const shape = shapeOf(args);
      const call: InterceptedCall = {
        type: shape.type,
        subType: shape.subType,
        name: shape.name,
        method,
        path,
        id: stepIdHash(path),
      };
      if (parentPath) {
        call.parentPath = parentPath;
        call.parentId = parentId;
      }
      if (raw) call.callSite = toSourceLocation(raw);
      // The SDK's methods use `this`: always call them on the real context.
      return onCall(call, () => real.apply(ctx, wrapChildCallbacks(method, args, wrapChild)));
    };
    // Lets the debugger tell this stand-in from any other function when the user hovers it.
    Object.defineProperty(durableCall, Symbol.for(DURABLE_CALL_KEY), { value: method });
    methods.set(method, durableCall);
  }
  return new Proxy(ctx, {
    get(target, prop, receiver) {
      if (typeof prop === "string") {
        const method = methods.get(prop);
        if (method) return method;
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
