// `npm run bench`: every benchmark, one after the other, each printing its figures against a baseline measured in
// the same run (the bare SDK, the bare Python SDK, the testing library, tsc, a replay without a debugger, a bare VS Code).
import { main as aws } from "./aws";
import { main as dap } from "./dap";
import { main as lint } from "./lint";
import { main as pythonDap } from "./pythonDap";
import { main as pythonReplay } from "./pythonReplay";
import { main as logWork } from "./logWork";
import { main as replay } from "./replay";
import { main as vscode } from "./vscode";
import { runWhenMain } from "./benchEntry";

const benches: Array<[string, () => Promise<void>]> = [
  ["replay engine", () => replay()],
  ["python replay", () => pythonReplay()],
  ["our work on large logs", () => logWork()],
  ["debug adapter", () => dap()],
  ["python debugger", () => pythonDap()],
  ["determinism lint", () => lint()],
  ["VS Code timeline", () => vscode()],
  ["AWS fetch and check", () => aws()],
];

async function run(): Promise<void> {
  const only = process.argv.slice(2);
  for (const [name, bench] of benches) {
    if (only.length && !only.some((word) => name.includes(word))) continue;
    console.log(`\n### ${name}\n`);
    await bench();
  }
}

runWhenMain(module, run);
