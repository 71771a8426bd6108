//! Secret scanning (SEC) over every file the run reads: one rule per secret family, detections from `crate::secrets`.

mod prelude;
pub(crate) mod support;

mod aws;
mod azure_storage_key;
mod docker_auth;
mod generic_secret;
mod google_api_key;
mod jwt;
mod package_tokens;
mod private_key;
mod sendgrid_key;
mod slack;
mod stripe_key;
mod twilio_key;
mod url_password;
mod vcs_tokens;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &aws::HardcodedAwsAccessKeyId,                // SEC001
    &aws::HardcodedAwsSecretAccessKey,            // SEC002
    &private_key::HardcodedPrivateKey,            // SEC003
    &vcs_tokens::HardcodedGithubToken,            // SEC004
    &vcs_tokens::HardcodedGitlabToken,            // SEC005
    &slack::HardcodedSlackToken,                  // SEC006
    &slack::HardcodedSlackWebhook,                // SEC007
    &stripe_key::HardcodedStripeKey,              // SEC008
    &google_api_key::HardcodedGoogleApiKey,       // SEC009
    &jwt::HardcodedJwt,                           // SEC010
    &url_password::PasswordInUrl,                 // SEC011
    &generic_secret::HighEntropySecretAssignment, // SEC012
    &package_tokens::HardcodedNpmToken,           // SEC013
    &package_tokens::HardcodedPypiToken,          // SEC014
    &sendgrid_key::HardcodedSendgridKey,          // SEC015
    &twilio_key::HardcodedTwilioKey,              // SEC016
    &azure_storage_key::HardcodedAzureStorageKey, // SEC017
    &private_key::HardcodedGcpServiceAccountKey,  // SEC018
    &docker_auth::HardcodedDockerRegistryAuth,    // SEC019
];
