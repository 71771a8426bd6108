//! TODO(generator): dockerfile artifacts.

use crate::model::Project;
use crate::options::Options;
use crate::write::GeneratedFile;

pub fn generate(_project: &Project, _options: &Options) -> Vec<GeneratedFile> {
    Vec::new()
}
