use super::ingress_support::{annotations_node, is_ingress};
use super::prelude::*;
use plimsoll_syntax::yaml::patch;

const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

declare_rule! {
    /// ## What it does
    /// Reports an Ingress that names no ingress class: neither
    /// `spec.ingressClassName` nor the `kubernetes.io/ingress.class`
    /// annotation (a warning), unless the run defines an IngressClass
    /// marked as the default (`ingressclass.kubernetes.io/is-default-class:
    /// "true"`). It also reports the deprecated annotation on a
    /// `networking.k8s.io/v1` Ingress (advice), as an error when
    /// `spec.ingressClassName` names another class, which the API server
    /// rejects. Kustomize patches and templated values are skipped.
    ///
    /// ## Why is this bad?
    /// Without a class, the Ingress is served by the cluster's default
    /// class if there is one, and by no controller otherwise; with several
    /// controllers, which one picks it up depends on the cluster, not on the
    /// manifest. The annotation has been deprecated since Kubernetes 1.18 in
    /// favour of the field, which refers to an IngressClass object that can
    /// carry parameters and be checked.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: shop
    ///   annotations:
    ///     kubernetes.io/ingress.class: nginx
    /// spec:
    ///   rules: [...]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: shop
    /// spec:
    ///   ingressClassName: nginx
    ///   rules: [...]
    /// ```
    ///
    /// ## Fix safety
    /// For the deprecated annotation, the fix removes it and, unless
    /// `spec.ingressClassName` is already set, writes its value there. It
    /// is safe when the run defines an IngressClass of that name (the class
    /// the annotation selected is then the one the field selects; the usual
    /// controller installations create it under the annotation's value). It
    /// is unsafe otherwise: without an IngressClass of that name, the
    /// controller would ignore the Ingress.
    ///
    /// ## References
    /// - Practice K18 (Ingress has a class).
    /// - [Kubernetes: Ingress class](https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class)
    pub struct IngressWithoutClass {
        code: "K8S084",
        name: "ingress-without-class",
        summary: "Ingress names no ingress class, or names it with the deprecated annotation",
        severity: Warning,
        category: Correctness,
        practices: ["K18"],
        peers: [],
        fix: Sometimes,
        default: true,
    }
}

impl Rule for IngressWithoutClass {
    fn check_object(&self, cx: &K8sContext<'_>, o: &Object, out: &mut Diagnostics<'_>) {
        let yaml = cx.yaml;
        if !is_ingress(o) || cx.cluster.is_patch(cx.parsed) {
            return;
        }
        let spec = o.spec(yaml);
        let field_node = spec.and_then(|s| yaml.get(s, "ingressClassName"));
        let field = field_node
            .and_then(|n| yaml.str(n))
            .filter(|s| !s.is_empty());
        let annotation = o.annotation(CLASS_ANNOTATION);
        if field.is_none() && annotation.is_none() {
            if field_node.is_some() || has_default_class(cx) {
                return;
            }
            out.add(
                cx.object_span(o),
                format!(
                    "{} names no ingress class: the cluster's default class serves it, or no controller does",
                    o.display()
                ),
            )
            .help("set `spec.ingressClassName` to the class of the controller that should serve it");
            return;
        }
        let Some(value) = annotation else {
            return;
        };
        if !o.is("networking.k8s.io", "Ingress")
            || o.version() != "v1"
            || helpers::is_templated(value)
        {
            return;
        }
        let Some(annotations) = annotations_node(yaml, o) else {
            return;
        };
        let span = cx
            .entry_span(annotations, CLASS_ANNOTATION)
            .unwrap_or_else(|| cx.object_span(o));
        if let Some(field) = field
            && field != value
        {
            out.add(
                span,
                format!(
                    "{} sets the ingress class `{value}` in its annotation but `{field}` in `spec.ingressClassName`: the API server rejects the mismatch",
                    o.display()
                ),
            )
            .severity(plimsoll_diagnostics::Severity::Error)
            .help("remove the `kubernetes.io/ingress.class` annotation and keep the class in `spec.ingressClassName`");
            return;
        }
        let fix = class_fix(cx, o, annotations, spec, value, field.is_some());
        out.add(
            span,
            format!(
                "{} uses the deprecated `kubernetes.io/ingress.class` annotation",
                o.display()
            ),
        )
        .severity(plimsoll_diagnostics::Severity::Info)
        .help("move the class to `spec.ingressClassName`")
        .fix_opt(fix);
    }
}

/// Whether the run defines an IngressClass marked as the default.
fn has_default_class(cx: &K8sContext<'_>) -> bool {
    cx.cluster.of_kind("IngressClass").any(|r| {
        r.object
            .annotation("ingressclass.kubernetes.io/is-default-class")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    })
}

/// Removes the annotation (the whole `annotations:` entry when it is the
/// only one) and, when the field is unset, writes the class there.
fn class_fix(
    cx: &K8sContext<'_>,
    o: &Object,
    annotations: NodeId,
    spec: Option<NodeId>,
    value: &str,
    field_set: bool,
) -> Option<Fix> {
    let yaml = cx.yaml;
    let metadata = o.metadata?;
    // Edits go to the mappings as written, never through aliases.
    if yaml.resolve(annotations) != annotations
        || yaml.get(metadata, "annotations") != Some(annotations)
    {
        return None;
    }
    let delete = if yaml.entries(annotations).len() == 1 {
        patch::delete_entry(yaml, cx.text(), metadata, "annotations")?
    } else {
        patch::delete_entry(yaml, cx.text(), annotations, CLASS_ANNOTATION)?
    };
    if field_set {
        return Some(Fix::safe(
            "Remove the `kubernetes.io/ingress.class` annotation",
            vec![delete],
        ));
    }
    let insert = match spec {
        Some(spec) => cx.set(spec, &["ingressClassName"], Value::string(value))?,
        None => cx.set(o.node, &["spec", "ingressClassName"], Value::string(value))?,
    };
    let message = format!("Move the ingress class `{value}` to `spec.ingressClassName`");
    let known = cx
        .cluster
        .find("IngressClass", (cx.parsed, o), value)
        .is_some();
    Some(if known {
        Fix::safe(message, vec![delete, insert])
    } else {
        Fix::unsafe_(message, vec![delete, insert])
    })
}
