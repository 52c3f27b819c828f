//! The real window: tauri-driver + WebKitWebDriver under Xvfb, against moto.
//! Screenshots go to target/screenshots/.

use crate::support::window::{
    click, open_app, screenshot, start_driver, start_driver_with, text_of, type_into,
    wait_app_gone, wait_for, wait_text,
};
use crate::support::Moto;
use fantoccini::{Client, Locator};
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

/// Connect on the Connect screen and wait for the account to show.
async fn connect(client: &Client, account: &str) {
    click(client, "#connect-button").await;
    wait_text(client, "#account-id", account).await;
}

/// Apply a team file from the command line, as set-up before the window opens.
fn apply_cli(home: &std::path::Path, env: &[(String, String)], team: &std::path::Path) {
    let out = crate::support::baseline(home, env)
        .args(["apply", "--yes", "--team"])
        .arg(team)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn window_connects_to_the_emulator_and_speaks_korean() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let driver = start_driver(&moto.endpoint, home.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = open_app(&driver).await;
        assert_eq!(client.title().await.unwrap(), "Baseline");
        let (_, _, width, height) = client.get_window_rect().await.unwrap();
        assert!(
            (1100..=1300).contains(&width) && (700..=900).contains(&height),
            "{width}x{height}"
        );

        // English from the OS locale; the Sandbox badge shows before connecting.
        wait_text(&client, "#nav-connect", "Connect").await;
        assert_eq!(text_of(&client, "#sandbox-badge").await, "Sandbox");
        let profile = text_of(&client, "label[for=profile-team-admin]").await;
        assert!(profile.contains("team-admin"), "{profile}");
        screenshot(&client, "connect-en.png").await;

        connect(&client, "123456789012").await;
        assert_eq!(
            text_of(&client, "#sign-in-url").await,
            "https://123456789012.signin.aws.amazon.com/console"
        );
        assert_eq!(text_of(&client, "#chip-id").await, "123456789012");
        screenshot(&client, "connected-en.png").await;

        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;
        wait_text(&client, "#identity h2", "연결됨").await;
        assert_eq!(text_of(&client, "#sandbox-badge").await, "샌드박스");
        assert_eq!(text_of(&client, "#account-id").await, "123456789012");
        screenshot(&client, "connected-ko.png").await;

        client.set_window_size(1024, 700).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        screenshot(&client, "connected-ko-1024x700.png").await;
        client.close().await.unwrap();
        wait_app_gone(&home.path().join("baseline")).await;

        // The choice is remembered: a new window opens in Korean despite the English locale.
        let client = open_app(&driver).await;
        wait_text(&client, "#nav-connect", "연결").await;
        screenshot(&client, "connect-ko.png").await;
        client.close().await.unwrap();
    });
}

fn window_shows_a_translated_error_when_aws_is_unreachable() {
    let moto = Moto::start();
    let home = tempfile::tempdir().unwrap();
    let driver = start_driver(&moto.endpoint, home.path());
    drop(moto); // the emulator goes away: connecting must fail clearly, not hang
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = open_app(&driver).await;
        wait_text(&client, "#nav-connect", "Connect").await;
        click(&client, "#connect-button").await;
        let title = text_of(&client, "#connect-error strong").await;
        assert!(
            title.starts_with("Cannot reach AWS at http://127.0.0.1:"),
            "{title}"
        );
        let panel = text_of(&client, "#connect-error").await;
        assert!(panel.contains("scripts/sandbox"), "{panel}");
        screenshot(&client, "error-unreachable-en.png").await;
        client.close().await.unwrap();
    });
}

