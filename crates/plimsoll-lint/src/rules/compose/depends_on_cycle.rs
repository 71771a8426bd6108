use super::prelude::*;
use std::collections::{HashMap, HashSet, VecDeque};

declare_rule! {
    /// ## What it does
    /// Reports `depends_on` entries that close a cycle (`a` depends on
    /// `b`, which depends on `a`; or a service on itself), over the merged
    /// view of the project (base file, overrides, includes). Each entry of
    /// this file that lies on a cycle is reported, with the cycle.
    ///
    /// ## Why is this bad?
    /// Compose cannot order the services and refuses the project
    /// ("dependency cycle detected").
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   api:
    ///     depends_on: [worker]
    ///   worker:
    ///     depends_on: [api]
    /// ```
    ///
    /// ## Use instead
    /// Keep the dependency one way (`api` depends on `worker`), and let the
    /// other side retry its connections.
    ///
    /// ## References
    /// - Practice C01 (`depends_on` wiring).
    /// - compose-lint and dclint have no equivalent check.
    pub struct DependsOnCycle {
        code: "DC022",
        name: "depends-on-cycle",
        summary: "`depends_on` entries form a cycle",
        severity: Error,
        category: Correctness,
        practices: ["C01"],
        peers: [],
        fix: None,
        default: true,
    }
}

/// The shortest path from `from` to `to` in the graph, both included.
fn path(graph: &HashMap<&str, HashSet<&str>>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut prev: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = HashSet::from([from]);
    while let Some(n) = queue.pop_front() {
        if n == to {
            let mut out = vec![n.to_string()];
            let mut cur = n;
            while let Some(&p) = prev.get(cur) {
                out.push(p.to_string());
                cur = p;
            }
            out.reverse();
            return Some(out);
        }
        for &next in graph.get(n).into_iter().flatten() {
            if seen.insert(next) {
                prev.insert(next, n);
                queue.push_back(next);
            }
        }
    }
    None
}

impl Rule for DependsOnCycle {
    fn check_compose(&self, cx: &ComposeContext<'_>, out: &mut Diagnostics<'_>) {
        let merged = cx.project.merged(cx.member);
        let mut graph: HashMap<&str, HashSet<&str>> = HashMap::new();
        for &j in &merged {
            for s in &cx.project.member(j).compose().services {
                let edges = graph.entry(s.name.as_str()).or_default();
                for d in &s.depends_on {
                    edges.insert(d.service.as_str());
                }
            }
        }
        for s in &cx.compose.services {
            for d in &s.depends_on {
                let cycle = if d.service == s.name {
                    Some(vec![s.name.clone(), s.name.clone()])
                } else {
                    path(&graph, &d.service, &s.name).map(|mut p| {
                        p.insert(0, s.name.clone());
                        p
                    })
                };
                if let Some(cycle) = cycle {
                    out.add(
                        cx.span(d.node),
                        format!(
                            "{} depends on `{}`, which leads back to it: {}",
                            s.display(),
                            d.service,
                            cycle.join(" → ")
                        ),
                    )
                    .help("remove one dependency of the cycle");
                }
            }
        }
    }
}
