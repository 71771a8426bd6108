#!/usr/bin/env bash
# Times `plimsoll check` on the Helm corpus (charts rendered with every
# values overlay, K8S and HELM rules) against checkov's helm framework
# (which shells out to `helm template`). Needs a release build.
set -euo pipefail
corpus=${1:-/work/shared/corpus/helm}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/plimsoll"
[ -x "$bin" ] || cargo build --release -q -p plimsoll --manifest-path "$root/Cargo.toml"
# shellcheck disable=SC1091
source /opt/peers/env.sh
echo "plimsoll check (3 runs):"
for _ in 1 2 3; do
  /usr/bin/time -f "  %e s, %M KiB" "$bin" check --isolated "$corpus" >/dev/null 2>/tmp/plimsoll-time.txt || true
  tail -1 /tmp/plimsoll-time.txt
done
echo "checkov --framework helm (1 run):"
/usr/bin/time -f "  %e s, %M KiB" checkov --framework helm -d "$corpus" --quiet --compact >/dev/null 2>/tmp/checkov-time.txt || true
tail -1 /tmp/checkov-time.txt
rm -f /tmp/plimsoll-time.txt /tmp/checkov-time.txt
