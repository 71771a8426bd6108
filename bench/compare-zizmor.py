#!/usr/bin/env python3
"""Compare plimsoll's GitHub Actions rules (GHA) with zizmor.

Usage: compare-zizmor.py [DIR] [--details] [--persona regular|pedantic|auditor]
                         [--root PLIMSOLL_CHECKOUT] [--zizmor-json FILE]
Needs `zizmor` on PATH (`source /opt/peers/env.sh`) and a built
`<root>/target/release/plimsoll` (override with $PLIMSOLL_BIN).

DIR defaults to ../shared/corpus/github-actions next to the checkout (or
/work/shared/corpus/github-actions). Every *.yml/*.yaml under DIR is passed to
both tools as a file: zizmor's directory mode only collects
.github/workflows/ and action.yml, and would skip the starter templates.

The zizmor audit each GHA rule matches comes from `plimsoll rules --format
json` (the `peers` metadata, tool "zizmor"). A zizmor finding is "also
reported" when plimsoll reports one of the mapped GHA codes in the same file
and
  - on the same line, or
  - in the same step (job id + step index), when zizmor's finding is in a step,
  - in the same job outside any step, when zizmor's finding is job-level,
  - outside any job, when zizmor's finding is workflow-level.
zizmor's JSON carries the job id and step index in the route of its primary or
hidden location; for findings located by raw span (and for all plimsoll
findings) the job and step are the YAML nodes (PyYAML marks) spanning the line.

Workflow-wide findings (zizmor's "default permissions used", one per
workflow and per job) match any GHA003 finding of the file.

PLIMSOLL_EXTRA adds arguments to `plimsoll check`, e.g.
PLIMSOLL_EXTRA="--config bench/gha-hash-pin.toml" to require SHA pins for
every owner as zizmor's default policy does.

zizmor runs --offline with --no-config (no zizmor.yml in the corpus may change
the result); its inline `# zizmor: ignore[...]` comments still apply (pass
--no-ignores through ZIZMOR_EXTRA="--no-ignores" to disable them).
"""
import collections, json, os, shlex, subprocess, sys

import yaml  # PyYAML


def arg_value(name, default=None):
    if name in sys.argv:
        i = sys.argv.index(name)
        if i + 1 < len(sys.argv):
            return sys.argv[i + 1]
    return default


def find_root():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for cand in (arg_value("--root"), os.environ.get("PLIMSOLL_ROOT"), here, "/work/wt/gha", "/work/main"):
        if cand and os.path.exists(os.path.join(cand, "Cargo.toml")):
            return os.path.abspath(cand)
    sys.exit("no plimsoll checkout found: pass --root")


ROOT = find_root()
OPTS_WITH_VALUE = {"--persona", "--root", "--zizmor-json"}
args, skip = [], False
for a in sys.argv[1:]:
    if skip:
        skip = False
    elif a in OPTS_WITH_VALUE:
        skip = True
    elif not a.startswith("--"):
        args.append(a)
details = "--details" in sys.argv
persona = arg_value("--persona", "regular")
default_corpus = os.path.join(ROOT, "../shared/corpus/github-actions")
if not os.path.isdir(default_corpus):
    default_corpus = "/work/shared/corpus/github-actions"
corpus = os.path.abspath(args[0] if args else default_corpus)
plimsoll = os.environ.get("PLIMSOLL_BIN") or os.path.join(ROOT, "target/release/plimsoll")

files = []
for d, dirs, names in os.walk(corpus):
    dirs[:] = [x for x in dirs if x != ".git"]
    files += [os.path.join(d, n) for n in names if n.endswith((".yaml", ".yml"))]
files.sort()
rel = lambda p: os.path.relpath(os.path.abspath(os.path.join(corpus, p)), corpus)


# --- YAML spans ---------------------------------------------------------------
def spans_of(path):
    """{"jobs": [(first, last, job)], "steps": [(first, last, job, index)]}, 1-based inclusive lines.

    Composite actions (`runs.steps`) use the job name "<action>".
    """
    out = {"jobs": [], "steps": []}
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        root = yaml.compose(text)
    except Exception:
        return out
    lines = text.split("\n")
    if not isinstance(root, yaml.MappingNode):
        return out

    def last_line(node):
        # end_mark is where the next token starts (exclusive): the next key or
        # `-` item, possibly indented. Only when text of this node precedes it
        # on that line (end of a file without a final newline, flow nodes) is
        # that line part of the node.
        m = node.end_mark
        before = lines[m.line][: m.column] if m.line < len(lines) else ""
        last = m.line + 1 if before.strip() else m.line
        return max(last, node.start_mark.line + 1)

    def add_steps(job, steps):
        if isinstance(steps, yaml.SequenceNode):
            for i, s in enumerate(steps.value):
                out["steps"].append((s.start_mark.line + 1, last_line(s), job, i))

    for k, v in root.value:
        key = getattr(k, "value", None)
        if key == "jobs" and isinstance(v, yaml.MappingNode):
            for name, body in v.value:
                job = str(name.value)
                out["jobs"].append((name.start_mark.line + 1, last_line(body), job))
                if isinstance(body, yaml.MappingNode):
                    for bk, bv in body.value:
                        if getattr(bk, "value", None) == "steps":
                            add_steps(job, bv)
        elif key == "runs" and isinstance(v, yaml.MappingNode):
            for bk, bv in v.value:
                if getattr(bk, "value", None) == "steps":
                    out["jobs"].append((k.start_mark.line + 1, last_line(v), "<action>"))
                    add_steps("<action>", bv)
    return out


