//! The Baseline desktop app: the window (Tauri) and the command line, both thin over
//! `baseline-core`.

mod cli;
mod clipboard;
mod commands;
mod logging;
mod state;

use clap::Parser;

/// Run the command line when a subcommand is given, otherwise open the window.
pub fn run() {
    // First, while this is the only thread: logging clears LOG_SIGNABLE_BODY from the
    // environment, which is only sound before the async runtime (or Tauri) starts threads.
    logging::init();
    let args = cli::Cli::parse();
    match args.command {
        Some(command) => std::process::exit(cli::run(command, args.global)),
        None => run_window(),
    }
}

/// One window per state folder: a second launch with the same `BASELINE_HOME` focuses the
/// running window and exits. (Separate homes, as the tests use, are separate states.)
fn single_instance<R: tauri::Runtime>(home: &std::path::Path) -> tauri::plugin::TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        use tauri::Manager;
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
    #[cfg(target_os = "linux")]
    let builder = {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in home.to_string_lossy().bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        builder.dbus_id(format!("{IDENTIFIER}.h{hash:016x}"))
    };
    #[cfg(not(target_os = "linux"))]
    let _ = home; // macOS and Windows key the instance by the bundle identifier alone
    builder.build()
}

/// The bundle identifier of tauri.conf.json.
const IDENTIFIER: &str = "dev.baseline.desktop";

fn run_window() {
    cli::init_tracing();
    // Read once: every command finds the state folder in `AppState`.
    let home = baseline_core::settings::home();
    tauri::Builder::default()
        // First: a second launch hands over to the running window and exits, so two windows
        // never write the same state.
        .plugin(single_instance(&home))
        .plugin(tauri_plugin_opener::init())
        .manage(state::AppState::new(home.clone()))
        .invoke_handler(tauri::generate_handler![
            commands::settings::app_info,
            commands::settings::set_language,
            commands::connect::list_profiles,
            commands::connect::connect,
            commands::connect::cancel,
            commands::connect::login_status,
            commands::connect::login_save,
            commands::connect::logout,
            commands::settings::open_link,
            commands::team::team_load,
            commands::team::team_new,
            commands::team::team_catalog,
            commands::team::team_validate,
            commands::team::team_save,
            commands::team::team_import,
            commands::team::team_export,
            commands::plan::plan_team,
            commands::plan::apply_team,
            commands::billing::billing_status,
            commands::billing::billing_resend,
            commands::billing::manual_steps,
            commands::billing::manual_step_done,
            commands::secrets::secrets_list,
            commands::secrets::secret_reveal,
            commands::secrets::secret_copy,
            commands::secrets::secret_delete,
            commands::secrets::secret_generate,
            commands::secrets::handoff_sheet,
            commands::secrets::handoff_record,
            commands::secrets::handoff_file,
            commands::secrets::print_window,
            commands::secrets::retire_check,
            commands::secrets::retire,
            commands::secrets::set_auto_retire,
            commands::secrets::reset_password,
            commands::members::status_checklists,
            commands::members::audit_run,
            commands::members::audit_support_role,
            commands::members::mfa_start,
            commands::members::mfa_finish,
            commands::members::mfa_cancel,
            commands::members::mfa_remove,
            commands::members::offboard_member,
            commands::members::mfa_resync,
            commands::infra::infra_status,
            commands::infra::infra_key_save,
            commands::infra::destroy_plan,
            commands::infra::destroy_apply,
        ])
        .build(tauri::generate_context!())
        .expect("error while building the Baseline window")
        .run(|app, event| match event {
            // Closing: let a launch from now on be the new window, not a hand-over to this
            // one, which has no window left to focus.
            tauri::RunEvent::WindowEvent {
                label,
                event: tauri::WindowEvent::Destroyed,
                ..
            } if label == "main" => tauri_plugin_single_instance::destroy(app),
            tauri::RunEvent::ExitRequested { .. } => tauri_plugin_single_instance::destroy(app),
            // A secret copied a few seconds ago must not stay on the clipboard after exit.
            tauri::RunEvent::Exit => {
                use tauri::Manager;
                app.state::<state::AppState>().clipboard.clear_if_ours();
            }
            _ => {}
        });
}
