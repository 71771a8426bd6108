#!/usr/bin/env bash
# Wall time and peak memory of `plimsoll check` against the installed peers
# on the GitHub Actions corpus: zizmor (offline), actionlint (with and without
# its shellcheck integration) and checkov (github_actions framework). Every
# tool gets all workflow files in one process.
#
# zizmor and actionlint get the file list: zizmor's directory mode only
# collects .github/workflows/ and action.yml (110 of the 285 corpus files),
# actionlint does not accept directories. checkov only scans paths containing
# .github/workflows/ whatever it is given, so its numbers cover 110 files.
#
# Usage: bench/gha-speed.sh [CORPUS_DIR] [RUNS] [PEER_RUNS]
# Needs: the peers on PATH (source /opt/peers/env.sh), a release build
# (PLIMSOLL_BIN overrides the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/github-actions}
[ -d "$corpus" ] || corpus=/work/shared/corpus/github-actions
runs=${2:-10}
peer_runs=${3:-3}
bin=${PLIMSOLL_BIN:-target/release/plimsoll}
[ -x "$bin" ] || cargo build --release --quiet
measure_py=bench/measure.py

mapfile -t files < <(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) -not -path '*/.git/*' | sort)
echo "files: ${#files[@]} ($(cat "${files[@]}" | wc -c) bytes)"

measure() { python3 "$measure_py" "$@"; } # name, runs, command...

# All GHA codes, including opt-in rules (a prefix would leave those off).
gha_codes=$("$bin" rules --format json | python3 -c '
import json, sys
print(",".join(r["code"] for r in json.load(sys.stdin) if r["code"].startswith("GHA")))')

measure "plimsoll check (default rules)" "$runs" "$bin" check --isolated --no-progress --exit-zero --format json "${files[@]}"
measure "plimsoll check --select ALL" "$runs" "$bin" check --isolated --no-progress --exit-zero --select ALL --format json "${files[@]}"
if [ -n "$gha_codes" ]; then
  measure "plimsoll check --select <GHA codes>" "$runs" "$bin" check --isolated --no-progress --exit-zero --select "$gha_codes" --format json "${files[@]}"
  measure "plimsoll --select <GHA codes> (1 thread)" "$runs" env RAYON_NUM_THREADS=1 "$bin" check --isolated --no-progress --exit-zero --select "$gha_codes" --format json "${files[@]}"
fi
if command -v zizmor >/dev/null; then
  # --offline: no network audits (impostor-commit, known-vulnerable-actions, ref-confusion, ...).
  measure "zizmor --offline (files)" "$peer_runs" zizmor --offline --no-config --no-progress --format json "${files[@]}"
  measure "zizmor --offline --persona auditor" "$peer_runs" zizmor --offline --no-config --no-progress --persona auditor --format json "${files[@]}"
  measure "zizmor --offline (dir: .github/workflows only)" "$peer_runs" zizmor --offline --no-config --no-progress --format json "$corpus"
fi
if command -v actionlint >/dev/null; then
  measure "actionlint (no shellcheck/pyflakes)" "$peer_runs" actionlint -shellcheck= -pyflakes= -format '{{json .}}' "${files[@]}"
  if command -v shellcheck >/dev/null; then
    measure "actionlint (with shellcheck)" "$peer_runs" actionlint -format '{{json .}}' "${files[@]}"
  fi
fi
if command -v checkov >/dev/null; then
  measure "checkov --framework github_actions" "$peer_runs" checkov -d "$corpus" --framework github_actions -o json --quiet
fi
