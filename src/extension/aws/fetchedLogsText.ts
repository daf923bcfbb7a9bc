// What fetching into the workspace says and writes: the progress line while history pages load, and the .gitignore
// the offer to keep .durable-replay/ out of git checks and produces. Plain text, no `vscode`, so it is tested on its own.

const IGNORED_FOLDER = ".durable-replay/";

/** The progress notification's message after a page: the running count of history events. */
export function historyProgress(events: number): string {
  return `${events.toLocaleString("en-US")} history events`;
}

/** Whether a .gitignore's text already keeps the fetched logs out of git (the folder or its logs/ subfolder). */
export function ignoresFetchedLogs(gitignore: string): boolean {
  return gitignore.split(/\r?\n/).some((line) => /^\/?\.durable-replay(\/|\/logs\/?)?$/.test(line.trim()));
}

/** The .gitignore's text with the folder added at the end, after a comment saying why. */
export function withFetchedLogsIgnored(gitignore: string): string {
  const separator = gitignore && !gitignore.endsWith("\n") ? "\n" : "";
  return `${gitignore}${separator}# Durable Replay: fetched execution histories (payloads)\n${IGNORED_FOLDER}\n`;
}
