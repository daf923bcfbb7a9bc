// Function breakpoints on durable operations: a name or glob (`confirm_order`, `reserve_*`), or a kind
// (`type:wait`, `type:callback`, `state:live`).
import { OPERATION_TYPES } from "../protocol/wire";
import type { OperationBreakpoint } from "../protocol/host";

const STATES = ["replayed", "live", "diverged"];

export class OperationBreakpointError extends Error {}

/** The host-side filter for one DAP function breakpoint name; throws OperationBreakpointError on an unknown kind. */
export function parseOperationBreakpoint(id: number, text: string): OperationBreakpoint {
  const spec = text.trim();
  const kind = /^(type|state)\s*:\s*(.+)$/i.exec(spec);
  if (!kind) return { id, name: spec };
  const value = kind[2].trim();
  if (kind[1].toLowerCase() === "type") {
    const type = value.toUpperCase().replace(/[\s-]/g, "_");
    if (!(OPERATION_TYPES as readonly string[]).includes(type)) {
      throw new OperationBreakpointError(
        `Unknown operation type "${value}": use one of ${OPERATION_TYPES.join(", ").toLowerCase()}.`,
      );
    }
    return { id, type };
  }
  const state = value.toLowerCase();
  if (!STATES.includes(state))
    throw new OperationBreakpointError(`Unknown operation state "${value}": use one of ${STATES.join(", ")}.`);
  return { id, state };
}
