#!/usr/bin/env bash
# Peer checks of the generated Terraform scaffold (practices T01-T13, G05).
#
# usage: bench/generate-peers/terraform.sh DIR
#   DIR holds generated output as written by
#   `cargo run -p plimsoll-generate --example generate -- DIR [SAMPLE] --cloud C [--terragrunt]`
#   (one sub-directory per sample, each with infra/).
#
# Prints one line per tool and sample: `tool sample errors=N [warnings=N] [note]`.
#   terraform-fmt       files `terraform fmt -check -recursive` would rewrite (.tf/.tfvars only;
#                       Terragrunt .hcl files are checked as copies named .tf).
#   terraform-validate  roots/modules failing `terraform init -backend=false && terraform validate`.
#                       AWS only: the offline provider mirror (/opt/peers/terraformrc) holds
#                       hashicorp/aws alone; GCP/Azure are reported as skipped.
#   checkov             failed checks of `checkov -d infra --framework terraform`.
#   trivy               misconfigurations of `trivy config infra` (all severities).
set -u
dir=${1:?usage: terraform.sh DIR}
# shellcheck disable=SC1091
source /opt/peers/env.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# One provider copy for every init (symlinked from the cache).
export TF_PLUGIN_CACHE_DIR="$tmp/plugin-cache"
mkdir -p "$TF_PLUGIN_CACHE_DIR"

for sample_dir in "$dir"/*/; do
  sample=$(basename "$sample_dir")
  infra="$sample_dir/infra"
  [ -d "$infra" ] || continue

  n=$(terraform fmt -check -recursive -list=true "$infra" 2>/dev/null | wc -l)
  # terragrunt is not installed: its .hcl files are checked with terraform's
  # formatter (same HCL writer as `terragrunt hclfmt`) on copies named .tf.
  rm -rf "$tmp/hcl" && mkdir -p "$tmp/hcl"
  find "$infra" -name '*.hcl' | while IFS= read -r f; do
    cp "$f" "$tmp/hcl/$(echo "${f#"$infra"/}" | tr / _).tf"
  done
  n=$((n + $(terraform fmt -check -list=true "$tmp/hcl" 2>/dev/null | wc -l)))
  echo "terraform-fmt $sample errors=$n"

  if grep -rqs 'hashicorp/aws' "$infra/modules"; then
    fails=0; roots=0
    # Plain roots (live/<env>), the bootstrap root and every module.
    work="$tmp/validate"
    rm -rf "$work" && mkdir -p "$work" && cp -r "$infra/." "$work/"
    while IFS= read -r d; do
      roots=$((roots + 1))
      rel=${d#"$infra"/}
      if ! (cd "$work/$rel" && terraform init -backend=false -input=false >"$tmp/init.log" 2>&1 &&
        terraform validate -no-color >"$tmp/validate.log" 2>&1); then
        fails=$((fails + 1))
        echo "  $rel:" >&2
        tail -20 "$tmp/init.log" "$tmp/validate.log" >&2 2>/dev/null
      fi
    done < <(find "$infra" -name versions.tf -printf '%h\n' | sort)
    echo "terraform-validate $sample errors=$fails roots=$roots"
  else
    echo "terraform-validate $sample skipped (no offline provider for this cloud)"
  fi

  checkov -d "$infra" --framework terraform -o json --quiet --compact >"$tmp/checkov.json" 2>/dev/null
  python3 - "$tmp/checkov.json" "$sample" <<'PY'
import json, sys, collections
try:
    data = json.load(open(sys.argv[1]))
except Exception:
    data = []
if isinstance(data, dict):
    data = [data]
failed = collections.Counter()
for report in data:
    for check in report.get("results", {}).get("failed_checks", []):
        failed[check["check_id"]] += 1
total = sum(failed.values())
detail = " ".join(f"{k}x{v}" for k, v in sorted(failed.items()))
print(f"checkov {sys.argv[2]} errors={total} {detail}".rstrip())
PY

  # trivy resolves variables only from the tfvars it is given: scan each root
  # (live/<env>, bootstrap) with its own terraform.tfvars, which follows the
  # module calls. Terragrunt units are not Terraform roots: scan the
  # modules and bootstrap directories (module inputs stay unresolved).
  rm -f "$tmp"/trivy-*.json
  i=0
  roots=$(find "$infra" -name terraform.tfvars -printf '%h\n' | sort)
  if [ -f "$infra/root.hcl" ]; then roots="$infra/modules $infra/bootstrap"; fi
  for root in $roots; do
    i=$((i + 1))
    vars=()
    [ -f "$root/terraform.tfvars" ] && vars=(--tf-vars "$root/terraform.tfvars")
    trivy config --quiet --format json "${vars[@]}" "$root" >"$tmp/trivy-$i.json" 2>/dev/null
  done
  python3 - "$sample" "$tmp"/trivy-*.json <<'PY'
import json, sys, collections
found = collections.Counter()
results = []
for path in sys.argv[2:]:
    try:
        results += json.load(open(path)).get("Results", []) or []
    except Exception:
        pass
sys.argv = [sys.argv[0], "", sys.argv[1]]
for result in results:
    for m in result.get("Misconfigurations", []) or []:
        if m.get("Status", "FAIL") == "FAIL":
            found[f'{m["ID"]}:{m["Severity"][0]}'] += 1
total = sum(found.values())
detail = " ".join(f"{k}x{v}" for k, v in sorted(found.items()))
print(f"trivy {sys.argv[2]} errors={total} {detail}".rstrip())
PY
done
