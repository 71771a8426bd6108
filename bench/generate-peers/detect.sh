#!/usr/bin/env bash
# Detection matrix: runs `plimsoll detect --format json` on every fixture
# project (or the directories given) and prints one line per service:
# fixture, service, language/version, package manager, framework, port,
# liveness, metrics, backing services, guessed values. No peer tool detects
# projects offline here (nixpacks/railpack are not installed), so this is
# the table to compare with their documented behaviour by hand.
#
# usage: bench/generate-peers/detect.sh [PLIMSOLL] [DIR...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$root/target/debug/plimsoll}"
shift || true
if [ "$#" -eq 0 ]; then
  set -- "$root"/crates/plimsoll-generate/tests/fixtures/projects/*/
fi
printf '%-16s %-9s %-12s %-11s %-13s %-5s %-27s %-21s %-22s %s\n' \
  fixture service language pm framework port liveness metrics backing guessed
errors=0
for dir in "$@"; do
  name="$(basename "$dir")"
  if ! json="$("$bin" detect "$dir" --format json 2>&1)"; then
    echo "$name: detect failed: $json"
    errors=$((errors + 1))
    continue
  fi
  NAME="$name" JSON="$json" python3 - <<'PY'
import json, os
p = json.loads(os.environ["JSON"])
name = os.environ["NAME"]
if not p["services"]:
    print("%-16s (no service) notes: %s" % (name, p["notes"]))
for s in p["services"]:
    guessed = [k for k in ("port", "health_path", "readiness_path", "start_command")
               if s[k]["origin"]["source"] == "default"]
    fw = s["framework"]["value"] if s.get("framework") else "-"
    metrics = s["metrics_path"]["value"] if s.get("metrics_path") else "-"
    backing = ",".join(b["value"] for b in s["backing_services"]) or "-"
    lang = s["language"]["value"] + " " + s["language_version"]["value"]
    print("%-16s %-9s %-12s %-11s %-13s %-5s %-27s %-21s %-22s %s" % (
        name, s["name"], lang, s["package_manager"]["value"], fw, s["port"]["value"],
        s["health_path"]["value"], metrics, backing, ",".join(guessed) or "-"))
PY
done
echo "errors: $errors"
[ "$errors" -eq 0 ]
