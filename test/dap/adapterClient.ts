// Drives the standalone adapter (dist/debugAdapter.js) through DAP, as an editor would.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DebugClient } from "@vscode/debugadapter-testsupport";
import type { DebugProtocol } from "@vscode/debugprotocol";
import type { DurableLaunchArguments } from "../../src/protocol/dap";

export const ROOT = resolve(__dirname, "../..");
export const HANDLERS = join(ROOT, "test/fixtures/handlers");
export const ORDER_LOGS = join(ROOT, "examples/order-workflow/logs");
export const APPROVAL_LOG = join(ROOT, "examples/approval-workflow/logs/approval.history.json");

export function sideEffectDir(): string {
  return mkdtempSync(join(tmpdir(), "dap-side-effects-"));
}

export async function startAdapter(): Promise<DebugClient> {
  const client = new DebugClient("node", join(ROOT, "dist/debugAdapter.js"), "durable-replay");
  client.defaultTimeout = 20_000;
  await client.start();
  return client;
}

/** Launches with the configuration requests an editor sends between `initialized` and `configurationDone`. */
export async function launch(
  client: DebugClient,
  args: DurableLaunchArguments,
  configure: () => Promise<unknown> = async () => undefined,
): Promise<void> {
  await Promise.all([
    client
      .waitForEvent("initialized")
      .then(configure)
      .then(() => client.configurationDoneRequest()),
    client.launch(args),
  ]);
}

export async function topFrame(client: DebugClient): Promise<DebugProtocol.StackFrame> {
  const { body } = await client.stackTraceRequest({ threadId: 1 });
  return body.stackFrames[0];
}

/** The variables of the named scope of a frame. */
export async function scopeVariables(
  client: DebugClient,
  frameId: number,
  scopeName: string,
): Promise<DebugProtocol.Variable[]> {
  const { body } = await client.scopesRequest({ frameId });
  const scope = body.scopes.find((s) => s.name === scopeName);
  if (!scope) throw new Error(`no ${scopeName} scope among ${body.scopes.map((s) => s.name).join(", ")}`);
  return (await client.variablesRequest({ variablesReference: scope.variablesReference })).body.variables;
}

/** Rebuilds a plain value from a DAP variable by expanding it (what a user sees when unfolding it). */
export async function expand(client: DebugClient, variable: DebugProtocol.Variable): Promise<unknown> {
  if (variable.variablesReference === 0) return JSON.parse(variable.value === "undefined" ? "null" : variable.value);
  const children = (await client.variablesRequest({ variablesReference: variable.variablesReference })).body.variables;
  const isArray = variable.type === "array";
  const entries = await Promise.all(
    children
      .filter((c) => !isArray || /^\d+$/.test(c.name))
      .map(async (c) => [c.name, await expand(client, c)] as const),
  );
  return isArray ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}
