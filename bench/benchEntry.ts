// The entry of a bench file run on its own (`npx tsx bench/dap.ts`): a failure is one line and exit code 1.

/** Runs `entry` when `module` is the file node was started with; `bench/run.ts` imports the benches instead. */
export function runWhenMain(module: NodeModule, entry: () => Promise<void>): void {
  if (require.main !== module) return;
  Promise.resolve()
    .then(entry)
    .catch((error: unknown) => {
      console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
