#!/usr/bin/env bash
# Runs the peer tools on the Helm charts the generator wrote.
#
#   cargo run -q -p plimsoll-generate --example generate -- /tmp/gen-helm
#   bench/generate-peers/helm.sh /tmp/gen-helm
#
# For every sample (a sub-directory) and every chart under its charts/, with
# values.yaml alone and with each values-<env>.yaml overlay:
#   helm lint --strict, helm template | kubernetes-validate --strict (1.30),
#   checkov on the rendered manifests, trivy config on the chart,
#   plimsoll helm test (the helm-unittest suites; no helm-unittest plugin here).
# Prints one line per tool and sample: `tool sample errors=N warnings=M
# explained=K IDS`, IDS being the distinct failing check IDs (checkov, trivy).
set -uo pipefail
OUT=${1:?usage: helm.sh GENERATED_DIR}
HERE=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
source /opt/peers/env.sh
KUBE=${KUBE_VERSION:-1.30.0}
PLIMSOLL=${PLIMSOLL:-"$HERE/target/debug/plimsoll"}
# Peer checks that fail by design, with the reason (counted as `explained`,
# not as errors; any other failure is an error):
#   CKV_K8S_15  pull policy Always: tags are immutable commit SHAs, so
#               IfNotPresent is the contract (X04) and avoids a registry
#               round trip on every start.
#   CKV_K8S_43  image digest: CI deploys the commit SHA tag; `image.digest`
#               pins a digest when the pipeline provides one.
#   CKV_K8S_35  secrets as files: the app reads DATABASE_URL/REDIS_URL from
#               the environment (the contract with compose and the code);
#               they come from an ExternalSecret by secretKeyRef, never literals.
#   KSV-0125    untrusted registry: trivy's built-in list omits ghcr.io and
#               registry.gitlab.com, where the generated CI pushes.
EXPLAINED="CKV_K8S_15 CKV_K8S_43 CKV_K8S_35 KSV-0125"
explained() { [[ " $EXPLAINED " == *" $1 "* ]]; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for sample_dir in "$OUT"/*/; do
  sample=$(basename "$sample_dir")
  [ -d "$sample_dir/charts" ] || continue
  declare -A err=() warn=() ok=()
  ids_checkov="" ids_trivy=""
  for chart in "$sample_dir"/charts/*/; do
    chart=${chart%/}
    name=$(basename "$chart")
    values=("")
    for v in "$chart"/values-*.yaml; do [ -e "$v" ] && values+=("$v"); done
    for v in "${values[@]}"; do
      flags=()
      [ -n "$v" ] && flags=(-f "$v")
      tag=$(basename "${v:-values.yaml}" .yaml)
      # helm lint --strict: [ERROR] lines are errors, [WARNING] lines warnings.
      lint=$(helm lint --strict "$chart" "${flags[@]}" 2>&1)
      err[helm-lint]=$(( ${err[helm-lint]:-0} + $(grep -c '\[ERROR\]' <<<"$lint") ))
      warn[helm-lint]=$(( ${warn[helm-lint]:-0} + $(grep -c '\[WARNING\]' <<<"$lint") ))
      # helm template | kubernetes-validate --strict.
      rendered="$TMP/$sample-$name-$tag.yaml"
      if ! helm template "$name" "$chart" --namespace "$sample-$tag" "${flags[@]}" >"$rendered" 2>"$TMP/err"; then
        err[helm-template]=$(( ${err[helm-template]:-0} + 1 ))
        sed 's/^/  /' "$TMP/err" >&2
        continue
      fi
      kv=$(kubernetes-validate -k "$KUBE" --strict "$rendered" 2>&1)
      err[kubernetes-validate]=$(( ${err[kubernetes-validate]:-0} + $(grep -cE '^(ERROR|FAIL)' <<<"$kv") ))
      # Custom resources (ExternalSecret, ServiceMonitor) have no schema there: warnings.
      warn[kubernetes-validate]=$(( ${warn[kubernetes-validate]:-0} + $(grep -c '^WARN' <<<"$kv") ))
      grep -E '^(ERROR|FAIL)' <<<"$kv" >&2
      # checkov on the rendered manifests.
      ck=$(checkov -f "$rendered" --framework kubernetes --compact --quiet 2>/dev/null)
      for id in $(grep -oE '^Check: CKV2?_K8S_[0-9]+' <<<"$ck" | cut -d' ' -f2); do
        if explained "$id"; then ok[checkov]=$(( ${ok[checkov]:-0} + 1 ));
        else err[checkov]=$(( ${err[checkov]:-0} + 1 )); fi
        ids_checkov+=" $id"
      done
    done
    # trivy config renders the chart itself (values.yaml).
    tv=$(trivy config --quiet --skip-check-update --format json "$chart" 2>/dev/null)
    n=$(python3 -c 'import json,sys
d=json.load(sys.stdin); ids=[m["ID"] for r in d.get("Results") or [] for m in r.get("Misconfigurations") or [] if m.get("Status")=="FAIL"]
print(" ".join(ids))' <<<"$tv")
    for id in $n; do
      if explained "$id"; then ok[trivy]=$(( ${ok[trivy]:-0} + 1 ));
      else err[trivy]=$(( ${err[trivy]:-0} + 1 )); fi
      ids_trivy+=" $id"
    done
    # The chart's own helm-unittest suites, with plimsoll's native runner.
    ut=$("$PLIMSOLL" helm test "$chart" 2>&1)
    failed=$(grep -oE 'Tests: +[0-9]+ failed' <<<"$ut" | grep -oE '[0-9]+' || true)
    err[helm-unittest]=$(( ${err[helm-unittest]:-0} + ${failed:-0} ))
  done
  for tool in helm-lint helm-template kubernetes-validate checkov trivy helm-unittest; do
    extra=""
    [ "$tool" = checkov ] && extra=$(tr ' ' '\n' <<<"$ids_checkov" | sort -u | tr '\n' ' ')
    [ "$tool" = trivy ] && extra=$(tr ' ' '\n' <<<"$ids_trivy" | sort -u | tr '\n' ' ')
    printf '%-20s %-14s errors=%-3s warnings=%-3s explained=%-3s %s\n' "$tool" "$sample" "${err[$tool]:-0}" "${warn[$tool]:-0}" "${ok[$tool]:-0}" "$extra"
  done
  unset err warn ok
done
