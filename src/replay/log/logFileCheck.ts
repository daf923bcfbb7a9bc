// What every reader of a log file checks before reading a byte: a regular file (a FIFO would block forever, a device
// such as /dev/zero never ends) no larger than the limit (reading needs several times the file's size in memory).
import { statSync } from "node:fs";
import { LogReadError } from "../../protocol/replayLog";

/** 512 MiB: a log of about 2.5 million steps; JSON.parse and the objects it builds take several times that. */
export const DEFAULT_MAX_LOG_BYTES = 512 * 1024 * 1024;
/** Overrides the default limit for the CLIs and the debug adapter alike (same syntax as --max-log-size). */
export const MAX_LOG_SIZE_ENV = "DURABLE_REPLAY_MAX_LOG_SIZE";

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `100000`, `64k`, `512M`, `2G` (binary units, case-insensitive, optional `B`/`iB`) → bytes; undefined if malformed. */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[match[2].toLowerCase()]);
  return bytes > 0 ? bytes : undefined;
}

/** The limit in force: `DURABLE_REPLAY_MAX_LOG_SIZE` when it is set and well formed, else the default. */
export function maxLogBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env[MAX_LOG_SIZE_ENV];
  return (text !== undefined ? parseByteSize(text) : undefined) ?? DEFAULT_MAX_LOG_BYTES;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/** Throws a LogReadError (one sentence) unless `file` is a regular file of at most `maxBytes`. */
export function checkLogFile(file: string, maxBytes: number = maxLogBytes()): void {
  const stat = statSync(file);
  if (stat.isDirectory()) throw new LogReadError(file, undefined, "is a folder; expected a JSON log file");
  if (!stat.isFile()) {
    const kind = stat.isFIFO()
      ? "a named pipe"
      : stat.isCharacterDevice() || stat.isBlockDevice()
        ? "a device"
        : stat.isSocket()
          ? "a socket"
          : "not a regular file";
    throw new LogReadError(file, undefined, `is ${kind}; expected a regular JSON log file`);
  }
  if (stat.size > maxBytes) {
    throw new LogReadError(
      file,
      undefined,
      `is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit for a log; raise it with --max-log-size or ${MAX_LOG_SIZE_ENV} if the file is really a log`,
    );
  }
}
