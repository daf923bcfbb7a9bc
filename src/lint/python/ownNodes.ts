// Each function's own nodes (not those of nested functions) grouped by node type, built once per parsed
// function and shared by the scope model and every rule, so rules scan short lists instead of walking trees.
import type { FunctionInfo, ModuleModel } from "./moduleModel";
import type { PyNode } from "./syntaxTree";

/** Per function, its own nodes grouped by type; built once per parsed function and shared by all rules. */
const OWN_NODES = new WeakMap<FunctionInfo, Map<string, PyNode[]>>();

export function ownNodeIndex(model: ModuleModel, fn: FunctionInfo): Map<string, PyNode[]> {
  let index = OWN_NODES.get(fn);
  if (index) return index;
  index = new Map();
  const stack = [fn.body];
  const ordered: PyNode[] = [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== fn.body && model.functionOf.has(n)) continue;
    ordered.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  for (const n of ordered) {
    const list = index.get(n.type);
    if (list) list.push(n);
    else index.set(n.type, [n]);
  }
  OWN_NODES.set(fn, index);
  return index;
}
