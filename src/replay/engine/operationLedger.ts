// Keeps one OperationRecord per durable operation of a replay and classifies it: replayed (served from the log),
// live (the fake backend accepted a checkpoint for it), diverged, or unreached. Language independent: the hosts tell
// it about calls (with their unhashed path) and the backend about checkpoints.
import type { Divergence, OperationOutcome, OperationRecord, SourceLocation } from "../../protocol/operations";
import type { ReplayLog } from "../../protocol/replayLog";
import { TERMINAL_STATUSES, type OperationType, type OperationUpdate, type WireOperation } from "../../protocol/wire";
import { logIndex, type LogIndex } from "../log/logIndex";
import type { RecordedPaths } from "../log/stepIds";
import { itemCallSite } from "./itemCallSite";

export interface DurableCall {
  path: string;
  id: string;
  parentPath?: string;
  parentId?: string;
  type: OperationType;
  subType?: string;
  name?: string;
  method: string;
  callSite?: SourceLocation;
}

export interface CallResult {
  record: OperationRecord;
  /** First time this operation was called in the session (re-invocations call it again). */
  isNew: boolean;
  /** The recorded operation at this position differs: what the SDK will reject. */
  divergence?: Divergence;
  /** No recorded entry: the log ends here for this operation. */
  beyondLog: boolean;
}

/** Contexts whose children the SDK creates and replays itself, without a call in the user's code. */
const SDK_DRIVEN_CONTEXTS: ReadonlySet<string> = new Set(["WaitForCallback", "Map", "Parallel"]);

/** Operations whose outcome the backend gives (a timer, an answer, another function), not code of the handler's. */
const AWAITED_TYPES: ReadonlySet<OperationType> = new Set(["WAIT", "CALLBACK", "CHAINED_INVOKE"]);

