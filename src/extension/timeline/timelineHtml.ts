// The timeline webview's document: no inline script or style, only our own files under a nonce, so a payload that
// looks like HTML can never run (the script also writes every payload with textContent).
import { randomBytes } from "node:crypto";

export interface TimelineAssets {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

export function newNonce(): string {
  return randomBytes(18).toString("base64url");
}

function attribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
}

export function timelineHtml(assets: TimelineAssets, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(assets.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${attribute(assets.styleUri)}">
<title>Durable Timeline</title>
</head>
<body>
<header id="summary" aria-live="polite">No replay yet.</header>
<div id="findings" role="list" aria-label="Divergences without an operation"></div>
<div id="viewport" role="tree" aria-label="Durable operations" tabindex="0">
<div id="spacer"></div>
</div>
<script nonce="${nonce}" src="${attribute(assets.scriptUri)}"></script>
</body>
</html>
`;
}
