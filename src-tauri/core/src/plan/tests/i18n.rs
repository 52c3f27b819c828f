//! Every word of the plan vocabulary has its Korean and English text in the UI: the plan
//! screen (`ui/screens/plan.js`) otherwise shows the raw snake_case word.

use super::golden::{billing_diffs, iam_plans};
use super::*;
use std::collections::BTreeSet;

/// Keys the UI lacks today, each for a reason; listed so that adding one fails this test
/// until the entry is removed. `kind.<kind>` words unchanged items, and a budget
/// notification's subscribers are never listed as unchanged on their own.
const KNOWN_GAPS: &[&str] = &["kind.billing_subscriber"];

fn keys(lang: &str) -> BTreeSet<String> {
    let path = format!("{}/../../ui/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    map.into_iter().map(|(k, _)| k).collect()
}

fn word<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// The keys `plan.js` looks up: `kind.<kind>`, `risk.<risk>`, `note.<code>`, and
/// `change.<kind>.<action>` for each change the fixtures of the golden test produce.
fn wanted() -> BTreeSet<String> {
    let mut want: BTreeSet<String> = Kind::ALL
        .iter()
        .map(|k| format!("kind.{}", word(k)))
        .chain(Risk::ALL.iter().map(|r| format!("risk.{}", word(r))))
        .chain(NoteCode::ALL.iter().map(|n| format!("note.{}", word(n))))
        .collect();
    let billing: Vec<serde_json::Value> = billing_diffs()
        .into_iter()
        .flat_map(|d| d["changes"].as_array().cloned().unwrap_or_default())
        .collect();
    let iam: Vec<serde_json::Value> = iam_plans()
        .iter()
        .flat_map(|p| p.changes.iter().map(|c| serde_json::to_value(c).unwrap()))
        .collect();
    for c in iam.iter().chain(&billing) {
        want.insert(format!(
            "change.{}.{}",
            c["kind"].as_str().unwrap(),
            c["action"].as_str().unwrap()
        ));
    }
    want
}

#[test]
fn every_plan_word_has_korean_and_english_text() {
    let want = wanted();
    for lang in ["ko", "en"] {
        let have = keys(lang);
        let missing: Vec<&String> = want
            .iter()
            .filter(|k| !have.contains(*k) && !KNOWN_GAPS.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
        let closed: Vec<&&str> = KNOWN_GAPS.iter().filter(|k| have.contains(**k)).collect();
        assert!(
            closed.is_empty(),
            "{lang}.json now has {closed:?}: drop them from KNOWN_GAPS"
        );
    }
}
