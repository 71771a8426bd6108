#!/usr/bin/env python3
"""Agreement between plimsoll and checkov on Terraform cloud resources.

For every checkov check a plimsoll rule maps to (the rule's peers in
`plimsoll rules --format json`), findings are lined up per resource block:
checkov reports a resource with its line range; a plimsoll finding is
placed in the block that holds its line (its own header, an attribute, or
a separate configuration resource such as an
`aws_s3_bucket_public_access_block`, which counts for the bucket it
configures when checkov reports the bucket). A resource instantiated
several times through `module` blocks is counted once (by file and line).

Prints, per mapped check: checkov's failed resources, how many plimsoll
also reports (with any rule mapping that check), plimsoll's extra findings
on resources checkov passed, and the totals for AWS checks.

Usage: bench/compare-checkov-terraform.py [DIR] [--checkov-json FILE] [--plimsoll BIN]
  (checkov on PATH: source /opt/peers/env.sh; plimsoll built: the newest of
   target/release and target/debug unless --plimsoll is given)
"""
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
argv = sys.argv[1:]


def option(name):
    if name in argv:
        i = argv.index(name)
        value = argv[i + 1]
        del argv[i:i + 2]
        return value
    return None


cached = option("--checkov-json")
# The newest build (release or debug) unless told.
plimsoll = option("--plimsoll") or max(
    (p for p in (os.path.join(ROOT, "target/release/plimsoll"), os.path.join(ROOT, "target/debug/plimsoll"))
     if os.path.exists(p)), key=os.path.getmtime, default="plimsoll")
corpus = os.path.abspath(argv[0] if argv else next(
    (c for c in (os.path.join(ROOT, "../shared/corpus/terraform"), os.path.join(ROOT, "../../shared/corpus/terraform"))
     if os.path.isdir(c)), "../shared/corpus/terraform"))

# Rules and the checkov ids they map to.
rules = json.loads(subprocess.run([plimsoll, "rules", "--format", "json"],
                                  capture_output=True, text=True, check=True).stdout)
codes_for = collections.defaultdict(set)
for r in rules:
    for p in r["peers"]:
        # The cloud resource rules (TF030 and up); the practice rules below
        # TF030 judge modules and state, not resources.
        if p["tool"] == "checkov" and r["code"].startswith("TF") and int(r["code"][2:]) >= 30:
            codes_for[p["id"]].add(r["code"])

if cached:
    report = json.load(open(cached))
else:
    out = subprocess.run(["checkov", "-d", corpus, "--framework", "terraform", "-o", "json", "--compact"],
                         capture_output=True, text=True).stdout
    report = json.loads(out)
reports = report if isinstance(report, list) else [report]

# Every resource checkov saw: (file, first line, last line, address).
blocks = collections.defaultdict(set)
failed = collections.defaultdict(set)
passed = collections.defaultdict(set)


def key_of(c):
    path = c.get("file_abs_path") or os.path.join(corpus, c["file_path"].lstrip("/"))
    start, end = c["file_line_range"]
    address = re.sub(r"^(module\.[^.]+\.)+", "", c["resource"])
    blocks[os.path.normpath(path)].add((start, end, address))
    return (os.path.normpath(path), start, address)


for rep in reports:
    results = rep.get("results", {})
    for kind, target in (("failed_checks", failed), ("passed_checks", passed)):
        for c in results.get(kind, []):
            target[c["check_id"]].add(key_of(c))

HEADER = re.compile(r'^(resource|data|provider)\s+"?([\w-]+)"?(?:\s+"?([\w-]+)"?)?\s*\{')


def file_blocks(path):
    """Top-level resource/data blocks of a file by header regex (for the
    resources checkov did not evaluate)."""
    out = []
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    except OSError:
        return out
    starts = [(i + 1, m) for i, l in enumerate(lines) if (m := HEADER.match(l))]
    for n, (line, m) in enumerate(starts):
        end = starts[n + 1][0] - 1 if n + 1 < len(starts) else len(lines)
        out.append((line, end, f"{m.group(2)}.{m.group(3) or 'default'}"))
    return out


_blocks_cache = {}


