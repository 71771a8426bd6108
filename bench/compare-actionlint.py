#!/usr/bin/env python3
"""Does plimsoll flag every workflow actionlint rejects for a syntax, schema
or expression reason?

Usage: bench/compare-actionlint.py [DIR] [--details]
Needs `actionlint` on PATH (`source /opt/peers/env.sh`) and a built
`target/release/plimsoll` (or PLIMSOLL_BIN).

actionlint runs on every YAML file of DIR (default: the GitHub Actions
corpus) without its shellcheck/pyflakes integrations. Its findings whose
kind is a correctness check (below) are matched against plimsoll's findings
of the rules that map to actionlint (the `peers` metadata of
`plimsoll rules --format json`) in the same file. A file actionlint rejects
and plimsoll does not flag at all is a miss; the script also prints, per
kind, how many actionlint findings have a plimsoll finding of a mapped rule
on the same line. Kinds left out: `shellcheck`/`pyflakes` (external
linters), `action` (runtime deprecations of popular actions and their
inputs, which need actionlint's action catalogue), and the cache-policy
kinds of the fork (`cache-*`, `inline-suppression`).

Known differences on the corpus (285 files): no file is missed except
`kubeflow__manifests/.../full_kubeflow_integration_test.yaml`, whose
`runs-on` label `oracle-vm-16cpu-64gb-x86-64` names a larger or
self-hosted runner: such labels are arbitrary and actionlint only accepts
them when listed in its configuration, so plimsoll does not report unknown
labels (only retired hosted images). Findings on other lines: plimsoll
reports `steps.deploy` where the reference is (actionlint: the `run:` key
of the block), the `$codeql-languages-matrix` placeholder itself
(actionlint: every `matrix.*` reference), and has no catalogue of action
outputs (`zscaler-iac-scan.yml`, `steps.*.outputs.sarif_file_path`).
"""
import collections, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
details = "--details" in sys.argv
corpus = os.path.abspath(args[0] if args else os.path.join(ROOT, "../shared/corpus/github-actions"))
if not os.path.isdir(corpus):
    corpus = "/work/shared/corpus/github-actions"
plimsoll = os.environ.get("PLIMSOLL_BIN", os.path.join(ROOT, "target/release/plimsoll"))

CORRECTNESS = {
    "syntax-check", "expression", "events", "glob", "job-needs", "id", "matrix", "shell-name",
    "permissions", "workflow-call", "runner-label", "deprecated-commands", "if-cond", "env-var",
    "credentials",
}

files = sorted(
    os.path.join(d, n)
    for d, dirs, names in os.walk(corpus)
    if ".git" not in d.split(os.sep)
    for n in names
    if n.endswith((".yml", ".yaml"))
)
rel = lambda p: os.path.relpath(os.path.abspath(p), corpus)

# Run from the corpus with relative paths, so that no actionlint
# configuration of the directory we were started from applies.
out = subprocess.run(
    ["actionlint", "-shellcheck=", "-pyflakes=", "-format", "{{json .}}", *map(rel, files)],
    capture_output=True, text=True, cwd=corpus,
).stdout
al_all = json.loads(out or "[]")
al = [e for e in al_all if e["kind"] in CORRECTNESS]
flagged_any = {rel(os.path.join(corpus, e["filepath"])) for e in al_all}

rules = json.loads(subprocess.run([plimsoll, "rules", "--format", "json"], capture_output=True, text=True).stdout)
mapped = {
    r["code"] for r in rules
    if r["code"].startswith("GHA") and any(p["tool"] == "actionlint" for p in r["peers"])
}
report = json.loads(subprocess.run(
    [plimsoll, "check", "--isolated", "--no-progress", "--exit-zero", "--format", "json",
     "--select", ",".join(sorted(mapped)), *files],
    capture_output=True, text=True,
).stdout)
ours = collections.defaultdict(list)  # file -> [(line, code)]
for f in report["findings"]:
    if f["code"] in mapped:
        ours[rel(f["path"])].append((f["location"]["start"]["line"], f["code"]))

by_kind = collections.defaultdict(lambda: [0, 0])
rejected = collections.defaultdict(list)
for e in al:
    path = rel(os.path.join(corpus, e["filepath"]))
    rejected[path].append(e)
    same_line = any(line == e["line"] for line, _ in ours.get(path, []))
    by_kind[e["kind"]][0] += 1
    by_kind[e["kind"]][1] += same_line

print(f"actionlint correctness findings: {len(al)} in {len(rejected)} files; "
      f"plimsoll rules mapped to actionlint: {len(mapped)}")
for kind, (n, hit) in sorted(by_kind.items()):
    print(f"  {kind:22} {n:4} findings, {hit:4} with a plimsoll finding on the same line")
misses = sorted(p for p in rejected if not ours.get(p))
print(f"files actionlint rejects that plimsoll does not flag: {len(misses)}")
for p in misses:
    for e in rejected[p]:
        print(f"  {p}:{e['line']}:{e['column']} [{e['kind']}] {e['message']}")
extra = sorted(p for p in ours if p not in flagged_any)
print(f"files plimsoll flags (mapped rules) where actionlint reports nothing: {len(extra)}")
for p in extra:
    codes = collections.Counter(c for _, c in ours[p])
    print(f"  {p}: {dict(codes)}")
if details:
    for p in sorted(rejected):
        for e in rejected[p]:
            hit = any(line == e["line"] for line, _ in ours.get(p, []))
            print(f"{'  ' if hit else '! '}{p}:{e['line']} [{e['kind']}] {e['message'][:100]}")
