//! Contracts of the static UI: translations in step, a strict CSP, minimal capabilities.

use crate::support::root;
use serde_json::Value;
use std::collections::BTreeSet;

fn json(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn keys(path: &str) -> BTreeSet<String> {
    json(path).as_object().unwrap().keys().cloned().collect()
}

fn korean_and_english_have_the_same_keys() {
    let ko = keys("ui/i18n/ko.json");
    let en = keys("ui/i18n/en.json");
    let only_ko: Vec<_> = ko.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&ko).collect();
    assert!(
        only_ko.is_empty() && only_en.is_empty(),
        "only in ko: {only_ko:?}; only in en: {only_en:?}"
    );
}

fn every_key_the_ui_names_exists() {
    let en = keys("ui/i18n/en.json");
    let mut missing = Vec::new();
    for file in walk(&root().join("ui")) {
        if file.extension().is_some_and(|e| e == "js" || e == "html") {
            let text = std::fs::read_to_string(&file).unwrap();
            for key in quoted_keys(&text) {
                if !en.contains(&key) {
                    missing.push(format!("{}: {key}", file.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys used but not translated: {missing:#?}"
    );
}

/// Literal keys in `data-i18n="…"`, `'data-i18n': '…'` and `t('…')`.
fn quoted_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for marker in ["data-i18n=\"", "'data-i18n': '", "t('"] {
        for (i, _) in text.match_indices(marker) {
            // `t('` must be the call, not the end of `import('` or `set('`.
            if marker == "t('"
                && text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.')
            {
                continue;
            }
            let rest = &text[i + marker.len()..];
            let end = rest.find(['"', '\'']).unwrap_or(0);
            let key = &rest[..end];
            if !key.is_empty() && !key.contains('$') && !key.contains('{') {
                out.push(key.to_owned());
            }
        }
    }
    out
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn csp_allows_no_remote_origin_and_no_inline_script() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("csp is a directive map");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-inline"), "{directive}: {value}");
        assert!(!value.contains("unsafe-eval"), "{directive}: {value}");
        assert!(!value.contains('*'), "{directive}: {value}");
        assert!(!value.contains("https:"), "{directive}: {value}");
        for word in value.split_whitespace() {
            assert!(
                !word.starts_with("http") || word == "http://ipc.localhost",
                "{directive} allows a remote origin: {word}"
            );
        }
    }
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(conf["app"]["security"]["freezePrototype"], true);
    let html = std::fs::read_to_string(root().join("ui/index.html")).unwrap();
    assert!(!html.contains("<script>"), "no inline script in index.html");
    assert!(!html.contains("http://") && !html.contains("https://"));
}

fn capabilities_grant_only_the_apps_own_commands() {
    let cap = json("src-tauri/capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let build = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    for perm in cap["permissions"].as_array().unwrap() {
        let perm = perm.as_str().unwrap();
        let command = perm
            .strip_prefix("allow-")
            .unwrap_or_else(|| panic!("only allow-<command> permissions, got {perm}"))
            .replace('-', "_");
        assert!(
            build.contains(&format!("\"{command}\"")),
            "{perm} grants a command not in the app manifest"
        );
    }
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for plugin in ["tauri-plugin-shell", "tauri-plugin-fs"] {
        assert!(!manifest.contains(plugin), "{plugin} must not be used");
    }
}

/// The command names a file lists, by a pattern with one capture.
fn names(path: &str, pattern: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let mut out = BTreeSet::new();
    let (before, after) = pattern.split_once("{}").unwrap();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(before) {
        rest = &rest[i + before.len()..];
        let end = rest.find(after).unwrap_or(0);
        let name = &rest[..end];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            out.insert(name.to_owned());
        }
    }
    out
}

fn a_command_is_registered_granted_and_wrapped_in_step() {
    // `commands::area::name,` lines of generate_handler!: keep the last segment.
    let text = std::fs::read_to_string(root().join("src-tauri/src/lib.rs")).unwrap();
    let registered: BTreeSet<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("commands::"))
        .filter_map(|l| l.trim_end_matches(',').rsplit("::").next())
        .map(str::to_owned)
        .collect();
    let manifest = names("src-tauri/build.rs", "            \"{}\",");
    let granted: BTreeSet<String> = json("src-tauri/capabilities/main.json")["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let wrapped = names("ui/api.js", "call('{}'");
    assert!(!registered.is_empty());
    assert_eq!(registered, manifest, "generate_handler! vs build.rs");
    assert_eq!(registered, granted, "generate_handler! vs the capability");
    assert_eq!(registered, wrapped, "generate_handler! vs api.js");
}

/// Sentences in the UI's code (comments aside): every word the user reads comes from
/// `ui/i18n/*.json`, so a Korean reader never meets an English sentence.
fn english_sentences(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        // Comments, CSS class lists and the developer's console are not read by the user.
        if t.starts_with("//")
            || t.starts_with('*')
            || t.starts_with("/*")
            || line.contains("console.")
            || line.contains("class:")
        {
            continue;
        }
        let code = line.split(" //").next().unwrap_or_default();
        for quote in ['\'', '"', '`'] {
            for (n, part) in code.split(quote).enumerate() {
                // Odd parts are inside quotes.
                let words: Vec<&str> = part.split(' ').collect();
                let prose = n % 2 == 1
                    && words.len() >= 3
                    && words.iter().all(|w| {
                        let w = w.trim_end_matches(['.', ',', '!', '?', ':']);
                        !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\'')
                    });
                if prose {
                    found.push(part.to_owned());
                }
            }
        }
    }
    found
}

fn the_screens_hold_no_english_prose() {
    let ui = crate::support::root().join("ui");
    let mut found = Vec::new();
    for path in walk(&ui)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        for s in english_sentences(&text) {
            found.push(format!("{}: {s}", path.display()));
        }
    }
    // Commands the user runs as they are: listed so that a new one is looked at.
    const KNOWN: &[&str] = &["brew install age", "sudo apt install age"];
    found.retain(|f| !KNOWN.iter().any(|k| f.ends_with(&format!(": {k}"))));
    assert!(
        found.is_empty(),
        "English prose in the UI's code: {found:#?}"
    );
    // The check finds one when there is one.
    assert_eq!(
        english_sentences("el.textContent = 'Save the team file';\n// A comment is fine"),
        ["Save the team file"]
    );
}

pub fn tests() -> Vec<crate::harness::Test> {
    vec![
        crate::trial!(Nothing, korean_and_english_have_the_same_keys),
        crate::trial!(Nothing, every_key_the_ui_names_exists),
        crate::trial!(Nothing, csp_allows_no_remote_origin_and_no_inline_script),
        crate::trial!(Nothing, capabilities_grant_only_the_apps_own_commands),
        crate::trial!(Nothing, a_command_is_registered_granted_and_wrapped_in_step),
        crate::trial!(Nothing, the_screens_hold_no_english_prose),
    ]
}
