// DUR011 and DUR012: a non-deterministic value in replayed code that names a durable operation or decides a branch
// (sinks.ts follows it there).
import ts from "typescript";
import { RULES } from "../rules";
import { BRANCH_TAINTING_KINDS, NAME_TAINTING_KINDS, SOURCE_KINDS } from "../sourceKinds";
import { optionalFix, type TsCheck } from "./checkTypes";
import { sentence, shortText } from "./messages";

export const operationNames: TsCheck = {
  rules: ["DUR011"],
  value(env, value, sinks, out) {
    if (!NAME_TAINTING_KINDS.has(value.kind)) return;
    for (const sink of sinks) {
      if (sink.kind !== "name") continue;
      out.push({
        rule: "DUR011",
        node: sink.node,
        severity: RULES.DUR011.defaultSeverity,
        message: sentence(
          "DUR011",
          `The operation name depends on \`${shortText(value.node)}\`, which ${SOURCE_KINDS[value.kind].verb}`,
        ),
        related: value.related,
        kind: value.kind,
        summary: value.summary,
        fixes: ts.isExpression(sink.node) ? [env.fixes.staticName(sink.node)] : [],
      });
    }
  },
};

export const branches: TsCheck = {
  rules: ["DUR012"],
  value(env, value, sinks, out) {
    if (!BRANCH_TAINTING_KINDS.has(value.kind)) return;
    for (const sink of sinks) {
      if (sink.kind !== "branch") continue;
      out.push({
        rule: "DUR012",
        node: sink.node,
        severity: RULES.DUR012.defaultSeverity,
        message: sentence(
          "DUR012",
          `This condition depends on \`${shortText(value.node)}\`, which ${SOURCE_KINDS[value.kind].verb}`,
        ),
        related: value.related,
        kind: value.kind,
        summary: value.summary,
        fixes: optionalFix(() => env.fixes.wrapInStep(sink.node)),
      });
    }
  },
};
