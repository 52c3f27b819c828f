//! The scheduler behind an SDK-level fake of IAM: a failed change skips exactly what
//! depends on it (with the typed reason), independent changes still run, and a change
//! found already made counts as done.

use super::*;
use crate::plan::{Draft, Kind};
use aws_sdk_iam::error::ErrorMetadata;
use aws_sdk_iam::operation::create_group::{CreateGroupError, CreateGroupOutput};
use aws_sdk_iam::types::error::EntityAlreadyExistsException;
use aws_sdk_iam::types::Group;
use aws_sdk_iam::Client;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use std::sync::Mutex;

fn group(name: &str) -> Group {
    Group::builder()
        .path("/")
        .group_name(name)
        .group_id("AGPA")
        .arn(format!("arn:aws:iam::123456789012:group/{name}"))
        .create_date(aws_smithy_types::DateTime::from_secs(0))
        .build()
        .unwrap()
}

fn plan() -> Plan {
    let mut d = Draft::new("account");
    for name in ["backend", "pm", "lead"] {
        d.change(format!("group:{name}"), Action::Create, Kind::Group, name)
            .owner(name)
            .title(format!("create the group {name}"))
            .op(Op::CreateGroup { group: name.into() });
    }
    let policy = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    let c = d
        .change(
            "group:backend/policy:ReadOnlyAccess",
            Action::Create,
            Kind::GroupPolicy,
            "ReadOnlyAccess",
        )
        .owner("backend")
        .title("attach ReadOnlyAccess to backend")
        .op(Op::AttachGroupPolicy {
            group: "backend".into(),
            arn: policy.into(),
        });
    c.deps = vec!["group:backend".into()];
    let mut plan = Plan {
        account_id: "123456789012".into(),
        changes: d.changes,
        unchanged: vec![],
        orphans: vec![],
        notes: vec![],
        summary: Default::default(),
        estimate: None,
    };
    crate::plan::seal(&mut plan);
    plan
}

#[tokio::test]
async fn a_failed_change_skips_only_what_depends_on_it() {
    // backend: refused; pm: made; lead: already there (made by an earlier, killed run).
    let refused = mock!(Client::create_group)
        .match_requests(|r| r.group_name() == Some("backend"))
        .then_error(|| {
            CreateGroupError::generic(
                ErrorMetadata::builder()
                    .code("ServiceFailure")
                    .message("Request processing has failed.")
                    .build(),
            )
        });
    let made = mock!(Client::create_group)
        .match_requests(|r| r.group_name() == Some("pm"))
        .then_output(|| CreateGroupOutput::builder().group(group("pm")).build());
    let there = mock!(Client::create_group)
        .match_requests(|r| r.group_name() == Some("lead"))
        .then_error(|| {
            CreateGroupError::EntityAlreadyExistsException(
                EntityAlreadyExistsException::builder()
                    .message("Group with name lead already exists.")
                    .meta(
                        ErrorMetadata::builder()
                            .code("EntityAlreadyExists")
                            .message("Group with name lead already exists.")
                            .build(),
                    )
                    .build(),
            )
        });
    let attach = mock!(Client::attach_group_policy).then_output(|| {
        aws_sdk_iam::operation::attach_group_policy::AttachGroupPolicyOutput::builder().build()
    });
    let iam = mock_client!(
        aws_sdk_iam,
        RuleMode::MatchAny,
        [&refused, &made, &there, &attach]
    );
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    let conn = Connection::from_config(config).with_iam(iam);
    let home = tempfile::tempdir().unwrap();
    let journal = Journal::open(home.path()).unwrap();
    let seen = Mutex::new(Vec::new());
    let progress = |s: &Step| seen.lock().unwrap().push((s.id.clone(), s.state));
    let report = apply(&conn, &plan(), &journal, &[], &progress)
        .await
        .unwrap();

    let state = |id: &str| {
        report
            .steps
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id} in {:?}", report.steps))
    };
    let backend = state("group:backend");
    assert_eq!(backend.state, StepState::Failed);
    assert_eq!(
        backend.error.as_ref().unwrap()["params"]["aws_code"],
        "ServiceFailure"
    );
    let policy = state("group:backend/policy:ReadOnlyAccess");
    assert_eq!(policy.state, StepState::Skipped);
    assert_eq!(
        policy.note,
        Some(StepNote::SkippedBecause {
            change: "group:backend".into()
        })
    );
    assert_eq!(state("group:pm").state, StepState::Done);
    assert_eq!(state("group:lead").state, StepState::Done);
    assert_eq!(state("group:lead").note, Some(StepNote::AlreadyInPlace));
    assert_eq!((report.done, report.failed, report.skipped), (2, 1, 1));
    assert_eq!(
        attach.num_calls(),
        0,
        "nothing runs after what it depends on failed"
    );
    // Each step was reported running before it ended.
    let seen = seen.lock().unwrap();
    assert!(seen.contains(&("group:pm".into(), StepState::Running)));
    // The journal holds one line per change that ran, with its outcome.
    let text = std::fs::read_to_string(home.path().join("journal.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        text.contains(r#""change":"group:backend""#) && text.contains(r#""outcome":"failed""#),
        "{text}"
    );
    assert!(text.contains(r#""outcome":"already_done""#), "{text}");
}
