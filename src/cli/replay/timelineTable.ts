// The human face of a replay report: a timeline table of every durable operation and a short verdict.
import { relative } from "node:path";
import type { Divergence, OperationRecord, ReplayReport } from "../../protocol/operations";
import { terminalSafe } from "../../protocol/safeText";

export interface Style {
  color: boolean;
  cwd: string;
}

const CODES = { red: 31, green: 32, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Color = keyof typeof CODES;

const paint = (style: Style, color: Color, text: string): string =>
  style.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;

const STATE_COLORS: Record<OperationRecord["state"], Color> = {
  replayed: "cyan",
  live: "green",
  diverged: "red",
  unreached: "yellow",
};

const STATE_MARKS: Record<OperationRecord["state"], string> = {
  replayed: "↺ replayed",
  live: "▶ live",
  diverged: "✖ diverged",
  unreached: "… unreached",
};

/** One line of JSON, cut to `width` characters: payloads are data and are only ever shown as text. */
export function preview(value: unknown, width = 48): string {
  if (value === undefined) return "";
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- JSON.stringify gives undefined only for functions and symbols
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function outcomeText(record: OperationRecord, frontier: boolean): string {
  if (frontier) return "(log ends here: not run)";
  const outcome = record.live ?? record.recorded;
  if (!outcome) return "";
  if (outcome.error) return `error: ${outcome.error.ErrorType ?? "Error"}: ${outcome.error.ErrorMessage ?? ""}`;
  return outcome.result !== undefined ? preview(outcome.result) : outcome.status === "SUCCEEDED" ? "" : outcome.status;
}

/** Children sit under their parent (depth from the path), in the order the code reached them. */
function ordered(records: readonly OperationRecord[]): OperationRecord[] {
  const children = new Map<string | undefined, OperationRecord[]>();
  for (const r of records) {
    const list = children.get(r.parentId);
    if (list) list.push(r);
    else children.set(r.parentId, [r]);
  }
  // A record whose parent has no record sits at the top level, in its place. Only parents are looked for among the
  // records (not a set of every Id: a million).
  const recordedParents = new Set<string>();
  for (const r of records) if (children.has(r.id)) recordedParents.add(r.id);
  const out: OperationRecord[] = [];
  const visit = (list: readonly OperationRecord[]): void => {
    for (const r of list) {
      out.push(r);
      const own = children.get(r.id);
      if (own) visit(own);
    }
  };
  visit(records.filter((r) => r.parentId === undefined || !recordedParents.has(r.parentId)));
  return out;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Characters as the terminal counts them (an emoji is one), without spreading each of a million cells into an array. */
function codePoints(text: string): number {
  return SURROGATE.test(text) ? [...text].length : text.length;
}

/**
 * Lines per piece of the table: a million-row table is never one string, and a piece is small enough to stay in the
 * young generation, where garbage costs nothing to collect.
 */
const LINES_PER_PIECE = 500;

/** The timeline table in pieces of whole lines, to be written one after the other with a line break after each. */
export function* timelinePieces(report: ReplayReport, style: Style): Generator<string> {
  const records = ordered(report.operations);
  const isFrontier = (r: OperationRecord): boolean => report.frontier?.seq === r.seq;
  // Call sites name a handful of files: each is made relative once, not once per row.
  const sites = new Map<string, string>();
  const siteText = ({ file, line }: NonNullable<OperationRecord["callSite"]>): string => {
    let shown = sites.get(file);
    if (shown === undefined) sites.set(file, (shown = relative(style.cwd, file) || file));
    return `${shown}:${line}`;
  };
  // The cells of a row, escaped. Made twice (for the column widths, then for the line) rather than kept: for a million
  // rows, the kept cells would outlive the young generation and cost the collector more than making them again.
  const cells = (r: OperationRecord): string[] =>
    [
      r.path,
      `${r.type}${r.subType ? `/${r.subType}` : ""}`,
      `${"  ".repeat(r.path.split("-").length - 1)}${r.name ?? "-"}`,
      isFrontier(r) ? "■ frontier" : STATE_MARKS[r.state],
      r.callSite ? siteText(r.callSite) : "-",
      outcomeText(r, isFrontier(r)),
    ].map(terminalSafe);
  const header = ["PATH", "OPERATION", "NAME", "STATE", "CALL SITE", "RESULT"];
  const widths = header.map((h) => h.length);
  // A loop, not Math.max(...rows): a million rows would overflow the stack as arguments.
  for (const r of records) cells(r).forEach((cell, i) => (widths[i] = Math.max(widths[i], codePoints(cell))));
  const pad = (text: string, i: number): string => text + " ".repeat(widths[i] - codePoints(text));
  yield paint(style, "bold", header.map(pad).join("  ").trimEnd());
  let lines: string[] = [];
  for (const r of records) {
    const padded = cells(r).map(pad);
    padded[3] = paint(style, STATE_COLORS[r.state], padded[3]);
    lines.push(padded.join("  ").trimEnd());
    if (lines.length === LINES_PER_PIECE) {
      yield lines.join("\n");
      lines = [];
    }
  }
  if (lines.length) yield lines.join("\n");
}

export function renderVerdict(report: ReplayReport, style: Style): string {
  const counts = new Map<string, number>();
  for (const r of report.operations) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const tally = [...counts].map(([state, n]) => `${n} ${state}`).join(", ");
  // Every text after a label may hold recorded names and payloads: escaped before it is painted.
  const field = (label: string, text: string): string => `${paint(style, "bold", label)} ${terminalSafe(text)}`;
  const lines = [
    field(
      "Status:",
      `${report.status}   (${tally || "no operations"}; ${report.invocations.length} invocation${report.invocations.length === 1 ? "" : "s"})`,
    ),
  ];
  if (report.result !== undefined) lines.push(field("Result:", preview(report.result, 200)));
  if (report.error)
    lines.push(field("Error:", ` ${report.error.ErrorType ?? "Error"}: ${report.error.ErrorMessage ?? ""}`));
  if (report.frontier) {
    lines.push(
      field(
        "Frontier:",
        `the log ends before ${report.frontier.name ? `\`${report.frontier.name}\`` : report.frontier.type} (${report.frontier.path}); it would run live.`,
      ),
    );
  }
  if (report.pendingReason) {
    const answers = (report.waitingFor ?? [])
      .map((name) => shellWord(`${name}=<json>`))
      .map((arg) => `--callback ${arg}`)
      .join(" ");
    lines.push(field("Pending:", `${report.pendingReason}${answers ? ` Run again with ${answers}.` : ""}`));
  }
  for (const warning of report.warnings) lines.push(paint(style, "yellow", terminalSafe(`warning: ${warning}`)));
  if (report.divergences.length === 0) lines.push(paint(style, "green", "No divergence: the code matches the log."));
  else if (!report.divergences.some(isError))
    lines.push(paint(style, "green", "No divergence in the operations: in-flight executions still replay."));
  for (const d of report.divergences) {
    const where = d.callSite
      ? `${relative(style.cwd, d.callSite.file) || d.callSite.file}:${d.callSite.line}:${d.callSite.column}: `
      : "";
    const label = isError(d) ? "divergence" : "warning";
    lines.push(paint(style, isError(d) ? "red" : "yellow", terminalSafe(`${label} (${d.kind}): ${where}${d.message}`)));
  }
  return lines.join("\n");
}

/** Divergences from a report without `severity` (older JSON) count as errors. */
export function isError(divergence: Divergence): boolean {
  return divergence.severity !== "warning";
}

/** A command-line argument as a user would paste it into a shell: quoted when it holds more than plain characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./<>-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
