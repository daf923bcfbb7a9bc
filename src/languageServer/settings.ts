// Client settings (section `durableLint`), merged over the file configuration the linter already applied.
import { isRuleId } from "../lint/rules";
import type { Finding, RuleId, Severity } from "../lint/types";

export interface LintSettings {
  enable: boolean;
  /** Severity overrides from the editor; they win over durable-lint.json because they are the user's latest word. */
  rules: Partial<Record<RuleId, Severity | "off">>;
}

export const DEFAULT_SETTINGS: LintSettings = { enable: true, rules: {} };

const LEVELS: ReadonlySet<string> = new Set(["error", "warning", "info", "hint", "off"]);

/** Reads what the client sent, keeping the valid parts and naming each part it ignores. */
export function parseSettings(raw: unknown): { settings: LintSettings; problems: string[] } {
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings: DEFAULT_SETTINGS, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: ["setting durableLint is not an object; using the defaults."] };
  }
  const { enable, rules } = raw as { enable?: unknown; rules?: unknown };
  const settings: LintSettings = { enable: true, rules: {} };
  if (typeof enable === "boolean") settings.enable = enable;
  else if (enable !== undefined) problems.push("setting durableLint.enable is not true or false; keeping it on.");
  if (rules !== undefined && (typeof rules !== "object" || rules === null || Array.isArray(rules))) {
    problems.push("setting durableLint.rules is not an object of rule ids to severities; ignoring it.");
  } else if (rules) {
    for (const [id, level] of Object.entries(rules)) {
      if (!isRuleId(id)) problems.push(`setting durableLint.rules.${id} names no durable-lint rule; ignoring it.`);
      else if (typeof level !== "string" || !LEVELS.has(level)) {
        problems.push(
          `setting durableLint.rules.${id} must be "error", "warning", "info", "hint" or "off"; ignoring it.`,
        );
      } else settings.rules[id] = level as Severity | "off";
    }
  }
  return { settings, problems };
}

export function applyRuleOverrides(findings: Finding[], rules: LintSettings["rules"]): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const level = rules[finding.rule];
    if (level === "off") continue;
    out.push(level ? { ...finding, severity: level } : finding);
  }
  return out;
}
