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
# Every line is prefixed with its area, so the summary can tell checkov on
# Dockerfiles from checkov on Terraform.
area() {
  local name=$1
  shift
  "$@" 2>&1 | sed "s/^/$name /" | tee -a "$log"
}
area docker "$root/bench/generate-peers/docker.sh" "$out/github-aws"
area helm "$root/bench/generate-peers/helm.sh" "$out/github-aws"
area ops "$root/bench/generate-peers/ops.sh" "$out/github-aws"
area pipeline "$root/bench/generate-peers/pipeline.sh" "$out/github-aws"
area pipeline "$root/bench/generate-peers/pipeline.sh" "$out/gitlab"
for d in github-aws gcp azure terragrunt; do
  area "terraform-$d" "$root/bench/generate-peers/terraform.sh" "$out/$d"
done
echo
echo "== per area and tool: runs, errors, warnings (see the area scripts for what counts)"
python3 - "$log" <<'PY'
import collections, re, sys
sums = collections.OrderedDict()
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 4 or f[1] == "tool":
        continue
    area, tool = f[0], f[1]
    m = re.search(r"errors=(\d+)", line)
    if m:  # `tool sample errors=N [warnings=N]`
        errors = int(m.group(1))
        w = re.search(r"warnings=(\d+)", line)
        warnings = int(w.group(1)) if w else 0
    else:  # `tool [platform] sample ERRORS WARNINGS [note]`
        nums = [x for x in f[2:] if x.isdigit()]
        if len(nums) < 2:
            continue
        errors, warnings = int(nums[0]), int(nums[1])
    s = sums.setdefault((area, tool), [0, 0, 0])
    s[0] += 1
    s[1] += errors
    s[2] += warnings
for (area, tool), (n, e, w) in sums.items():
    print(f"{area:22} {tool:20} runs={n:<4} errors={e:<5} warnings={w}")
PY
echo "(generated files and the full log: $out)"
