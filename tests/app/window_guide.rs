//! The first-hour guide in the real window (tauri-driver + WebKitWebDriver under Xvfb,
//! against moto): it opens from Connect, shows its steps in Korean, the paste form refuses
//! an empty key ID, and a pasted IAM user's key connects and becomes a credential source.
//! Screenshots go to target/screenshots/.

use crate::support::window::{
    click, open_app, screenshot, start_driver_without_credentials, text_of, type_into, wait_for,
    wait_text,
};
use crate::support::{iam_user_with_key, require_keychain, unique_account, Moto};
use fantoccini::Locator;

fn the_starting_guide_pastes_an_access_key_and_connects_with_it() {
    require_keychain();
    let account = unique_account();
    let moto = Moto::start_with(&[("MOTO_ACCOUNT_ID", &account)]);
    let home = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    // The lead's own IAM user and its access key, as made in the console (steps 4 and 5).
    let (key_id, secret) = iam_user_with_key(&moto.endpoint, "kim.lead");
    let driver = start_driver_without_credentials(&moto.endpoint, home.path());
    rt.block_on(async {
        let client = open_app(&driver).await;
        wait_text(&client, "#nav-connect", "Connect").await;
        // The sidebar explains its dots.
        wait_text(&client, "#nav-legend-attention", "Needs attention").await;
        click(&client, "#lang-ko").await;
        wait_text(&client, "#nav-connect", "연결").await;

        click(&client, "#open-guide-button").await;
        wait_text(&client, "#guide-title", "처음 시작합니다").await;
        let steps = client
            .find_all(Locator::Css("#guide-steps > li"))
            .await
            .unwrap();
        assert!(steps.len() >= 6, "{} steps", steps.len());
        let mfa = text_of(&client, "#guide-step-root-mfa").await;
        assert!(mfa.contains("MFA 디바이스 할당"), "{mfa}");
        let admin = text_of(&client, "#guide-step-admin-user").await;
        assert!(
            admin.contains("직접 정책 연결") && admin.contains("AdministratorAccess"),
            "{admin}"
        );
        screenshot(&client, "guide-window-ko.png").await;

        // Nothing pasted: the form says so next to the fields and calls nothing.
        click(&client, "#guide-save").await;
        wait_text(
            &client,
            "#guide-key-id-error",
            "액세스 키 ID를 붙여 넣으세요.",
        )
        .await;
        wait_for(&client, "#guide-key-id[aria-invalid=true]").await;
        wait_text(
            &client,
            "#guide-key-secret-error",
            "비밀 액세스 키를 붙여 넣으세요.",
        )
        .await;
        assert!(client
            .find(Locator::Css("#chip-id"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .is_empty());

        type_into(&client, "#guide-key-id", &key_id).await;
        type_into(&client, "#guide-key-secret", &secret).await;
        click(&client, "#guide-save").await;
        wait_for(&client, "#guide-saved").await;
        let saved = text_of(&client, "#guide-saved").await;
        assert!(
            saved.contains("kim.lead") && saved.contains(&account),
            "{saved}"
        );
        // The secret is in no field of the page any more.
        let html = client.source().await.unwrap();
        assert!(!html.contains(&secret), "the secret stayed in the page");
        wait_text(&client, "#chip-id", &account).await;
        screenshot(&client, "guide-window-saved-ko.png").await;

        // Back on Connect: the account, the next step, and the stored login as a source.
        click(&client, "#guide-see-account").await;
        wait_text(&client, "#account-id", &account).await;
        wait_for(&client, "#next-step-button").await;
        wait_for(&client, "#profile-login:checked").await;
        let who = text_of(&client, "#profile-login-who").await;
        assert!(who.contains("kim.lead"), "{who}");

        // Removing the stored login asks first, then leaves the keychain clean.
        click(&client, "#logout-button").await;
        click(&client, "#logout-confirm-button").await;
        wait_for(&client, "#logout-done").await;
        assert!(client.find(Locator::Css("#profile-login")).await.is_err());
        client.close().await.unwrap();
    });
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![crate::trial!(
        Window,
        the_starting_guide_pastes_an_access_key_and_connects_with_it
    )]
}