def block_at(path, line):
    if path not in _blocks_cache:
        known = {s for s, _, _ in blocks.get(path, ())}
        extra = [b for b in file_blocks(path) if b[0] not in known]
        _blocks_cache[path] = sorted(blocks.get(path, set()) | set(extra))
    best = None
    for start, end, address in _blocks_cache[path]:
        if start <= line <= end and (best is None or start >= best[0]):
            best = (start, end, address)
    return best and (path, best[0], best[2])


# plimsoll's findings, per resource block.
r = subprocess.run([plimsoll, "check", "--isolated", "--select", "ALL", "--format", "json", "--exit-zero", corpus],
                   capture_output=True, text=True, cwd=ROOT)
findings = json.loads(r.stdout)["findings"]
ours = collections.defaultdict(set)
for f in findings:
    path = os.path.normpath(os.path.join(ROOT, f["path"]))
    b = block_at(path, f["location"]["start"]["line"])
    if b:
        ours[f["code"]].add(b)

# Configuration resources count for the resource they configure
# (`aws_s3_bucket_public_access_block.x` -> `aws_s3_bucket.x` when it
# refers to it), so findings line up with checkov's bucket-level checks.
CONFIG = {
    "aws_s3_bucket_public_access_block": "aws_s3_bucket",
    "aws_s3_bucket_versioning": "aws_s3_bucket",
    "aws_s3_bucket_acl": "aws_s3_bucket",
    "azurerm_storage_account_network_rules": "azurerm_storage_account",
}


def configured_target(key):
    path, line, address = key
    kind = address.split(".")[0]
    target_kind = CONFIG.get(kind)
    if not target_kind:
        return None
    text = "\n".join(open(path, encoding="utf-8", errors="replace").read().split("\n")[line - 1:line + 15])
    m = re.search(rf"{target_kind}\.([\w-]+)", text)
    if not m:
        return None
    for start, _, a in _blocks_cache.get(path, []) or file_blocks(path):
        if a == f"{target_kind}.{m.group(1)}":
            return (path, start, a)
    return None


for code in list(ours):
    ours[code] |= {t for k in ours[code] if (t := configured_target(k))}

rows = []
totals = collections.Counter()
for ckv in sorted(codes_for, key=lambda c: (c.split("_")[1], int(re.sub(r"\D", "", c.split("_")[-1]) or 0))):
    codes = codes_for[ckv]
    ours_any = set().union(*(ours.get(c, set()) for c in codes))
    theirs = failed.get(ckv, set())
    both = theirs & ours_any
    # An extra finding: checkov passed this check on the resource and
    # failed none of the other checks the same rules map to (a rule for
    # SSH and RDP reporting SSH is no extra for checkov's RDP check).
    sibling_failed = set().union(*(failed.get(other, set()) for other, cs in codes_for.items()
                                   if cs & codes))
    extra = (ours_any & passed.get(ckv, set())) - theirs - sibling_failed
    rows.append((ckv, ",".join(sorted(codes)), len(theirs), len(both), len(extra),
                 sorted(a for _, _, a in theirs - ours_any), sorted(a for _, _, a in extra)))
    if "_AWS_" in ckv:
        totals["aws_failed"] += len(theirs)
        totals["aws_both"] += len(both)
        totals["aws_extra"] += len(extra)
    totals["failed"] += len(theirs)
    totals["both"] += len(both)
    totals["extra"] += len(extra)

print(f"{'checkov id':<14} {'plimsoll':<16} {'checkov':>7} {'both':>5} {'agree':>6} {'extra':>5}")
for ckv, codes, n, both, extra, missed, extras in rows:
    agree = f"{100 * both / n:.0f}%" if n else "-"
    print(f"{ckv:<14} {codes:<16} {n:>7} {both:>5} {agree:>6} {extra:>5}")
    if missed:
        print(f"{'':<14}   missed: {', '.join(missed)}")
    if extras:
        print(f"{'':<14}   extra:  {', '.join(extras)}")
for scope, f, b, e in (("AWS", totals["aws_failed"], totals["aws_both"], totals["aws_extra"]),
                       ("all", totals["failed"], totals["both"], totals["extra"])):
    pct = f"{100 * b / f:.1f}%" if f else "-"
    print(f"{scope} mapped checks: checkov {f} failed resources, plimsoll finds {b} ({pct}), {e} extra")
