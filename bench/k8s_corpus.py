"""What the Kubernetes comparison scripts need to know about a corpus:
the objects of a file with their line ranges, and which files are
kustomize patches (partial objects plimsoll exempts, see
`Cluster::is_patch`)."""
import functools, os, re

import yaml  # PyYAML


@functools.lru_cache(maxsize=None)
def objects(path):
    """[(first line, last line, lower-case kind, name)] of a file, 1-based."""
    out = []
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for node in yaml.compose_all(fh):
                if not isinstance(node, yaml.MappingNode):
                    continue
                d = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
                kind, meta = d.get("kind"), d.get("metadata")
                name = ""
                if isinstance(meta, yaml.MappingNode):
                    for k, v in meta.value:
                        if k.value == "name" and isinstance(v, yaml.ScalarNode):
                            name = v.value
                if isinstance(kind, yaml.ScalarNode):
                    out.append((node.start_mark.line + 1, node.end_mark.line + 1, kind.value.lower(), name))
    except Exception:
        pass
    return out


class Patches:
    """Files a kustomization lists as patches, or named like one when no
    kustomization includes them."""

    def __init__(self, corpus):
        self.listed, self.kustomized = set(), set()
        for d, _, names in os.walk(corpus):
            for n in names:
                if n not in ("kustomization.yaml", "kustomization.yml", "Kustomization"):
                    continue
                try:
                    k = yaml.safe_load(open(os.path.join(d, n))) or {}
                except Exception:
                    continue
                for p in k.get("patchesStrategicMerge", []) or []:
                    if isinstance(p, str):
                        self.listed.add(os.path.normpath(os.path.join(d, p)))
                for p in (k.get("patches", []) or []) + (k.get("patchesJson6902", []) or []):
                    if isinstance(p, dict) and isinstance(p.get("path"), str):
                        self.listed.add(os.path.normpath(os.path.join(d, p["path"])))
                for r in k.get("resources", []) or []:
                    if isinstance(r, str):
                        self.kustomized.add(os.path.normpath(os.path.join(d, r)))

    def is_patch(self, path):
        if path in self.listed:
            return True
        if path in self.kustomized:
            return False
        words = re.split(r"[-_.]", os.path.basename(path).lower())
        return any(w.startswith("patch") for w in words) or os.path.basename(os.path.dirname(path)) == "patches"
