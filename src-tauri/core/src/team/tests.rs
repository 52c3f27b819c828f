use super::*;

const EXAMPLE: &str = r#"version = 1

[account]
alias = "hustle-dev"
home_region = "ap-northeast-2"
require_mfa = true

[password_policy]
minimum_length = 14
require_uppercase = true
require_lowercase = true
require_numbers = true
require_symbols = true
allow_users_to_change = true
max_age_days = 90
reuse_prevention = 24

[billing]
alarm_threshold_usd = 1.0
notify = ["lead@example.com"]
monthly_budget_usd = 20.0
budget_alert_percents = [80, 100]

[groups.backend]
policies = ["AmazonEC2FullAccess", "AmazonRDSFullAccess"]
deny_delete = true

[groups.lead]
policies = ["AdministratorAccess"]

[[members]]
user = "kim.backend"
name = "김백엔드"
email = "kim@example.com"
groups = ["backend"]
console = true
"#;

fn problems(text: &str) -> Vec<Problem> {
    match Team::parse("team.toml", text) {
        Err(Error::InvalidTeam { problems, .. }) => problems,
        other => panic!("expected problems, got {other:?}"),
    }
}

fn one(text: &str) -> Problem {
    let mut all = problems(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[test]
fn the_documented_example_parses() {
    let team = Team::parse("team.toml", EXAMPLE).unwrap();
    assert_eq!(team.account.alias.as_deref(), Some("hustle-dev"));
    assert_eq!(team.members[0].name.as_deref(), Some("김백엔드"));
    assert!(team.members[0].console);
    assert_eq!(
        team.billing.as_ref().unwrap().budget_alert_percents,
        vec![80, 100]
    );
    assert!(team.groups["backend"].deny_delete);
}

#[test]
fn defaults_are_the_strong_ones() {
    let team = Team::parse("t", "version = 1\n").unwrap();
    assert_eq!(team.password_policy, PasswordPolicy::default());
    assert_eq!(team.password_policy.minimum_length, 14);
    assert!(team.account.require_mfa);
    assert_eq!(team.account.home_region, "us-east-1");
}

#[test]
fn starter_team_is_valid_and_round_trips() {
    let team = starter_team(STARTER_SERVICES);
    assert!(validate(&team).is_empty());
    assert_eq!(team.groups.len(), 4);
    assert_eq!(team.groups["backend"].policies.len(), 5);
    assert!(team.groups["backend"].deny_delete);
    // ViewOnlyAccess lists resources; ReadOnlyAccess would also read S3 objects and
    // Lambda environment variables (where teams keep keys).
    assert_eq!(team.groups["pm"].policies, vec!["ViewOnlyAccess"]);
    let again = Team::parse("t", &team.to_toml()).unwrap();
    assert_eq!(again, team);
}

#[test]
fn unknown_key_names_its_line() {
    let text = EXAMPLE.replace("console = true", "console = true\nadmin = true");
    let p = one(&text);
    assert_eq!(p.code, "syntax");
    assert!(p.message.contains("admin"), "{p:?}");
    assert_eq!(p.line, Some(37));
}

#[test]
fn undefined_group_names_line_and_field() {
    let p = one(&EXAMPLE.replace(r#"groups = ["backend"]"#, r#"groups = ["backend", "qa"]"#));
    assert_eq!(p.code, "undefined_group");
    assert_eq!(p.field, "members[0].groups[1]");
    assert_eq!(p.line, Some(35));
    assert!(p.message.contains("\"qa\""));
}

#[test]
fn duplicate_user_ignoring_case() {
    let text = format!("{EXAMPLE}\n[[members]]\nuser = \"Kim.Backend\"\ngroups = [\"lead\"]\n");
    let p = one(&text);
    assert_eq!(p.code, "duplicate_user");
    assert_eq!(p.field, "members[1].user");
    assert_eq!(p.line, Some(39));
}

#[test]
fn more_than_ten_policies() {
    let many: Vec<String> = policies::known_names()
        .take(11)
        .map(|n| format!("\"{n}\""))
        .collect();
    let text = EXAMPLE.replace(
        r#"policies = ["AdministratorAccess"]"#,
        &format!("policies = [{}]", many.join(", ")),
    );
    let p = one(&text.replace("require_mfa = true", "require_mfa = false"));
    assert_eq!(p.code, "too_many_policies");
    assert_eq!(p.field, "groups.lead.policies");
    assert_eq!(p.line, Some(29));
}

fn with_lead_policies(n: usize, require_mfa: bool) -> String {
    let names: Vec<String> = policies::known_names()
        .take(n)
        .map(|n| format!("\"{n}\""))
        .collect();
    EXAMPLE
        .replace(
            r#"policies = ["AdministratorAccess"]"#,
            &format!("policies = [{}]", names.join(", ")),
        )
        .replace(
            "require_mfa = true",
            &format!("require_mfa = {require_mfa}"),
        )
}

#[test]
fn require_mfa_takes_one_of_the_ten_policy_slots() {
    // BaselineRequireMFA is attached to every group: 10 of the team's own would be 11.
    let p = one(&with_lead_policies(10, true));
    assert_eq!(p.code, "too_many_policies_mfa");
    assert_eq!(p.field, "groups.lead.policies");
    assert_eq!(p.params["max"], "9");
    assert_eq!(p.line, Some(29));
    assert!(Team::parse("t", &with_lead_policies(9, true)).is_ok());
    assert!(Team::parse("t", &with_lead_policies(10, false)).is_ok());
}

#[test]
fn amounts_must_be_finite_and_sane() {
    for bad in ["inf", "+inf", "nan", "-nan", "1e300", "1000000.01"] {
        let p = one(&EXAMPLE.replace(
            "alarm_threshold_usd = 1.0",
            &format!("alarm_threshold_usd = {bad}"),
        ));
        assert_eq!(
            (p.code, p.field.as_str()),
            ("threshold", "billing.alarm_threshold_usd"),
            "{bad}"
        );
        assert_eq!(p.params["max"], "1000000");
        let p = one(&EXAMPLE.replace(
            "monthly_budget_usd = 20.0",
            &format!("monthly_budget_usd = {bad}"),
        ));
        assert_eq!((p.code, p.line), ("budget", Some(21)), "{bad}");
    }
    let top = EXAMPLE
        .replace(
            "alarm_threshold_usd = 1.0",
            "alarm_threshold_usd = 1000000.0",
        )
        .replace(
            "monthly_budget_usd = 20.0",
            "monthly_budget_usd = 1000000.0",
        );
    assert!(Team::parse("t", &top).is_ok());
}

#[test]
fn group_names_differing_only_in_case_are_one_iam_group() {
    let text = format!("{EXAMPLE}\n[groups.Backend]\npolicies = [\"ReadOnlyAccess\"]\n");
    let p = one(&text);
    assert_eq!(p.code, "duplicate_group_name");
    assert_eq!(p.field, "groups.backend");
    assert_eq!(p.params["other"], "Backend");
}

#[test]
fn a_member_lists_each_group_once_and_at_most_ten() {
    let p = one(&EXAMPLE.replace(
        r#"groups = ["backend"]"#,
        r#"groups = ["backend", "lead", "backend"]"#,
    ));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("duplicate_group", "members[0].groups[2]", Some(35))
    );
    let mut text = EXAMPLE.to_owned();
    let mut names = Vec::new();
    for i in 0..11 {
        text.push_str(&format!(
            "\n[groups.g{i}]\npolicies = [\"ReadOnlyAccess\"]\n"
        ));
        names.push(format!("\"g{i}\""));
    }
    let text = text.replace(
        r#"groups = ["backend"]"#,
        &format!("groups = [{}]", names.join(", ")),
    );
    let p = one(&text);
    assert_eq!(
        (p.code, p.field.as_str()),
        ("too_many_groups", "members[0].groups")
    );
    assert_eq!(
        (p.params["value"].as_str(), p.params["max"].as_str()),
        ("11", "10")
    );
}

#[test]
fn budget_alert_percents_are_distinct() {
    let p = one(&EXAMPLE.replace("[80, 100]", "[80, 100, 80]"));
    assert_eq!(
        (p.code, p.field.as_str()),
        ("duplicate_percent", "billing.budget_alert_percents[2]")
    );
    assert_eq!(p.line, Some(22));
}

#[test]
fn unknown_managed_policy_but_any_arn() {
    let p = one(&EXAMPLE.replace("AmazonRDSFullAccess", "AmazonRDSFulAccess"));
    assert_eq!(p.code, "unknown_policy");
    assert_eq!(p.field, "groups.backend.policies[1]");
    assert_eq!(p.line, Some(25));
    let arn = EXAMPLE.replace(
        "AmazonRDSFullAccess",
        "arn:aws:iam::aws:policy/AmazonRDSPerformanceInsightsReadOnly",
    );
    assert!(Team::parse("t", &arn).is_ok());
}

#[test]
fn invalid_emails_alias_threshold_and_budget() {
    let p = one(&EXAMPLE.replace("kim@example.com", "kim@example"));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("email", "members[0].email", Some(34))
    );
    let p = one(&EXAMPLE.replace(r#"["lead@example.com"]"#, r#"["lead at example.com"]"#));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("email", "billing.notify[0]", Some(20))
    );
    let p = one(&EXAMPLE.replace("hustle-dev", "Hustle--Dev"));
    assert_eq!((p.code, p.line), ("alias", Some(4)));
    let p = one(&EXAMPLE.replace("alarm_threshold_usd = 1.0", "alarm_threshold_usd = 0.0"));
    assert_eq!((p.code, p.line), ("threshold", Some(19)));
    let p = one(&EXAMPLE.replace("alarm_threshold_usd = 1.0", "alarm_threshold_usd = -5.0"));
    assert_eq!(p.code, "threshold");
    let p = one(&EXAMPLE.replace("monthly_budget_usd = 20.0", "monthly_budget_usd = 0.001"));
    assert_eq!((p.code, p.line), ("budget", Some(21)));
}

#[test]
fn ranges_names_and_version() {
    let p = one(&EXAMPLE.replace("minimum_length = 14", "minimum_length = 6"));
    assert_eq!(
        (p.code, p.field.as_str(), p.line),
        ("range", "password_policy.minimum_length", Some(9))
    );
    let p = one(&EXAMPLE.replace("reuse_prevention = 24", "reuse_prevention = 25"));
    assert_eq!(p.code, "range");
    let p = one(&EXAMPLE.replace("user = \"kim.backend\"", "user = \"kim backend\""));
    assert_eq!((p.code, p.line), ("user_name", Some(32)));
    let p = one(&EXAMPLE.replace("version = 1", "version = 2"));
    assert_eq!((p.code, p.line), ("version", Some(1)));
    let p = one(&EXAMPLE.replace("[groups.lead]", "[groups.\"lead team\"]"));
    assert_eq!(p.code, "group_name");
}

#[test]
fn type_errors_and_bad_syntax_name_the_line() {
    let p = one(&EXAMPLE.replace("console = true", "console = \"yes\""));
    assert_eq!((p.code, p.line), ("syntax", Some(36)));
    let p = one("version = 1\n[account\nalias = \"x\"\n");
    assert_eq!((p.code, p.line), ("syntax", Some(2)));
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = EXAMPLE
        .replace("kim@example.com", "nope")
        .replace("hustle-dev", "-bad-")
        .replace(r#"groups = ["backend"]"#, r#"groups = ["ops"]"#);
    assert_eq!(problems(&text).len(), 3);
}

#[test]
fn saving_an_invalid_team_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.toml");
    std::fs::write(&path, EXAMPLE).unwrap();
    let mut team = Team::load(&path).unwrap();
    team.members[0].email = Some("not-an-email".into());
    let err = team.save(&path).unwrap_err();
    assert_eq!(err.code(), "invalid_team");
    assert_eq!(err.exit_status(), 2);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    team.members[0].email = Some("kim@example.org".into());
    team.save(&path).unwrap();
    assert_eq!(Team::load(&path).unwrap(), team);
}

#[test]
fn email_rules() {
    for ok in [
        "a@b.co",
        "kim.backend+aws@example.com",
        "x_y@sub.example.kr",
    ] {
        assert!(validate::valid_email(ok), "{ok}");
    }
    for bad in [
        "",
        "a",
        "a@b",
        "@b.com",
        "a@.com",
        "a b@c.com",
        "a@b..com",
        "a@-b.com",
        "a@b.c",
    ] {
        assert!(!validate::valid_email(bad), "{bad}");
    }
}
