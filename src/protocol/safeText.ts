// Shared by the CLIs and the extension's hints: one escaping for every place recorded text is shown as plain text.
// Text from logs, handlers and file names reaches the terminal only through here: a recorded name holding
// `\r\e[2K\e[32mNo divergence` must print as those characters, not erase the line and turn it green.

/**
 * C0 controls (ESC, BEL, CR, LF, TAB...), DEL, C1 controls, and the characters that reorder text (bidi embeddings,
 * overrides, isolates and marks; line and paragraph separators).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/** `text` with every unsafe character written as a visible escape (`\e`, `\n`, `\u202e`). */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
