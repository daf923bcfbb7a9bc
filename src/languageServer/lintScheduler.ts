// When to lint a document. The first edit after a quiet spell lints at once (fresh diagnostics fast); edits that
// follow within `delayMs` are debounced so typing is not re-analysed per keystroke. A newer request cancels the
// run in flight for the same document.

export interface LintRun {
  cancel(): void;
  done: Promise<void>;
}

interface DocumentState {
  timer?: NodeJS.Timeout;
  run?: LintRun;
  lastRequest: number;
  followDependents: boolean;
}

export class LintScheduler {
  private readonly states = new Map<string, DocumentState>();

  constructor(
    private readonly start: (key: string, followDependents: boolean) => LintRun,
    private readonly delayMs: number,
  ) {}

  /** `followDependents`: the document's own text changed, so files that call into it are re-linted afterwards. */
  schedule(key: string, followDependents: boolean): void {
    const now = performance.now();
    const state = this.states.get(key) ?? { lastRequest: -Infinity, followDependents: false };
    this.states.set(key, state);
    state.run?.cancel();
    if (state.timer) clearTimeout(state.timer);
    state.followDependents ||= followDependents;
    const delay = now - state.lastRequest < this.delayMs ? this.delayMs : 0;
    state.lastRequest = now;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const follow = state.followDependents;
      state.followDependents = false;
      const run = this.start(key, follow);
      state.run = run;
      void run.done.finally(() => {
        if (state.run === run) state.run = undefined;
      });
    }, delay);
  }

  forget(key: string): void {
    const state = this.states.get(key);
    if (!state) return;
    state.run?.cancel();
    if (state.timer) clearTimeout(state.timer);
    this.states.delete(key);
  }
}
