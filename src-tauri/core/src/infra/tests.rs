//! What moto cannot show, with SDK-level fakes: a security group still in use
//! (`DependencyViolation`), RDS's creating/backing-up states, a zone made by a run that
//! stopped before tagging it, RDS password rules.

use super::ops::{self, rds::password_options, Job, Op};
use super::Clients;
use crate::aws::outcome::Outcome;
use crate::team::infra::{Database, Engine, PasswordMode};
use aws_sdk_ec2::error::ErrorMetadata as Ec2Meta;
use aws_sdk_ec2::operation::delete_security_group::{
    DeleteSecurityGroupError, DeleteSecurityGroupOutput,
};
use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput;
use aws_sdk_ec2::types::SecurityGroup;
use aws_sdk_rds::operation::create_db_instance::CreateDbInstanceOutput;
use aws_sdk_rds::operation::describe_db_instances::{
    DescribeDBInstancesError, DescribeDbInstancesOutput,
};
use aws_sdk_rds::types::error::DbInstanceNotFoundFault;
use aws_sdk_rds::types::{DbInstance, Tag};
use aws_sdk_route53::operation::change_tags_for_resource::ChangeTagsForResourceOutput;
use aws_sdk_route53::operation::get_hosted_zone::GetHostedZoneOutput;
use aws_sdk_route53::operation::list_hosted_zones_by_name::ListHostedZonesByNameOutput;
use aws_sdk_route53::operation::list_resource_record_sets::ListResourceRecordSetsOutput;
use aws_sdk_route53::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_route53::types::{DelegationSet, HostedZone};
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn ec2(rules: &[&Rule]) -> aws_sdk_ec2::Client {
    mock_client!(aws_sdk_ec2, RuleMode::MatchAny, rules)
}
fn rds(rules: &[&Rule]) -> aws_sdk_rds::Client {
    mock_client!(aws_sdk_rds, RuleMode::MatchAny, rules)
}
fn route53(rules: &[&Rule]) -> aws_sdk_route53::Client {
    mock_client!(aws_sdk_route53, RuleMode::MatchAny, rules)
}

fn job(op: Op) -> Job {
    Job {
        stack: "hustle".into(),
        region: "ap-northeast-2".into(),
        op,
    }
}

type Reports = Arc<Mutex<Vec<String>>>;

fn recorder() -> (Reports, impl Fn(&str, Duration) + Send + Sync) {
    let seen: Reports = Arc::default();
    let s = seen.clone();
    (seen, move |state: &str, _| {
        s.lock().unwrap().push(state.to_owned())
    })
}

#[tokio::test(start_paused = true)]
async fn a_group_still_in_use_is_deleted_once_aws_lets_go() {
    let describe = mock!(aws_sdk_ec2::Client::describe_security_groups).then_output(|| {
        DescribeSecurityGroupsOutput::builder()
            .security_groups(
                SecurityGroup::builder()
                    .group_id("sg-1")
                    .group_name("baseline-hustle-server")
                    .build(),
            )
            .build()
    });
    let delete = mock!(aws_sdk_ec2::Client::delete_security_group)
        .sequence()
        .error(|| {
            DeleteSecurityGroupError::generic(
                Ec2Meta::builder()
                    .code("DependencyViolation")
                    .message("resource sg-1 has a dependent object")
                    .build(),
            )
        })
        .times(3)
        .output(|| DeleteSecurityGroupOutput::builder().build())
        .build();
    let c = Clients::from_parts(ec2(&[&describe, &delete]), rds(&[]), route53(&[]));
    let (seen, report) = recorder();
    let out = ops::run(
        &c,
        &job(Op::DeleteSg {
            role: super::role::SERVER_SG,
        }),
        &report,
    )
    .await
    .unwrap();
    assert_eq!(out, Outcome::Done);
    assert_eq!(delete.num_calls(), 4, "three refusals, then deleted");
    assert_eq!(seen.lock().unwrap().len(), 3, "each wait is reported");
}

fn db(status: &str) -> DbInstance {
    DbInstance::builder()
        .db_instance_identifier("baseline-hustle-db")
        .db_instance_status(status)
        .tag_list(Tag::builder().key("baseline:stack").value("hustle").build())
        .build()
}

