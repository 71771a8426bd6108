#!/usr/bin/env python3
"""Compare plimsoll's compose rules (DC) with dclint and compose-lint.

Usage: bench/compare-compose-peers.py [DIR] [--details]
Needs `dclint` and `compose-lint` on PATH (../shared/tools/install-peers.sh,
then `source /opt/peers/env.sh`) and a built `target/release/plimsoll`.

The peer rule each DC rule matches comes from `plimsoll rules --format json`
(the `peers` metadata). A peer finding is "also reported" when plimsoll
reports one of the mapped DC codes in the same file and either in the same
service (the service whose YAML node spans the finding's line) or, for
file-level findings, on the same line. Peers give lines only (dclint's column
is always 1 and often points at the parent key), so services are the fair
unit. All DC rules are selected, including the opt-in ones.
"""
import collections, json, os, subprocess, sys, tempfile

import yaml  # PyYAML

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
details = "--details" in sys.argv
corpus = os.path.abspath(args[0] if args else os.path.join(ROOT, "../shared/corpus/compose"))
plimsoll = os.path.join(ROOT, "target/release/plimsoll")

files = []
for d, dirs, names in os.walk(corpus):
    files += [os.path.join(d, n) for n in names if n.endswith((".yaml", ".yml"))]
files.sort()
rel = lambda p: os.path.relpath(os.path.abspath(os.path.join(corpus, p)), corpus)


def service_spans(path):
    """[(first line, last line, service name)] for the services of a file, 1-based."""
    out = []
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            root = yaml.compose(fh)
    except Exception:
        return out
    if not isinstance(root, yaml.MappingNode):
        return out
    for k, v in root.value:
        if getattr(k, "value", None) == "services" and isinstance(v, yaml.MappingNode):
            for name, body in v.value:
                out.append((name.start_mark.line + 1, body.end_mark.line + 1, str(name.value)))
    return out


spans = {rel(f): service_spans(f) for f in files}


def service_at(path, line):
    best = None
    for first, last, name in spans.get(path, []):
        # end_mark of a block mapping is the start of the next key: exclusive.
        if first <= line and (line < last or first == last == line):
            best = name
    return best


# --- plimsoll ---------------------------------------------------------------
rules = json.loads(subprocess.run([plimsoll, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout)
mapping = collections.defaultdict(set)  # (tool, peer id) -> {DC codes}
for r in rules:
    for p in r.get("peers", []):
        if r["code"].startswith("DC"):
            mapping[(p["tool"], p["id"])].add(r["code"])

# Codes, not the `DC` prefix: a prefix leaves the opt-in rules off.
dc_codes = ",".join(r["code"] for r in rules if r["code"].startswith("DC"))
out = subprocess.run(
    [plimsoll, "check", "--select", dc_codes, "--format", "json", "--exit-zero", *files],
    capture_output=True, text=True, cwd=corpus, check=True,
)
ours = []
for f in json.loads(out.stdout)["findings"]:
    path = rel(f["path"])
    line = f["location"]["start"]["line"]
    ours.append((f["code"], path, line, service_at(path, line), f["message"]))

# --- peers ------------------------------------------------------------------
peer = []  # (tool, rule, path, line, service, message)
# dclint truncates JSON written to a pipe at 64 KiB: let it write a file.
with tempfile.TemporaryDirectory() as tmp:
    report = os.path.join(tmp, "dclint.json")
    subprocess.run(["dclint", "-f", "json", "-o", report, *files], capture_output=True, text=True, cwd=corpus)
    with open(report) as fh:
        dclint_report = json.load(fh)
for entry in dclint_report:
    path = rel(entry["filePath"])
    for m in entry["messages"]:
        svc = (m.get("data") or {}).get("serviceName") or service_at(path, m["line"])
        peer.append(("dclint", m["rule"], path, m["line"], svc, m["message"]))
cl = subprocess.run(["compose-lint", "check", "--format", "json", *files], capture_output=True, text=True, cwd=corpus)
for m in json.loads(cl.stdout or "{}").get("findings", []):
    path = rel(m["file"])
    line = m.get("line") or 0
    peer.append(("compose-lint", m["rule_id"], path, line, m.get("service") or service_at(path, line), m["message"]))

# --- matching ---------------------------------------------------------------
by_code_file = collections.defaultdict(list)
for code, path, line, svc, _ in ours:
    by_code_file[(code, path)].append((line, svc))


def matched(codes, path, line, svc):
    for code in codes:
        for l, s in by_code_file.get((code, path), []):
            if (svc is not None and s == svc) or l == line:
                return True
    return False


rows = []
missed = collections.defaultdict(list)
explained_by_peer = collections.defaultdict(set)
for (tool, rule), codes in sorted(mapping.items()):
    found = [p for p in peer if p[0] == tool and p[1] == rule]
    hit = [p for p in found if matched(codes, p[2], p[3], p[4])]
    for p in found:
        if not matched(codes, p[2], p[3], p[4]):
            missed[(tool, rule)].append(p)
    rows.append((tool, rule, ",".join(sorted(codes)), len(found), len(hit)))
    for p in found:
        explained_by_peer[tuple(sorted(codes))].add((p[2], p[4] if p[4] is not None else p[3]))

print(f"corpus: {corpus} ({len(files)} files)")
print(f"plimsoll DC findings: {len(ours)}; dclint: {sum(p[0] == 'dclint' for p in peer)}; compose-lint: {sum(p[0] == 'compose-lint' for p in peer)}\n")
print(f"| {'peer':12} | {'peer rule':36} | {'plimsoll':32} | {'peer':>5} | {'also':>5} | {'share':>6} |")
print(f"|{'-' * 14}|{'-' * 38}|{'-' * 34}|{'-' * 7}|{'-' * 7}|{'-' * 8}|")
for tool, rule, codes, n, h in rows:
    share = f"{100 * h / n:.1f}%" if n else "-"
    print(f"| {tool:12} | {rule:36} | {codes:32} | {n:5} | {h:5} | {share:>6} |")

unmapped = collections.Counter((p[0], p[1]) for p in peer if (p[0], p[1]) not in mapping)
print("\npeer rules without a plimsoll equivalent (style rules, schema checks):")
for (tool, rule), n in sorted(unmapped.items()):
    print(f"  {tool} {rule}: {n}")

print("\nmissed peer findings:")
for key, items in sorted(missed.items()):
    print(f"  {key[0]} {key[1]}: {len(items)}")
    for p in items[: 50 if details else 5]:
        print(f"    {p[2]}:{p[3]} [{p[4]}] {p[5][:110]}")

# plimsoll findings of mapped codes that no peer reported.
peer_keys = collections.defaultdict(set)
for codes, keys in explained_by_peer.items():
    for code in codes:
        peer_keys[code] |= keys
extras = collections.defaultdict(list)
mapped_codes = {c for cs in mapping.values() for c in cs}
for code, path, line, svc, msg in ours:
    if code in mapped_codes and (path, svc if svc is not None else line) not in peer_keys[code]:
        extras[code].append((path, line, svc, msg))
print("\nplimsoll findings of mapped rules that no mapped peer reported:")
for code, items in sorted(extras.items()):
    print(f"  {code}: {len(items)}")
    for path, line, svc, msg in items[: 50 if details else 5]:
        print(f"    {path}:{line} [{svc}] {msg[:110]}")
counts = collections.Counter(code for code, *_ in ours)
print("\nplimsoll findings per DC rule:", ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