const describeOp = (op: { type?: string; subType?: string; name?: string }): string =>
  `${op.type ?? "?"}${op.subType ? `/${op.subType}` : ""}${op.name !== undefined ? ` \`${op.name}\`` : " (unnamed)"}`;

export function recordedOutcome(op: WireOperation): OperationOutcome {
  const details = (op.StepDetails ?? op.ContextDetails ?? op.CallbackDetails ?? op.ChainedInvokeDetails ?? {}) as {
    Result?: string;
    Error?: OperationOutcome["error"];
    Attempt?: number;
  };
  // Assigned field by field, not spread: one per operation of a 10,000-step replay.
  const outcome: OperationOutcome = { status: op.Status };
  // Parsed where the record is consumed (see payloads.ts): the host only carries the stored text.
  if (details.Result !== undefined) outcome.resultRaw = details.Result;
  if (details.Error !== undefined) outcome.error = details.Error;
  if (op.StartTimestamp !== undefined) outcome.startTimestamp = String(op.StartTimestamp);
  if (op.EndTimestamp !== undefined) outcome.endTimestamp = String(op.EndTimestamp);
  if (details.Attempt !== undefined) outcome.attempt = details.Attempt;
  const scheduledEnd = op.WaitDetails?.ScheduledEndTimestamp;
  if (scheduledEnd !== undefined) outcome.scheduledEndTimestamp = String(scheduledEnd);
  return outcome;
}

export class OperationLedger {
  /** The log's own index (see logIndex.ts): recorded operations and their records are found by position. */
  private readonly index: LogIndex;
  private paths: RecordedPaths | undefined;
  /** The record of each recorded operation, by position in the log. */
  private readonly recordAt: Array<OperationRecord | undefined>;
  /** Records of operations the log does not have, by Id. */
  private readonly unrecorded = new Map<string, OperationRecord>();
  readonly records: OperationRecord[] = [];
  readonly divergences: Divergence[] = [];
  /** Set at the first mismatch: the SDK terminates the execution there, so later calls are the handler running on. */
  private halted = false;
  /**
   * For streaming to the debugger: records from `drainedUpTo` on are new since the last drain (a record's seq is its
   * place in `records`), and `changedBefore` holds older ones changed since. No set of every record: a replay may have
   * a million.
   */
  private drainedUpTo = 0;
  private changedBefore = new Set<OperationRecord>();
  /** Paths already reported as unexpected operations. */
  private readonly flagged = new Set<string>();

  /**
   * `pathsOf` rebuilds unhashed paths of recorded operations; only operations the code never called need it.
   * `childPathOf` finds the path of an operation the SDK created below a parent at a known path (a new map iteration,
   * a parallel branch), when the log does not have it; undefined when the language's Ids do not tell.
   */
  constructor(
    private readonly log: ReplayLog,
    private readonly pathsOf: (log: ReplayLog) => RecordedPaths,
    private readonly childPathOf: (
      parentId: string | undefined,
      parentPath: string | undefined,
      id: string,
    ) => string | undefined = () => undefined,
  ) {
    this.index = logIndex(log);
    this.recordAt = new Array<OperationRecord | undefined>(log.operations.length);
  }

  /** Position of the recorded operation `id` in the log, or undefined (the EXECUTION operation has none here). */
  private positionOf(id: string): number | undefined {
    const k = this.index.positionOf.get(id);
    return k !== undefined && k < this.log.operations.length ? k : undefined;
  }

  private recordedPaths(): RecordedPaths {
    return (this.paths ??= this.pathsOf(this.log));
  }

  private recordedPath(id: string): string | undefined {
    const k = this.positionOf(id);
    return k === undefined ? undefined : this.recordedPaths()[k];
  }

  recordedOp(id: string): WireOperation | undefined {
    const k = this.positionOf(id);
    return k === undefined ? undefined : this.log.operations[k];
  }

  private recordOf(id: string): OperationRecord | undefined {
    return this.recordFor(id, this.positionOf(id));
  }

  /** The record of `id`, whose place in the log (undefined: not in it) the caller already knows. */
  private recordFor(id: string, position: number | undefined): OperationRecord | undefined {
    return position === undefined ? this.unrecorded.get(id) : this.recordAt[position];
  }

  /** The subtype of `id`: its record's, else the log's. */
  private subTypeOf(id: string): string | undefined {
    return this.recordOf(id)?.subType ?? this.recordedOp(id)?.SubType;
  }

  /** Streams `record` again at the next drain; one created since the last drain goes out anyway. */
  private changed(record: OperationRecord): void {
    if (record.seq < this.drainedUpTo) this.changedBefore.add(record);
  }

  /**
   * A copy of `record` for readers inside the host (the debugger's), with its recorded outcome: records leave that out,
   * since the session adds it from its own log to what it streams. Its outcomes are copies too, so a reader may
   * complete them (parse their results) without touching the ledger's record.
   */
  withRecorded(record: OperationRecord): OperationRecord {
    const op = this.recordedOp(record.id);
    const copy: OperationRecord = op ? { ...record, recorded: recordedOutcome(op) } : { ...record };
    if (copy.live) copy.live = { ...copy.live };
    return copy;
  }

  call(call: DurableCall, invocation: number): CallResult {
    const position = this.positionOf(call.id);
    const recorded = position === undefined ? undefined : this.log.operations[position];
    const existing = this.recordFor(call.id, position);
    if (existing) {
      existing.invocation ??= invocation;
      return { record: existing, isNew: false, beyondLog: !recorded };
    }
    if (this.halted) return { record: this.detached(call, invocation), isNew: false, beyondLog: !recorded };
    // Assigned field by field, not spread: this runs for every durable call of the replay.
    const record: OperationRecord = {
      seq: this.records.length,
      path: call.path,
      id: call.id,
      type: call.type,
      method: call.method,
      state: recorded && TERMINAL_STATUSES.has(recorded.Status) ? "replayed" : "live",
      invocation,
    };
    if (call.parentId !== undefined) record.parentId = call.parentId;
    if (call.parentPath !== undefined) record.parentPath = call.parentPath;
    if (call.subType !== undefined) record.subType = call.subType;
    if (call.name !== undefined) record.name = call.name;
    if (call.callSite) record.callSite = call.callSite;
    let divergence: Divergence | undefined;
    if (recorded) {
      const attribute =
        recorded.Type !== call.type
          ? "type"
          : (recorded.Name ?? undefined) !== call.name
            ? "name"
            : (recorded.SubType ?? undefined) !== call.subType
              ? "subtype"
              : undefined;
      if (attribute) {
        record.state = "diverged";
        const recordedIdentity = { type: recorded.Type, subType: recorded.SubType, name: recorded.Name };
        divergence = {
          kind: "mismatch",
          attribute,
          path: call.path,
          message:
            `At position ${call.path} the log recorded ${describeOp(recordedIdentity)}, ` +
            `but the code now calls ${describeOp(call)}: the ${attribute} differs.`,
          recorded: recordedIdentity,
          attempted: { type: call.type, subType: call.subType, name: call.name },
          ...(call.callSite ? { callSite: call.callSite } : {}),
        };
        this.divergences.push(divergence);
        this.halted = true;
      }
    }
    this.add(record, position);
    const result: CallResult = { record, isNew: true, beyondLog: !recorded };
    if (divergence) result.divergence = divergence;
    return result;
  }

  /** A record for a call made after the execution was terminated: reported to no one. */
  private detached(call: DurableCall, invocation: number): OperationRecord {
    return { seq: -1, path: call.path, id: call.id, type: call.type, state: "unreached", invocation };
  }

  /** A checkpoint the backend accepted: the operation ran (or completed) live in this session. */
  onUpdate(update: OperationUpdate, op: WireOperation, fallbackSite?: SourceLocation): void {
    const position = this.positionOf(op.Id);
    let record = this.recordFor(op.Id, position);
    if (!record) {
      // An operation the SDK created itself (waitForCallback's callback and submitter, map items, branches).
      record = this.fromWire(op, position, "live", fallbackSite);
      this.add(record, position);
    }
    if (record.state !== "diverged") record.state = "live";
    record.live = recordedOutcome(op);
    if (update.Type === "STEP" && record.live.attempt !== undefined) record.attempt = record.live.attempt;
    this.changed(record);
  }

  /**
   * A record for an operation no user call reported: one the SDK created itself, or one only the log knows. It takes
   * the call site (and invocation) of its parent, the user call that caused it. `position`: its place in the log.
   */
  private fromWire(
    op: WireOperation,
    position: number | undefined,
    state: OperationRecord["state"],
    fallbackSite?: SourceLocation,
  ): OperationRecord {
    const parent = op.ParentId ? this.recordOf(op.ParentId) : undefined;
    // Calls inside a map item, parallel branch or child context served whole from the log are found below the
    // enclosing call (not inside a waitForCallback: the SDK makes those calls itself).
    const inContext = parent?.type === "CONTEXT" && parent.subType !== "WaitForCallback";
    const callSite =
      (inContext && parent.callSite && itemCallSite(parent.callSite, op)) || parent?.callSite || fallbackSite;
    // Assigned field by field, not spread: this runs for every operation the code did not call.
    const record: OperationRecord = {
      seq: this.records.length,
      path: this.pathOf(op, position),
      id: op.Id,
      type: op.Type,
      state,
    };
    if (op.ParentId !== undefined) record.parentId = op.ParentId;
    if (parent) record.parentPath = parent.path;
    if (op.SubType !== undefined) record.subType = op.SubType;
    if (op.Name !== undefined) record.name = op.Name;
    if (callSite) record.callSite = callSite;
    if (parent?.invocation !== undefined) record.invocation = parent.invocation;
    return record;
  }

  /** Unhashed path of a recorded or checkpointed operation: from the log's tree, or below a known parent. */
  private pathOf(op: WireOperation, position: number | undefined): string {
    const known = position === undefined ? undefined : this.recordedPaths()[position];
    if (known) return known;
    if (!op.ParentId) return this.childPathOf(undefined, undefined, op.Id) ?? "?";
    const parentPath = this.recordOf(op.ParentId)?.path ?? this.recordedPath(op.ParentId);
    if (parentPath === undefined || parentPath.includes("?")) return `${parentPath ?? "?"}-?`;
    return this.childPathOf(op.ParentId, parentPath, op.Id) ?? `${parentPath}-?`;
  }

  /** `position`: the operation's place in the log, undefined when the log does not have it. */
  private add(record: OperationRecord, position: number | undefined): void {
    this.records.push(record);
    if (position === undefined) this.unrecorded.set(record.id, record);
    else this.recordAt[position] = record;
  }

  /** Records created or changed since the previous drain, in seq order. */
  drain(): OperationRecord[] {
    const out = [...this.changedBefore].sort((a, b) => a.seq - b.seq);
    for (let seq = this.drainedUpTo; seq < this.records.length; seq++) out.push(this.records[seq]);
    this.changedBefore = new Set();
    this.drainedUpTo = this.records.length;
    return out;
  }

  /**
   * After the run: recorded operations nobody called become records too. Those under a context that was served from
   * the log as a whole are replayed (the SDK never visits them). So are those the SDK consumes itself, with no user
   * call, inside a context that was reached (a waitForCallback's callback and submitter, the iterations and branches
   * of a map or parallel), and a context is reached when any operation inside it is: finished in the log, they are
   * replayed; still open, they are live. The rest are unreached.
   */
  settle(finished: boolean): void {
    const operations = this.log.operations;
    const { parentOf } = this.index;
    // Linear in the operations, by position: each walk up the parents stops at the first one already answered (which
    // also ends a loop the log reader did not refuse: a parent on the walk is marked before the walk goes on).
    const NOT_COVERED = 1;
    const COVERED = 2;
    const covered = new Uint8Array(operations.length);
    const walked: number[] = [];
    const coveredByReplay = (position: number): boolean => {
      let answer = false;
      for (let k = position; operations[k].ParentId !== undefined;) {
        const parentId = operations[k].ParentId!;
        const p = parentOf[k];
        if (p < 0 || p >= operations.length) {
          // A parent the log does not list (or the execution): only a record made in this session can answer.
          const parent = this.unrecorded.get(parentId);
          answer = parent?.state === "replayed" && parent.type === "CONTEXT";
          break;
        }
        if (covered[p] !== 0) {
          answer = covered[p] === COVERED;
          break;
        }
        const parent = this.recordAt[p];
        if (parent) {
          answer = parent.state === "replayed" && parent.type === "CONTEXT";
          break;
        }
        covered[p] = NOT_COVERED;
        walked.push(p);
        k = p;
      }
      for (const p of walked) covered[p] = answer ? COVERED : NOT_COVERED;
      walked.length = 0;
      return answer;
    };
    const reached = this.reachedContexts();
    const isReached = (id: string): boolean => {
      const record = this.recordOf(id);
      return record ? record.state !== "unreached" : reached.has(id);
    };
    const consumedBySdk = (op: WireOperation): boolean => {
      if (!op.ParentId || !isReached(op.ParentId)) return false;
      const subType = this.subTypeOf(op.ParentId);
      return subType !== undefined && SDK_DRIVEN_CONTEXTS.has(subType);
    };
    const unreachedByParent = new Map<string | undefined, OperationRecord[]>();
    for (let k = 0; k < operations.length; k++) {
      if (this.recordAt[k]) continue;
      const op = operations[k];
      const state: OperationRecord["state"] = coveredByReplay(k)
        ? "replayed"
        : reached.has(op.Id) || consumedBySdk(op)
          ? TERMINAL_STATUSES.has(op.Status)
            ? "replayed"
            : "live"
          : "unreached";
      const record = this.fromWire(op, k, state);
      this.add(record, k);
      if (state === "unreached") {
        const list = unreachedByParent.get(op.ParentId) ?? [];
        list.push(record);
        unreachedByParent.set(op.ParentId, list);
      }
    }
    if (!finished) return;
    this.settleUnawaited();
    // Per context, the last durable call the code made there and its first call the log does not know.
    const lastReachedIn = new Map<string | undefined, OperationRecord>();
    const firstNewIn = new Map<string | undefined, OperationRecord>();
    for (const r of this.records) {
      if (r.method === undefined) continue;
      if (r.callSite) lastReachedIn.set(r.parentId, r);
      if (r.state === "live" && this.positionOf(r.id) === undefined && !firstNewIn.has(r.parentId))
        firstNewIn.set(r.parentId, r);
    }
    for (const [parentId, list] of unreachedByParent) {
      // Children of an unreached parent are reported through the parent.
      if (parentId && this.recordOf(parentId)?.state === "unreached") continue;
      if (parentId && this.inAbandonedBranch(parentId)) continue;
      // Point at the last durable call the code made in that context: after it, the code stopped following the log.
      const lastReached = lastReachedIn.get(parentId);
      for (const record of list) {
        const site = record.callSite ?? lastReached?.callSite;
        this.divergences.push({
          kind: "unreached",
          path: record.path,
          message:
            `The log recorded ${describeOp(record)} at position ${record.path}, but the code never reached it` +
            (lastReached?.callSite ? ` (its last durable call there is on line ${lastReached.callSite.line}).` : "."),
          recorded: { type: record.type, subType: record.subType, name: record.name },
          ...(site ? { callSite: site } : {}),
        });
      }
      // A new operation in the same context where the log still had entries: the code took another path.
      const sibling = firstNewIn.get(parentId);
      if (sibling) this.flagUnexpected(sibling, "where the log still had entries in the same context");
    }
  }

  /**
   * A wait, callback or invoke the log left open, called where the code follows the log (top level, or in a context
   * not run live), which this session never completed although the execution ended: the code never waited on it (a
   * callback id handed on), so the SDK only read it from the log. Under a live context it stays live, part of what ran.
   */
  private settleUnawaited(): void {
    for (const record of this.records) {
      if (record.state !== "live" || record.live || !AWAITED_TYPES.has(record.type)) continue;
      if (this.positionOf(record.id) === undefined) continue;
      if (record.parentId && this.recordOf(record.parentId)?.state !== "replayed") continue;
      record.state = "replayed";
      this.changed(record);
    }
  }

  /** The status an operation ended the session with: its live one, else the log's. */
  private finalStatus(id: string): string | undefined {
    return this.recordOf(id)?.live?.status ?? this.recordedOp(id)?.Status;
  }

  /**
   * Whether `id` is inside a map iteration or parallel branch that its map or parallel finished without (completion
   * config: first successful, min successful, tolerated failures): what the log recorded further in that branch may
   * go unreached with the code unchanged, as the SDK stops waiting for the branch.
   */
  private inAbandonedBranch(id: string): boolean {
    for (let branch: string | undefined = id; branch;) {
      const parent: string | undefined = this.recordOf(branch)?.parentId ?? this.recordedOp(branch)?.ParentId;
      if (!parent) return false;
      const parentSubType = this.subTypeOf(parent);
      if (parentSubType === "Map" || parentSubType === "Parallel") {
        const branchStatus = this.finalStatus(branch);
        const batchStatus = this.finalStatus(parent);
        return (
          branchStatus !== undefined &&
          !TERMINAL_STATUSES.has(branchStatus) &&
          batchStatus !== undefined &&
          TERMINAL_STATUSES.has(batchStatus)
        );
      }
      branch = parent;
    }
    return false;
  }

  /** Recorded operations with a reached operation inside them (a call, a checkpoint), by Id. */
  private reachedContexts(): Set<string> {
    const reached = new Set<string>();
    for (const record of this.records) {
      if (record.state === "unreached") continue;
      let parentId = record.parentId ?? this.recordedOp(record.id)?.ParentId;
      while (parentId && !reached.has(parentId)) {
        reached.add(parentId);
        parentId = this.recordedOp(parentId)?.ParentId ?? this.recordOf(parentId)?.parentId;
      }
    }
    return reached;
  }

  flagUnexpected(record: OperationRecord, why: string): void {
    if (this.flagged.has(record.path)) return;
    this.flagged.add(record.path);
    this.divergences.push({
      kind: "unexpected-operation",
      path: record.path,
      message: `The code calls ${describeOp(record)} at position ${record.path} ${why}.`,
      attempted: { type: record.type, subType: record.subType, name: record.name },
      ...(record.callSite ? { callSite: record.callSite } : {}),
    });
  }
}
