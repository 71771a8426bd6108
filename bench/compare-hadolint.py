#!/usr/bin/env python3
"""Agreement between plimsoll and hadolint on the Dockerfile corpus.

For every hadolint rule that a plimsoll rule maps to (the rule's peers in
`plimsoll rules --format json`), findings are lined up by file and
instruction (hadolint reports the first line of an instruction; plimsoll
reports the exact span, which is mapped back to its instruction). Prints a
table of found-by-both / only-plimsoll / only-hadolint per hadolint rule and
writes the differences to bench/out/hadolint-diff.txt.

Usage: bench/compare-hadolint.py [CORPUS_DIR]   (hadolint on PATH: source /opt/peers/env.sh)
"""
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "corpus", "dockerfile")
PLIMSOLL = os.path.join(ROOT, "target", "release", "plimsoll")
OUT = os.path.join(ROOT, "bench", "out")


def dockerfiles(root):
    skip = re.compile(r"(license|readme|copying|notice)", re.I)
    found = []
    for d, _, files in os.walk(root):
        for f in files:
            if not skip.search(f):
                found.append(os.path.join(d, f))
    return sorted(found)


def instruction_starts(path):
    """1-based first lines of each instruction (continuations and heredocs folded)."""
    starts = []
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    in_continuation = False
    heredoc = None
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if heredoc:
            if line.strip("\t") == heredoc:
                heredoc = None
            continue
        if not s or s.startswith("#"):
            continue
        if not in_continuation:
            starts.append(n)
        in_continuation = s.endswith("\\") or s.endswith("`")
        m = re.search(r"<<-?['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?", s)
        if m and not in_continuation and re.match(r"(?i)^(run|copy|add)\b", s.split()[0] if s.split() else ""):
            heredoc = m.group(1)
    return starts


def to_instruction(starts, line):
    best = 1
    for s in starts:
        if s <= line:
            best = s
        else:
            break
    return best


def main():
    files = dockerfiles(CORPUS)
    rules = json.loads(subprocess.run([PLIMSOLL, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout)
    dl_to_ours = collections.defaultdict(set)
    for r in rules:
        for p in r["peers"]:
            if p["tool"] == "hadolint":
                dl_to_ours[p["id"]].add(r["code"])

    had = json.loads(subprocess.run(["hadolint", "--no-fail", "-f", "json", *files], capture_output=True, text=True).stdout)
    ours_doc = json.loads(subprocess.run(
        [PLIMSOLL, "check", "--isolated", "--select", "ALL", "--format", "json", "--exit-zero", "--no-progress", *files],
        capture_output=True, text=True).stdout)

    starts = {f: instruction_starts(f) for f in files}
    norm = lambda p: os.path.normpath(os.path.abspath(p))
    starts = {norm(f): s for f, s in starts.items()}

    # Files hadolint could not parse: it reports DL1000 only, so other rules are not comparable there.
    unparsed = {norm(h["file"]) for h in had if h["code"] == "DL1000"}

    hkeys = collections.defaultdict(collections.Counter)
    for h in had:
        if h["code"] in dl_to_ours:
            f = norm(h["file"])
            if f in unparsed and h["code"] != "DL1000":
                continue
            hkeys[h["code"]][(f, h["line"])] += 1
    okeys = collections.defaultdict(collections.Counter)
    for o in ours_doc["findings"]:
        f = norm(o["path"])
        line = to_instruction(starts.get(f, []), o["location"]["start"]["line"])
        for dl, codes in dl_to_ours.items():
            if o["code"] in codes:
                if f in unparsed and dl != "DL1000":
                    continue
                okeys[dl][(f, line)] += 1

    os.makedirs(OUT, exist_ok=True)
    total_h = total_both = total_o = 0
    rows = []
    with open(os.path.join(OUT, "hadolint-diff.txt"), "w") as diff:
        for dl in sorted(set(hkeys) | set(okeys)):
            h, o = hkeys[dl], okeys[dl]
            # hadolint reports once per instruction for most rules; compare presence per instruction.
            hs, os_ = set(h), set(o)
            both, only_o, only_h = hs & os_, os_ - hs, hs - os_
            total_h += len(hs)
            total_both += len(both)
            total_o += len(only_o)
            rows.append((dl, ",".join(sorted(dl_to_ours[dl])), len(both), len(only_o), len(only_h), len(hs)))
            for label, keys in (("only-plimsoll", only_o), ("only-hadolint", only_h)):
                for f, line in sorted(keys):
                    text = open(f, encoding="utf-8", errors="replace").read().split("\n")[line - 1].strip()
                    diff.write(f"{dl} {label} {os.path.relpath(f, CORPUS)}:{line}: {text[:120]}\n")

    print(f"{'hadolint':9} {'plimsoll':16} {'both':>5} {'only us':>8} {'only had.':>9} {'recall':>7}")
    for dl, ours, both, only_o, only_h, hn in rows:
        recall = f"{100 * both / hn:.0f}%" if hn else "-"
        print(f"{dl:9} {ours:16} {both:5} {only_o:8} {only_h:9} {recall:>7}")
    print(f"\nmapped hadolint findings: {total_h}, found by plimsoll too: {total_both} "
          f"({100 * total_both / max(total_h, 1):.1f}%), extra plimsoll findings: {total_o}")
    print(f"differences: {os.path.relpath(os.path.join(OUT, 'hadolint-diff.txt'), ROOT)}")


if __name__ == "__main__":
    main()
