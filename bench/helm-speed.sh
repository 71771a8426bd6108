#!/bin/sh
# Times `plimsoll helm template` against `helm template` on every corpus
# chart (one process per chart and values file, like a CI job would run).
# Needs a release build (`cargo build --release`) and helm on the PATH
# (`source /opt/peers/env.sh`). Prints per-tool totals and the per-chart mean.
set -e
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/plimsoll}
GOLDEN=crates/plimsoll-helm/tests/golden
CORPUS=${CORPUS:-../../shared/corpus/helm}
[ -d "$CORPUS" ] || CORPUS=../shared/corpus/helm
[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 1; }
jobs=$(mktemp)
for d in "$GOLDEN"/*/; do
  chart="$CORPUS/$(cat "$d/CHART")"
  for f in "$d"*.yaml; do
    v=$(basename "$f" .yaml)
    if [ "$v" = default ]; then echo "$chart" >>"$jobs"; else echo "$chart -f $chart/ci/$v.yaml" >>"$jobs"; fi
  done
done
n=$(wc -l <"$jobs")
run() {
  start=$(date +%s%N)
  while read -r line; do
    # shellcheck disable=SC2086
    "$@" golden $line --namespace golden-ns >/dev/null 2>&1 || true
  done <"$jobs"
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
plim() { name=$1; shift; "$BIN" helm template "$@" --release-name "$name"; }
helmt() { helm template "$@"; }
plim_ms=$(run plim)
helm_ms=$(run helmt)
echo "renders: $n (corpus charts x values files)"
echo "plimsoll helm template: total ${plim_ms} ms, mean $((plim_ms / n)) ms per render"
echo "helm template:          total ${helm_ms} ms, mean $((helm_ms / n)) ms per render"
rm -f "$jobs"
