// Node's own inspector chatter on a debugged host's stderr ("Debugger attached.", "For help, see: https://nodejs.org/…",
// ...): never the handler's output, so it never reaches the Debug Console. Dropped line by line; a pipe may cut a line
// anywhere, so a last line without its newline that may still turn out to be chatter is held until the rest arrives.

const NOISE_STARTS = [
  "Debugger listening on ",
  "Debugger attached.",
  "Debugger ending on ",
  "For help, see: https://nodejs.org/",
  "Waiting for the debugger to disconnect",
];

function isNoise(line: string): boolean {
  return NOISE_STARTS.some((start) => line.startsWith(start));
}

/** True while `line` (no newline yet) may still become chatter: it begins one of the phrases, or is begun by one. */
function mayBeNoise(line: string): boolean {
  return NOISE_STARTS.some((start) => start.startsWith(line) || line.startsWith(start));
}

export class InspectorNoiseFilter {
  private held = "";

  /** The part of `chunk` (with any held text before it) that is the handler's own output. */
  read(chunk: string): string {
    const lines = (this.held + chunk).split(/(?<=\n)/);
    const last = lines.at(-1) ?? "";
    this.held = !last.endsWith("\n") && last !== "" && mayBeNoise(last) ? (lines.pop() ?? "") : "";
    return lines.filter((line) => !isNoise(line)).join("");
  }

  /** The pipe closed: a held line is passed on unless it is chatter. */
  end(): string {
    const rest = this.held;
    this.held = "";
    return isNoise(rest) ? "" : rest;
  }
}
