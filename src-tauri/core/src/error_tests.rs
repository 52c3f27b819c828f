use super::*;

#[test]
fn serialises_code_message_hint_and_params() {
    let err = Error::SsoExpired {
        profile: "team".into(),
        detail: "token expired".into(),
    };
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "sso_expired");
    assert!(json["message"].as_str().unwrap().contains("\"team\""));
    assert_eq!(
        json["hint"],
        "Sign in again with `aws sso login --profile team`, then connect again."
    );
    assert_eq!(json["params"]["profile"], "team");
}

#[test]
fn invalid_input_exits_with_two_and_aws_errors_with_one() {
    let bad = Error::invalid("region", "not a region");
    assert_eq!(bad.exit_status(), 2);
    assert!(bad.params().get("reason").is_none());
    let root = Error::invalid_because("access_key_id", InputReason::RootKey, "a root key");
    assert_eq!(root.exit_status(), 2);
    assert_eq!(root.params()["field"], "access_key_id");
    assert_eq!(root.params()["reason"], "root_key");
    let denied = Error::AccessDenied {
        operation: "iam:ListAccountAliases".into(),
        aws_code: "AccessDenied".into(),
        message: "no".into(),
    };
    assert_eq!(denied.exit_status(), 1);
    assert!(denied.hint().unwrap().contains("iam:ListAccountAliases"));
}
