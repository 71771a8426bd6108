//! Chart checks: Kubernetes findings on rendered charts point at the
//! template file and line that wrote the object.

use plimsoll_lint::engine::NoProgress;
use plimsoll_lint::settings::CliOverrides;
use plimsoll_lint::{CheckRequest, check};
use std::path::Path;

fn findings(select: &str) -> Vec<(String, usize, String)> {
    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/helm/web");
    let request = CheckRequest {
        paths: vec![chart],
        isolated: true,
        overrides: CliOverrides {
            select: Some(vec![select.to_string()]),
            ..CliOverrides::default()
        },
        ..CheckRequest::default()
    };
    let result = check(&request, &NoProgress).expect("check runs");
    result
        .findings
        .iter()
        .map(|f| {
            let path = f.location.display_path();
            let name = path.rsplit('/').next().unwrap_or_default().to_string();
            (
                name,
                f.location.start.line,
                format!("{} {}", f.rule.code, f.message),
            )
        })
        .collect()
}

#[test]
fn k8s_findings_point_at_template_lines() {
    let found = findings("K8S001");
    // `web` has no CPU request (its empty `resources:`, line 21); `sidecar`
    // (line 24) is suppressed by the YAML comment above it in the template.
    assert_eq!(found.len(), 1, "{found:#?}");
    let (file, line, message) = &found[0];
    assert_eq!(file, "deployment.yaml");
    assert_eq!(*line, 21, "{message}");
    assert!(message.contains("(rendered with values.yaml)"), "{message}");
}

#[test]
fn a_finding_of_one_overlay_names_it() {
    let found = findings("K8S030");
    assert_eq!(found.len(), 1, "{found:#?}");
    let (file, line, message) = &found[0];
    assert_eq!(file, "deployment.yaml");
    assert_eq!(*line, 19, "{message}");
    assert!(
        message.contains(
            "(rendered with values-production.yaml; from `.Values.image.repository`, `.Values.image.tag`)"
        ),
        "{message}"
    );
}

#[test]
fn templates_are_not_reported_as_plain_yaml() {
    // Nothing but mapped findings lands on templates: no YAML syntax errors.
    let found = findings("PL");
    assert!(
        found.iter().all(|(_, _, m)| !m.starts_with("PL004")),
        "{found:#?}"
    );
}

#[test]
fn go_template_comments_suppress() {
    // `{{- /* plimsoll: ignore[K8S002] ... */}}` above `resources:`.
    let found = findings("K8S002");
    assert!(found.iter().all(|(_, line, _)| *line != 21), "{found:#?}");
}
