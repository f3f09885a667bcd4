#!/usr/bin/env bash
# Installs the pinned opa into .tools/bin (gitignored) from the Go module proxy, unless it is
# already there. Needs Go (1.26 checked); takes about 80 s and 1 GB of Go caches the first time.
# Prints the binary's path.
set -euo pipefail
version=1.22.3
root="$(cd "$(dirname "$0")/../../.." && pwd)"
bin="$root/.tools/bin"
if [ -x "$bin/opa" ] && "$bin/opa" version | grep -qx "Version: $version"; then
  echo "$bin/opa"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed to install opa $version (or set OPA_BIN to an opa $version binary)" >&2
  exit 1
fi
mkdir -p "$bin"
GOFLAGS=-mod=mod GOBIN="$bin" go install "github.com/open-policy-agent/opa@v$version" >&2
"$bin/opa" version >&2
echo "$bin/opa"
