//! Cloud resource rules for Terraform (TF030-TF099): AWS, GCP and Azure resources, one file per service.

pub(crate) mod policy;
mod prelude;
pub(crate) mod support;

mod aws_cloudtrail;
mod aws_data_stores;
mod aws_ebs;
mod aws_ec2;
mod aws_ecr;
mod aws_eks;
mod aws_eks_identity;
mod aws_iam;
mod aws_kms;
mod aws_lb;
mod aws_rds;
mod aws_rds_exposure;
mod aws_s3;
mod aws_s3_access;
mod aws_search;
mod aws_secrets;
mod azure_aks;
mod azure_aks_accounts;
mod azure_key_vault;
mod azure_sql;
mod azure_sql_audit;
mod azure_storage;
mod azure_storage_network;
mod gcp_gke;
mod gcp_gke_hardening;
mod gcp_sql;
mod gcp_sql_protection;
mod gcp_storage;
mod literal_credentials;
mod network_exposure;

use crate::rule::Rule;

pub static RULES: &[&dyn Rule] = &[
    &aws_s3::S3BucketEncryptionUndeclared,             // TF030
    &aws_s3::S3BucketVersioningDisabled,               // TF031
    &aws_s3::S3BucketPublicAccessNotBlocked,           // TF032
    &aws_s3_access::S3BucketAccessLoggingMissing,      // TF033
    &aws_s3_access::S3BucketPublicAcl,                 // TF034
    &aws_rds::DatabaseStorageUnencrypted,              // TF035
    &aws_rds::RdsBackupsDisabled,                      // TF036
    &aws_rds::RdsDeletionProtectionDisabled,           // TF037
    &aws_rds_exposure::RdsSingleAz,                    // TF038
    &aws_rds_exposure::RdsPubliclyAccessible,          // TF039
    &aws_eks::EksSecretsNotEncrypted,                  // TF040
    &aws_eks::EksControlPlaneLogsIncomplete,           // TF041
    &aws_eks::EksPublicEndpointOpen,                   // TF042
    &aws_eks_identity::EksNodesInPublicSubnet,         // TF043
    &aws_eks_identity::EksWithoutPodIdentity,          // TF044
    &aws_eks_identity::EksNodeRoleBroadPolicy,         // TF045
    &network_exposure::AdminPortOpenToInternet,        // TF046
    &network_exposure::DatabasePortOpenToInternet,     // TF047
    &aws_iam::IamPolicyFullAdmin,                      // TF048
    &aws_iam::IamPolicyServiceWildcard,                // TF049
    &aws_iam::IamPolicyAttachedToUser,                 // TF050
    &aws_kms::KmsKeyRotationDisabled,                  // TF051
    &aws_cloudtrail::CloudtrailSingleRegion,           // TF052
    &aws_cloudtrail::CloudtrailLogValidationDisabled,  // TF053
    &aws_cloudtrail::CloudtrailNotKmsEncrypted,        // TF054
    &aws_ebs::EbsVolumeUnencrypted,                    // TF055
    &aws_ebs::EbsEncryptionByDefaultDisabled,          // TF056
    &aws_ebs::InstanceBlockDeviceUnencrypted,          // TF057
    &aws_ecr::EcrMutableImageTags,                     // TF058
    &aws_ecr::EcrScanOnPushDisabled,                   // TF059
    &aws_secrets::LambdaEnvironmentSecret,             // TF060
    &aws_secrets::UserDataSecret,                      // TF061
    &aws_ec2::InstanceMetadataV1Allowed,               // TF062
    &aws_lb::LoadBalancerPlainHttp,                    // TF063
    &literal_credentials::LiteralCredential,           // TF064
    &aws_search::SearchDomainUnencrypted,              // TF065
    &aws_data_stores::DynamodbPitrDisabled,            // TF066
    &aws_data_stores::ElasticacheUnencrypted,          // TF067
    &gcp_gke::GkePrivateNodesDisabled,                 // TF070
    &gcp_gke::GkeControlPlaneOpen,                     // TF071
    &gcp_gke::GkeLegacyAbacEnabled,                    // TF072
    &gcp_gke_hardening::GkeWorkloadIdentityDisabled,   // TF073
    &gcp_gke_hardening::GkeNetworkPolicyDisabled,      // TF074
    &gcp_gke_hardening::GkeReleaseChannelUnset,        // TF075
    &gcp_storage::GcsUniformAccessDisabled,            // TF076
    &gcp_storage::GcsPublicAccessPreventionUnenforced, // TF077
    &gcp_storage::GcpDataPublicToAllUsers,             // TF078
    &gcp_sql::CloudsqlSslNotRequired,                  // TF079
    &gcp_sql::CloudsqlOpenToInternet,                  // TF080
    &gcp_sql::CloudsqlBackupsDisabled,                 // TF081
    &gcp_sql_protection::CloudsqlDeletionProtectionDisabled, // TF082
    &azure_aks::AksRbacDisabled,                       // TF085
    &azure_aks::AksNetworkPolicyMissing,               // TF086
    &azure_aks::AksApiServerUnrestricted,              // TF087
    &azure_aks_accounts::AksLocalAccountsEnabled,      // TF088
    &azure_storage::StorageAccountHttpsNotEnforced,    // TF089
    &azure_storage::StorageAccountOldTls,              // TF090
    &azure_storage::StorageAccountPublicBlobAccess,    // TF091
    &azure_storage_network::StorageAccountNetworkDefaultAllow, // TF092
    &azure_sql::AzureDbPublicNetworkAccess,            // TF093
    &azure_sql::AzureDbSslNotEnforced,                 // TF094
    &azure_sql::AzureDbOldTls,                         // TF095
    &azure_sql_audit::AzureSqlAuditingMissing,         // TF096
    &azure_sql_audit::AzureDbFirewallAllowsAll,        // TF097
    &azure_key_vault::KeyVaultPurgeProtectionDisabled, // TF098
];
