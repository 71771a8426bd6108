#!/usr/bin/env bash
# Wall time and peak memory of `plimsoll check` against the installed peers
# on the GitLab CI corpus: checkov (gitlab_ci framework, whole directory in
# one process) and gitlab-ci-verify (offline: `--no-lint-api`, one process
# per pipeline directory, as it only reads `.gitlab-ci.yml` of its cwd).
#
# Usage: bench/gitlab-speed.sh [CORPUS_DIR] [RUNS] [PEER_RUNS]
# Needs: the peers on PATH (source /opt/peers/env.sh), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
default=../shared/corpus/gitlab-ci
[ -d "$default" ] || default=../../shared/corpus/gitlab-ci
corpus=$(realpath "${1:-$default}")
runs=${2:-10}
peer_runs=${3:-3}
bin=target/release/plimsoll
[ -x "$bin" ] || cargo build --release --quiet

mapfile -t files < <(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
echo "files: ${#files[@]} ($(cat "${files[@]}" | wc -c) bytes)"

measure() { python3 bench/measure.py "$@"; } # name, runs, command...

measure "plimsoll check (default rules)" "$runs" "$bin" check --isolated --no-progress --exit-zero --format json "$corpus"
measure "plimsoll check --select GL" "$runs" "$bin" check --isolated --no-progress --exit-zero --select GL --format json "$corpus"
if command -v checkov >/dev/null; then
  measure "checkov --framework gitlab_ci" "$peer_runs" checkov -d "$corpus" --framework gitlab_ci -o json --quiet
fi
if command -v gitlab-ci-verify >/dev/null; then
  measure "gitlab-ci-verify --no-lint-api (per dir)" "$peer_runs" bash -c '
    find "$1" -name .gitlab-ci.yml -printf "%h\n" | sort | while read -r d; do
      (cd "$d" && gitlab-ci-verify --no-lint-api -f json >/dev/null 2>&1 || true)
    done' _ "$corpus"
fi
