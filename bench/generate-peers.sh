#!/usr/bin/env bash
# Runs every peer tool on everything the generators write, for every sample
# app model: the table of issue 7 (hadolint, checkov, trivy, docker-compose
# config, dclint, helm lint/template, kubernetes-validate, promtool,
# actionlint, zizmor, gitlab-ci-verify, yamllint, terraform fmt/validate).
# Not part of CI (the peers are installed by ../shared/tools/install-peers.sh).
#
# usage: bench/generate-peers.sh [OUT]     (default OUT: a temporary directory)
# Prints the per-area lines of bench/generate-peers/*.sh, then a summary of
# errors per tool.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d)}
# shellcheck disable=SC1091
source /opt/peers/env.sh
gen() { cargo run -q --manifest-path "$root/Cargo.toml" -p plimsoll-generate --example generate -- "$@" >/dev/null; }
gen "$out/github-aws" --cloud aws
gen "$out/gitlab" --ci gitlab-ci
gen "$out/gcp" --cloud gcp
gen "$out/azure" --cloud azure
gen "$out/terragrunt" --cloud aws --terragrunt
log="$out/peers.log"
: >"$log"
{
  "$root/bench/generate-peers/docker.sh" "$out/github-aws"
  "$root/bench/generate-peers/helm.sh" "$out/github-aws"
  "$root/bench/generate-peers/ops.sh" "$out/github-aws"
  "$root/bench/generate-peers/pipeline.sh" "$out/github-aws"
  "$root/bench/generate-peers/pipeline.sh" "$out/gitlab"
  for d in github-aws gcp azure terragrunt; do
    "$root/bench/generate-peers/terraform.sh" "$out/$d"
  done
} 2>&1 | tee -a "$log"
echo
echo "== errors per tool (sum over samples; see the area scripts for what counts)"
grep -oE '^[a-z][a-z0-9_-]* [^ ]+ errors=[0-9]+' "$log" |
  awk '{split($3, e, "="); sum[$1] += e[2]; n[$1]++} END {for (t in sum) printf "%-22s runs=%-4d errors=%d\n", t, n[t], sum[t]}' | sort
echo "(generated files and the full log: $out)"
