//! JUnit XML: a test suite per file, a failing test case per finding.

use plimsoll_lint::CheckResult;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub fn render(result: &CheckResult) -> String {
    let mut report = Report::new("plimsoll");
    let mut current: Option<(String, TestSuite)> = None;
    for f in &result.findings {
        let path = f.location.display_path();
        if current.as_ref().is_none_or(|(p, _)| *p != path) {
            if let Some((_, suite)) = current.take() {
                report.add_test_suite(suite);
            }
            current = Some((path.clone(), TestSuite::new(path.clone())));
        }
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status.set_message(f.message.clone());
        status.set_type(f.rule.code);
        let mut description = format!(
            "{}:{}:{}: {} [{}] {}",
            path,
            f.location.start.line,
            f.location.start.column,
            f.rule.code,
            f.severity,
            f.message
        );
        if let Some(help) = &f.help {
            description.push_str("\nhelp: ");
            description.push_str(help);
        }
        status.set_description(description);
        let mut case = TestCase::new(
            format!(
                "{} {} at {}:{}",
                f.rule.code, f.rule.name, f.location.start.line, f.location.start.column
            ),
            status,
        );
        case.set_classname(path);
        if let Some((_, suite)) = current.as_mut() {
            suite.add_test_case(case);
        }
    }
    if let Some((_, suite)) = current.take() {
        report.add_test_suite(suite);
    }
    if result.findings.is_empty() {
        let mut suite = TestSuite::new("plimsoll");
        suite.add_test_case(TestCase::new(
            format!("{} files checked, no findings", result.files.len()),
            TestCaseStatus::success(),
        ));
        report.add_test_suite(suite);
    }
    report.to_string().unwrap_or_default()
}
