// Stored results are serialized strings (JSON with the JS SDK's default serdes). Parsed for display, never evaluated.
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
