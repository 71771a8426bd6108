#!/usr/bin/env bash
# Wall time and peak memory of `plimsoll check` against hadolint on the
# Dockerfile corpus, every file in one process for both tools.
#
# Usage: bench/dockerfile-speed.sh [CORPUS_DIR] [RUNS]
# Needs: hadolint on PATH (source /opt/peers/env.sh), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/dockerfile}
runs=${2:-10}
bin=target/release/plimsoll
[ -x "$bin" ] || cargo build --release --quiet

mapfile -t files < <(find "$corpus" -type f ! -iname '*license*' ! -iname '*readme*' | sort)
echo "files: ${#files[@]} ($(cat "${files[@]}" | wc -c) bytes)"

measure() { local name=$1; shift; python3 bench/measure.py "$name" "$runs" "$@"; } # name, command...

measure "plimsoll check (default rules)" "$bin" check --isolated --no-progress --exit-zero --format json "${files[@]}"
measure "plimsoll check --select ALL" "$bin" check --isolated --no-progress --exit-zero --select ALL --format json "${files[@]}"
measure "plimsoll check (1 thread)" env RAYON_NUM_THREADS=1 "$bin" check --isolated --no-progress --exit-zero --select ALL --format json "${files[@]}"
if command -v hadolint >/dev/null; then
  measure "hadolint (all files, one process)" hadolint --no-fail -f json "${files[@]}"
else
  echo "hadolint not on PATH: source /opt/peers/env.sh"
fi
