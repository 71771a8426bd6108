#!/usr/bin/env bash
# Runs peer tools on the GitOps, monitoring and docs files the generators
# wrote, one line per tool and sample with error and warning counts.
#
# Usage: bench/generate-peers/ops.sh DIR
#   DIR as written by
#   cargo run -q -p plimsoll-generate --example generate -- DIR
#
# Tools (source /opt/peers/env.sh):
# - promtool check rules: on each PrometheusRule's `spec` extracted to a
#   plain rules file (promtool does not read the CRD wrapper). Errors:
#   rules promtool refuses; warnings: its lint findings.
# - kubernetes-validate --strict: the ConfigMaps validate against the
#   Kubernetes schema. It has no schema for the CRDs (Application,
#   AppProject, PrometheusRule): those are counted as "skipped", not as
#   errors; plimsoll's ARGO and PROM rules and the tests cover them.
# - yamllint, default config except line-length reported as a warning:
#   PromQL, dashboard JSON and URLs are long by nature.
# - checkov --framework kubernetes: it has no ArgoCD or PrometheusRule
#   checks (only Argo Workflows), so it judges the ConfigMaps.
set -u
DIR=${1:?usage: ops.sh DIR}
# shellcheck disable=SC1091
source /opt/peers/env.sh
PY=/opt/peers/venv/bin/python3
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
YAMLLINT_CONFIG='{extends: default, rules: {line-length: {max: 80, level: warning}}}'

printf '%-20s %-16s %6s %8s  %s\n' tool sample errors warnings note
for sample_dir in "$DIR"/*/; do
  sample=$(basename "$sample_dir")
  manifests=()
  while IFS= read -r f; do manifests+=("$f"); done < <(
    find "$sample_dir/deploy" -name '*.yaml' 2>/dev/null | sort)
  [ ${#manifests[@]} -gt 0 ] || continue

  # promtool
  errors=0 warnings=0
  for f in "$sample_dir"/deploy/monitoring/*-alerts.yaml; do
    [ -e "$f" ] || continue
    rules="$WORK/$sample-$(basename "$f")"
    "$PY" - "$f" "$rules" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
yaml.safe_dump(doc["spec"], open(sys.argv[2], "w"), sort_keys=False)
EOF
    out=$(promtool check rules "$rules" 2>&1)
    rc=$?
    [ $rc -eq 0 ] || errors=$((errors + 1))
    w=$(printf '%s\n' "$out" | grep -c -E '^\s*(WARNING|.*lint)' || true)
    warnings=$((warnings + w))
    [ $rc -eq 0 ] || printf '%s\n' "$out" >&2
  done
  printf '%-20s %-16s %6d %8d\n' promtool "$sample" "$errors" "$warnings"

  # kubernetes-validate
  out=$(kubernetes-validate --strict "${manifests[@]}" 2>&1)
  errors=$(printf '%s\n' "$out" | grep -c '^ERROR' || true)
  skipped=$(printf '%s\n' "$out" | grep -c "Couldn't find schema" || true)
  passed=$(printf '%s\n' "$out" | grep -c ' passed for resource ' || true)
  printf '%-20s %-16s %6d %8d  %d passed, %d CRDs skipped (no schema)\n' \
    kubernetes-validate "$sample" "$errors" 0 "$passed" "$skipped"
  [ "$errors" -eq 0 ] || printf '%s\n' "$out" | grep '^ERROR' >&2

  # yamllint
  out=$(yamllint -f parsable -d "$YAMLLINT_CONFIG" "${manifests[@]}" 2>&1)
  errors=$(printf '%s\n' "$out" | grep -c '\[error\]' || true)
  warnings=$(printf '%s\n' "$out" | grep -c '\[warning\]' || true)
  other=$(printf '%s\n' "$out" | grep '\[warning\]' | grep -vc 'line-length' || true)
  printf '%-20s %-16s %6d %8d  %d line-length, %d other\n' yamllint "$sample" "$errors" "$warnings" \
    $((warnings - other)) "$other"
  [ "$errors" -eq 0 ] || printf '%s\n' "$out" | grep '\[error\]' >&2

  # checkov
  out=$(checkov --quiet --compact -o json --framework kubernetes -d "$sample_dir/deploy" 2>/dev/null)
  read -r failed passed < <(printf '%s' "$out" | "$PY" -c '
import json, sys
text = sys.stdin.read().strip()
if not text:
    print(0, 0); sys.exit()
data = json.loads(text)
reports = [r for r in (data if isinstance(data, list) else [data]) if isinstance(r, dict)]
print(sum(r.get("summary", {}).get("failed", 0) for r in reports),
      sum(r.get("summary", {}).get("passed", 0) for r in reports))
')
  printf '%-20s %-16s %6d %8d  %d passed (ConfigMaps; no ArgoCD/PrometheusRule checks)\n' \
    checkov "$sample" "$failed" 0 "$passed"
done
