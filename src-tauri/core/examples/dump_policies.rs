//! Writes every IAM policy document Baseline can create into a folder, one JSON file each,
//! for scripts/lint-policies (parliament). Usage: `dump_policies <dir>`.

use baseline_core::team::policies::{self, SERVICES};
use baseline_core::team::{starter_team, STARTER_SERVICES};
use std::path::Path;

fn write(dir: &Path, name: &str, doc: &serde_json::Value) {
    let path = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(doc).expect("a document serialises");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: dump_policies <dir>");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("the output folder");
    for partition in ["aws", "aws-cn", "aws-us-gov"] {
        write(
            dir,
            &format!("require-mfa-{partition}"),
            &policies::require_mfa_document(partition),
        );
    }
    // The guard for each service alone, for all of them, and for none (the `*:` fallback).
    for (id, policy, _) in SERVICES {
        let services = policies::services_of(&[policy.to_string()]);
        write(
            dir,
            &format!("deny-delete-{id}"),
            &policies::deny_delete_document(&services),
        );
    }
    let all: Vec<String> = SERVICES.iter().map(|(_, p, _)| p.to_string()).collect();
    write(
        dir,
        "deny-delete-all",
        &policies::deny_delete_document(&policies::services_of(&all)),
    );
    write(
        dir,
        "deny-delete-none",
        &policies::deny_delete_document(&[]),
    );
    // The starter team's groups, as `baseline init` writes them.
    for (name, group) in &starter_team(STARTER_SERVICES).groups {
        if group.deny_delete {
            let services = policies::services_of(&group.policies);
            write(
                dir,
                &format!("starter-{name}-deny-delete"),
                &policies::deny_delete_document(&services),
            );
        }
    }
    println!("{}", dir.display());
}
