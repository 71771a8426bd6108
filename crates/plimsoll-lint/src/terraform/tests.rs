#![allow(clippy::unwrap_used)]

use super::*;
use crate::kind::FileKind;
use crate::parse::ParsedFile;
use crate::settings::Settings;
use std::sync::Arc;

fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<ParsedFile>) {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        let kind = crate::kind::kind_from_name(&p).unwrap();
        out.push(ParsedFile::load(
            p.clone(),
            p,
            kind,
            Arc::new(Settings::default()),
        ));
    }
    (dir, out)
}

fn local_value(index: &TerraformIndex<'_>, module: usize, name: &str) -> Value {
    let m = &index.modules[module];
    m.eval(&m.local(name).unwrap().attr.value)
}

#[test]
fn modules_group_files_by_directory_and_evaluate() {
    let (_d, files) = load(&[
        (
            "main.tf",
            r#"
locals {
  name    = "app-${var.env}"
  enc     = var.encrypt && true
  cycle   = local.cycle2
  cycle2  = local.cycle
  obj     = { a = { b = [1, 2, 3] } }
  pick    = local.obj.a.b[1]
  cond    = var.env == "prod" ? "big" : "small"
  unknown = aws_s3_bucket.b.id
  tags    = merge({ a = "1" }, { b = upper("x") })
  fromvar = var.from_tfvars
  other   = var.from_other
}
resource "aws_s3_bucket" "b" {
  bucket = local.name
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "aws:kms"
        kms_master_key_id = aws_kms_key.k.arn
      }
    }
  }
}
resource "aws_kms_key" "k" {}
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration { status = "Enabled" }
}
"#,
        ),
        (
            "variables.tf",
            "variable \"env\" {\n  default = \"prod\"\n}\nvariable \"encrypt\" {\n  type = bool\n  default = true\n}\nvariable \"from_tfvars\" {\n  default = 1\n}\nvariable \"from_other\" {\n  default = 1\n}\n",
        ),
        ("terraform.tfvars", "from_tfvars = 2\n"),
        ("prod.tfvars", "from_other = 3\n"),
        ("sub/main.tf", "resource \"aws_kms_key\" \"k\" {}\n"),
    ]);
    let index = TerraformIndex::build(&files);
    assert_eq!(index.modules.len(), 2);
    let m = 0;
    assert_eq!(index.modules[m].files.len(), 4);
    assert_eq!(
        local_value(&index, m, "name"),
        Value::String("app-prod".into())
    );
    assert_eq!(local_value(&index, m, "enc"), Value::Bool(true));
    assert!(local_value(&index, m, "cycle").is_unknown());
    assert_eq!(local_value(&index, m, "pick"), Value::Number(2.0));
    assert_eq!(local_value(&index, m, "cond"), Value::String("big".into()));
    assert!(local_value(&index, m, "unknown").is_unknown());
    assert_eq!(
        local_value(&index, m, "tags").get("b"),
        Some(&Value::String("X".into()))
    );
    assert_eq!(local_value(&index, m, "fromvar"), Value::Number(2.0));
    assert!(local_value(&index, m, "other").is_unknown());

    let module = &index.modules[m];
    let bucket = module.resources_of("aws_s3_bucket").next().unwrap();
    assert_eq!(bucket.address(), "aws_s3_bucket.b");
    let alg = bucket
        .attr("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm")
        .unwrap();
    assert_eq!(alg.literal_str(), Some("aws:kms"));
    assert!(matches!(
        bucket.lookup("versioning.enabled"),
        Lookup::Missing
    ));
    let versioning = module.resources_referencing(bucket, "aws_s3_bucket_versioning");
    assert_eq!(versioning.len(), 1);
    let key = module.resources_of("aws_kms_key").next().unwrap();
    assert!(bucket.refers_to(key));
    assert_eq!(module.referenced_by(bucket).len(), 1);
    assert!(!module.is_root());
}

#[test]
fn local_module_calls_make_callers() {
    let (_d, files) = load(&[
        (
            "main.tf",
            "provider \"aws\" {}\nmodule \"net\" {\n  source = \"./modules/net\"\n  cidr = \"10.1.0.0/16\"\n}\n",
        ),
        (
            "modules/net/main.tf",
            "variable \"cidr\" {\n  default = \"10.0.0.0/16\"\n}\nlocals {\n  c = var.cidr\n}\n",
        ),
    ]);
    let index = TerraformIndex::build(&files);
    let root = index.modules.iter().find(|m| m.is_root()).unwrap();
    assert_eq!(root.module_calls().count(), 1);
    let child = index.modules.iter().find(|m| m.is_called()).unwrap();
    assert!(child.is_reusable());
    assert!(
        child
            .eval(&child.local("c").unwrap().attr.value)
            .is_unknown()
    );
}

#[test]
fn terraform_block_is_typed() {
    let (_d, files) = load(&[(
        "versions.tf",
        r#"
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.0" }
    random = "~> 3.0"
    null   = { source = "hashicorp/null" }
  }
  backend "s3" {
    bucket  = "state"
    encrypt = true
  }
}
"#,
    )]);
    let index = TerraformIndex::build(&files);
    let m = &index.modules[0];
    let t = m.terraform_blocks().next().unwrap();
    assert!(t.required_version.is_some());
    let versions: Vec<_> = t
        .required_providers
        .iter()
        .map(|p| (p.name, p.version.and_then(|v| v.literal_str())))
        .collect();
    assert_eq!(
        versions,
        [
            ("aws", Some("~> 5.0")),
            ("random", Some("~> 3.0")),
            ("null", None)
        ]
    );
    assert_eq!(m.backend().unwrap().kind, "s3");
    assert!(m.is_root());
}

#[test]
fn hcl_suppressions() {
    use crate::suppression::Origin;
    let (_d, files) = load(&[(
        "main.tf",
        "# plimsoll: ignore[TF001]\nresource \"a\" \"b\" {\n  x = 1\n}\n\nresource \"c\" \"d\" {\n  #checkov:skip=CKV_AWS_20:reason\n  // plimsoll: ignore[TF002]\n  y = [\n    1,\n  ]\n  #trivy:ignore:AVD-AWS-0086\n  z = 2 # trivy:ignore:AVD-AWS-0087\n}\n",
    )]);
    let s = crate::suppression::collect(&files[0]);
    let got: Vec<_> = s
        .iter()
        .map(|s| (s.origin, s.lines, s.codes[0].text.as_str()))
        .collect();
    assert!(
        got.contains(&(Origin::Plimsoll, Some((2, 4)), "TF001")),
        "{got:?}"
    );
    assert!(
        got.contains(&(Origin::Checkov, Some((6, 14)), "CKV_AWS_20")),
        "{got:?}"
    );
    assert!(
        got.contains(&(Origin::Plimsoll, Some((9, 11)), "TF002")),
        "{got:?}"
    );
    assert!(
        got.contains(&(Origin::Trivy, Some((13, 13)), "AVD-AWS-0086")),
        "{got:?}"
    );
    assert!(
        got.contains(&(Origin::Trivy, Some((13, 13)), "AVD-AWS-0087")),
        "{got:?}"
    );
    let _ = FileKind::Terraform;
}
