#!/usr/bin/env bash
# Runs the peer tools on generated pipelines, one line per tool and sample:
#   bench/generate-peers/pipeline.sh DIR
# DIR holds one sub-directory per sample as written by
#   cargo run -p plimsoll-generate --example generate -- DIR [--ci gitlab-ci] [--cloud aws]
# (or a directory of such directories: every sample below DIR is checked).
# GitHub workflows: actionlint (with shellcheck) and zizmor --offline
# (errors: regular persona; warnings: what pedantic adds). GitLab: gitlab-ci-verify --no-lint-api (shellcheck,
# OPA checks) and yamllint. Errors are what fails the tool; warnings are
# counted apart.
set -euo pipefail

dir=${1:?usage: pipeline.sh DIR}
# shellcheck disable=SC1091
source /opt/peers/env.sh

yamllint_config='{extends: default, rules: {line-length: disable, document-start: disable, truthy: {check-keys: false}, comments: {min-spaces-from-content: 1}}}'

printf '%-10s %-16s %-40s %6s %8s\n' tool platform sample errors warnings
status=0
while IFS= read -r -d '' wf_dir; do
  sample_dir=${wf_dir%/.github/workflows}
  sample=${sample_dir#"$dir"/}
  out=$(actionlint -no-color "$wf_dir"/*.yml 2>&1 || true)
  errors=$(printf '%s\n' "$out" | grep -c '^[^ ].*:[0-9]*:[0-9]*: ' || true)
  printf '%-10s %-16s %-40s %6s %8s\n' actionlint github-actions "$sample" "$errors" 0
  [ "$errors" = 0 ] || { printf '%s\n' "$out" >&2; status=1; }

  # Errors: the default (regular) persona. Warnings: what the pedantic
  # persona adds (code smells).
  zerr=$(zizmor --offline --format plain "$wf_dir" 2>/dev/null | grep -cE '^(error|warning|help|info)\[' || true)
  zall=$(zizmor --offline --persona pedantic --format plain "$wf_dir" 2>/dev/null | grep -cE '^(error|warning|help|info)\[' || true)
  printf '%-10s %-16s %-40s %6s %8s\n' zizmor github-actions "$sample" "$zerr" "$((zall - zerr))"
  if [ "$zerr" != 0 ]; then
    zizmor --offline "$wf_dir" >&2 || true
    status=1
  fi
  if [ -n "${VERBOSE:-}" ] && [ "$zall" != "$zerr" ]; then
    zizmor --offline --persona pedantic "$wf_dir" >&2 || true
  fi
done < <(find "$dir" -path '*/.github/workflows' -type d -print0 | sort -z)

while IFS= read -r -d '' gl; do
  sample_dir=$(dirname "$gl")
  sample=${sample_dir#"$dir"/}
  json=$(cd "$sample_dir" && gitlab-ci-verify --no-lint-api -f json 2>/dev/null || true)
  read -r gerr gwarn < <(printf '%s' "${json:-[]}" | python3 -c '
import json, sys
try:
    items = json.load(sys.stdin) or []
except ValueError:
    items = []
sev = [str(i.get("severity", "")).lower() for i in items]
print(sum(s in ("error", "0") for s in sev), sum(s not in ("error", "0") for s in sev))')
  printf '%-10s %-16s %-40s %6s %8s\n' gl-verify gitlab-ci "$sample" "$gerr" "$gwarn"
  if [ "$gerr" != 0 ] || [ "$gwarn" != 0 ]; then
    printf '%s\n' "$json" >&2
    [ "$gerr" = 0 ] || status=1
  fi

  out=$(yamllint -f parsable -d "$yamllint_config" "$gl" 2>&1 || true)
  yerr=$(printf '%s\n' "$out" | grep -c '\[error\]' || true)
  ywarn=$(printf '%s\n' "$out" | grep -c '\[warning\]' || true)
  printf '%-10s %-16s %-40s %6s %8s\n' yamllint gitlab-ci "$sample" "$yerr" "$ywarn"
  [ "$yerr" = 0 ] || { printf '%s\n' "$out" >&2; status=1; }
done < <(find "$dir" -name .gitlab-ci.yml -type f -print0 | sort -z)

while IFS= read -r -d '' cc; do
  sample=${cc#"$dir"/}
  out=$(yamllint -f parsable -d "$yamllint_config" "$cc" 2>&1 || true)
  yerr=$(printf '%s\n' "$out" | grep -c '\[error\]' || true)
  ywarn=$(printf '%s\n' "$out" | grep -c '\[warning\]' || true)
  printf '%-10s %-16s %-40s %6s %8s\n' yamllint circleci "${sample%/.circleci/config.yml}" "$yerr" "$ywarn"
  [ "$yerr" = 0 ] || { printf '%s\n' "$out" >&2; status=1; }
done < <(find "$dir" -path '*/.circleci/config.yml' -type f -print0 | sort -z)

exit "$status"