spans = {rel(f): spans_of(f) for f in files}


def inside(first, last, line):
    return first <= line <= last


def where(path, line):
    """(job, step index) whose YAML node spans `line`; None for either if none."""
    sp = spans.get(path, {"jobs": [], "steps": []})
    job = next((j for a, b, j in sp["jobs"] if inside(a, b, line)), None)
    step = next((i for a, b, j, i in sp["steps"] if j == job and inside(a, b, line)), None)
    return job, step


def where_from_route(route):
    """(job, step) from a zizmor symbolic route, or (None, None)."""
    keys = [c.get("Key", c.get("Index")) for c in route]
    if len(keys) >= 2 and keys[0] == "jobs":
        job = str(keys[1])
        step = keys[3] if len(keys) >= 4 and keys[2] == "steps" and isinstance(keys[3], int) else None
        return job, step
    if len(keys) >= 3 and keys[0] == "runs" and keys[1] == "steps" and isinstance(keys[2], int):
        return "<action>", keys[2]
    return None, None


# --- plimsoll -----------------------------------------------------------------
rules = json.loads(subprocess.run([plimsoll, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout)
gha_rules = [r for r in rules if r["code"].startswith("GHA")]
mapping = collections.defaultdict(set)  # zizmor audit id -> {GHA codes}
for r in gha_rules:
    for p in r.get("peers", []):
        if p["tool"] == "zizmor":
            mapping[p["id"]].add(r["code"])

ours = []  # (code, path, line, job, step, message)
if gha_rules:
    # Codes, not the `GHA` prefix: a prefix leaves the opt-in rules off.
    codes = ",".join(r["code"] for r in gha_rules)
    out = subprocess.run(
        [plimsoll, "check", "--select", codes, "--format", "json", "--exit-zero",
         *shlex.split(os.environ.get("PLIMSOLL_EXTRA", "")), *files],
        capture_output=True, text=True, cwd=corpus,
    )
    if out.returncode != 0:
        sys.exit(f"plimsoll check failed ({out.returncode}):\n{out.stderr[-2000:]}")
    for f in json.loads(out.stdout)["findings"]:
        path = rel(f["path"])
        line = f["location"]["start"]["line"]
        ours.append((f["code"], path, line, *where(path, line), f.get("message", "")))

# --- zizmor -------------------------------------------------------------------
zjson = arg_value("--zizmor-json")
skipped, reasons = [], []
if zjson:
    with open(zjson) as fh:
        zdata = json.load(fh)
else:
    cmd = ["zizmor", "--offline", "--no-config", "--no-progress", "--format", "json", "--persona", persona,
           *shlex.split(os.environ.get("ZIZMOR_EXTRA", "")), *[os.path.relpath(f, corpus) for f in files]]
    z = subprocess.run(cmd, capture_output=True, text=True, cwd=corpus)
    if z.returncode not in (0, 11, 12, 13, 14):
        sys.exit(f"zizmor failed ({z.returncode}):\n{z.stderr[-2000:]}")
    zdata = json.loads(z.stdout or "[]")
    # Inputs zizmor could not load (YAML or schema errors) are WARN lines on
    # stderr, not findings, and some do not name the file: every audited file
    # gets an INFO "completed <path>" line, so the skipped ones are the rest.
    done = {rel(l.rsplit("completed ", 1)[1].strip()) for l in z.stderr.splitlines() if "completed " in l}
    if done:
        skipped = [rel(f) for f in files if rel(f) not in done]
    reasons = [l.split("zizmor::registry::input: ", 1)[-1] for l in z.stderr.splitlines() if " WARN " in l]

peer = []  # (audit, path, line, job, step, severity, confidence, annotation)
for f in zdata:
    locs = f["locations"]
    prim = next((l for l in locs if l["symbolic"]["kind"] == "Primary"), locs[0])
    key = prim["symbolic"]["key"]
    path = rel(key.get("Local", {}).get("verbatim_path") or str(key))
    line = prim["concrete"]["location"]["start_point"]["row"] + 1
    job, step = where_from_route(prim["symbolic"]["route"]["route"])
    if job is None:  # raw-span findings: try the hidden/related locations, then the line
        for l in locs:
            job, step = where_from_route(l["symbolic"]["route"]["route"])
            if job is not None:
                break
    if job is None:
        job, step = where(path, line)
    d = f["determinations"]
    peer.append((f["ident"], path, line, job, step, d["severity"], d["confidence"], prim["symbolic"]["annotation"]))

# --- matching -----------------------------------------------------------------
by_code_file = collections.defaultdict(list)
for code, path, line, job, step, _ in ours:
    by_code_file[(code, path)].append((line, job, step))


def same_place(zline, zjob, zstep, line, job, step):
    if zline == line:
        return True
    if zstep is not None:
        return (job, step) == (zjob, zstep)
    if zjob is not None:
        return job == zjob and step is None
    return job is None


# Findings about the whole workflow: zizmor reports "default permissions"
# once for the workflow and once per job without `permissions`; GHA003
# reports it once per workflow, naming the jobs. Any GHA003 finding in the
# file explains them.
FILE_LEVEL = {("excessive-permissions", "default permissions"): "GHA003"}


def matched(codes, p):
    audit, path, line, job, step = p[:5]
    for (a, words), code in FILE_LEVEL.items():
        if a == audit and words in p[7] and code in codes and (code, path) in by_code_file:
            return True
    return any(
        same_place(line, job, step, l, j, s)
        for code in codes
        for l, j, s in by_code_file.get((code, path), [])
    )


rows, missed = [], collections.defaultdict(list)
for audit, codes in sorted(mapping.items()):
    found = [p for p in peer if p[0] == audit]
    hit = [p for p in found if matched(codes, p)]
    missed[audit] = [p for p in found if not matched(codes, p)]
    high = [p for p in found if p[5] == "High"]
    high_hit = [p for p in high if matched(codes, p)]
    # Looser: plimsoll reports a mapped code anywhere in the same file.
    same_file = [p for p in found if any((c, p[1]) in by_code_file for c in codes)]
    rows.append((audit, ",".join(sorted(codes)), len(found), len(hit), len(high), len(high_hit), len(same_file)))

print(f"corpus: {corpus} ({len(files)} files); plimsoll: {plimsoll}")
print(f"zizmor persona {persona}: {len(peer)} findings in {len({p[1] for p in peer})} files; "
      f"plimsoll GHA findings: {len(ours)} ({len(gha_rules)} GHA rules, {len(mapping)} mapped zizmor audits)")
if skipped:
    print(f"zizmor could not load {len(skipped)} file(s) (no findings for them): {', '.join(skipped)}")
    for r in reasons:
        print("   ", r[:160])
print()
print("also = same file and same line/step/job; High = zizmor severity High only; file = same file, anywhere")
print(f"| {'zizmor audit':32} | {'plimsoll':20} | {'zizmor':>6} | {'also':>5} | {'share':>6} | {'High':>5} | {'also':>5} | {'file':>5} |")
print(f"|{'-' * 34}|{'-' * 22}|{'-' * 8}|{'-' * 7}|{'-' * 8}|{'-' * 7}|{'-' * 7}|{'-' * 7}|")
for audit, codes, n, h, nh, hh, nf in rows:
    share = f"{100 * h / n:.1f}%" if n else "-"
    print(f"| {audit:32} | {codes:20} | {n:6} | {h:5} | {share:>6} | {nh:5} | {hh:5} | {nf:5} |")

unmapped = collections.Counter(p[0] for p in peer if p[0] not in mapping)
print("\nzizmor audits without a plimsoll rule (count, severity/confidence):")
for audit, n in unmapped.most_common():
    sev = collections.Counter(f"{p[5]}/{p[6]}" for p in peer if p[0] == audit)
    print(f"  {audit}: {n}  ({', '.join(f'{k} {v}' for k, v in sev.most_common())})")

print("\nzizmor findings plimsoll does not report:")
for audit, items in sorted(missed.items()):
    if not items:
        continue
    print(f"  {audit}: {len(items)}")
    for p in items[: 50 if details else 5]:
        loc = f"{p[3]}" + (f"[{p[4]}]" if p[4] is not None else "")
        print(f"    {p[1]}:{p[2]} [{loc}] {p[5]}/{p[6]} {p[7][:100]}")

# plimsoll findings of mapped codes that no mapped zizmor finding explains.
explained = collections.defaultdict(list)  # code -> [(path, line, job, step)]
for audit, codes in mapping.items():
    for p in peer:
        if p[0] == audit:
            for code in codes:
                explained[code].append(p[1:5])
mapped_codes = {c for cs in mapping.values() for c in cs}
extras = collections.defaultdict(list)
for code, path, line, job, step, msg in ours:
    if code not in mapped_codes:
        continue
    if any(code == c and any(p[0] == a and p[1] == path and words in p[7] for p in peer)
           for (a, words), c in FILE_LEVEL.items()):
        continue
    if not any(zp == path and same_place(zl, zj, zs, line, job, step) for zp, zl, zj, zs in explained[code]):
        extras[code].append((path, line, job, step, msg))
print("\nplimsoll findings of mapped rules that zizmor does not report (extras):")
for code, items in sorted(extras.items()):
    print(f"  {code}: {len(items)}")
    for path, line, job, step, msg in items[: 50 if details else 5]:
        loc = f"{job}" + (f"[{step}]" if step is not None else "")
        print(f"    {path}:{line} [{loc}] {msg[:110]}")

counts = collections.Counter(code for code, *_ in ours)
print("\nplimsoll findings per GHA rule:", ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "none")
