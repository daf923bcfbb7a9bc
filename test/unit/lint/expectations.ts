// The `expect:` comments lint fixtures carry, in either language: `// expect: DUR001 error, DUR012 error` (or
// `/* expect: … */`, `# expect: …`) on a line says that exactly these findings are reported on that line.
import { readFileSync } from "node:fs";

export interface Expectation {
  line: number;
  rule: string;
  severity: string;
}

const EXPECT = /(?:\/\/|\/\*|#) expect: (.*?)\s*(?:\*\/)?$/;

export function expectationsIn(text: string): Expectation[] {
  const out: Expectation[] = [];
  text.split("\n").forEach((line, index) => {
    const m = EXPECT.exec(line);
    if (!m) return;
    for (const item of m[1].split(",")) {
      const [rule, severity] = item.trim().split(/\s+/);
      out.push({ line: index + 1, rule, severity });
    }
  });
  return out;
}

export function expectationsOf(file: string): Expectation[] {
  return expectationsIn(readFileSync(file, "utf8"));
}
