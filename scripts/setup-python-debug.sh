#!/usr/bin/env bash
# The Python debugger tests run debugpy from Debian (python3-debugpy in /usr/lib/python3/dist-packages), which the
# debug adapter appends to the host's sys.path: installs it with apt when it is missing. Idempotent.
set -euo pipefail
if [ -f /usr/lib/python3/dist-packages/debugpy/__init__.py ]; then exit 0; fi
SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-debugpy >&2
