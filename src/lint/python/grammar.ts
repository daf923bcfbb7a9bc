// Loads web-tree-sitter and the Python grammar (both WASM, no native build) and turns source text into PyNode
// trees, reparsing incrementally and reusing unchanged top-level statements from the previous version of a file.
import { accessSync } from "node:fs";
import path from "node:path";
import TreeSitter = require("web-tree-sitter");
import type { PyNode } from "./syntaxTree";

type Tree = TreeSitter.Tree;
type TreeCursor = TreeSitter.TreeCursor;

/** Next to the bundle in dist/, else from node_modules (tests and tsx runs). */
function locateWasm(fileName: string, fallbackSpecifier: string): string {
  const bundled = path.join(__dirname, fileName);
  try {
    accessSync(bundled);
    return bundled;
  } catch {
    return require.resolve(fallbackSpecifier);
  }
}

export interface ParsedText {
  text: string;
  root: PyNode;
}

interface NodeTypeTable {
  names: string[];
  named: boolean[];
  fields: (string | null)[];
}

export class PythonParser {
  private readonly previous = new Map<string, { text: string; tree: Tree; root: PyNode }>();

  private constructor(
    private readonly parser: TreeSitter.Parser,
    private readonly types: NodeTypeTable,
  ) {}

  static async create(): Promise<PythonParser> {
    const runtimeWasm = locateWasm("tree-sitter.wasm", "web-tree-sitter/tree-sitter.wasm");
    await TreeSitter.Parser.init({ locateFile: () => runtimeWasm });
    const language = await TreeSitter.Language.load(
      locateWasm("tree-sitter-python.wasm", "tree-sitter-python/tree-sitter-python.wasm"),
    );
    const parser = new TreeSitter.Parser();
    parser.setLanguage(language);
    const names: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      names.push(language.nodeTypeForId(id) ?? "");
      named.push(language.nodeTypeIsNamed(id));
    }
    return new PythonParser(parser, { names, named, fields: language.fields });
  }

  /** Parses `text` as the new content of `file`, reusing the previous tree of that file when there is one. */
  parse(file: string, text: string): ParsedText {
    const old = this.previous.get(file);
    if (old && old.text === text) return { text, root: old.root };
    let edit: { start: number; oldEnd: number; newEnd: number } | undefined;
    let tree: Tree | null;
    if (old) {
      edit = diffRange(old.text, text);
      old.tree.edit({
        startIndex: edit.start,
        oldEndIndex: edit.oldEnd,
        newEndIndex: edit.newEnd,
        startPosition: pointAt(old.text, edit.start),
        oldEndPosition: pointAt(old.text, edit.oldEnd),
        newEndPosition: pointAt(text, edit.newEnd),
      });
      tree = this.parser.parse(text, old.tree);
    } else {
      tree = this.parser.parse(text);
    }
    if (!tree) throw new Error("tree-sitter returned no tree");
    const root = this.convertModule(
      tree,
      old && edit ? { root: old.root, edit, changed: tree.getChangedRanges(old.tree) } : undefined,
    );
    old?.tree.delete();
    this.previous.set(file, { text, tree, root });
    return { text, root };
  }

  private convertModule(
    tree: Tree,
    reuse?: { root: PyNode; edit: { start: number; oldEnd: number; newEnd: number }; changed: TreeSitter.Range[] },
  ): PyNode {
    const cursor = tree.walk();
    const root = this.nodeAtCursor(cursor, null);
    const oldByRange = new Map<string, PyNode>();
    if (reuse) for (const c of reuse.root.children) oldByRange.set(`${c.type}:${c.start}:${c.end}`, c);
    if (cursor.gotoFirstChild()) {
      do {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const type = this.types.names[cursor.nodeTypeId];
        const reused = reuse && this.reusable(reuse, type, start, end, oldByRange);
        if (reused) {
          reused.parent = root;
          root.children.push(reused);
        } else {
          root.children.push(this.convert(cursor, root));
        }
      } while (cursor.gotoNextSibling());
    }
    cursor.delete();
    return root;
  }

  private reusable(
    reuse: { edit: { start: number; oldEnd: number; newEnd: number }; changed: TreeSitter.Range[] },
    type: string,
    start: number,
    end: number,
    oldByRange: Map<string, PyNode>,
  ): PyNode | undefined {
    const { edit, changed } = reuse;
    if (changed.some((r) => r.startIndex < end && r.endIndex > start)) return undefined;
    const delta = edit.newEnd - edit.oldEnd;
    if (end <= edit.start) return oldByRange.get(`${type}:${start}:${end}`);
    if (start < edit.newEnd) return undefined;
    const old = oldByRange.get(`${type}:${start - delta}:${end - delta}`);
    if (old) shift(old, delta);
    return old;
  }

  private nodeAtCursor(cursor: TreeCursor, parent: PyNode | null): PyNode {
    const typeId = cursor.nodeTypeId;
    const fieldId = cursor.currentFieldId;
    return {
      type: this.types.names[typeId],
      start: cursor.startIndex,
      end: cursor.endIndex,
      field: fieldId ? this.types.fields[fieldId] : null,
      named: this.types.named[typeId],
      children: [],
      parent,
    };
  }

  private convert(cursor: TreeCursor, parent: PyNode): PyNode {
    const node = this.nodeAtCursor(cursor, parent);
    if (cursor.gotoFirstChild()) {
      do node.children.push(this.convert(cursor, node));
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  }
}

function shift(node: PyNode, delta: number): void {
  node.start += delta;
  node.end += delta;
  for (const c of node.children) shift(c, delta);
}

function diffRange(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  )
    tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