fn window_walks_new_team_plan_and_apply() {
    crate::support::require_keychain();
    let account = crate::support::unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let driver = start_driver(&moto.endpoint, home.path());
    let key = baseline_core::vault::key(
        &account,
        baseline_core::vault::Kind::ConsolePassword,
        "kim.backend",
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = open_app(&driver).await;
        connect(&client, &account).await;

        click(&client, "#nav-team").await;
        click(&client, "#new-team-button").await;
        type_into(&client, "#team-alias", "hustle-dev").await;
        click(&client, "#add-member-button").await;
        type_into(&client, "#member-0-user", "kim.backend").await;
        type_into(&client, "#member-0-name", "김백엔드").await;
        click(&client, "#member-0-group-backend").await;
        // Invalid input is shown inline and blocks saving.
        type_into(&client, "#member-0-email", "kim@").await;
        wait_for(&client, "#member-0-email[aria-invalid=true]").await;
        screenshot(&client, "team-invalid-en.png").await;
        type_into(&client, "#member-0-email", "example.com").await;
        wait_for(&client, "#team-status[data-state=dirty]").await;
        click(&client, "#save-team-button").await;
        wait_for(&client, "#team-status[data-state=saved]").await;
        screenshot(&client, "team-en.png").await;

        // An edit after saving can be thrown away: the saved team comes back.
        assert!(
            client
                .find(Locator::Css("#discard-team-button[hidden]"))
                .await
                .is_ok(),
            "no Discard while nothing is unsaved"
        );
        type_into(&client, "#team-alias", "-typo").await;
        wait_for(&client, "#team-status[data-state=dirty]").await;
        wait_text(&client, "#discard-team-button", "Discard changes").await;
        screenshot(&client, "team-discard-en.png").await;
        click(&client, "#discard-team-button").await;
        wait_for(&client, "#team-status[data-state=saved]").await;
        let alias = client
            .find(Locator::Css("#team-alias"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(alias.as_deref(), Some("hustle-dev"));

        // Saved: the plan is the next step, one click away.
        click(&client, "#team-next-plan").await;
        wait_for(&client, "#plan-summary").await;
        let summary = text_of(&client, "#plan-summary").await;
        assert!(summary.contains("to create"), "{summary}");
        wait_for(&client, "li[data-change-id='user:kim.backend/console']").await;
        screenshot(&client, "plan-en.png").await;

        click(&client, "#apply-button").await;
        wait_for(&client, "#apply-result[data-state=done]").await;
        wait_for(
            &client,
            "li[data-change-id='user:kim.backend/console'][data-state=done]",
        )
        .await;
        screenshot(&client, "apply-en.png").await;

        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;
        // After a good apply the walk goes on: the next step is one click away.
        wait_text(
            &client,
            "#apply-next-secrets",
            "접근 정보 전달(비밀 정보) →",
        )
        .await;
        screenshot(&client, "apply-ko.png").await;
        click(&client, "#replan-button").await;
        wait_for(&client, "#plan-in-sync").await;
        screenshot(&client, "plan-in-sync-ko.png").await;
        click(&client, "#nav-team").await;
        wait_for(&client, "#team-alias").await;
        screenshot(&client, "team-ko.png").await;
        type_into(&client, "#team-alias", "x").await;
        wait_text(&client, "#discard-team-button", "변경 취소").await;
        screenshot(&client, "team-discard-ko.png").await;
        click(&client, "#discard-team-button").await;
        wait_for(&client, "#team-status[data-state=saved]").await;
        client.close().await.unwrap();
    });
    // What the screen said happened, checked independently.
    rt.block_on(async {
        let iam = aws_sdk_iam::Client::new(&crate::support::sdk_config(&moto.endpoint).await);
        let groups = iam
            .list_groups_for_user()
            .user_name("kim.backend")
            .send()
            .await
            .unwrap();
        assert_eq!(groups.groups()[0].group_name(), "backend");
        assert!(iam
            .get_login_profile()
            .user_name("kim.backend")
            .send()
            .await
            .is_ok());
        let aliases = iam.list_account_aliases().send().await.unwrap();
        assert_eq!(aliases.account_aliases(), ["hustle-dev"]);
    });
    assert!(
        baseline_core::vault::read(&key).unwrap().is_some(),
        "password in the keychain"
    );
    baseline_core::vault::delete(&key).unwrap();
}

fn a_hanging_connect_can_be_cancelled_and_the_window_stays_responsive() {
    // An endpoint that accepts connections and never answers.
    let blackhole = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", blackhole.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in blackhole.incoming().flatten() {
            held.push(conn);
        }
    });
    let home = tempfile::tempdir().unwrap();
    let driver = start_driver(&endpoint, home.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = open_app(&driver).await;
        wait_text(&client, "#nav-connect", "Connect").await;
        click(&client, "#connect-button").await;
        wait_text(&client, "#cancel-button", "Cancel").await;
        screenshot(&client, "connecting-en.png").await;
        // The window still answers while the call hangs: switch language and back.
        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;
        click(&client, "#lang-en").await;
        click(&client, "#cancel-button").await;
        wait_text(&client, "#connect-button", "Connect").await;
        assert!(
            client.find(Locator::Css("#connect-error")).await.is_err(),
            "cancel is not an error"
        );
        assert!(client.find(Locator::Css("#identity")).await.is_err());
        client.close().await.unwrap();
    });
}

