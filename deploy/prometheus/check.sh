#!/usr/bin/env bash
# Checks the Prometheus files with promtool: the scrape config, the recording and alert rules, and
# the rule unit tests in tests/. promtool comes from Debian's prometheus package (2.42 when
# checked), unpacked into .tools (gitignored) without installing the server; PROMTOOL_BIN
# overrides it. CI runs this; apps/stack/test/metrics-endpoint.test.ts also checks that every
# expression uses metrics the services export.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/deploy/prometheus"
promtool="${PROMTOOL_BIN:-$root/.tools/prometheus/usr/bin/promtool}"
if [ ! -x "$promtool" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -q prometheus >&2)
  mkdir -p "$root/.tools/prometheus"
  dpkg -x "$work"/prometheus_*.deb "$root/.tools/prometheus"
fi
"$promtool" --version | head -1
"$promtool" check config "$dir/prometheus.yml"
"$promtool" check rules "$dir/cairn-rules.yml"
"$promtool" test rules "$dir"/tests/*.yml
