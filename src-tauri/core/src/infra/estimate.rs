//! The monthly cost of `[infra]` before anything is made (filled in by the estimate work).
