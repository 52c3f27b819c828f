// tauri.conf.json sits at the workspace root beside Cargo.toml; the capabilities live here.
fn main() {
    let attrs = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "set_language",
            "list_profiles",
            "connect",
            "cancel",
            "team_load",
            "team_new",
            "team_catalog",
            "team_validate",
            "team_save",
            "team_import",
            "team_export",
            "plan_team",
            "apply_team",
            "billing_status",
            "billing_resend",
            "manual_steps",
            "manual_step_done",
            "secrets_list",
            "secret_reveal",
            "secret_copy",
            "secret_delete",
            "secret_generate",
            "handoff_sheet",
            "handoff_record",
            "handoff_file",
            "print_window",
            "retire_check",
            "retire",
            "set_auto_retire",
            "reset_password",
        ]));
    tauri_build::try_build(attrs).expect("failed to run tauri-build");
}
