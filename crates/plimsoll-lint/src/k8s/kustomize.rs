//! What a kustomization says about other files: which are its resources and
//! which are patches, the namespace it sets, image overrides, and the
//! ConfigMaps and Secrets its generators create.

use super::object::Object;
use plimsoll_syntax::yaml::{NodeId, YamlFile};

/// A path a kustomization lists, with the node that names it.
#[derive(Debug, Clone)]
pub struct PathEntry {
    pub path: String,
    pub node: NodeId,
}

impl PathEntry {
    /// Remote bases (`github.com/...`, `https://...`) cannot be checked locally.
    pub fn is_remote(&self) -> bool {
        self.path.contains("://")
            || self.path.starts_with("github.com/")
            || self.path.starts_with("git@")
            || self.path.contains("?ref=")
    }
}

/// An `images:` entry: pods using `name` get `new_name`, `new_tag` or `digest`.
#[derive(Debug, Clone)]
pub struct ImageOverride {
    pub name: String,
    pub new_name: Option<String>,
    pub new_tag: Option<String>,
    pub digest: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Kustomization {
    pub namespace: Option<String>,
    /// `resources`, `bases` and `components`.
    pub resources: Vec<PathEntry>,
    /// Patch files (strategic merge or JSON 6902): partial objects.
    pub patches: Vec<PathEntry>,
    pub images: Vec<ImageOverride>,
    /// `(kind, name)` of generated ConfigMaps and Secrets.
    pub generated: Vec<(&'static str, String)>,
    /// `commonLabels` (or `labels` with `includeSelectors: true`): kustomize
    /// writes them into selectors and pod templates.
    pub injects_selectors: bool,
    /// Label keys `commonLabels` and `labels` add to the objects, and
    /// whether they reach pod templates too (`commonLabels`,
    /// `includeTemplates` or `includeSelectors`).
    pub labels: Vec<(String, bool)>,
}

impl Kustomization {
    pub fn read(yaml: &YamlFile, object: &Object) -> Kustomization {
        let root = object.node;
        let text = |node: NodeId, key: &str| {
            yaml.get(node, key)
                .and_then(|n| yaml.str(n))
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let mut k = Kustomization {
            namespace: text(root, "namespace"),
            ..Kustomization::default()
        };
        for field in ["resources", "bases", "components"] {
            for &item in yaml.get(root, field).map_or(&[][..], |l| yaml.items(l)) {
                if let Some(path) = yaml.str(item) {
                    k.resources.push(PathEntry {
                        path: path.to_string(),
                        node: item,
                    });
                }
            }
        }
        // `patchesStrategicMerge` lists paths or inline patches; `patches`
        // and `patchesJson6902` hold mappings with an optional `path`.
        for &item in yaml
            .get(root, "patchesStrategicMerge")
            .map_or(&[][..], |l| yaml.items(l))
        {
            if let Some(path) = yaml.str(item).filter(|p| !p.contains('\n')) {
                k.patches.push(PathEntry {
                    path: path.to_string(),
                    node: item,
                });
            }
        }
        for field in ["patches", "patchesJson6902"] {
            for &item in yaml.get(root, field).map_or(&[][..], |l| yaml.items(l)) {
                if let Some(node) = yaml.get(item, "path")
                    && let Some(path) = yaml.str(node)
                {
                    k.patches.push(PathEntry {
                        path: path.to_string(),
                        node,
                    });
                }
            }
        }
        for &item in yaml.get(root, "images").map_or(&[][..], |l| yaml.items(l)) {
            if let Some(name) = text(item, "name") {
                k.images.push(ImageOverride {
                    name,
                    new_name: text(item, "newName"),
                    new_tag: text(item, "newTag"),
                    digest: text(item, "digest"),
                });
            }
        }
        for (field, kind) in [
            ("configMapGenerator", "ConfigMap"),
            ("secretGenerator", "Secret"),
        ] {
            for &item in yaml.get(root, field).map_or(&[][..], |l| yaml.items(l)) {
                if let Some(name) = text(item, "name") {
                    k.generated.push((kind, name));
                }
            }
        }
        k.injects_selectors = yaml
            .get(root, "commonLabels")
            .is_some_and(|l| !yaml.entries(l).is_empty())
            || yaml.get(root, "labels").is_some_and(|l| {
                yaml.items(l).iter().any(|&item| {
                    yaml.get(item, "includeSelectors")
                        .and_then(|n| yaml.bool(n))
                        == Some(true)
                })
            });
        if let Some(map) = yaml.get(root, "commonLabels") {
            for (key, _) in yaml.entries(map) {
                if let Some(key) = yaml.str(key) {
                    k.labels.push((key.to_string(), true));
                }
            }
        }
        for &item in yaml.get(root, "labels").map_or(&[][..], |l| yaml.items(l)) {
            let flag = |key: &str| {
                yaml.get(item, key)
                    .and_then(|n| yaml.str(n))
                    .is_some_and(|v| v == "true")
            };
            let templates = flag("includeTemplates") || flag("includeSelectors");
            if let Some(pairs) = yaml.get(item, "pairs") {
                for (key, _) in yaml.entries(pairs) {
                    if let Some(key) = yaml.str(key) {
                        k.labels.push((key.to_string(), templates));
                    }
                }
            }
        }
        k
    }
}

#[cfg(test)]
mod tests {
    use super::super::object::objects_in;
    use super::*;

    #[test]
    fn reads_resources_patches_images_and_generators() {
        let yaml = YamlFile::parse(
            "namespace: shop\nresources:\n- ../base\n- deploy.yaml\n- https://github.com/x/y//z?ref=v1\npatches:\n- path: replicas.yaml\n- patch: |-\n    - op: add\npatchesStrategicMerge:\n- memory.yaml\nimages:\n- name: nginx\n  newTag: \"1.27\"\nconfigMapGenerator:\n- name: app-config\n  files: [a.properties]\nsecretGenerator:\n- name: creds\ncommonLabels: {team: a}\nlabels:\n- pairs: {tier: web}\n- pairs: {owner: b}\n  includeTemplates: true\n",
        );
        let o = &objects_in(&yaml, true)[0];
        let k = Kustomization::read(&yaml, o);
        assert_eq!(k.namespace.as_deref(), Some("shop"));
        let res: Vec<(&str, bool)> = k
            .resources
            .iter()
            .map(|r| (r.path.as_str(), r.is_remote()))
            .collect();
        assert_eq!(
            res,
            [
                ("../base", false),
                ("deploy.yaml", false),
                ("https://github.com/x/y//z?ref=v1", true)
            ]
        );
        let patches: Vec<&str> = k.patches.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(patches, ["memory.yaml", "replicas.yaml"]);
        assert_eq!(k.images[0].new_tag.as_deref(), Some("1.27"));
        assert_eq!(
            k.generated,
            [
                ("ConfigMap", "app-config".to_string()),
                ("Secret", "creds".to_string())
            ]
        );
        assert_eq!(
            k.labels,
            [
                ("team".to_string(), true),
                ("tier".to_string(), false),
                ("owner".to_string(), true)
            ]
        );
    }
}
