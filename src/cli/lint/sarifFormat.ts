// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. Rules come from the catalog; locations are
// relative to the repository root under %SRCROOT% so results line up with the checked-out tree.
import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import { RULE_IDS, RULES } from "../../lint/rules";
import type { Finding, Severity } from "../../lint/types";

const SRCROOT = "%SRCROOT%";
const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// SARIF has no "hint"; GitHub shows "note" as the lowest level.
const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  error: "error",
  warning: "warning",
  info: "note",
  hint: "note",
};

export function toSarif(findings: Finding[], options: { root: string; toolVersion: string }): Sarif.Log {
  const artifact = (file: string): Sarif.ArtifactLocation => {
    const rel = relative(options.root, file);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
    return { uri: rel.split(sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
  };
  const rules: Sarif.ReportingDescriptor[] = RULE_IDS.map((id) => {
    const rule = RULES[id];
    return {
      id,
      shortDescription: { text: rule.title },
      fullDescription: { text: `${capitalize(rule.why)}.` },
      help: { text: `${capitalize(rule.why)}. Fix: ${rule.fix}.` },
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    };
  });
  const results: Sarif.Result[] = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: RULE_IDS.indexOf(f.rule),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(f.file),
          region: {
            startLine: f.range.line,
            startColumn: f.range.column,
            endLine: f.range.endLine,
            endColumn: f.range.endColumn,
          },
        },
      },
    ],
    ...(f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, index) => ({
            id: index,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: artifact(r.file),
              region: { startLine: r.line, startColumn: r.column },
            },
          })),
        }
      : {}),
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "durable-lint", version: options.toolVersion, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(options.root + sep).href } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
