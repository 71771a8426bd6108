#!/usr/bin/env python3
"""Compare plimsoll's Prometheus rules (PROM) with `promtool check rules`.

Usage: compare-promtool.py [DIR...] [--root PLIMSOLL_CHECKOUT]
Needs `promtool` on PATH (`source /opt/peers/env.sh`) and a built plimsoll
(`<root>/target/debug/plimsoll`, else `target/release`; override with
$PLIMSOLL_BIN).

DIR defaults to the shared corpus `prometheus` directory. Every YAML file
plimsoll reads as Prometheus rules is compared: rule files as they are,
and `PrometheusRule` objects (monitoring.coreos.com/v1) with the `spec` of
each object written to a temporary rule file, as the Prometheus Operator
does (the verdicts of a file's objects are joined: rejected if any is).

"promtool rejects" = `promtool check rules` exits non-zero (lint warnings
such as duplicate rules exit 0 and do not count). "plimsoll rejects" =
plimsoll reports an error-severity finding of PROM001 (PromQL), PROM002
(rule structure), PROM007 (templates) or PROM017 (groups). The table counts
agreements and the script lists every disagreement with both outputs.
"""
import json, os, subprocess, sys, tempfile

import yaml  # PyYAML

REJECT_CODES = {"PROM001", "PROM002", "PROM007", "PROM017"}


def arg_value(name, default=None):
    if name in sys.argv:
        i = sys.argv.index(name)
        if i + 1 < len(sys.argv):
            return sys.argv[i + 1]
    return default


def find_root():
    root = arg_value("--root")
    if root:
        return os.path.abspath(root)
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def plimsoll_bin(root):
    env = os.environ.get("PLIMSOLL_BIN")
    if env:
        return env
    for profile in ("debug", "release"):
        p = os.path.join(root, "target", profile, "plimsoll")
        if os.path.exists(p):
            return p
    sys.exit("no plimsoll binary: build it first or set PLIMSOLL_BIN")


def default_dirs(root):
    for base in (os.path.join(root, "..", "shared", "corpus"),
                 os.path.join(root, "..", "..", "shared", "corpus"),
                 "/work/shared/corpus"):
        d = os.path.join(base, "prometheus")
        if os.path.isdir(d):
            return [os.path.abspath(d)]
    sys.exit("no corpus directory given and ../shared/corpus/prometheus is absent")


def plimsoll_findings(binary, dirs):
    """Findings per path: list of (code, severity, message)."""
    out = subprocess.run(
        [binary, "check", "--isolated", "--select", "PROM", "--format", "json", *dirs],
        capture_output=True, text=True)
    doc = json.loads(out.stdout)
    by_path = {}
    for f in doc.get("findings", []):
        path = os.path.abspath(f["path"])
        by_path.setdefault(path, []).append((f["code"], f["severity"], f["message"]))
    return by_path


def classify(path):
    """'file' for a rule file, 'operator' with the specs for PrometheusRule
    objects, None otherwise."""
    try:
        with open(path, encoding="utf-8") as fh:
            docs = list(yaml.safe_load_all(fh))
    except Exception:
        # Unparseable YAML: let promtool judge it as a rule file only if it
        # mentions groups.
        with open(path, encoding="utf-8", errors="replace") as fh:
            return ("file", None) if fh.read().lstrip().startswith("groups:") else None
    first = docs[0] if docs else None
    if isinstance(first, dict) and "groups" in first and "apiVersion" not in first:
        return ("file", None)
    specs = [d.get("spec") for d in docs
             if isinstance(d, dict) and d.get("kind") == "PrometheusRule"
             and str(d.get("apiVersion", "")).startswith("monitoring.coreos.com/")
             and isinstance(d.get("spec"), dict) and "groups" in d["spec"]]
    if specs:
        return ("operator", specs)
    return None


def promtool(path):
    r = subprocess.run(["promtool", "check", "rules", path], capture_output=True, text=True)
    text = (r.stdout + r.stderr).strip()
    return r.returncode != 0, text


def main():
    root = find_root()
    dirs = [os.path.abspath(a) for a in sys.argv[1:] if not a.startswith("--")
            and a != arg_value("--root")] or default_dirs(root)
    binary = plimsoll_bin(root)
    findings = plimsoll_findings(binary, dirs)
    rows = []
    for d in dirs:
        for dirpath, _, files in os.walk(d):
            for name in sorted(files):
                if not name.endswith((".yml", ".yaml")):
                    continue
                path = os.path.join(dirpath, name)
                kind = classify(path)
                if kind is None:
                    continue
                if kind[0] == "file":
                    rejected, text = promtool(path)
                else:
                    rejected, texts = False, []
                    for spec in kind[1]:
                        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as tmp:
                            yaml.safe_dump(spec, tmp)
                        r, t = promtool(tmp.name)
                        os.unlink(tmp.name)
                        rejected |= r
                        texts.append(t.replace(tmp.name, "<spec>"))
                    text = "\n".join(texts)
                ours = [f for f in findings.get(path, [])
                        if f[0] in REJECT_CODES and f[1] == "error"]
                rows.append((path, kind[0], rejected, bool(ours), text, ours))
    both = sum(1 for r in rows if r[2] and r[3])
    neither = sum(1 for r in rows if not r[2] and not r[3])
    only_promtool = [r for r in rows if r[2] and not r[3]]
    only_plimsoll = [r for r in rows if not r[2] and r[3]]
    print(f"files compared: {len(rows)} ({sum(1 for r in rows if r[1] == 'file')} rule files, "
          f"{sum(1 for r in rows if r[1] == 'operator')} with PrometheusRule objects)")
    print(f"{'':28}{'plimsoll rejects':>18}{'plimsoll accepts':>18}")
    print(f"{'promtool rejects':28}{both:>18}{len(only_promtool):>18}")
    print(f"{'promtool accepts':28}{len(only_plimsoll):>18}{neither:>18}")
    agree = both + neither
    print(f"agreement: {agree}/{len(rows)}")
    for title, group in (("promtool rejects, plimsoll accepts", only_promtool),
                         ("plimsoll rejects, promtool accepts", only_plimsoll)):
        if not group:
            continue
        print(f"\n== {title} ==")
        for path, _, _, _, text, ours in group:
            print(f"- {os.path.relpath(path)}")
            for line in text.splitlines():
                if line.strip() and not line.startswith("Checking"):
                    print(f"    promtool: {line.strip()[:200]}")
            for code, sev, msg in ours:
                print(f"    plimsoll: {code} [{sev}] {msg[:200]}")


if __name__ == "__main__":
    main()
