use super::prelude::*;
use std::collections::HashMap;

/// Deletes item `index` of a sequence as written: whole lines for a block
/// sequence, the item and one comma for a flow sequence.
fn delete_item(yaml: &YamlFile, text: &str, seq: NodeId, index: usize) -> Option<Edit> {
    let NodeKind::Sequence { items, flow } = &yaml.node(seq).kind else {
        return None;
    };
    let item = yaml.node(*items.get(index)?).span;
    if *flow {
        let span = match (items.get(index + 1), index.checked_sub(1)) {
            (Some(next), _) => Span::new(item.start, yaml.node(*next).span.start),
            (None, Some(prev)) => Span::new(yaml.node(*items.get(prev)?).span.end, item.end),
            (None, None) => item,
        };
        return Some(Edit::delete(span));
    }
    let dash = text.get(..item.start)?.rfind('-')?;
    let line_start = text[..dash].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..dash].chars().all(|c| c == ' ') {
        return None;
    }
    let end = if text.get(..item.end)?.ends_with('\n') {
        item.end
    } else {
        text[item.end..]
            .find('\n')
            .map_or(text.len(), |i| item.end + i + 1)
    };
    Some(Edit::delete(Span::new(line_start, end)))
}

/// Whether an env entry can stop a container from starting: a reference
/// to a ConfigMap or Secret key that is not optional.
fn may_fail(yaml: &YamlFile, entry: NodeId) -> bool {
    let Some(from) = yaml.get(entry, "valueFrom") else {
        return false;
    };
    ["secretKeyRef", "configMapKeyRef"].iter().any(|k| {
        yaml.get(from, k).is_some_and(|r| {
            yaml.get(r, "optional")
                .is_none_or(|o| helpers::k8s_bool(yaml, o) != Some(true))
        })
    })
}

declare_rule! {
    /// ## What it does
    /// Reports an environment variable name set twice in one container's
    /// `env` (init, main and ephemeral containers alike). Templated names
    /// are skipped. `envFrom` is not considered: it is meant to be
    /// overridden by `env`.
    ///
    /// ## Why is this bad?
    /// The kubelet applies the entries in order and the last one wins, so
    /// the earlier entry is dead configuration that readers take for the
    /// effective value; a `$(NAME)` between the two entries even sees the
    /// first value while the process sees the second. Tools that merge
    /// `env` by name (`kubectl apply`, server-side apply, kustomize patches)
    /// misbehave or fail on duplicates, and recent API servers warn about
    /// them.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - name: LOG_LEVEL
    ///     value: info
    ///   - name: PORT
    ///     value: "8080"
    ///   - name: LOG_LEVEL
    ///     value: debug
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// env:
    ///   - name: PORT
    ///     value: "8080"
    ///   - name: LOG_LEVEL
    ///     value: debug
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the earlier entry. Since the kubelet keeps the last
    /// value of a name, the container's environment, `command` and `args`
    /// do not change, and the fix is safe. It is not offered when an entry
    /// between the two refers to the name as `$(NAME)` (that entry would
    /// lose the first value), and it is unsafe when the deleted entry reads a
    /// ConfigMap or Secret key that is not optional: a missing key there
    /// stops the container from starting, which the fix would change.
    ///
    /// ## References
    /// - Practice K18 (manifests mean what they say).
    /// - kube-linter duplicate-env-var, kube-score
    ///   environment-variable-key-duplication.
    pub struct DuplicateEnvVar {
        code: "K8S087",
        name: "duplicate-env-var",
        summary: "Environment variable set twice in one container",
        severity: Warning,
        category: Correctness,
        practices: ["K18"],
        peers: [KubeLinter "duplicate-env-var", KubeScore "environment-variable-key-duplication"],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for DuplicateEnvVar {
    fn check_container(
        &self,
        cx: &K8sContext<'_>,
        o: &Object,
        _w: &Workload,
        c: &Container,
        out: &mut Diagnostics<'_>,
    ) {
        let yaml = cx.yaml;
        let Some(env) = c.get(yaml, "env") else {
            return;
        };
        let entries = yaml.items(env);
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, &entry) in entries.iter().enumerate() {
            let Some(name_node) = yaml.get(entry, "name") else {
                continue;
            };
            let Some(name) = yaml
                .str(name_node)
                .filter(|n| !n.is_empty() && !helpers::is_templated(n))
            else {
                continue;
            };
            let Some(prev) = seen.insert(name, i) else {
                continue;
            };
            let prev_entry = entries[prev];
            let reference = format!("$({name})");
            let referenced_between = entries[prev + 1..i].iter().any(|&e| {
                yaml.get(e, "value")
                    .and_then(|v| yaml.str(v))
                    .is_some_and(|v| v.contains(&reference))
            });
            let fix = if referenced_between || env != yaml.resolve(env) {
                None
            } else {
                delete_item(yaml, cx.text(), env, prev).map(|edit| {
                    let message = format!("Delete the earlier `{name}` entry");
                    if may_fail(yaml, prev_entry) {
                        Fix::unsafe_(message, vec![edit])
                    } else {
                        Fix::safe(message, vec![edit])
                    }
                })
            };
            let mut finding = out
                .add(
                    cx.span(name_node),
                    format!(
                        "{} of {} sets `{name}` twice in `env`; the last entry wins",
                        c.display(),
                        o.display()
                    ),
                )
                .help("delete the entry that does not apply")
                .fix_opt(fix);
            if let Some(first) = yaml.get(prev_entry, "name") {
                finding = finding.related(cx.span(first), "first set here");
            }
            let _ = finding;
        }
    }
}
