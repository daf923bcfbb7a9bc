// Logs replayed recently, remembered per workspace (workspaceState), newest first, so "Replay last" and the log
// picker can offer them again.

/** The part of vscode.Memento this needs, so the list can be used and tested without an editor. */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface RecentReplay {
  handler: string;
  exportName: string;
  log: string;
}

const KEY = "durableReplay.recentReplays";

export class RecentLogs {
  constructor(
    private readonly state: StateStore,
    private readonly limit: () => number,
  ) {}

  all(): RecentReplay[] {
    const stored = this.state.get<unknown>(KEY);
    return Array.isArray(stored) ? stored.filter(isRecentReplay) : [];
  }

  last(handler?: string): RecentReplay | undefined {
    return this.all().find((entry) => handler === undefined || entry.handler === handler);
  }

  /** Logs for `handler` first (newest first), then the other remembered logs; each log once. */
  logsFor(handler: string): string[] {
    const entries = this.all();
    const ordered = [...entries.filter((e) => e.handler === handler), ...entries.filter((e) => e.handler !== handler)];
    return [...new Set(ordered.map((e) => e.log))];
  }

  async remember(entry: RecentReplay): Promise<void> {
    const same = (e: RecentReplay) =>
      e.handler === entry.handler && e.exportName === entry.exportName && e.log === entry.log;
    const next = [entry, ...this.all().filter((e) => !same(e))].slice(0, this.limit());
    await this.state.update(KEY, next);
  }
}

function isRecentReplay(value: unknown): value is RecentReplay {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.handler === "string" && typeof entry.exportName === "string" && typeof entry.log === "string";
}
