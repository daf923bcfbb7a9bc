// The words shown next to a durable call: the after-line hint (`↺ replayed → …`) and the hover with the full values.
import { terminalSafe } from "../../protocol/safeText";
import {
  STATE_MARK,
  type Divergence,
  type OperationIdentity,
  type OperationOutcome,
  type OperationRecord,
} from "../../protocol/operations";
import { previewOutcome } from "./resultPreview";

/** How a divergence names an operation: by name when the names differ, else with the attribute that differs. */
function describe(identity: Partial<OperationIdentity>, attribute: Divergence["attribute"]): string {
  const name = identity.name ?? identity.type ?? "an operation";
  if (attribute === "type") return `${identity.type ?? "?"} ${name}`;
  if (attribute === "subtype") return `${identity.subType ?? identity.type ?? "?"} ${name}`;
  return name;
}

/** `✖ diverged: recorded process_payment, code called charge_card`, or the divergence's own sentence. */
function divergedText(
  record: OperationRecord,
  divergence: Divergence | undefined,
  fallback: string | undefined,
): string {
  if (divergence?.recorded && divergence.attempted) {
    return `${STATE_MARK.diverged}: recorded ${describe(divergence.recorded, divergence.attribute)}, code called ${describe(divergence.attempted, divergence.attribute)}`;
  }
  if (divergence?.kind === "unreached" && divergence.recorded) {
    return `${STATE_MARK.diverged}: recorded ${describe(divergence.recorded, undefined)}, code never reached it`;
  }
  if (divergence?.kind === "unexpected-operation") {
    return `${STATE_MARK.diverged}: code called ${describe(divergence.attempted ?? record, undefined)}, not in the log`;
  }
  const message = divergence?.message ?? fallback;
  return message
    ? `${STATE_MARK.diverged}: ${message}`
    : `${STATE_MARK.diverged}: code called ${record.name ?? record.type}`;
}

/** The outcome a hint previews: the live one when the operation ran, else the recorded one. */
export function shownOutcome(record: OperationRecord): OperationOutcome | undefined {
  return record.live ?? record.recorded;
}

/**
 * The after-line hint of one operation. `divergence` (or the adapter's sentence `divergenceMessage`) explains a
 * diverged one; `max` bounds the preview.
 */
export function hintText(
  record: OperationRecord,
  max: number,
  divergence?: Divergence,
  divergenceMessage?: string,
): string {
  // Names, messages and payloads come from the log: control and bidi characters are shown escaped, as in the CLI.
  if (record.state === "diverged") return terminalSafe(divergedText(record, divergence, divergenceMessage));
  const preview = previewOutcome(shownOutcome(record), max);
  return preview === undefined ? STATE_MARK[record.state] : `${STATE_MARK[record.state]} → ${terminalSafe(preview)}`;
}

/** A fenced block that the content cannot close: the fence is longer than any backtick run inside. */
function fenced(language: string, content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

/**
 * Markdown inline text with every character that markdown or HTML would interpret escaped, control and bidi
 * characters shown as escapes, and `:`, `/`, `@` and `.` escaped so that no GFM autolink (`https://…`, `www.…`, an
 * e-mail address) forms from a recorded name.
 */
export function markdownText(text: string): string {
  return terminalSafe(text).replace(/[\\`*_{}[\]()#+\-.!|<>&~:/@]/g, (char) => `\\${char}`);
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function durationMs(outcome: OperationOutcome | undefined): number | undefined {
  if (!outcome?.startTimestamp || !outcome.endTimestamp) return undefined;
  const ms = Date.parse(outcome.endTimestamp) - Date.parse(outcome.startTimestamp);
  return Number.isFinite(ms) ? ms : undefined;
}

function outcomeSection(title: string, outcome: OperationOutcome): string[] {
  const lines = [
    `**${title}** · ${markdownText(outcome.status)}` +
      (outcome.attempt !== undefined ? ` · attempt ${outcome.attempt}` : ""),
  ];
  const timing = [outcome.startTimestamp, outcome.endTimestamp].filter(Boolean).join(" → ");
  const ms = durationMs(outcome);
  if (timing) lines.push(`${markdownText(timing)}${ms !== undefined ? ` (${ms} ms)` : ""}`);
  if (outcome.error) lines.push(fenced("json", json(outcome.error)));
  else if (outcome.result !== undefined) lines.push(fenced("json", json(outcome.result)));
  else if (outcome.resultRaw !== undefined) lines.push(fenced("text", outcome.resultRaw));
  return lines;
}

/** The hover of a durable call: metadata, the divergence, the full recorded and live values and their timing. */
export function hoverMarkdown(record: OperationRecord, divergence?: Divergence, divergenceMessage?: string): string {
  const kind = [record.type, record.subType].filter(Boolean).join(" / ");
  const head = `**${markdownText(record.name ?? record.type)}** · ${markdownText(kind)} · ${record.state}`;
  const meta = [
    record.method ? `context.${markdownText(record.method)}` : undefined,
    `path ${markdownText(record.path)}`,
    `id ${markdownText(record.id)}`,
    record.attempt !== undefined ? `attempt ${record.attempt}` : undefined,
    record.invocation !== undefined ? `invocation ${record.invocation + 1}` : undefined,
  ].filter(Boolean);
  const sections = [head, meta.join(" · ")];
  const why = divergence?.message ?? divergenceMessage;
  if (record.state === "diverged" && why) sections.push(`⚠ ${markdownText(why)}`);
  if (record.recorded) sections.push(outcomeSection("Recorded", record.recorded).join("\n\n"));
  if (record.live) sections.push(outcomeSection("Live", record.live).join("\n\n"));
  return sections.join("\n\n");
}
