#!/usr/bin/env python3
"""Compare plimsoll's schema validation (K8S096-K8S098) with
kubernetes-validate --strict on a directory of Kubernetes manifests.

Usage: bench/compare-kubernetes-validate.py [DIR] [--version 1.37]
Needs `kubernetes-validate` (../shared/tools/install-peers.sh) and a built
`target/release/plimsoll`. Objects are identified by file and kind/name;
kubernetes-validate reports at most one error per object, so the
comparison is per object: valid or not.
"""
import json, os, re, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

import yaml  # PyYAML, installed with kubernetes-validate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from k8s_corpus import Patches, objects  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = [a for a in sys.argv[1:] if not a.startswith("--")]
version = "1.37"
if "--version" in sys.argv:
    version = sys.argv[sys.argv.index("--version") + 1]
    args = [a for a in args if a != version]
corpus = os.path.abspath(args[0] if args else os.path.join(ROOT, "../shared/corpus/kubernetes"))
plimsoll = os.path.join(ROOT, "target/release/plimsoll")

files = []
for d, dirs, names in os.walk(corpus):
    dirs[:] = [x for x in dirs if x != "templates"]
    files += [os.path.join(d, n) for n in names if n.endswith((".yaml", ".yml"))]
files.sort()


# One process per file: kubernetes-validate stops at the first file it
# cannot parse.
def validate(path):
    r = subprocess.run(["kubernetes-validate", "--strict", "--no-warn", "--quiet", "-k", version + ".0", path],
                       capture_output=True, text=True)
    return r.stdout + r.stderr

theirs = set()
unparsed = 0
with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    outputs = list(pool.map(validate, files))
for output in outputs:
    for line in output.splitlines():
        m = re.match(r"ERROR (.+?) did not validate for resource (\S+?)/(\S*) against version", line)
        if m:
            name = "" if m.group(3) == "None" else m.group(3)
            theirs.add((os.path.abspath(m.group(1)), m.group(2).lower(), name))
        elif line.startswith("Couldn't parse YAML"):
            unparsed += 1

r = subprocess.run([plimsoll, "check", "--isolated", "--select", "K8S096,K8S097,K8S098", "--format", "json",
                    "--exit-zero", corpus], capture_output=True, text=True, cwd=ROOT)
report = json.loads(r.stdout)
ours = set()
for f in report["findings"]:
    path = os.path.abspath(os.path.join(ROOT, f["path"]))
    line = f["location"]["start"]["line"]
    objs = objects(path)
    for start, end, kind, name in objs:
        if start <= line <= end:
            ours.add((path, kind, name))
            break

# Kustomize patches are partial objects, which plimsoll does not validate.
is_patch = Patches(corpus).is_patch


def smp(path, kind, name):
    # `$patch: delete` documents
    try:
        return "$patch" in open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return False

patches = {t for t in theirs if is_patch(t[0]) or smp(*t)}
theirs -= patches
both = theirs & ours
print(f"kubernetes-validate {version} --strict on {os.path.relpath(corpus, ROOT)}: {len(files)} files")
print(f"kustomize patches (partial objects) kubernetes-validate rejects and plimsoll does not validate: {len(patches)}")
print(f"invalid complete objects: kubernetes-validate {len(theirs)}, plimsoll {len(ours)}, both {len(both)}")
if theirs:
    print(f"plimsoll finds {len(both)}/{len(theirs)} = {100 * len(both) / len(theirs):.1f}% of kubernetes-validate's")
print(f"files kubernetes-validate could not parse: {unparsed}")
print("only kubernetes-validate:")
for t in sorted(theirs - ours):
    print("  ", os.path.relpath(t[0], corpus), t[1], t[2])
print("only plimsoll:")
for t in sorted(ours - theirs):
    print("  ", os.path.relpath(t[0], corpus), t[1], t[2])
