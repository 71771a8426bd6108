#!/usr/bin/env python3
"""Agreement between plimsoll and checkov on Kubernetes manifests.

For every checkov check a plimsoll rule maps to (the rule's peers in
`plimsoll rules --format json`), findings are lined up per object (file,
kind, name): checkov reports whole objects, plimsoll exact spans, which are
mapped back to the YAML document that holds them. Prints, per check:
checkov's failed objects, how many plimsoll also reports, the objects
plimsoll skips by design (kustomize patches: partial objects), and
plimsoll's extra findings on objects checkov passed.

Usage: bench/compare-checkov-k8s.py [DIR] [--checkov-json FILE]
  (checkov on PATH: source /opt/peers/env.sh; target/release/plimsoll built)
"""
import collections
import json
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from k8s_corpus import Patches, objects  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
argv = sys.argv[1:]
cached = None
if "--checkov-json" in argv:
    i = argv.index("--checkov-json")
    cached = argv[i + 1]
    del argv[i:i + 2]
corpus = os.path.abspath(argv[0] if argv else os.path.join(ROOT, "../shared/corpus/kubernetes"))
plimsoll = os.path.join(ROOT, "target/release/plimsoll")
out_dir = os.path.join(ROOT, "bench", "out")
os.makedirs(out_dir, exist_ok=True)

