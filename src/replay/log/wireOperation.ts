import { LogReadError } from "../../protocol/replayLog";
import { OPERATION_STATUSES, OPERATION_TYPES, type ErrorObject, type WireOperation } from "../../protocol/wire";
import {
  childPath,
  describeValue,
  expectArray,
  expectObject,
  optionalNumber,
  optionalString,
  type JsonObject,
} from "./jsonFields";
import { readTimestamp } from "./timestamps";

type FieldKind = "string" | "boolean" | "number" | "timestamp" | "error";

/** The typed fields of each details object; anything else in them is kept untouched. */
const DETAIL_FIELDS: Record<string, Record<string, FieldKind>> = {
  ExecutionDetails: { InputPayload: "string" },
  ContextDetails: { ReplayChildren: "boolean", Result: "string", Error: "error" },
  StepDetails: { Attempt: "number", NextAttemptTimestamp: "timestamp", Result: "string", Error: "error" },
  WaitDetails: { ScheduledEndTimestamp: "timestamp" },
  CallbackDetails: { CallbackId: "string", Result: "string", Error: "error" },
  ChainedInvokeDetails: { Result: "string", Error: "error" },
};

/** Reads one wire `Operation`, checking the fields replay relies on; timestamps come back as ISO strings. */
export function readOperation(value: unknown, file: string, path: string): WireOperation {
  const obj = withoutNulls(expectObject(value, file, path, "an operation object"));
  const id = requiredString(obj, "Id", file, path);
  const type = requiredMember(obj, "Type", OPERATION_TYPES, file, path);
  const status = requiredMember(obj, "Status", OPERATION_STATUSES, file, path);
  for (const key of ["ParentId", "Name", "SubType"]) optionalString(obj, key, file, path);
  const op: WireOperation = { ...obj, Id: id, Type: type, Status: status };
  for (const key of ["StartTimestamp", "EndTimestamp"]) {
    if (obj[key] !== undefined) op[key] = readTimestamp(obj[key], file, childPath(path, key));
  }
  for (const [detailsKey, fields] of Object.entries(DETAIL_FIELDS)) {
    if (obj[detailsKey] === undefined) continue;
    const detailsPath = childPath(path, detailsKey);
    op[detailsKey] = readFields(expectObject(obj[detailsKey], file, detailsPath, "an object"), fields, file, detailsPath);
  }
  return op;
}

/** Reads a list of operations and refuses two operations with one Id (the SDK indexes the log by Id). */
export function readOperationList(value: unknown, file: string, path: string): WireOperation[] {
  const items = expectArray(value, file, path, "an array of operations");
  const firstIndex = new Map<string, number>();
  return items.map((item, index) => {
    const itemPath = childPath(path, index);
    const op = readOperation(item, file, itemPath);
    const earlier = firstIndex.get(op.Id);
    if (earlier !== undefined) {
      throw new LogReadError(file, childPath(itemPath, "Id"), `duplicate operation Id "${op.Id}" (also at ${childPath(path, earlier)})`);
    }
    firstIndex.set(op.Id, index);
    return op;
  });
}

export function readErrorObject(value: unknown, file: string, path: string): ErrorObject {
  const obj = withoutNulls(expectObject(value, file, path, "an error object"));
  for (const key of ["ErrorMessage", "ErrorType", "ErrorData"]) optionalString(obj, key, file, path);
  if (obj.StackTrace !== undefined) {
    const tracePath = childPath(path, "StackTrace");
    expectArray(obj.StackTrace, file, tracePath, "an array of strings").forEach((line, index) => {
      if (typeof line !== "string") {
        throw new LogReadError(file, childPath(tracePath, index), `expected a string, got ${describeValue(line)}`);
      }
    });
  }
  return obj;
}

function readFields(obj: JsonObject, fields: Record<string, FieldKind>, file: string, path: string): JsonObject {
  const out = withoutNulls(obj);
  for (const [key, kind] of Object.entries(fields)) {
    const value = out[key];
    if (value === undefined) continue;
    const fieldPath = childPath(path, key);
    if (kind === "timestamp") out[key] = readTimestamp(value, file, fieldPath);
    else if (kind === "error") out[key] = readErrorObject(value, file, fieldPath);
    else if (kind === "string") optionalString(out, key, file, path);
    else if (kind === "number") optionalNumber(out, key, file, path);
    else if (typeof value !== "boolean") throw new LogReadError(file, fieldPath, `expected true or false, got ${describeValue(value)}`);
  }
  return out;
}

/** JSON dumps from other languages write absent fields as null; the SDK expects them absent. */
function withoutNulls(obj: JsonObject): JsonObject {
  for (const key in obj) {
    if (obj[key] === null) return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== null));
  }
  return obj;
}

function requiredString(obj: JsonObject, key: string, file: string, path: string): string {
  const value = obj[key];
  if (value === undefined) throw new LogReadError(file, childPath(path, key), missingFieldDetail(obj, key));
  if (typeof value !== "string" || value === "") {
    throw new LogReadError(file, childPath(path, key), `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function requiredMember<T extends string>(obj: JsonObject, key: string, allowed: readonly T[], file: string, path: string): T {
  const value = obj[key];
  if (value === undefined) throw new LogReadError(file, childPath(path, key), missingFieldDetail(obj, key));
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new LogReadError(file, childPath(path, key), `expected one of ${allowed.join(", ")}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** Names a look-alike key (`id`, `operation_type`) so snake_case dumps get a useful hint instead of a bare "missing". */
function missingFieldDetail(obj: JsonObject, key: string): string {
  const squash = (name: string) => name.toLowerCase().replaceAll("_", "");
  const wanted = squash(key);
  const lookalike = Object.keys(obj).find((name) => squash(name) === wanted || squash(name) === `operation${wanted}`);
  if (lookalike === undefined) return `missing ${key}`;
  return `missing ${key} (found "${lookalike}": field names must be the PascalCase names of the durable execution API)`;
}
