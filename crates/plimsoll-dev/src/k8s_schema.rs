//! `plimsoll-dev k8s-schemas <dir>`: turns the Kubernetes OpenAPI
//! definitions, as JSON Schema (`v1.NN.0-local-strict/_definitions.json`
//! from kubernetes-json-schema, which the `kubernetes-validate` package
//! ships), into the compact, deflated files plimsoll embeds.
//!
//! Kept: types, properties, required fields, items, additionalProperties,
//! `$ref`, `oneOf`/`anyOf`/`allOf`, enums, the group-version-kind of each
//! top-level kind, and the `x-kubernetes-*` markers that change what is
//! valid (preserve-unknown-fields, int-or-string, embedded-resource).
//! Dropped: descriptions, formats, defaults, list/map/patch strategies and
//! CEL validations.

use serde_json::{Map, Value};
use std::path::Path;

/// The minor versions embedded in plimsoll.
pub const MINORS: std::ops::RangeInclusive<u32> = 30..=37;

const KEEP_MARKERS: [&str; 4] = [
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-group-version-kind",
];

const DROP: [&str; 4] = ["description", "format", "default", "example"];

fn compact(value: &Value, in_properties: bool) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                // Under `properties`, keys are field names, not keywords.
                if !in_properties
                    && (DROP.contains(&k.as_str())
                        || (k.starts_with("x-") && !KEEP_MARKERS.contains(&k.as_str())))
                {
                    continue;
                }
                out.insert(k.clone(), compact(v, !in_properties && k == "properties"));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| compact(v, false)).collect()),
        other => other.clone(),
    }
}

/// Writes `crates/plimsoll-lint/data/k8s-schema/v1.NN.json.deflate` for
/// every embedded minor found under `source`.
pub fn generate(source: &Path, root: &Path) -> Result<usize, String> {
    let out_dir = root.join("crates/plimsoll-lint/data/k8s-schema");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let mut written = 0;
    for minor in MINORS {
        let path = source.join(format!("v1.{minor}.0-local-strict/_definitions.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json: Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let defs = json
            .get("$defs")
            .or_else(|| json.get("definitions"))
            .ok_or_else(|| format!("{}: no $defs", path.display()))?;
        let compacted = compact(defs, true);
        let bytes = serde_json::to_vec(&compacted).map_err(|e| e.to_string())?;
        let deflated = miniz_oxide::deflate::compress_to_vec(&bytes, 10);
        let out = out_dir.join(format!("v1.{minor}.json.deflate"));
        std::fs::write(&out, &deflated).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!(
            "v1.{minor}: {} definitions, {} bytes JSON, {} bytes deflated",
            compacted.as_object().map_or(0, Map::len),
            bytes.len(),
            deflated.len()
        );
        written += 1;
    }
    Ok(written)
}
