//! Dockerfile rules (DF), one file per rule (a few closely related rules share one).

pub(crate) mod helpers;
pub(crate) mod package_managers;
mod prelude;

mod add_instead_of_copy;
mod apk_missing_no_cache;
mod apt_get_missing_no_install_recommends;
mod apt_get_missing_yes;
mod apt_instead_of_apt_get;
mod apt_lists_not_cleaned;
mod base_image_not_digest_pinned;
mod build_tools_in_final_image;
mod cd_in_run;
mod chown_in_separate_run;
mod chpasswd_in_run;
mod consecutive_run;
mod copy_archive_then_extract;
mod copy_destination;
mod copy_from_stage;
mod copy_ignored_file;
mod copy_root_to_root;
mod copy_secret_file;
mod curl_and_wget;
mod curl_pipe_shell;
mod debian_frontend_in_env;
mod debug_tools_installed;
mod distribution_upgrade;
mod dnf_cache_not_cleaned;
mod dnf_missing_yes;
mod dockerignore_missing_entries;
mod empty_continuation_line;
mod empty_label;
mod env_self_reference;
mod exposed_ssh_port;
mod from_args;
mod instruction_before_from;
mod invalid_expose;
mod invalid_label_key;
mod invalid_label_value;
mod keyword_casing;
mod labels;
mod latest_base_image;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_dockerignore;
mod missing_healthcheck;
mod missing_required_label;
mod missing_user;
mod multiple_processes_in_cmd;
mod non_minimal_base_image;
mod non_numeric_user;
mod non_reproducible_install;
mod onbuild_forbidden_trigger;
mod pip_cache_not_disabled;
mod pipe_without_pipefail;
mod pointless_command;
mod relative_workdir;
mod repeated_instruction;
mod root_final_user;
mod secret_in_env_or_arg;
mod shell_change_via_ln;
mod shell_form_cmd;
mod source_copied_before_dependency_install;
mod stage_names;
mod sudo_in_run;
mod superfluous_label;
mod syntax_error;
mod tls_verification_disabled;
mod unknown_instruction;
mod unpinned_apk_package;
mod unpinned_apt_package;
mod unpinned_copy_from_image;
mod unpinned_dnf_package;
mod unpinned_gem;
mod unpinned_go_install;
mod unpinned_npm_package;
mod unpinned_pip_package;
mod unpinned_yum_package;
mod unpinned_zypper_package;
mod unsigned_packages_allowed;
mod untagged_base_image;
mod untrusted_registry;
mod update_without_install;
mod useradd_without_no_log_init;
mod wget_without_progress;
mod yarn_cache_not_cleaned;
mod yum_cache_not_cleaned;
mod yum_missing_yes;
mod zypper_cache_not_cleaned;
mod zypper_missing_yes;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &syntax_error::SyntaxError,                              // DF001
    &unknown_instruction::UnknownInstruction,                // DF002
    &instruction_before_from::InstructionBeforeFrom,         // DF003
    &relative_workdir::RelativeWorkdir,                      // DF004
    &root_final_user::RootFinalUser,                         // DF005
    &missing_user::MissingUser,                              // DF006
    &sudo_in_run::SudoInRun,                                 // DF007
    &untagged_base_image::UntaggedBaseImage,                 // DF008
    &latest_base_image::LatestBaseImage,                     // DF009
    &base_image_not_digest_pinned::BaseImageNotDigestPinned, // DF010
    &untrusted_registry::UntrustedRegistry,                  // DF011
    &non_minimal_base_image::NonMinimalBaseImage,            // DF012
    &shell_form_cmd::ShellFormCmd,                           // DF013
    &repeated_instruction::MultipleCmd,                      // DF014
    &repeated_instruction::MultipleEntrypoint,               // DF015
    &repeated_instruction::MultipleHealthchecks,             // DF016
    &missing_healthcheck::MissingHealthcheck,                // DF017
    &invalid_expose::InvalidExpose,                          // DF018
    &exposed_ssh_port::ExposedSshPort,                       // DF019
    &copy_from_stage::CopyFromUnknownStage,                  // DF020
    &copy_from_stage::CopyFromOwnStage,                      // DF021
    &stage_names::DuplicateStageName,                        // DF022
    &stage_names::ReservedStageName,                         // DF023
    &copy_destination::CopyMultipleSourcesFileDest,          // DF024
    &copy_destination::CopyRelativeDestWithoutWorkdir,       // DF025
    &add_instead_of_copy::AddInsteadOfCopy,                  // DF026
    &add_instead_of_copy::AddUrlWithoutChecksum,             // DF027
    &copy_archive_then_extract::CopyArchiveThenExtract,      // DF028
    &maintainer_deprecated::MaintainerDeprecated,            // DF029
    &onbuild_forbidden_trigger::OnbuildForbiddenTrigger,     // DF030
    &env_self_reference::EnvSelfReference,                   // DF031
    &legacy_key_value_format::LegacyKeyValueFormat,          // DF032
    &keyword_casing::InconsistentInstructionCasing,          // DF033
    &keyword_casing::FromAsCasing,                           // DF034
    &from_args::UndefinedArgInFrom,                          // DF035
    &from_args::FromPlatformConstant,                        // DF036
    &from_args::RedundantTargetPlatform,                     // DF037
    &empty_continuation_line::EmptyContinuationLine,         // DF038
    &stage_names::StageNameCasing,                           // DF039
    &consecutive_run::ConsecutiveRun,                        // DF040
    &secret_in_env_or_arg::SecretInEnvOrArg,                 // DF041
    &copy_secret_file::CopySecretFile,                       // DF042
    &invalid_label_key::InvalidLabelKey,                     // DF043
    &missing_required_label::MissingRequiredLabel,           // DF044
    &empty_label::EmptyLabel,                                // DF045
    &invalid_label_value::InvalidLabelValue,                 // DF046
    &superfluous_label::SuperfluousLabel,                    // DF047
    &shell_change_via_ln::ShellChangeViaLn,                  // DF048
    &pipe_without_pipefail::PipeWithoutPipefail,             // DF049
    &cd_in_run::CdInRun,                                     // DF050
    &pointless_command::PointlessCommand,                    // DF051
    &apt_instead_of_apt_get::AptInsteadOfAptGet,             // DF052
    &apt_get_missing_yes::AptGetMissingYes,                  // DF053
    &apt_get_missing_no_install_recommends::AptGetMissingNoInstallRecommends, // DF054
    &apt_lists_not_cleaned::AptListsNotCleaned,              // DF055
    &unpinned_apt_package::UnpinnedAptPackage,               // DF056
    &distribution_upgrade::DistributionUpgrade,              // DF057
    &apk_missing_no_cache::ApkMissingNoCache,                // DF058
    &unpinned_apk_package::UnpinnedApkPackage,               // DF059
    &yum_missing_yes::YumMissingYes,                         // DF060
    &yum_cache_not_cleaned::YumCacheNotCleaned,              // DF061
    &unpinned_yum_package::UnpinnedYumPackage,               // DF062
    &dnf_missing_yes::DnfMissingYes,                         // DF063
    &dnf_cache_not_cleaned::DnfCacheNotCleaned,              // DF064
    &unpinned_dnf_package::UnpinnedDnfPackage,               // DF065
    &zypper_missing_yes::ZypperMissingYes,                   // DF066
    &zypper_cache_not_cleaned::ZypperCacheNotCleaned,        // DF067
    &unpinned_zypper_package::UnpinnedZypperPackage,         // DF068
    &pip_cache_not_disabled::PipCacheNotDisabled,            // DF069
    &unpinned_pip_package::UnpinnedPipPackage,               // DF070
    &unpinned_npm_package::UnpinnedNpmPackage,               // DF071
    &unpinned_gem::UnpinnedGem,                              // DF072
    &unpinned_go_install::UnpinnedGoInstall,                 // DF073
    &yarn_cache_not_cleaned::YarnCacheNotCleaned,            // DF074
    &non_reproducible_install::NonReproducibleInstall,       // DF075
    &wget_without_progress::WgetWithoutProgress,             // DF076
    &curl_and_wget::CurlAndWget,                             // DF077
    &useradd_without_no_log_init::UseraddWithoutNoLogInit,   // DF078
    &tls_verification_disabled::TlsVerificationDisabled,     // DF079
    &unsigned_packages_allowed::UnsignedPackagesAllowed,     // DF080
    &chpasswd_in_run::ChpasswdInRun,                         // DF081
    &update_without_install::UpdateWithoutInstall,           // DF082
    &curl_pipe_shell::CurlPipeShell,                         // DF083
    &debug_tools_installed::DebugToolsInstalled,             // DF084
    &multiple_processes_in_cmd::MultipleProcessesInCmd,      // DF085
    &source_copied_before_dependency_install::SourceCopiedBeforeDependencyInstall, // DF086
    &build_tools_in_final_image::BuildToolsInFinalImage,     // DF087
    &chown_in_separate_run::ChownInSeparateRun,              // DF088
    &missing_dockerignore::MissingDockerignore,              // DF089
    &dockerignore_missing_entries::DockerignoreMissingEntries, // DF090
    &non_numeric_user::NonNumericUser,                       // DF091
    &debian_frontend_in_env::DebianFrontendInEnv,            // DF092
    &unpinned_copy_from_image::UnpinnedCopyFromImage,        // DF093
    &copy_root_to_root::CopyRootToRoot,                      // DF094
    &copy_ignored_file::CopyIgnoredFile,                     // DF095
];
