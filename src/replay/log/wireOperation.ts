import { LogReadError } from "../../protocol/replayLog";
import { OPERATION_STATUSES, OPERATION_TYPES, type ErrorObject, type WireOperation } from "../../protocol/wire";
import {
  childPath,
  describeValue,
  expectArray,
  expectStringArray,
  expectObject,
  isJsonObject,
  optionalNumber,
  optionalString,
  type JsonObject,
} from "./jsonFields";
import { MAX_JSON_DEPTH, checkPayloadDepth } from "./jsonDepth";
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

/** The same, as lists: logs have thousands of operations and each is checked against these. */
const DETAIL_ENTRIES = Object.entries(DETAIL_FIELDS).map(([key, fields]) => [key, Object.entries(fields)] as const);
/** Serialized values: the session parses them, so their nesting is bounded like the log's. */
const PAYLOAD_KEYS = new Set(["Result", "InputPayload"]);
const TIMESTAMP_KEYS = ["StartTimestamp", "EndTimestamp"];
const OPTIONAL_STRING_KEYS = ["ParentId", "Name", "SubType"];

/**
 * Reads one wire `Operation`, checking the fields replay relies on; timestamps come back as ISO strings. The parsed
 * JSON object is normalized in place (it is the reader's own), and error paths are built only for an error.
 */
export function readOperation(value: unknown, file: string, path: string): WireOperation {
  const obj = withoutNulls(expectObject(value, file, path, "an operation object"));
  requiredString(obj, "Id", file, path);
  requiredMember(obj, "Type", OPERATION_TYPES, file, path);
  requiredMember(obj, "Status", OPERATION_STATUSES, file, path);
  for (const key of OPTIONAL_STRING_KEYS) optionalString(obj, key, file, path);
  for (const key of TIMESTAMP_KEYS) {
    if (obj[key] !== undefined) obj[key] = readTimestamp(obj[key], file, path, key);
  }
  for (const [detailsKey, fields] of DETAIL_ENTRIES) {
    const details = obj[detailsKey];
    if (details === undefined) continue;
    if (!isJsonObject(details)) expectObject(details, file, childPath(path, detailsKey), "an object");
    else obj[detailsKey] = readFields(details, fields, file, path, detailsKey);
  }
  return obj as WireOperation;
}

/**
 * Reads a list of operations, in place like readOperation (a copy of a million-operation list would be work for the
 * garbage collector only). Repeated Ids are refused with the parent links (checkParentLinks), which index the Ids.
 */
export function readOperationList(value: unknown, file: string, path: string): WireOperation[] {
  const items = expectArray(value, file, path, "an array of operations");
  for (let index = 0; index < items.length; index++)
    items[index] = readOperation(items[index], file, childPath(path, index));
  return items as WireOperation[];
}

export function readErrorObject(value: unknown, file: string, path: string): ErrorObject {
  const obj = withoutNulls(expectObject(value, file, path, "an error object"));
  for (const key of ["ErrorMessage", "ErrorType", "ErrorData"]) optionalString(obj, key, file, path);
  if (obj.StackTrace !== undefined)
    expectStringArray(obj.StackTrace, file, childPath(path, "StackTrace"), "an array of strings", "a string");
  return obj;
}

function readFields(
  obj: JsonObject,
  fields: ReadonlyArray<readonly [string, FieldKind]>,
  file: string,
  operationPath: string,
  detailsKey: string,
): JsonObject {
  const out = withoutNulls(obj);
  // The details' JSON path is made only for an error (and no closure per operation: a log may hold a million).
  for (const [key, kind] of fields) {
    const value = out[key];
    if (value === undefined) continue;
    if (kind === "timestamp") out[key] = readTimestamp(value, file, childPath(operationPath, detailsKey), key);
    else if (kind === "error")
      out[key] = readErrorObject(value, file, childPath(childPath(operationPath, detailsKey), key));
    else if (kind === "string") {
      if (typeof value !== "string") optionalString(out, key, file, childPath(operationPath, detailsKey));
      else if (PAYLOAD_KEYS.has(key) && value.length > MAX_JSON_DEPTH)
        checkPayloadDepth(value, file, childPath(childPath(operationPath, detailsKey), key), "the payload");
    } else if (kind === "number") {
      if (typeof value !== "number" || !Number.isFinite(value))
        optionalNumber(out, key, file, childPath(operationPath, detailsKey));
    } else if (typeof value !== "boolean") {
      throw new LogReadError(
        file,
        childPath(childPath(operationPath, detailsKey), key),
        `expected true or false, got ${describeValue(value)}`,
      );
    }
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

function requiredMember<T extends string>(
  obj: JsonObject,
  key: string,
  allowed: readonly T[],
  file: string,
  path: string,
): T {
  const value = obj[key];
  if (value === undefined) throw new LogReadError(file, childPath(path, key), missingFieldDetail(obj, key));
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new LogReadError(
      file,
      childPath(path, key),
      `expected one of ${allowed.join(", ")}, got ${describeValue(value)}`,
    );
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
