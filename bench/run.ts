// `npm run bench`: every benchmark, one after the other, each printing its figures against a baseline measured in
// the same run (the bare SDK, tsc, the testing library, a bare VS Code).
import { main as replay } from "./replay";

const benches: Array<[string, () => Promise<void>]> = [["replay engine", () => replay([])]];

async function run(): Promise<void> {
  for (const [name, bench] of benches) {
    console.log(`\n### ${name}\n`);
    await bench();
  }
}

run().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
