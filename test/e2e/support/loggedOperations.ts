// What a recorded history says, read straight from the file, as the oracle for what the views must show.
import { readFileSync } from "node:fs";

export interface LoggedOperation {
  id: string;
  name?: string;
  /** STEP, WAIT, ... from the event type prefix (`StepStarted` → STEP). */
  type: string;
}

type HistoryEvent = { EventType: string; Id?: string; Name?: string };

/**
 * Every operation of a history file (`get-durable-execution-history` shape: the events, or `{ "Events": [...] }` as
 * AWS's Python testing library writes them), the execution itself left out.
 */
export function loggedOperations(historyFile: string): LoggedOperation[] {
  const history = JSON.parse(readFileSync(historyFile, "utf8")) as HistoryEvent[] | { Events: HistoryEvent[] };
  const events = Array.isArray(history) ? history : history.Events;
  const byId = new Map<string, LoggedOperation>();
  for (const event of events) {
    // InvocationCompleted events carry no Id.
    if (!event.Id || event.EventType.startsWith("Execution") || byId.has(event.Id)) continue;
    const type = /^(Step|Wait|Callback|ChainedInvoke|Context)/.exec(event.EventType)?.[1] ?? event.EventType;
    byId.set(event.Id, { id: event.Id, name: event.Name, type: type.toUpperCase() });
  }
  return [...byId.values()];
}
