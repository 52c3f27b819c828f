//! One small builder for every part of the plan (IAM, billing, a stack): the changes it
//! makes, what is already right, and its notes.
//!
//! ```text
//! let c = d.change("group:backend", Action::Create, Kind::Group, "backend")
//!     .owner("backend")
//!     .title("create the group backend")
//!     .op(Op::CreateGroup { group: "backend".into() });
//! c.deps = d.deps(&["policy:require-mfa"]);
//! ```

use super::{Action, Change, ChangeOp, Kind, Note, Unchanged};

/// What one part of the plan collects.
#[derive(Debug, Default)]
pub struct Draft {
    /// Whom a change belongs to unless it says otherwise (`account`, `billing`, `stack:web`).
    owner: String,
    pub changes: Vec<Change>,
    pub unchanged: Vec<Unchanged>,
    pub notes: Vec<Note>,
}

impl Draft {
    pub fn new(owner: &str) -> Draft {
        Draft {
            owner: owner.to_owned(),
            ..Draft::default()
        }
    }

    /// A change of `target` (of `kind`) with its stable id; finished by [`Pending::op`].
    pub fn change(
        &mut self,
        id: impl Into<String>,
        action: Action,
        kind: Kind,
        target: &str,
    ) -> Pending<'_> {
        let owner = self.owner.clone();
        Pending {
            draft: self,
            id: id.into(),
            action,
            kind,
            owner,
            target: target.to_owned(),
            title: String::new(),
        }
    }

    /// `target` is already as the file says.
    pub fn keep(&mut self, kind: Kind, target: &str) {
        self.unchanged.push(Unchanged {
            kind,
            target: target.to_owned(),
        });
    }

    /// Whether this part changes `id`.
    pub fn planned(&self, id: &str) -> bool {
        self.changes.iter().any(|c| c.id == id)
    }

    /// The ids among `ids` that this part changes (a change waits only for those).
    pub fn deps(&self, ids: &[impl AsRef<str>]) -> Vec<String> {
        ids.iter()
            .map(AsRef::as_ref)
            .filter(|id| self.planned(id))
            .map(str::to_owned)
            .collect()
    }
}

/// A change being described: its owner and title, then what apply runs.
#[must_use = "a change is added by .op(...)"]
pub struct Pending<'a> {
    draft: &'a mut Draft,
    id: String,
    action: Action,
    kind: Kind,
    owner: String,
    target: String,
    title: String,
}

impl<'a> Pending<'a> {
    /// The group or user the change belongs to (else the draft's owner).
    pub fn owner(mut self, owner: &str) -> Self {
        owner.clone_into(&mut self.owner);
        self
    }

    /// One line in English, for the command line.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// What apply runs; adds the change and returns it for its before/after, risk and deps.
    pub fn op(self, op: impl Into<ChangeOp>) -> &'a mut Change {
        self.draft.changes.push(Change {
            id: self.id,
            action: self.action,
            kind: self.kind,
            owner: self.owner,
            target: self.target,
            title: self.title,
            before: None,
            after: None,
            risk: None,
            values: None,
            fingerprint: String::new(),
            op: op.into(),
            deps: Vec::new(),
        });
        self.draft.changes.last_mut().expect("just pushed")
    }
}
