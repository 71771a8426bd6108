//! TF043-TF045: EKS nodes in public subnets, clusters without an OIDC
//! provider for pod identities (IRSA), and node roles with broad policies.

use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports `aws_eks_node_group` resources whose `subnet_ids` list a
    /// subnet of the same module (`aws_subnet.public.id`) that sets
    /// `map_public_ip_on_launch = true`. Subnets from variables, data
    /// sources or other modules cannot be judged and are skipped.
    ///
    /// ## Why is this bad?
    /// Nodes in a subnet that hands out public IPs are directly addressable
    /// from the internet: the kubelet, NodePorts and anything bound to the
    /// host network are one security-group mistake away from exposure.
    /// Worker nodes belong in private subnets, behind NAT for egress and
    /// load balancers for ingress.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_subnet" "public_a" {
    ///   vpc_id                  = aws_vpc.main.id
    ///   cidr_block              = "10.0.1.0/24"
    ///   map_public_ip_on_launch = true
    /// }
    ///
    /// resource "aws_eks_node_group" "workers" {
    ///   cluster_name  = aws_eks_cluster.main.name
    ///   node_role_arn = aws_iam_role.node.arn
    ///   subnet_ids    = [aws_subnet.public_a.id]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Put node groups in private subnets (no `map_public_ip_on_launch`),
    /// with a NAT gateway for outbound traffic.
    ///
    /// ## References
    /// - Practice T08 (cluster hardening: nodes in private subnets).
    pub struct EksNodesInPublicSubnet {
        code: "TF043",
        name: "eks-nodes-in-public-subnet",
        summary: "EKS node group in a subnet that assigns public IPs",
        severity: Warning,
        category: Security,
        practices: ["T08"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for EksNodesInPublicSubnet {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_eks_node_group" {
            return;
        }
        let Some(a) = r.attr("subnet_ids") else {
            return;
        };
        let Expr::Array(items) = a.value else {
            return;
        };
        for item in items {
            let Some(path) = traversal_path(item) else {
                continue;
            };
            let ["aws_subnet", name, ..] = path.as_slice() else {
                continue;
            };
            let Some(subnet) = cx
                .module
                .resources()
                .find(|s| s.kind == "aws_subnet" && s.name == *name)
            else {
                continue;
            };
            let public = subnet
                .attr("map_public_ip_on_launch")
                .is_some_and(|m| cx.eval(m.value).as_bool() == Some(true));
            if public {
                out.add(
                    expr_span(item),
                    format!(
                        "{} places nodes in `aws_subnet.{name}`, which sets `map_public_ip_on_launch = true`, so the nodes get public IP addresses",
                        subject(r)
                    ),
                )
                .help("use private subnets for node groups");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_eks_cluster` resources when no module of the run
    /// declares an `aws_iam_openid_connect_provider` (IAM roles for service
    /// accounts) or EKS Pod Identity (`aws_eks_pod_identity_association`,
    /// or an `aws_eks_addon` named `eks-pod-identity-agent`). Modules that call
    /// another module whose source mentions `eks`, `irsa` or `oidc` are
    /// not reported: that module may create the provider.
    ///
    /// ## Why is this bad?
    /// Without a pod identity mechanism every pod that needs AWS access
    /// uses the node's instance role, so every pod on a node holds the
    /// permissions any of them needs. IRSA or Pod Identity give each
    /// service account its own role.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_eks_cluster" "main" {
    ///   name     = "prod"
    ///   role_arn = aws_iam_role.cluster.arn
    ///   vpc_config {
    ///     subnet_ids = var.subnet_ids
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "aws_iam_openid_connect_provider" "eks" {
    ///   url             = aws_eks_cluster.main.identity[0].oidc[0].issuer
    ///   client_id_list  = ["sts.amazonaws.com"]
    ///   thumbprint_list = [data.tls_certificate.eks.certificates[0].sha1_fingerprint]
    /// }
    /// ```
    ///
    /// ## References
    /// - Practice T09 (pod-level identity, IRSA, over node IAM roles).
    pub struct EksWithoutPodIdentity {
        code: "TF044",
        name: "eks-without-pod-identity",
        summary: "EKS cluster without an OIDC provider or Pod Identity for pod-level IAM",
        severity: Info,
        category: Security,
        practices: ["T09"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for EksWithoutPodIdentity {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_eks_cluster" {
            return;
        }
        // Anywhere in the run: the provider often lives in another root
        // module (an `iam` stack) than the cluster.
        let has_identity = cx
            .index
            .modules
            .iter()
            .flat_map(crate::terraform::Module::resources)
            .any(|x| {
                x.kind == "aws_iam_openid_connect_provider"
                    || x.kind == "aws_eks_pod_identity_association"
                    || (x.kind == "aws_eks_addon"
                        && x.attr("addon_name").is_some_and(|a| {
                            cx.eval(a.value).as_str() == Some("eks-pod-identity-agent")
                        }))
            });
        let delegated = cx.module.module_calls().any(|m| {
            m.source_str().is_none_or(|s| {
                let s = s.to_ascii_lowercase();
                s.contains("eks") || s.contains("irsa") || s.contains("oidc")
            })
        });
        if has_identity || delegated {
            return;
        }
        out.add(
            r.header_span(),
            format!(
                "{} has no `aws_iam_openid_connect_provider` or EKS Pod Identity anywhere in the configuration, so pods can only use the node's IAM role",
                subject(r)
            ),
        )
        .help("add an `aws_iam_openid_connect_provider` for the cluster's OIDC issuer (IRSA), or EKS Pod Identity");
    }
}

/// Whether an AWS managed policy grants far more than nodes need.
fn is_broad_policy(arn: &str) -> bool {
    let Some(name) = arn.strip_prefix("arn:aws:iam::aws:policy/") else {
        return false;
    };
    let name = name.rsplit('/').next().unwrap_or(name);
    matches!(
        name,
        "AdministratorAccess" | "PowerUserAccess" | "SecretsManagerReadWrite" | "IAMFullAccess"
    ) || name.ends_with("FullAccess")
}

declare_rule! {
    /// ## What it does
    /// Reports `aws_iam_role_policy_attachment` resources that attach a
    /// broad AWS managed policy (`AdministratorAccess`, `PowerUserAccess`,
    /// `SecretsManagerReadWrite`, `IAMFullAccess`, any `*FullAccess`) to a
    /// role that an `aws_eks_node_group` of the module uses as
    /// `node_role_arn`. The usual node policies (`AmazonEKSWorkerNodePolicy`,
    /// `AmazonEKS_CNI_Policy`, `AmazonEC2ContainerRegistryReadOnly`,
    /// `AmazonSSMManagedInstanceCore`) are not reported.
    ///
    /// ## Why is this bad?
    /// Every pod on the node can read the node role's credentials from the
    /// instance metadata service, so the whole cluster holds whatever the
    /// node role may do. Permissions an application needs belong on a
    /// role for its service account (IRSA or Pod Identity).
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_iam_role_policy_attachment" "node_s3" {
    ///   role       = aws_iam_role.node.name
    ///   policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Attach only the node policies to the node role and give the
    /// application a service account role with the S3 permissions it needs.
    ///
    /// ## References
    /// - Practice T09 (pod-level identity over node IAM roles).
    pub struct EksNodeRoleBroadPolicy {
        code: "TF045",
        name: "eks-node-role-broad-policy",
        summary: "Broad managed policy attached to an EKS node role",
        severity: Warning,
        category: Security,
        practices: ["T09"],
        peers: [],
        fix: None,
        default: true,
    }
}

impl Rule for EksNodeRoleBroadPolicy {
    fn check_tf_resource(
        &self,
        cx: &TerraformContext<'_>,
        r: &Resource<'_>,
        out: &mut Diagnostics<'_>,
    ) {
        if r.kind != "aws_iam_role_policy_attachment" {
            return;
        }
        let Some((a, _, arn)) = known_str(cx, r, "policy_arn") else {
            return;
        };
        if !is_broad_policy(&arn) {
            return;
        }
        let Some(role) = r.attr("role").and_then(|x| traversal_path(x.value)) else {
            return;
        };
        let ["aws_iam_role", role_name, ..] = role.as_slice() else {
            return;
        };
        let node_group = cx.module.resources().find(|g| {
            g.kind == "aws_eks_node_group"
                && g.attr("node_role_arn").is_some_and(|n| {
                    traversal_path(n.value).is_some_and(|p| {
                        p.len() >= 2 && p[0] == "aws_iam_role" && p[1] == *role_name
                    })
                })
        });
        let Some(group) = node_group else {
            return;
        };
        let policy = arn.rsplit('/').next().unwrap_or(&arn).to_string();
        out.add(
            a.span,
            format!(
                "{} attaches `{policy}` to `aws_iam_role.{role_name}`, the node role of `{}`, so every pod on those nodes can use it",
                subject(r),
                group.address()
            ),
        )
        .help("keep node roles to the EKS node policies and give applications their own role through IRSA or Pod Identity");
    }
}
