//! The IAM credential report: one CSV row per user (and the root account) with password,
//! MFA and access-key facts — two calls for the whole account.

use crate::aws::{classify, Connection};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::time::Duration;

/// One row of the report, by column name (`user`, `password_last_used`, `mfa_active`, …).
/// Read by name rather than as fixed fields: checks walk `access_key_{n}_…` columns, and AWS
/// adds columns over time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row(BTreeMap<String, String>);

impl Row {
    /// A column's raw value (`N/A`, `no_information`, … included; see [`date`]).
    pub fn get(&self, column: &str) -> Option<&String> {
        self.0.get(column)
    }

    /// Set a column (tests build rows this way).
    pub fn insert(&mut self, column: String, value: String) -> Option<String> {
        self.0.insert(column, value)
    }
}

impl FromIterator<(String, String)> for Row {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        Row(pairs.into_iter().collect())
    }
}

impl std::ops::Index<&str> for Row {
    type Output = String;

    fn index(&self, column: &str) -> &String {
        &self.0[column]
    }
}

/// Generate (AWS reuses one younger than 4 hours) and read the report.
pub async fn read(conn: &Connection) -> Result<Vec<Row>> {
    let iam = conn.iam();
    for attempt in 0..20 {
        let state = iam
            .generate_credential_report()
            .send()
            .await
            .map_err(|e| classify(conn.ctx("iam:GenerateCredentialReport"), e))?;
        let complete = state.state().is_some_and(|s| s.as_str() == "COMPLETE");
        if complete || attempt > 0 {
            match iam.get_credential_report().send().await {
                Ok(out) => {
                    let bytes = out
                        .content()
                        .map(|b| b.as_ref().to_vec())
                        .unwrap_or_default();
                    return Ok(parse(&String::from_utf8_lossy(&bytes)));
                }
                Err(e) => {
                    let err = classify(conn.ctx("iam:GetCredentialReport"), e);
                    let pending = matches!(&err, Error::Aws { aws_code, .. } if aws_code.starts_with("ReportInProgress") || aws_code.starts_with("ReportNotPresent"));
                    if !pending {
                        return Err(err);
                    }
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(250 * (attempt + 1).min(4))).await;
    }
    Err(Error::NotReady {
        what: "the IAM credential report".into(),
        detail: "AWS had not finished writing it after 20 tries".into(),
    })
}

/// Parse the report's CSV. Quoted fields are honoured: IAM user names may hold commas.
/// A row shorter than the header lacks the missing columns rather than failing the report.
pub fn parse(text: &str) -> Vec<Row> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let Ok(columns) = reader.headers().cloned() else {
        return Vec::new();
    };
    reader
        .records()
        .filter_map(std::result::Result::ok)
        .filter(|r| r.iter().any(|v| !v.trim().is_empty()))
        .map(|r| {
            columns
                .iter()
                .map(str::to_owned)
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// A date column's value, or `None` for `N/A`, `no_information`, `not_supported`.
pub fn date<'a>(row: &'a Row, column: &str) -> Option<&'a str> {
    row.get(column)
        .map(String::as_str)
        .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_read_by_column() {
        let csv = "user,arn,password_enabled,password_last_used,mfa_active\n\
                   <root_account>,arn:aws:iam::1:root,not_supported,2026-11-01T00:00:00+00:00,true\n\
                   kim,arn:aws:iam::1:user/kim,true,no_information,false\n";
        let rows = parse(csv);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["user"], "<root_account>");
        assert_eq!(
            date(&rows[0], "password_last_used"),
            Some("2026-11-01T00:00:00+00:00")
        );
        assert_eq!(date(&rows[1], "password_last_used"), None);
        assert_eq!(rows[1]["mfa_active"], "false");
    }

    #[test]
    fn a_quoted_user_name_keeps_its_comma() {
        let csv = "user,arn,mfa_active\r\n\
                   \"kim,backend\",\"arn:aws:iam::1:user/kim,backend\",true\r\n";
        let rows = parse(csv);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["user"], "kim,backend");
        assert_eq!(rows[0]["arn"], "arn:aws:iam::1:user/kim,backend");
        assert_eq!(rows[0]["mfa_active"], "true");
    }

    #[test]
    fn an_empty_report_has_no_rows() {
        assert!(parse("").is_empty());
        assert!(parse("user,arn\n").is_empty());
    }
}
