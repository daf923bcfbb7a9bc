// The end of a run's output on one of the host's pipes. The host writes a mark unique to the run after the handler's
// last byte (protocol/host.ts `outputMark`); the IPC message that ends the run can arrive before the pipe has been
// read that far, so the session completes the run only once it has read the mark on stdout and stderr alike.
import { randomUUID } from "node:crypto";

/** NULs never occur in the text handlers print, so a mark cannot be mistaken for output. */
export function newOutputMark(): string {
  return `\u0000durable-replay-output-end-${randomUUID()}\u0000`;
}

export class OutputMarkReader {
  /** The mark has been read: everything the handler wrote before it has been passed on. */
  seen = false;
  /** A tail that may be the start of the mark, held until the next chunk tells. */
  private carry = "";
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly mark: string,
    private readonly pass: (text: string) => void,
  ) {}

  /** Passes `chunk` on without the mark. */
  read(chunk: string): void {
    let text = this.carry + chunk;
    this.carry = "";
    if (!this.seen) {
      const at = text.indexOf(this.mark);
      if (at >= 0) {
        text = text.slice(0, at) + text.slice(at + this.mark.length);
        this.markSeen();
      } else {
        const keep = this.partialMarkAtEnd(text);
        this.carry = text.slice(text.length - keep);
        text = text.slice(0, text.length - keep);
      }
    }
    if (text) this.pass(text);
  }

  /** The pipe closed: nothing more will come, mark or not. */
  end(): void {
    const rest = this.carry;
    this.carry = "";
    if (rest) this.pass(rest);
    this.markSeen();
  }

  whenSeen(then: () => void): void {
    if (this.seen) then();
    else this.waiting.push(then);
  }

  private markSeen(): void {
    if (this.seen) return;
    this.seen = true;
    for (const then of this.waiting.splice(0)) then();
  }

  /** Length of the longest end of `text` that begins the mark. */
  private partialMarkAtEnd(text: string): number {
    for (let length = Math.min(this.mark.length - 1, text.length); length > 0; length--) {
      if (text.endsWith(this.mark.slice(0, length))) return length;
    }
    return 0;
  }
}
