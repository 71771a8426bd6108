#!/usr/bin/env python3
"""Regenerates crates/plimsoll-helm/tests/golden from the corpus with a real helm.

Usage: source /opt/peers/env.sh && python3 bench/helm-golden-gen.py
For each top-level chart under /work/shared/corpus/helm (a Chart.yaml that is
not inside another chart's charts/ directory) it runs
`helm template golden CHART --namespace golden-ns [-f ci/X]` twice; output goes
to <chart-id>/<values>.yaml, and the YAML paths whose values differ between the
two runs (random passwords, timestamps) go to <values>.volatile, one a line.
A failing render is recorded as <values>.error with helm's message.
"""
import os, subprocess, sys, glob, json
import yaml

CORPUS = "/work/shared/corpus/helm"
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "plimsoll-helm", "tests", "golden")

def charts():
    """Directories with a Chart.yaml that are not a subchart (inside the
    charts/ directory of another chart)."""
    found = []
    for root, dirs, files in os.walk(CORPUS):
        dirs.sort()
        if "Chart.yaml" not in files:
            continue
        parent = os.path.dirname(root)
        if os.path.basename(parent) == "charts" and os.path.exists(os.path.join(os.path.dirname(parent), "Chart.yaml")):
            continue
        found.append(os.path.relpath(root, CORPUS))
    return found

def chart_id(rel):
    parts = rel.split("/")
    return parts[0] + "--" + parts[-1]

def render(path, values):
    cmd = ["helm", "template", "golden", path, "--namespace", "golden-ns"]
    if values:
        cmd += ["-f", values]
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def diff_paths(a, b, prefix, out):
    if type(a) != type(b):
        out.append(prefix); return
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{prefix}/{k}")
            else:
                diff_paths(a[k], b[k], f"{prefix}/{k}", out)
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append(prefix); return
        for i, (x, y) in enumerate(zip(a, b)):
            diff_paths(x, y, f"{prefix}/{i}", out)
    elif a != b:
        out.append(prefix)

def main():
    for rel in charts():
        path = os.path.join(CORPUS, rel)
        cid = chart_id(rel)
        d = os.path.join(OUT, cid)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "CHART"), "w") as f:
            f.write(rel + "\n")
        variants = [("default", None)] + [
            (os.path.splitext(os.path.basename(v))[0], v)
            for v in sorted(glob.glob(os.path.join(path, "ci", "*.yaml")))
        ]
        for name, values in variants:
            rc, out, err = render(path, values)
            if rc != 0:
                open(os.path.join(d, name + ".error"), "w").write(err)
                print(f"{cid} {name}: FAILED {err.strip()[:200]}")
                continue
            rc2, out2, _ = render(path, values)
            open(os.path.join(d, name + ".yaml"), "w").write(out)
            vol = []
            if out != out2:
                da = list(yaml.safe_load_all(out)); db = list(yaml.safe_load_all(out2))
                if len(da) == len(db):
                    for i, (x, y) in enumerate(zip(da, db)):
                        diff_paths(x, y, str(i), vol)
                else:
                    vol.append("*")
            if vol:
                open(os.path.join(d, name + ".volatile"), "w").write("\n".join(vol) + "\n")
            print(f"{cid} {name}: ok ({len(out)} bytes, {len(vol)} volatile)")

main()
