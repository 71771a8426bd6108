#!/usr/bin/env bash
# Wall time and peak memory of `plimsoll check` against the installed peers
# on the Terraform corpus: checkov (terraform framework) and trivy (config
# scan, Terraform misconfigurations). Every tool gets the whole directory in
# one process.
#
# Usage: bench/terraform-speed.sh [CORPUS_DIR] [RUNS] [PEER_RUNS]
# Needs: the peers on PATH (source /opt/peers/env.sh), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/terraform}
runs=${2:-10}
peer_runs=${3:-3}
bin=target/release/plimsoll
[ -x "$bin" ] || cargo build --release --quiet

mapfile -t files < <(find "$corpus" -type f \( -name '*.tf' -o -name '*.tfvars' -o -name 'terragrunt.hcl' \) | sort)
echo "files: ${#files[@]} ($(cat "${files[@]}" | wc -c) bytes)"

measure() { python3 bench/measure.py "$@"; } # name, runs, command...

measure "plimsoll check (default rules)" "$runs" "$bin" check --isolated --no-progress --exit-zero --format json "$corpus"
measure "plimsoll check --select TF" "$runs" "$bin" check --isolated --no-progress --exit-zero --select TF --format json "$corpus"
measure "plimsoll check --select ALL (1 thread)" "$runs" env RAYON_NUM_THREADS=1 "$bin" check --isolated --no-progress --exit-zero --select ALL --format json "$corpus"
if command -v checkov >/dev/null; then
  measure "checkov --framework terraform" "$peer_runs" checkov -d "$corpus" --framework terraform -o json --quiet
fi
if command -v trivy >/dev/null; then
  measure "trivy config (terraform)" "$peer_runs" trivy config --quiet --format json --misconfig-scanners terraform --skip-check-update "$corpus"
fi
