//! "Already there" and "already gone" count as done: every change is safe to repeat, and
//! a second apply after a crash finishes the job instead of failing on what the first made.

use crate::{Error, Result};

/// Whether the change was made now or found already made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    AlreadyDone,
}

/// The AWS error code of `err`, when AWS answered with one.
pub fn aws_code(err: &Error) -> Option<&str> {
    match err {
        Error::Aws { aws_code, .. } | Error::AccessDenied { aws_code, .. } => Some(aws_code),
        _ => None,
    }
}

/// `r`, with AWS's answer `code` (e.g. `EntityAlreadyExists`, `NotFoundException`) read
/// as "already done" rather than a failure.
pub fn already_done_on(code: &str, r: Result<()>) -> Result<Outcome> {
    match r {
        Ok(()) => Ok(Outcome::Done),
        Err(e) if aws_code(&e) == Some(code) => Ok(Outcome::AlreadyDone),
        Err(e) => Err(e),
    }
}

/// True when the error is IAM's `NoSuchEntity` (possibly its eventual consistency).
pub fn is_no_such_entity(err: &Error) -> bool {
    aws_code(err) == Some("NoSuchEntity")
}
