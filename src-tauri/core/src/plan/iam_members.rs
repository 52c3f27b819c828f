//! The members part of the IAM plan: users, their tags, group memberships and console
//! passwords.

use super::iam::Builder;
use super::{Action, Kind, Risk};
use crate::iam::ops::Op;
use crate::iam::tags;
use crate::team::Team;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn members(team: &Team, b: &mut Builder<'_>) {
    let same = |a: &String, b: &String| a.eq_ignore_ascii_case(b);
    let declared = |g: &String| team.groups.keys().any(|d| same(d, g));
    for m in &team.members {
        let user_id = format!("user:{}", m.user);
        let live = b.live.users.get(&m.user.to_lowercase()).cloned();
        let name = live.as_ref().map_or(m.user.clone(), |u| u.name.clone());
        let before = b.changes.len();
        let mut want_tags: BTreeMap<String, String> =
            BTreeMap::from([(tags::MANAGED.to_owned(), "true".to_owned())]);
        if let Some(n) = &m.name {
            want_tags.insert(tags::NAME.into(), tags::tag_value(n));
        }
        if let Some(e) = &m.email {
            want_tags.insert(tags::EMAIL.into(), tags::tag_value(e));
        }
        match &live {
            None => {
                let mut create_tags = want_tags.clone();
                if !m.console {
                    create_tags.insert(tags::CONSOLE.into(), "no".into());
                }
                let c = b
                    .change(user_id.clone(), Action::Create, Kind::User, &name)
                    .owner(&name)
                    .title(format!("create the user {name}"))
                    .op(Op::CreateUser {
                        user: name.clone(),
                        tags: create_tags.into_iter().collect(),
                    });
                c.after = m.name.clone();
            }
            Some(u) => {
                let mut set: Vec<(String, String)> = want_tags
                    .iter()
                    .filter(|(k, v)| u.tags.get(*k) != Some(v))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                let untag: Vec<String> = [tags::NAME, tags::EMAIL]
                    .into_iter()
                    .filter(|k| u.tags.contains_key(*k) && !want_tags.contains_key(*k))
                    .map(str::to_owned)
                    .collect();
                // A console password that exists without Baseline's tag (made outside
                // Baseline, or an apply stopped right after creating it): record it.
                if u.console && !u.tags.contains_key(tags::CONSOLE) {
                    set.push((tags::CONSOLE.into(), "yes".into()));
                }
                if !set.is_empty() || !untag.is_empty() {
                    let adopt = !u.managed();
                    let title = if adopt {
                        format!("manage the existing user {name} with Baseline")
                    } else {
                        format!("update the name and email tags of {name}")
                    };
                    b.change(
                        format!("{user_id}/tags"),
                        Action::Update,
                        Kind::UserTags,
                        &name,
                    )
                    .owner(&name)
                    .title(title)
                    .op(Op::TagUser {
                        user: name.clone(),
                        tags: set,
                        untag,
                    });
                }
            }
        }
        let have_groups: BTreeSet<String> =
            live.as_ref().map(|u| u.groups.clone()).unwrap_or_default();
        for g in &m.groups {
            if !have_groups.iter().any(|h| same(h, g)) {
                let deps = b.deps(&[user_id.clone(), format!("group:{g}")]);
                let c = b
                    .change(
                        format!("{user_id}/group:{g}"),
                        Action::Create,
                        Kind::Membership,
                        g,
                    )
                    .owner(&name)
                    .title(format!("add {name} to group {g}"))
                    .op(Op::AddUserToGroup {
                        user: name.clone(),
                        group: g.clone(),
                    });
                c.deps = deps;
            }
        }
        for g in have_groups
            .iter()
            .filter(|g| declared(g) && !m.groups.iter().any(|w| same(w, g)))
        {
            b.change(
                format!("{user_id}/group:{g}"),
                Action::Delete,
                Kind::Membership,
                g,
            )
            .owner(&name)
            .title(format!("remove {name} from group {g}"))
            .op(Op::RemoveUserFromGroup {
                user: name.clone(),
                group: g.clone(),
            });
        }
        let has_console = live.as_ref().is_some_and(|u| u.console);
        if m.console && !has_console {
            let deps = b.deps(&[user_id.clone(), "password_policy".into()]);
            let op = Op::CreateLoginProfile {
                user: name.clone(),
                policy: team.password_policy.clone(),
            };
            let c = b
                .change(
                    format!("{user_id}/console"),
                    Action::Create,
                    Kind::ConsolePassword,
                    &name,
                )
                .owner(&name)
                .title(format!(
                    "give {name} a console password (kept in the keychain, reset at first sign-in)"
                ))
                .op(op);
            c.deps = deps;
        } else if !m.console && has_console {
            let c = b
                .change(
                    format!("{user_id}/console"),
                    Action::Delete,
                    Kind::ConsolePassword,
                    &name,
                )
                .owner(&name)
                .title(format!("remove the console password of {name}"))
                .op(Op::DeleteLoginProfile { user: name.clone() });
            c.risk = Some(Risk::RemoveConsole);
        }
        if b.changes.len() == before {
            b.keep(Kind::User, &name);
        }
    }
}
