//! GitLab CI rules (GL), one file per rule (a few closely related rules share one).

mod prelude;
pub(crate) mod support;

mod cache_key;
mod curl_pipe_shell;
mod debug_trace;
mod dependencies;
mod dind_tls;
mod duplicate_pipelines;
mod extends;
mod images;
mod includes;
mod invalid_duration;
mod invalid_when;
mod literal_secret;
mod missing_script;
mod mutable_tags;
mod needs;
mod never_runs;
mod only_with_rules;
mod production_gate;
mod resource_group;
mod security_scanning;
mod shellcheck_finding;
mod token_exfiltration;
mod undefined_stage;
mod unknown_keyword;
mod unknown_reference;
mod untrusted_variable;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &undefined_stage::JobInUndefinedStage,          // GL001
    &needs::NeedsUnknownJob,                        // GL002
    &needs::NeedsLaterStage,                        // GL003
    &needs::NeedsCycle,                             // GL004
    &dependencies::InvalidDependency,               // GL005
    &extends::InvalidExtends,                       // GL006
    &unknown_keyword::UnknownKeyword,               // GL007
    &missing_script::JobWithoutScript,              // GL008
    &invalid_when::InvalidWhen,                     // GL009
    &never_runs::JobNeverRuns,                      // GL010
    &invalid_duration::InvalidDuration,             // GL011
    &only_with_rules::OnlyExceptWithRules,          // GL012
    &unknown_reference::UnknownReference,           // GL013
    &untrusted_variable::UntrustedVariableInScript, // GL014
    &images::UnpinnedJobImage,                      // GL015
    &includes::RemoteIncludeWithoutIntegrity,       // GL016
    &includes::UnpinnedProjectInclude,              // GL017
    &literal_secret::LiteralSecretInVariables,      // GL018
    &curl_pipe_shell::CurlPipeShellInScript,        // GL019
    &debug_trace::DebugTraceEnabled,                // GL020
    &dind_tls::DindWithoutTls,                      // GL021
    &production_gate::ProductionDeployNotGated,     // GL022
    &resource_group::DeployWithoutResourceGroup,    // GL023
    &cache_key::CacheKeyNotFromLockfile,            // GL024
    &security_scanning::NoSecurityScanning,         // GL025
    &mutable_tags::MutableImageTagsOnly,            // GL026
    &token_exfiltration::CiTokenSentToExternalHost, // GL027
    &duplicate_pipelines::DuplicatePipelines,       // GL028
    &shellcheck_finding::ShellcheckFindingInScript, // GL029
];
