#!/usr/bin/env python3
"""plimsoll's GitLab CI rules against checkov (gitlab_ci framework) and
gitlab-ci-verify on a corpus, per mapped check.

For every peer check that a GL rule lists in its `peers`, findings are
matched by file and job (checkov reports a job resource) or file and line
(gitlab-ci-verify reports lines): both, peer only, plimsoll only. Peer
checks without a GL counterpart and GL rules without a peer are listed
with their counts.

Usage: bench/compare-gitlab-peers.py [--details] [CORPUS_DIR]
(--details lists the findings only one side has, per mapped check.)
Needs: `source /opt/peers/env.sh`, a plimsoll build (target/release or target/debug).
"""
import collections, json, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
default = next((os.path.join(root, d) for d in ("../shared/corpus/gitlab-ci", "../../shared/corpus/gitlab-ci")
                if os.path.isdir(os.path.join(root, d))), os.path.join(root, "../shared/corpus/gitlab-ci"))
details = "--details" in sys.argv
args = [a for a in sys.argv[1:] if a != "--details"]
corpus = os.path.realpath(args[0] if args else default)
binary = next(p for p in (os.path.join(root, "target/release/plimsoll"), os.path.join(root, "target/debug/plimsoll")) if os.path.exists(p))

# plimsoll: findings and the peer ids each rule maps to.
out = subprocess.run([binary, "check", "--isolated", "--no-progress", "--exit-zero", "--select", "GL", "--format", "json", corpus],
                     capture_output=True, text=True).stdout
ours = json.loads(out)["findings"] if out.strip() else []
rules = json.loads(subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True).stdout or "[]")
peer_map = collections.defaultdict(list)  # (tool, id) -> [GL code]
for r in rules if isinstance(rules, list) else rules.get("rules", []):
    if not str(r.get("code", "")).startswith("GL"):
        continue
    for p in r.get("peers", []):
        tool, pid = (p.get("tool"), p.get("id")) if isinstance(p, dict) else p.split(" ", 1)
        peer_map[(tool, pid)].append(r["code"])

def rel(path):
    return os.path.relpath(os.path.realpath(path if os.path.isabs(path) else os.path.join(os.getcwd(), path)), corpus)

def job_of(message):
    m = re.search(r"job `([^`]+)`", message)
    return m.group(1) if m else None

ours_by_code = collections.defaultdict(set)
for f in ours:
    path = rel(f["path"])
    line = f["location"]["start"]["line"]
    ours_by_code[f.get("code") or f.get("rule")].add((path, job_of(f.get("message", "")), line))

# checkov: failed checks with file and job resource.
peer = collections.defaultdict(set)  # (tool, id) -> {(file, job, line)}
try:
    data = json.loads(subprocess.run(["checkov", "-d", corpus, "--framework", "gitlab_ci", "-o", "json", "--quiet"],
                                     capture_output=True, text=True).stdout or "{}")
    reports = data if isinstance(data, list) else [data]
    for rep in reports:
        for c in rep.get("results", {}).get("failed_checks", []):
            path = rel(os.path.join(corpus, c["file_path"].lstrip("/")))
            # checkov names a job by its key, workflow rules `workflow.rules`.
            res = c.get("resource") or ""
            job = None if not res or res.startswith("workflow.") else res
            peer[("checkov", c["check_id"])].add((path, job, (c.get("file_line_range") or [None])[0]))
except FileNotFoundError:
    print("checkov not found", file=sys.stderr)

# gitlab-ci-verify: one run per directory holding .gitlab-ci.yml, offline.
for dirpath, _, names in os.walk(corpus):
    if ".gitlab-ci.yml" not in names:
        continue
    try:
        res = subprocess.run(["gitlab-ci-verify", "--no-lint-api", "-f", "json"], cwd=dirpath, capture_output=True, text=True, timeout=120)
    except (FileNotFoundError, subprocess.TimeoutExpired):
        continue
    text = res.stdout[res.stdout.find("["):] if "[" in res.stdout else "[]"
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        continue
    for i in items:
        m = re.match(r"\[([^:\]]+):", i.get("message", ""))
        path = rel(os.path.join(dirpath, i.get("file") or ".gitlab-ci.yml"))
        peer[("gitlab-ci-verify", i["code"])].add((path, m.group(1) if m else None, i.get("line")))

def same(a, b):
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1]) and (a[1] or b[1] or a[2] == b[2])

print(f"corpus: {corpus}")
print("\n== mapped peer checks ==")
mapped_codes = set()
for (tool, pid), codes in sorted(peer_map.items()):
    mapped_codes.update(codes)
    theirs = peer.get((tool, pid), set())
    mine = set().union(*(ours_by_code.get(c, set()) for c in codes))
    both = sum(1 for t in theirs if any(same(t, m) for m in mine))
    print(f"{tool} {pid} <-> {'/'.join(codes)}: peer {len(theirs)}, plimsoll {len(mine)}, both {both}, "
          f"peer only {len(theirs) - both}, plimsoll only {sum(1 for m in mine if not any(same(t, m) for t in theirs))}")
    if details:
        for t in sorted(theirs, key=str):
            if not any(same(t, m) for m in mine):
                print(f"    peer only: {t[0]} job {t[1]} line {t[2]}")
        for m in sorted(mine, key=str):
            if not any(same(t, m) for t in theirs):
                print(f"    plimsoll only: {m[0]} job {m[1]} line {m[2]}")
print("\n== peer checks without a GL counterpart ==")
for key in sorted(k for k in peer if k not in peer_map):
    print(f"{key[0]} {key[1]}: {len(peer[key])}")
print("\n== plimsoll extras (rules without a mapped peer) ==")
for code in sorted(c for c in ours_by_code if c not in mapped_codes):
    print(f"{code}: {len(ours_by_code[code])}")
