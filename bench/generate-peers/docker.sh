#!/usr/bin/env bash
# Peer checks of the generated Dockerfiles, .dockerignore and compose files.
#
# Usage: bench/generate-peers/docker.sh DIR
#   DIR holds one sub-directory per sample, as written by
#   `cargo run -p plimsoll-generate --example generate -- DIR`.
#
# Prints one line per tool and sample: `tool sample errors=N warnings=M`.
# What counts as an error:
#   hadolint       level error (warnings: warning; info/style counted as warnings too)
#   checkov        failed dockerfile checks (checkov has no severities offline)
#   trivy          misconfigurations CRITICAL/HIGH (warnings: MEDIUM/LOW)
#   compose-config `docker-compose config -q` failing (with .env.example copied
#                  to .env and its empty secrets filled with dummies)
#   dclint         errors (warnings: warnings)
#   compose-lint   HIGH/CRITICAL (warnings: MEDIUM/LOW)
#   yamllint       errors under the `relaxed` preset (the default preset's
#                  80-column limit cannot hold a connection URL)
set -u
dir=${1:?usage: docker.sh DIR}
# shellcheck disable=SC1091
source /opt/peers/env.sh

count() { # json-on-stdin python-expression-returning-(errors,warnings)
  python3 -c "import json,sys
try:
    d=json.load(sys.stdin)
except Exception:
    print('errors=1 warnings=0 (unparseable output)'); sys.exit()
e,w=$1
print(f'errors={e} warnings={w}')"
}

total_errors=0
line() { # tool sample result
  printf '%-15s %-16s %s\n' "$1" "$2" "$3"
  case "$3" in errors=0*) ;; *) total_errors=$((total_errors + 1)) ;; esac
}

for sample_dir in "$dir"/*/; do
  sample=$(basename "$sample_dir")
  mapfile -t dockerfiles < <(find "$sample_dir" -name Dockerfile -not -path '*/charts/*' | sort)
  compose="$sample_dir/compose.yaml"

  # hadolint
  res=$(hadolint -f json "${dockerfiles[@]}" 2>/dev/null | count \
    "sum(1 for x in d if x['level']=='error'),sum(1 for x in d if x['level']!='error')")
  line hadolint "$sample" "$res"

  # checkov (Dockerfile framework)
  res=$(for f in "${dockerfiles[@]}"; do checkov -f "$f" --framework dockerfile -o json --quiet 2>/dev/null || true; done \
    | python3 -c "import json,sys
txt=sys.stdin.read().strip()
fails=0
dec=json.JSONDecoder(); i=0
while i<len(txt):
    while i<len(txt) and txt[i].isspace(): i+=1
    if i>=len(txt): break
    obj,i=dec.raw_decode(txt,i)
    for r in (obj if isinstance(obj,list) else [obj]):
        if isinstance(r,dict): fails+=len(r.get('results',{}).get('failed_checks',[]))
print(f'errors={fails} warnings=0')")
  line checkov "$sample" "$res"

  # trivy config (Dockerfile and compose misconfigurations)
  res=$(trivy config --format json -q "$sample_dir" 2>/dev/null | count \
    "(sum(1 for r in d.get('Results',[]) for m in (r.get('Misconfigurations') or []) if m['Status']=='FAIL' and m['Severity'] in ('CRITICAL','HIGH')), sum(1 for r in d.get('Results',[]) for m in (r.get('Misconfigurations') or []) if m['Status']=='FAIL' and m['Severity'] not in ('CRITICAL','HIGH')))")
  line trivy "$sample" "$res"

  [ -f "$compose" ] || continue

  # docker-compose config with dummy secrets
  tmp=$(mktemp -d)
  cp -r "$sample_dir"/. "$tmp"/
  sed 's/=$/=dummy-secret-1/' "$tmp/.env.example" > "$tmp/.env"
  if out=$(cd "$tmp" && docker-compose config -q 2>&1); then
    line compose-config "$sample" "errors=0 warnings=0"
  else
    line compose-config "$sample" "errors=1 warnings=0 ($out)"
  fi
  # Without .env, the required secrets (empty in .env.example) must stop compose.
  rm "$tmp/.env"
  if ! grep -q '=$' "$tmp/.env.example"; then
    line compose-nosecret "$sample" "errors=0 warnings=0 (no secrets)"
  elif (cd "$tmp" && docker-compose config -q >/dev/null 2>&1); then
    line compose-nosecret "$sample" "errors=1 warnings=0 (started without secrets)"
  else
    line compose-nosecret "$sample" "errors=0 warnings=0"
  fi
  rm -rf "$tmp"

  # dclint
  res=$(dclint -f json "$compose" 2>/dev/null | count \
    "sum(f.get('errorCount',0) for f in d),sum(f.get('warningCount',0) for f in d)")
  line dclint "$sample" "$res"

  # compose-lint
  res=$(compose-lint check --format json "$compose" 2>/dev/null | count \
    "(lambda fs: (sum(1 for f in fs if f.get('severity','').upper() in ('HIGH','CRITICAL')), sum(1 for f in fs if f.get('severity','').upper() not in ('HIGH','CRITICAL'))))(d.get('findings', d) if isinstance(d,dict) else d)")
  line compose-lint "$sample" "$res"

  # yamllint (relaxed)
  out=$(yamllint -d relaxed -f parsable "$compose" 2>&1)
  e=$(grep -c '\[error\]' <<<"$out")
  w=$(grep -c '\[warning\]' <<<"$out")
  line yamllint "$sample" "errors=$e warnings=$w"
done
echo "lines with errors: $total_errors"
[ "$total_errors" -eq 0 ]
