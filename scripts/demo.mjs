// `npm run demo`: replays the order example twice with the durable-replay CLI (built into dist/ just before):
// first the complete log, where every operation replays, then a log cut after process_payment, where the wait and
// confirm_order run live. Exits non-zero if either run fails or diverges.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const example = "examples/order-workflow";

const runs = [
  {
    heading: "1. Complete log: every durable call is served from the log (replayed), no step body runs",
    log: `${example}/logs/order.history.json`,
  },
  {
    heading: "2. Log cut after process_payment: the two steps replay, the wait and confirm_order run live",
    log: `${example}/logs/order-cut.history.json`,
  },
];

let failed = 0;
for (const { heading, log } of runs) {
  console.log(
    `\n== ${heading}\n$ durable-replay run --handler ${example}/src/handler.ts --log ${log} --on-log-end live\n`,
  );
  const cli = spawnSync(
    process.execPath,
    ["dist/durable-replay.js", "run", "--handler", `${example}/src/handler.ts`, "--log", log, "--on-log-end", "live"],
    { cwd: root, stdio: "inherit" },
  );
  if (cli.status !== 0) {
    failed++;
    const why = cli.error ? cli.error.message : cli.signal ? `killed by ${cli.signal}` : `exit code ${cli.status}`;
    console.error(`\ndemo: this run failed (${why})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
