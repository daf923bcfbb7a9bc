// Variables for DAP: lazy handles on inspector objects (scopes, locals, evaluate results) and on plain values the
// adapter holds itself (the Durable scope). Handles live until the debuggee resumes.
import type CDP from "chrome-remote-interface";
import type Protocol from "devtools-protocol";
import type { DebugProtocol } from "@vscode/debugprotocol";

type Handle =
  | { kind: "remote"; objectId: string }
  | { kind: "local"; value: object }
  | { kind: "computed"; variables: () => Promise<DebugProtocol.Variable[]> };

/** One-line rendering of an inspector value, as a debugger shows it. */
export function describeRemote(object: Protocol.Runtime.RemoteObject): string {
  if (object.type === "string") return JSON.stringify(object.value);
  if (object.type === "undefined") return "undefined";
  if (object.unserializableValue !== undefined) return object.unserializableValue;
  if (object.type === "object" && object.subtype === "null") return "null";
  if (object.type === "function") return (object.description ?? "function").split("\n")[0];
  if (object.value !== undefined && object.type !== "object") return String(object.value);
  return object.description ?? object.className ?? object.type;
}

/** One-line rendering of a plain value the adapter holds. */
export function describeLocal(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === "object" && value !== null) {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }
  return JSON.stringify(value);
}

export class VariableStore {
  private handles = new Map<number, Handle>();
  private nextHandle = 1;

  /** Forgets every handle (the debuggee resumed, its objects are gone). */
  reset(): void {
    this.handles.clear();
  }

  remote(objectId: string): number {
    return this.add({ kind: "remote", objectId });
  }

  computed(variables: () => Promise<DebugProtocol.Variable[]>): number {
    return this.add({ kind: "computed", variables });
  }

  /** A variable for a plain value: objects and arrays expand lazily. */
  localVariable(name: string, value: unknown): DebugProtocol.Variable {
    const expandable = typeof value === "object" && value !== null;
    return {
      name,
      value: describeLocal(value),
      type: Array.isArray(value) ? "array" : value === null ? "null" : typeof value,
      variablesReference: expandable ? this.add({ kind: "local", value: value }) : 0,
    };
  }

  /** A variable for an inspector value: objects expand lazily through the inspector. */
  remoteVariable(name: string, object: Protocol.Runtime.RemoteObject): DebugProtocol.Variable {
    return {
      name,
      value: describeRemote(object),
      type: object.subtype ?? object.type,
      variablesReference: object.objectId && object.type !== "function" ? this.remote(object.objectId) : 0,
    };
  }

  async variables(client: CDP.Client | undefined, reference: number): Promise<DebugProtocol.Variable[]> {
    const handle = this.handles.get(reference);
    if (!handle) return [];
    switch (handle.kind) {
      case "computed":
        return handle.variables();
      case "local":
        return Object.entries(handle.value).map(([name, value]) => this.localVariable(name, value));
      case "remote": {
        if (!client) return [];
        const { result, internalProperties } = await client.Runtime.getProperties({
          objectId: handle.objectId,
          ownProperties: true,
          generatePreview: false,
        });
        const own = result
          .filter((property) => property.value !== undefined && property.enumerable !== false)
          .map((property) => this.remoteVariable(property.name, property.value!));
        const internal = (internalProperties ?? [])
          .filter((property) => property.value !== undefined && property.name === "[[PromiseResult]]")
          .map((property) => this.remoteVariable(property.name, property.value!));
        return [...own, ...internal];
      }
    }
  }

  private add(handle: Handle): number {
    const id = this.nextHandle++;
    this.handles.set(id, handle);
    return id;
  }
}