# Rules and the checkov ids they map to.
rules = json.loads(subprocess.run([plimsoll, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout)
codes_for = collections.defaultdict(set)
for r in rules:
    for p in r["peers"]:
        if p["tool"] == "checkov" and ("_K8S_" in p["id"]):
            codes_for[p["id"]].add(r["code"])

if cached:
    report = json.load(open(cached))
else:
    r = subprocess.run(["checkov", "-d", corpus, "--framework", "kubernetes", "-o", "json"], capture_output=True, text=True)
    report = json.loads(r.stdout)
reports = report if isinstance(report, list) else [report]


def resource_key(path, resource):
    """(abs file, kind, name) from checkov's `Kind.namespace.name` id."""
    kind, _, rest = resource.partition(".")
    _, _, name = rest.partition(".")
    return (os.path.normpath(os.path.join(corpus, path.lstrip("/"))), kind.lower(), name)


failed = collections.defaultdict(set)
passed = collections.defaultdict(set)
for rep in reports:
    results = rep.get("results", {})
    for kind, target in (("failed_checks", failed), ("passed_checks", passed)):
        for c in results.get(kind, []):
            target[c["check_id"]].add(resource_key(c["file_path"], c["resource"]))

# plimsoll's findings, per object.
r = subprocess.run([plimsoll, "check", "--isolated", "--select", "ALL", "--format", "json", "--exit-zero", corpus],
                   capture_output=True, text=True, cwd=ROOT)
findings = json.loads(r.stdout)["findings"]


ours = collections.defaultdict(set)
for f in findings:
    path = os.path.normpath(os.path.join(ROOT, f["path"]))
    line = f["location"]["start"]["line"]
    for start, end, kind, name in objects(path):
        if start <= line <= end:
            ours[f["code"]].add((path, kind, name))
            break

patches_of_corpus = Patches(corpus)
is_patch = patches_of_corpus.is_patch



# checkov's graph checks on bindings (CKV2_K8S_1..5) report the binding;
# plimsoll reports the role that grants the permission. Map each binding to
# its roleRef so the two line up.
def role_of_binding(key):
    path, kind, name = key
    if kind not in ("rolebinding", "clusterrolebinding"):
        return key
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for doc in yaml.safe_load_all(fh):
                if isinstance(doc, dict) and str(doc.get("kind", "")).lower() == kind \
                        and (doc.get("metadata") or {}).get("name", "") == name:
                    ref = doc.get("roleRef") or {}
                    role_kind = str(ref.get("kind", "")).lower()
                    for p2, k2, n2 in all_objects():
                        if k2 == role_kind and n2 == ref.get("name"):
                            return (p2, k2, n2)
    except Exception:
        pass
    return key


_all = None


def all_objects():
    global _all
    if _all is None:
        _all = []
        for d, dirs, names in os.walk(corpus):
            dirs[:] = [x for x in dirs if x != "templates"]
            for n in names:
                if n.endswith((".yaml", ".yml")):
                    p = os.path.join(d, n)
                    _all += [(p, k, nm) for _, _, k, nm in objects(p)]
    return _all


for ckv in list(failed):
    if ckv.startswith("CKV2_K8S_") and ckv[-1] in "12345":
        failed[ckv] = {role_of_binding(k) for k in failed[ckv]}
        passed[ckv] = {role_of_binding(k) for k in passed.get(ckv, set())}

# Checks each plimsoll rule maps to: an object is an extra finding of a
# rule only when checkov passed every check the rule maps to.
checks_of = collections.defaultdict(set)
for ckv, codes in codes_for.items():
    for c in codes:
        checks_of[c].add(ckv)

# Differences by design, per check: objects plimsoll deliberately does not
# report, with the reason (see the rule's documentation).
bound_accounts = set()
for path, kind, _ in all_objects():
    if kind in ("rolebinding", "clusterrolebinding"):
        try:
            for doc in yaml.safe_load_all(open(path, encoding="utf-8", errors="replace")):
                if isinstance(doc, dict) and str(doc.get("kind", "")).lower() == kind:
                    for s in doc.get("subjects") or []:
                        if isinstance(s, dict) and s.get("kind") == "ServiceAccount":
                            bound_accounts.add(s.get("name"))
        except Exception:
            pass


def service_account(key):
    path, kind, name = key
    try:
        for doc in yaml.safe_load_all(open(path, encoding="utf-8", errors="replace")):
            if isinstance(doc, dict) and str(doc.get("kind", "")).lower() == kind \
                    and (doc.get("metadata") or {}).get("name", "") == name:
                spec = doc.get("spec") or {}
                if kind == "cronjob":
                    spec = (spec.get("jobTemplate") or {}).get("spec") or {}
                pod = spec if kind == "pod" else (spec.get("template") or {}).get("spec") or {}
                return pod.get("serviceAccountName") or pod.get("serviceAccount") or "default"
    except Exception:
        pass
    return None


BY_DESIGN = {
    # K8S051: a pod whose ServiceAccount holds RBAC permissions calls the
    # API and needs its token (practice K11: "unless needed").
    "CKV_K8S_38": ("ServiceAccount has RBAC bindings", lambda key: service_account(key) in bound_accounts),
}

rows = []
diff = []
design_notes = []
tot_fail = tot_both = tot_patch = 0
for ckv in sorted(codes_for, key=lambda c: (c.startswith("CKV2"), int(re.sub(r"\D", "", c.split("_")[-1]) or 0))):
    codes = sorted(codes_for[ckv])
    theirs = failed.get(ckv, set())
    mine = set().union(*(ours.get(c, set()) for c in codes))
    patches = {t for t in theirs if is_patch(t[0])}
    judged = theirs - patches
    if ckv in BY_DESIGN:
        reason, test = BY_DESIGN[ckv]
        skipped = {t for t in judged - mine if test(t)}
        if skipped:
            design_notes.append(f"{ckv}: {len(skipped)} objects not reported by design ({reason})")
            judged -= skipped
    both = judged & mine
    extra = {
        t for t in mine & passed.get(ckv, set())
        if not any(t in failed.get(other, set()) for c in codes for other in checks_of[c])
    }
    tot_fail += len(judged)
    tot_both += len(both)
    tot_patch += len(patches)
    pct = f"{100 * len(both) / len(judged):.0f}%" if judged else "-"
    rows.append((ckv, ",".join(codes), len(theirs), len(patches), len(both), pct, len(extra)))
    for t in sorted(judged - mine):
        diff.append(f"{ckv} only checkov: {os.path.relpath(t[0], corpus)} {t[1]}/{t[2]}")
    for t in sorted(extra):
        diff.append(f"{ckv} only plimsoll ({','.join(codes)}): {os.path.relpath(t[0], corpus)} {t[1]}/{t[2]}")

print(f"checkov vs plimsoll on {os.path.relpath(corpus, ROOT)}")
print("failed: objects checkov fails; patch: of those, kustomize patches plimsoll does not judge;")
print("both: failed objects plimsoll reports too; found: both / (failed - patch - by design); extra: objects")
print("plimsoll reports under the mapped rules where checkov passed every check those rules map to")
print(f"{'check':<12} {'plimsoll':<24} {'failed':>6} {'patch':>6} {'both':>6} {'found':>6} {'extra':>6}")
for ckv, codes, fail, patch, both, pct, extra in rows:
    print(f"{ckv:<12} {codes:<24} {fail:>6} {patch:>6} {both:>6} {pct:>6} {extra:>6}")
for note in design_notes:
    print(note)
print(f"total: plimsoll reports {tot_both} of checkov's {tot_fail} failed objects outside kustomize patches "
      f"({100 * tot_both / max(tot_fail, 1):.1f}%); {tot_patch} more are patches plimsoll does not judge")
with open(os.path.join(out_dir, "checkov-k8s-diff.txt"), "w") as fh:
    fh.write("\n".join(diff) + "\n")
print(f"differences: {os.path.relpath(os.path.join(out_dir, 'checkov-k8s-diff.txt'), ROOT)}")
