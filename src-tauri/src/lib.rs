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

fn run_window() {
    cli::init_tracing();
    tauri::Builder::default()
        .manage(state::AppState::default())
        .invoke_handler(tauri::generate_handler![
            commands::settings::app_info,
            commands::settings::set_language,
            commands::connect::list_profiles,
            commands::connect::connect,
            commands::connect::cancel,
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
            commands::members::mfa_start,
            commands::members::mfa_finish,
            commands::members::mfa_cancel,
            commands::members::mfa_remove,
            commands::members::offboard_member,
            commands::members::mfa_resync,
        ])
        .build(tauri::generate_context!())
        .expect("error while building the Baseline window")
        .run(|app, event| {
            // A secret copied a few seconds ago must not stay on the clipboard after exit.
            if let tauri::RunEvent::Exit = event {
                use tauri::Manager;
                app.state::<state::AppState>().clipboard.clear_if_ours();
            }
        });
}
