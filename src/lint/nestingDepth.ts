// A linear pre-check of how deeply brackets nest in a source file. The TypeScript parser and checker, tree-sitter's
// tree copy and the analyzers' own walks recurse once per level, so a file nested thousands of levels deep (generated
// code, an attack) would overflow the stack of whoever touches it first; such a file is refused on its own instead.

/** Deeper than any hand-written code, far below what the recursive walks survive. */
export const MAX_NESTING = 500;

/** The deepest bracket nesting, skipping string literals and comments (`#` comments for Python, `//` and block comments otherwise). */
export function nestingDepth(text: string, hashComments: boolean): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      // ( [ {
      if (++depth > max) max = depth;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      // " ' : to the closing quote on the same line
      for (i++; i < text.length && text.charCodeAt(i) !== c && text.charCodeAt(i) !== 10; i++) {
        if (text.charCodeAt(i) === 92) i++;
      }
    } else if (hashComments ? c === 35 : c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    } else if (!hashComments && c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    }
  }
  return max;
}

/** One sentence for a file refused by `nestingDepth`, or undefined when it can be analyzed. */
export function nestingProblem(text: string, hashComments: boolean): string | undefined {
  const depth = nestingDepth(text, hashComments);
  return depth > MAX_NESTING
    ? `brackets nest ${depth} levels deep (more than ${MAX_NESTING}), too deep to analyze; its findings are missing`
    : undefined;
}
