//! `plimsoll helm template CHART`: renders a chart like `helm template`.
//! `plimsoll helm test CHART...`: runs helm-unittest suites natively.

use crate::cli::{HelmTemplateArgs, HelmTestArgs};
use anyhow::Context as _;
use plimsoll_helm::helm::{KubeVersion, RenderOptions};
use plimsoll_helm::{Map, Value, chart, serial, strvals};
use std::io::Write as _;
use std::process::ExitCode;

pub fn template(args: &HelmTemplateArgs) -> anyhow::Result<ExitCode> {
    let mut user = Map::new();
    for f in &args.values {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?;
        match serial::from_yaml(&text) {
            Ok(Value::Map(m)) => chart::merge_maps(&mut user, &m.borrow()),
            Ok(Value::Nil) => {}
            Ok(_) => anyhow::bail!("{}: values must be a mapping", f.display()),
            Err(e) => anyhow::bail!("failed to parse {}: {e}", f.display()),
        }
    }
    for s in &args.set {
        strvals::parse_into(s, &mut user, true)
            .map_err(|e| anyhow::anyhow!("failed parsing --set data: {e}"))?;
    }
    for s in &args.set_string {
        strvals::parse_into(s, &mut user, false)
            .map_err(|e| anyhow::anyhow!("failed parsing --set-string data: {e}"))?;
    }
    let kube_version = match &args.kube_version {
        Some(v) => {
            KubeVersion::parse(v).ok_or_else(|| anyhow::anyhow!("invalid kube version {v:?}"))?
        }
        None => KubeVersion::default(),
    };
    let opts = RenderOptions {
        release_name: args.release_name.clone(),
        namespace: args.namespace.clone(),
        kube_version,
        api_versions: args.api_versions.clone(),
        include_crds: args.include_crds,
        ..RenderOptions::default()
    };
    let out = plimsoll_helm::template(&args.chart, &user, &opts, &args.show_only)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn test(args: &HelmTestArgs) -> anyhow::Result<ExitCode> {
    use plimsoll_helm::unittest;
    if !args.output_type.eq_ignore_ascii_case("junit") {
        anyhow::bail!(
            "unsupported output type {:?} (supported: JUnit)",
            args.output_type
        );
    }
    let start = std::time::Instant::now();
    let opts = unittest::RunOptions {
        globs: args.file.clone(),
        suites_dir: args.suites_dir.clone(),
        update_snapshots: args.update_snapshot,
    };
    let results: Vec<unittest::ChartResult> = args
        .charts
        .iter()
        .map(|c| unittest::run_chart(c, &opts))
        .collect();
    let text = unittest::report(&results, start.elapsed());
    std::io::stdout().lock().write_all(text.as_bytes())?;
    if let Some(path) = &args.output_file {
        std::fs::write(path, junit(&results))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(if results.iter().all(unittest::ChartResult::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// JUnit XML: a test suite per suite file, a test case per test.
fn junit(results: &[plimsoll_helm::unittest::ChartResult]) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("helm-unittest");
    for c in results {
        if let Some(e) = &c.error {
            let mut suite = TestSuite::new(c.path.display().to_string());
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(e.clone());
            suite.add_test_case(TestCase::new(c.name.clone(), status));
            report.add_test_suite(suite);
        }
        for s in &c.suites {
            let mut suite = TestSuite::new(s.name.clone());
            if let Some(e) = &s.error {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status.set_message(e.clone());
                let mut case = TestCase::new(s.file.display().to_string(), status);
                case.set_classname(s.file.display().to_string());
                suite.add_test_case(case);
            }
            for t in &s.tests {
                let status = if t.passed() {
                    TestCaseStatus::success()
                } else {
                    let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let mut text = String::new();
                    for f in &t.failures {
                        text.push_str(&f.title);
                        text.push_str(" fail\n");
                        for d in &f.details {
                            text.push_str(d);
                            text.push('\n');
                        }
                    }
                    st.set_message(
                        t.failures
                            .first()
                            .map(|f| format!("{} fail", f.title))
                            .unwrap_or_default(),
                    );
                    st.set_description(text);
                    st
                };
                let mut case = TestCase::new(t.name.clone(), status);
                case.set_classname(s.file.display().to_string());
                suite.add_test_case(case);
            }
            report.add_test_suite(suite);
        }
    }
    report.to_string().unwrap_or_default()
}
