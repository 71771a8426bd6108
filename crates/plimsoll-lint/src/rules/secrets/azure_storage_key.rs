use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports the `AccountKey=` part of an Azure storage connection string:
    /// 80 to 90 base64 characters (the key is 88 with its `==`) with high
    /// entropy.
    ///
    /// ## Why is this bad?
    /// An account key is full control of every blob, queue, table and file
    /// share of the storage account, with no expiry.
    ///
    /// ## Example
    /// ```yaml
    /// AZURE_STORAGE_CONNECTION_STRING: DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=…
    /// ```
    ///
    /// ## Use instead
    /// Use a managed identity, or a short-lived SAS from a secret store.
    ///
    /// ## References
    /// - Practices S01, T10.
    /// - Trivy secret rule: `azure-storage-account-key`.
    /// - checkov: `CKV_SECRET_3`.
    pub struct HardcodedAzureStorageKey {
        code: "SEC017",
        name: "hardcoded-azure-storage-key",
        summary: "Azure storage account key written in a file",
        severity: Error,
        category: Security,
        practices: ["S01", "T10"],
        peers: [Trivy "azure-storage-account-key", Checkov "CKV_SECRET_3"],
        fix: None,
        default: true,
    }
}

impl Rule for HardcodedAzureStorageKey {
    fn check_text(&self, cx: &TextContext<'_>, out: &mut Diagnostics<'_>) {
        report(cx, Detector::AzureStorageKey, out);
    }
}
