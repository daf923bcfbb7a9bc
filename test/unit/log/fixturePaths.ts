import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const CAPTURES = resolve(__dirname, "../../fixtures/aws-captures");
export const LOGS = resolve(__dirname, "../../fixtures/logs");

export function capture(name: string): string {
  return resolve(CAPTURES, name);
}

export function logFixture(name: string): string {
  return resolve(LOGS, name);
}

/** Parsed JSON of a capture file, for building expectations from the captures themselves. */
export function captureJson<T = any>(name: string): T {
  return JSON.parse(readFileSync(capture(name), "utf8")) as T;
}
