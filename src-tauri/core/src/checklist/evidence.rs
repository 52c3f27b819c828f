//! Which fact decided a checklist item: a typed source the UI words (`evidence.<code>`);
//! the command line prints its English name (the API call or record it comes from).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    AccountSummary,
    CredentialReport,
    AuthorizationDetails,
    PasswordPolicy,
    AccountAliases,
    BillingPreferences,
    CloudwatchAlarms,
    SnsSubscriptions,
    Budgets,
    ConfirmedByYou,
    BaselineRecord,
    CredentialReportKeychain,
    Ec2Instances,
    Ec2Volumes,
    SecurityGroups,
    ElasticIps,
    Keychain,
    RdsInstances,
    HostedZones,
    RecordSets,
    DnsLookup,
}

impl Evidence {
    pub const ALL: &'static [Evidence] = &[
        Self::AccountSummary,
        Self::CredentialReport,
        Self::AuthorizationDetails,
        Self::PasswordPolicy,
        Self::AccountAliases,
        Self::BillingPreferences,
        Self::CloudwatchAlarms,
        Self::SnsSubscriptions,
        Self::Budgets,
        Self::ConfirmedByYou,
        Self::BaselineRecord,
        Self::CredentialReportKeychain,
        Self::Ec2Instances,
        Self::Ec2Volumes,
        Self::SecurityGroups,
        Self::ElasticIps,
        Self::Keychain,
        Self::RdsInstances,
        Self::HostedZones,
        Self::RecordSets,
        Self::DnsLookup,
    ];

    /// The source in English, as `baseline status` prints it.
    pub fn english(self) -> &'static str {
        match self {
            Self::AccountSummary => "account summary",
            Self::CredentialReport => "credential report",
            Self::AuthorizationDetails => "authorization details",
            Self::PasswordPolicy => "password policy",
            Self::AccountAliases => "account aliases",
            Self::BillingPreferences => "billing preferences",
            Self::CloudwatchAlarms => "CloudWatch alarms",
            Self::SnsSubscriptions => "SNS subscriptions",
            Self::Budgets => "AWS Budgets",
            Self::ConfirmedByYou => "confirmed by you",
            Self::BaselineRecord => "Baseline's record",
            Self::CredentialReportKeychain => "credential report + keychain",
            Self::Ec2Instances => "ec2:DescribeInstances",
            Self::Ec2Volumes => "ec2:DescribeVolumes",
            Self::SecurityGroups => "ec2:DescribeSecurityGroups",
            Self::ElasticIps => "ec2:DescribeAddresses",
            Self::Keychain => "keychain",
            Self::RdsInstances => "rds:DescribeDBInstances",
            Self::HostedZones => "route53:ListHostedZonesByName",
            Self::RecordSets => "route53:ListResourceRecordSets",
            Self::DnsLookup => "DNS NS lookup",
        }
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.english())
    }
}