fn billing_screen_shows_the_alarm_over_the_limit_and_the_chart() {
    let moto = Moto::start();
    let cloudwatch = crate::support::Ministack::start();
    let home = tempfile::tempdir().unwrap();
    let extra = vec![(
        "AWS_ENDPOINT_URL_CLOUDWATCH".to_owned(),
        cloudwatch.endpoint.clone(),
    )];
    // The guard exists (applied from the command line) and AWS reports $12.50 against $1.
    let app_home = home.path().join("baseline");
    std::fs::create_dir_all(&app_home).unwrap();
    let team = crate::support::starter_team(
        &app_home,
        None,
        "
[billing]
alarm_threshold_usd = 1.0
notify = [\"lead@example.com\"]
monthly_budget_usd = 20.0
",
    );
    let mut env = crate::support::aws_env(&moto.endpoint);
    env.extend(extra.clone());
    apply_cli(&app_home, &env, &team);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(crate::support::put_estimated_charges(
        &cloudwatch.endpoint,
        12.5,
    ));
    let driver = start_driver_with(&moto.endpoint, home.path(), &extra);
    rt.block_on(async {
        let client = open_app(&driver).await;
        connect(&client, "123456789012").await;
        click(&client, "#nav-billing").await;
        wait_for(&client, "#billing-state").await;
        // CloudWatch evaluates the alarm on its own schedule: refresh until it has.
        let mut over = false;
        for _ in 0..40 {
            if client.find(Locator::Css("#billing-alarm[data-words=over_limit]")).await.is_ok() {
                over = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(750)).await;
            click(&client, "#billing-refresh").await;
        }
        assert!(over, "the Billing screen never showed the alarm over the limit");
        wait_for(&client, "#billing-chart circle.chart-point").await;
        // The settings were checked by the validator and match the saved file.
        wait_for(&client, "#billing-save-status[data-state=saved]").await;
        wait_for(&client, "li[data-email='lead@example.com'][data-state=done]").await;
        client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
        screenshot(&client, "billing-en.png").await;
        client
            .execute(
                "const m = document.getElementById('screen'); \
                 const c = document.getElementById('billing-chart'); \
                 m.scrollTop += c.getBoundingClientRect().top - m.getBoundingClientRect().top - 16;",
                vec![],
            )
            .await
            .unwrap();
        screenshot(&client, "billing-chart-en.png").await;
        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;
        wait_for(&client, "#billing-alarm[data-words=over_limit]").await;
        client.execute("window.scrollTo(0, 0)", vec![]).await.unwrap();
        screenshot(&client, "billing-ko.png").await;
        client.close().await.unwrap();
    });
}

/// The clipboard of the app's display, read with xclip (empty when nothing is owned).
fn clipboard(display: &str) -> String {
    let out = Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .env("DISPLAY", display)
        .output()
        .expect("xclip (package xclip)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn secrets_reveal_copy_clears_and_the_handoff_sheet_prints_in_both_languages() {
    crate::support::require_keychain();
    let account = crate::support::unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let app_home = home.path().join("baseline");
    std::fs::create_dir_all(&app_home).unwrap();
    let team = crate::support::starter_team(&app_home, Some("hustle-dev"), crate::support::KIM);
    apply_cli(&app_home, &crate::support::aws_env(&moto.endpoint), &team);
    let key = baseline_core::vault::key(
        &account,
        baseline_core::vault::Kind::ConsolePassword,
        "kim.backend",
    );
    let password = baseline_core::vault::read(&key)
        .unwrap()
        .unwrap()
        .expose()
        .to_owned();
    let extra = vec![("BASELINE_CLIPBOARD_SECONDS".to_owned(), "3".to_owned())];
    let driver = start_driver_with(&moto.endpoint, home.path(), &extra);
    let row = format!("#secret-list li[data-key='{key}']");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = open_app(&driver).await;
        connect(&client, &account).await;
        click(&client, "#nav-secrets").await;
        wait_for(&client, &row).await;
        let masked = text_of(&client, &format!("{row} .secret-value")).await;
        assert!(!masked.contains(&password), "masked until revealed");
        screenshot(&client, "secrets-en.png").await;

        click(&client, &format!("{row} button[data-action=reveal]")).await;
        wait_text(&client, &format!("{row} .secret-value"), &password).await;
        click(&client, &format!("{row} button[data-action=reveal]")).await;

        click(&client, &format!("{row} button[data-action=copy]")).await;
        let mut copied = String::new();
        for _ in 0..20 {
            copied = clipboard(&driver.display);
            if copied == password {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(copied, password, "the password is on the clipboard");
        let mut cleared = false;
        for _ in 0..80 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if clipboard(&driver.display) != password {
                cleared = true;
                break;
            }
        }
        assert!(
            cleared,
            "the clipboard is cleared after the configured seconds"
        );

        click(&client, &format!("{row} button[data-action=handoff]")).await;
        wait_for(&client, "#handoff").await;
        client
            .find(Locator::Css("#handoff-lang"))
            .await
            .unwrap()
            .select_by_value("ko")
            .await
            .unwrap();
        click(&client, "#handoff-sheet-button").await;
        wait_text(&client, "#handoff-password", &password).await;
        wait_for(&client, "#handoff-qr").await;
        let steps = text_of(&client, "#handoff-steps").await;
        assert!(steps.contains("MFA 디바이스 할당"), "{steps}");
        screenshot(&client, "handoff-sheet-ko.png").await;
        click(&client, "#close-sheet-button").await;
        wait_for(&client, "#handoff-lang").await;
        client
            .find(Locator::Css("#handoff-lang"))
            .await
            .unwrap()
            .select_by_value("en")
            .await
            .unwrap();
        click(&client, "#handoff-sheet-button").await;
        wait_text(&client, "#handoff-password", &password).await;
        let steps = text_of(&client, "#handoff-steps").await;
        assert!(steps.contains("Assign MFA device"), "{steps}");
        screenshot(&client, "handoff-sheet-en.png").await;
        client.close().await.unwrap();
    });
    baseline_core::vault::delete(&key).unwrap();
}

fn a_member_enrols_mfa_from_the_qr_seed_and_their_checklist_turns_green() {
    crate::support::require_keychain();
    let account = crate::support::unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let app_home = home.path().join("baseline");
    std::fs::create_dir_all(&app_home).unwrap();
    let team = crate::support::starter_team(&app_home, Some("hustle-dev"), crate::support::KIM);
    apply_cli(&app_home, &crate::support::aws_env(&moto.endpoint), &team);
    let driver = start_driver(&moto.endpoint, home.path());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let client = open_app(&driver).await;
        connect(&client, &account).await;
        click(&client, "#nav-account").await;
        wait_for(&client, "#account-checklist li.cl-row[data-check=root_mfa]").await;
        screenshot(&client, "account-en.png").await;
        // Reading again: a visible loading state, and nothing of the last answer meanwhile.
        let during = client
            .execute(
                "document.getElementById('account-refresh').click(); \
                 return [document.querySelector('#account-loading[data-again=true]') !== null, \
                         document.querySelectorAll('#account-checklist li.cl-row').length];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(during, serde_json::json!([true, 0]), "while reading again");
        screenshot(&client, "account-reloading-en.png").await;
        wait_for(&client, "#account-checklist li.cl-row[data-check=root_mfa]").await;
        click(&client, "#nav-members").await;
        wait_for(
            &client,
            "#members-table tr[data-user='kim.backend'] td[data-check=mfa][data-state=todo]",
        )
        .await;
        screenshot(&client, "members-en.png").await;
        let during = client
            .execute(
                "document.getElementById('members-refresh').click(); \
                 return [document.querySelector('#members-loading[data-again=true]') !== null, \
                         document.querySelectorAll('#members-table tr[data-user]').length];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(during, serde_json::json!([true, 0]), "while reading again");
        wait_for(&client, "#members-table tr[data-user='kim.backend']").await;
        click(
            &client,
            "tr[data-user='kim.backend'] button[data-action=open]",
        )
        .await;
        wait_for(&client, "#member-page").await;
        click(&client, "#enrol-mfa-button").await;
        wait_for(&client, "#mfa-dialog[data-state=ready]").await;
        wait_for(&client, "#mfa-qr").await;
        // The member's phone: an authenticator computing codes from the seed shown.
        let seed: String = text_of(&client, "#mfa-seed")
            .await
            .split_whitespace()
            .collect();
        screenshot(&client, "mfa-dialog-en.png").await;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let first = baseline_core::mfa::code_at(&seed, now - baseline_core::mfa::STEP).unwrap();
        let second = baseline_core::mfa::code_at(&seed, now).unwrap();
        // A typo is caught locally and the dialog stays open.
        type_into(&client, "#mfa-code-1", &first).await;
        type_into(&client, "#mfa-code-2", &first).await;
        click(&client, "#mfa-enable-button").await;
        wait_for(&client, "#mfa-error").await;
        type_into(&client, "#mfa-code-1", &first).await;
        type_into(
            &client,
            "#mfa-code-2",
            &format!("{} {}", &second[..3], &second[3..]),
        )
        .await;
        click(&client, "#mfa-enable-button").await;
        wait_for(&client, "#member-check-mfa[data-state=done]").await;
        screenshot(&client, "member-mfa-done-en.png").await;
        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;
        screenshot(&client, "member-ko.png").await;
        click(&client, "#nav-audit").await;
        click(&client, "#audit-run").await;
        wait_for(&client, "#audit-score[data-score]").await;
        screenshot(&client, "audit-ko.png").await;
        client.close().await.unwrap();
    });
    rt.block_on(async {
        let iam = aws_sdk_iam::Client::new(&crate::support::sdk_config(&moto.endpoint).await);
        let devices = iam
            .list_mfa_devices()
            .user_name("kim.backend")
            .send()
            .await
            .unwrap();
        assert_eq!(devices.mfa_devices().len(), 1, "enabled in AWS");
    });
    let _ = baseline_core::vault::delete(&baseline_core::vault::key(
        &account,
        baseline_core::vault::Kind::ConsolePassword,
        "kim.backend",
    ));
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(Window, window_connects_to_the_emulator_and_speaks_korean),
        crate::trial!(
            Window,
            window_shows_a_translated_error_when_aws_is_unreachable
        ),
        crate::trial!(Window, window_walks_new_team_plan_and_apply),
        crate::trial!(
            Window,
            a_hanging_connect_can_be_cancelled_and_the_window_stays_responsive
        ),
        crate::trial!(
            Window,
            billing_screen_shows_the_alarm_over_the_limit_and_the_chart
        ),
        crate::trial!(
            Window,
            secrets_reveal_copy_clears_and_the_handoff_sheet_prints_in_both_languages
        ),
        crate::trial!(
            Window,
            a_member_enrols_mfa_from_the_qr_seed_and_their_checklist_turns_green
        ),
    ]
}