#[tokio::test(start_paused = true)]
async fn creating_a_database_reports_its_states_until_available() {
    let describe = mock!(aws_sdk_rds::Client::describe_db_instances)
        .sequence()
        .error(|| {
            DescribeDBInstancesError::DbInstanceNotFoundFault(
                DbInstanceNotFoundFault::builder()
                    .meta(
                        aws_sdk_rds::error::ErrorMetadata::builder()
                            .code("DBInstanceNotFound")
                            .build(),
                    )
                    .build(),
            )
        })
        .output(|| {
            DescribeDbInstancesOutput::builder()
                .db_instances(db("creating"))
                .build()
        })
        .output(|| {
            DescribeDbInstancesOutput::builder()
                .db_instances(db("backing-up"))
                .build()
        })
        .output(|| {
            DescribeDbInstancesOutput::builder()
                .db_instances(db("available"))
                .build()
        })
        .build();
    let create = mock!(aws_sdk_rds::Client::create_db_instance)
        .then_output(|| CreateDbInstanceOutput::builder().build());
    let groups = mock!(aws_sdk_ec2::Client::describe_security_groups).then_output(|| {
        DescribeSecurityGroupsOutput::builder()
            .security_groups(SecurityGroup::builder().group_id("sg-db").build())
            .build()
    });
    let c = Clients::from_parts(ec2(&[&groups]), rds(&[&describe, &create]), route53(&[]));
    let (seen, report) = recorder();
    let database = Database {
        engine: Engine::Postgres,
        version: None,
        instance_class: "db.t4g.micro".into(),
        storage_gb: 20,
        backup_days: 7,
        final_snapshot: true,
        password: PasswordMode::AwsManaged,
    };
    let out = ops::run(
        &c,
        &job(Op::CreateDatabase {
            db: database,
            protect: true,
        }),
        &report,
    )
    .await
    .unwrap();
    assert_eq!(out, Outcome::Done);
    assert_eq!(create.num_calls(), 1);
    assert_eq!(
        *seen.lock().unwrap(),
        ["creating", "backing-up", "available"]
    );
}

#[tokio::test]
async fn a_zone_made_before_a_crash_is_found_by_its_reference_and_tagged_not_made_again() {
    let zones = mock!(aws_sdk_route53::Client::list_hosted_zones_by_name).then_output(|| {
        ListHostedZonesByNameOutput::builder()
            .hosted_zones(
                HostedZone::builder()
                    .id("/hostedzone/Z1")
                    .name("hustle.example.")
                    .caller_reference("baseline:hustle:20261201T101010.000")
                    .build()
                    .unwrap(),
            )
            .is_truncated(false)
            .max_items(100)
            .build()
            .unwrap()
    });
    let tags = mock!(aws_sdk_route53::Client::list_tags_for_resource)
        .then_output(|| ListTagsForResourceOutput::builder().build());
    let get = mock!(aws_sdk_route53::Client::get_hosted_zone).then_output(|| {
        GetHostedZoneOutput::builder()
            .delegation_set(
                DelegationSet::builder()
                    .name_servers("ns-1.awsdns-01.org.")
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let records = mock!(aws_sdk_route53::Client::list_resource_record_sets).then_output(|| {
        ListResourceRecordSetsOutput::builder()
            .set_resource_record_sets(Some(vec![]))
            .is_truncated(false)
            .max_items(100)
            .build()
            .unwrap()
    });
    let tag = mock!(aws_sdk_route53::Client::change_tags_for_resource)
        .then_output(|| ChangeTagsForResourceOutput::builder().build());
    let create = mock!(aws_sdk_route53::Client::create_hosted_zone).then_error(|| {
        aws_sdk_route53::operation::create_hosted_zone::CreateHostedZoneError::generic(
            aws_sdk_route53::error::ErrorMetadata::builder()
                .code("NotExpected")
                .build(),
        )
    });
    let c = Clients::from_parts(
        ec2(&[]),
        rds(&[]),
        route53(&[&zones, &tags, &get, &records, &tag, &create]),
    );
    let (_, report) = recorder();
    let out = ops::run(
        &c,
        &job(Op::Zone {
            domain: "hustle.example".into(),
            adopt: None,
        }),
        &report,
    )
    .await
    .unwrap();
    assert_eq!(out, Outcome::AlreadyDone);
    assert_eq!(tag.num_calls(), 1, "tagged as the stack's");
    assert_eq!(create.num_calls(), 0, "no second zone");
}

#[test]
fn database_passwords_follow_rds_rules() {
    for _ in 0..50 {
        let p = crate::password::generate_with(&password_options()).unwrap();
        let p = p.expose();
        assert!((8..=41).contains(&p.len()));
        assert!(p.chars().all(|c| c.is_ascii_alphanumeric()), "{p}");
    }
}
