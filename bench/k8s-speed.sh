#!/usr/bin/env bash
# Wall time and peak memory of `plimsoll check` against the installed peers
# on the Kubernetes corpus: checkov (kubernetes framework), trivy (config
# scan, Kubernetes misconfigurations), kubernetes-validate (strict schema
# validation) and yamllint. Every tool gets the whole directory (or every
# file) in one process.
#
# Usage: bench/k8s-speed.sh [CORPUS_DIR] [RUNS] [PEER_RUNS]
# Needs: the peers on PATH (source /opt/peers/env.sh), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/kubernetes}
runs=${2:-10}
peer_runs=${3:-3}
bin=target/release/plimsoll
[ -x "$bin" ] || cargo build --release --quiet

mapfile -t files < <(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) -not -path '*/templates/*' | sort)
echo "files: ${#files[@]} ($(cat "${files[@]}" | wc -c) bytes)"

measure() { python3 bench/measure.py "$@"; } # name, runs, command...

measure "plimsoll check (default rules)" "$runs" "$bin" check --isolated --no-progress --exit-zero --format json "$corpus"
measure "plimsoll check --select ALL" "$runs" "$bin" check --isolated --no-progress --exit-zero --select ALL --format json "$corpus"
measure "plimsoll check --select ALL (1 thread)" "$runs" env RAYON_NUM_THREADS=1 "$bin" check --isolated --no-progress --exit-zero --select ALL --format json "$corpus"
if command -v checkov >/dev/null; then
  measure "checkov --framework kubernetes" "$peer_runs" checkov -d "$corpus" --framework kubernetes -o json --quiet
fi
if command -v trivy >/dev/null; then
  measure "trivy config (kubernetes)" "$peer_runs" trivy config --quiet --format json --misconfig-scanners kubernetes --skip-check-update "$corpus"
fi
if command -v kubernetes-validate >/dev/null; then
  # It stops at the first file it cannot parse: give it the others.
  mapfile -t parseable < <(python3 - "${files[@]}" <<'PY'
import sys, yaml
for p in sys.argv[1:]:
    try:
        list(yaml.safe_load_all(open(p, encoding="utf-8", errors="replace")))
        print(p)
    except Exception:
        pass
PY
)
  measure "kubernetes-validate --strict" "$peer_runs" kubernetes-validate --strict --quiet --no-warn "${parseable[@]}"
fi
if command -v yamllint >/dev/null; then
  measure "yamllint (syntax and style only)" "$peer_runs" yamllint -f parsable "$corpus"
fi
