//! TODO(generator): CI/CD pipelines.

use crate::model::Project;
use crate::options::{CiPlatform, Options};
use crate::write::GeneratedFile;

pub fn generate(
    _project: &Project,
    _options: &Options,
    _platform: CiPlatform,
) -> Vec<GeneratedFile> {
    Vec::new()
}
