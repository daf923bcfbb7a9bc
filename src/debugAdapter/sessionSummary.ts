// The lines the Debug Console shows when a replay ends: status, counts by state, and every divergence with its place,
// so the outcome is there even with the timeline and Problems closed.
import { basename } from "node:path";
import type { ReplayReport } from "../protocol/operations";

export function sessionSummary(report: ReplayReport): string {
  const counts = new Map<string, number>();
  for (const record of report.operations) counts.set(record.state, (counts.get(record.state) ?? 0) + 1);
  const tally = [...counts].map(([state, n]) => `${n} ${state}`).join(", ") || "no operations";
  const lines = [`Replay ${report.status}: ${report.operations.length} operations (${tally}).`];
  if (report.pendingReason) {
    const answers = (report.waitingFor ?? []).map((name) => `"${name}": <json>`).join(", ");
    lines.push(
      `Pending: ${report.pendingReason}${answers ? ` Answer in the launch attribute "callbacks": { ${answers} }.` : ""}`,
    );
  }
  if (report.divergences.length === 0) lines.push("No divergence: the code matches the log.");
  for (const d of report.divergences) {
    const where = d.callSite ? ` at ${basename(d.callSite.file)}:${d.callSite.line}` : "";
    lines.push(`${d.severity === "warning" ? "Warning" : "Divergence"} (${d.kind})${where}: ${d.message}`);
  }
  return `${lines.join("\n")}\n`;
}
