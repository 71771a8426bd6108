//! TODO(generator): Terraform scaffold.

use crate::model::Project;
use crate::options::TerraformOptions;
use crate::write::GeneratedFile;

pub fn generate(_project: &Project, _options: &TerraformOptions) -> Vec<GeneratedFile> {
    Vec::new()
}
