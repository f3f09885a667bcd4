#!/usr/bin/env bash
# Registers a model version with a multi-file artifact, provenance and a model card using only
# the cairn CLI, downloads it back and checks the bytes, registers a second version, moves the
# `champion` alias to it and rolls it back, compares the two versions, and exports version 2 as a
# bundle. With SECOND_API_URL and SECOND_TOKEN (another Cairn instance, e.g. an empty one, with
# the same team), and SOURCE_URL naming this one, it imports the bundle there and downloads it back, every digest verified. Needs a running Cairn
# and a `cairn login` first (or CAIRN_API_URL + CAIRN_TOKEN).
# Usage: examples/register-and-roll-back.sh [team/model]
set -euo pipefail

model="${1:-fraud-detection/example-scorer}"
cairn() { npx --no-install cairn "$@"; }
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v[k];console.log(v)})' "$1"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A model folder with nested files and a 6 MiB weights file (more than one 5 MiB part).
mkdir -p "$work/v1/weights" "$work/v1/config"
head -c 6291456 /dev/urandom > "$work/v1/weights/model.bin"
echo '{"layers": 4, "hidden": 128}' > "$work/v1/config/architecture.json"
printf 'label\nlegit\nfraud\n' > "$work/v1/labels.txt"

cat > "$work/provenance.json" <<'JSON'
{
  "code": { "repositoryUrl": "https://git.example.com/fraud/scorer", "commit": "0123456789abcdef0123456789abcdef01234567" },
  "datasets": [{ "name": "transactions-2026-10", "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "role": "training" }],
  "hyperparameters": { "learning_rate": 0.05, "max_depth": 6 },
  "seed": 42,
  "environment": { "runtimes": { "python": "3.12" } }
}
JSON
cat > "$work/card.json" <<'JSON'
{
  "intendedUse": "Scores card transactions for fraud review.",
  "limitations": "Trained on one region's transactions only.",
  "evaluationSummary": "AUC 0.91 on the October hold-out.",
  "owners": [{ "name": "Fraud ML", "team": "fraud-detection" }]
}
JSON

echo "== register version 1 of $model"
v1=$(cairn register "$model" "$work/v1" --provenance "$work/provenance.json" --card "$work/card.json" \
  --create-model --part-size 5242880 --json)
v1_number=$(echo "$v1" | json_field version)
echo "registered version $v1_number, manifest $(echo "$v1" | json_field manifestDigest)"

echo "== download version $v1_number and compare"
cairn download "$model@$v1_number" "$work/download" --json > /dev/null
diff -r "$work/v1" "$work/download"
cmp "$work/v1/weights/model.bin" "$work/download/weights/model.bin"
echo "download is byte-identical"

echo "== register version 2"
cp -r "$work/v1" "$work/v2"
echo '{"layers": 6, "hidden": 128}' > "$work/v2/config/architecture.json"
v2_number=$(cairn register "$model" "$work/v2" --provenance "$work/provenance.json" --card "$work/card.json" --json \
  | json_field version)

echo "== champion: $v1_number, then $v2_number, then roll back"
cairn alias set "$model" champion "$v1_number" --reason "first release" --json > /dev/null
cairn alias set "$model" champion "$v2_number" --reason "deeper network" --json > /dev/null
champion=$(cairn show "$model:champion" --json | json_field version)
[ "$champion" = "$v2_number" ] || { echo "champion is $champion, expected $v2_number" >&2; exit 1; }
rolled=$(cairn alias rollback "$model" champion --reason "latency regression" --json | json_field version.version)
[ "$rolled" = "$v1_number" ] || { echo "rollback went to $rolled, expected $v1_number" >&2; exit 1; }

echo "== compare version $v1_number with $v2_number"
cairn compare "$model" "$v1_number" "$v2_number"

echo "== export version $v2_number as a bundle"
cairn export "$model@$v2_number" "$work/bundle.tar" --json > /dev/null
echo "exported $(wc -c < "$work/bundle.tar") bytes"

if [ -n "${SECOND_API_URL:-}" ]; then
  echo "== import into $SECOND_API_URL and download it back there"
  second() { CAIRN_API_URL="$SECOND_API_URL" CAIRN_TOKEN="$SECOND_TOKEN" cairn "$@"; }
  second import "$model" "$work/bundle.tar" --from "${SOURCE_URL:-https://source.example}" --create-model --json > /dev/null
  second download "$model@1" "$work/imported" --json > /dev/null
  diff -r "$work/v2" "$work/imported"
  echo "imported into the second instance; every digest verified and the bytes identical"
fi

echo "== summary"
cairn versions "$model"
cairn alias history "$model" champion
echo "OK: $model v$v1_number registered and downloaded byte-identical, v$v2_number registered, champion moved to v$v2_number and rolled back to v$v1_number"
