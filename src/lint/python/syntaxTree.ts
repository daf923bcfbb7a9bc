// A plain-object copy of the tree-sitter tree. Rules walk it many times; plain objects are far cheaper to walk than
// the WASM-backed nodes, and unchanged top-level statements are reused across edits.

export interface PyNode {
  type: string;
  /** 0-based UTF-16 offsets into the file text, end exclusive. */
  start: number;
  end: number;
  field: string | null;
  named: boolean;
  children: PyNode[];
  parent: PyNode | null;
}

export function childByField(node: PyNode, field: string): PyNode | undefined {
  return node.children.find((c) => c.field === field);
}

export function namedChildren(node: PyNode): PyNode[] {
  return node.children.filter((c) => c.named && c.type !== "comment");
}

/** Pre-order walk; `visit` returning false skips the node's children. */
export function walk(node: PyNode, visit: (n: PyNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (const c of node.children) walk(c, visit);
}

/** Maps offsets to 1-based line/column (UTF-16 columns, as editors count). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line - 1, 0), this.starts.length - 1)];
  }
}
