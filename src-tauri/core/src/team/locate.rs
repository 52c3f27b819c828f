//! Line numbers for problems, from the spans of toml's own parser.

use super::Problem;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// 1-based line of a byte offset.
pub fn line_of_offset(text: &str, span: Option<std::ops::Range<usize>>) -> Option<usize> {
    span.map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
}

/// Fill in `line` for every problem whose field path is found in the text.
pub fn add_lines(text: &str, problems: &mut [Problem]) {
    let Ok(doc) = DeTable::parse(text) else {
        return;
    };
    for p in problems.iter_mut() {
        let span = find(doc.get_ref(), &segments(&p.field));
        p.line = line_of_offset(text, span);
    }
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// `members[2].groups[0]` → Key(members), Index(2), Key(groups), Index(0).
fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            out.push(Seg::Key(&rest[..open]));
            rest = &rest[open..];
            while let Some(close) = rest.find(']') {
                if let Ok(i) = rest[1..close].parse() {
                    out.push(Seg::Index(i));
                }
                rest = &rest[close + 1..];
            }
        } else if !rest.is_empty() {
            out.push(Seg::Key(rest));
        }
    }
    out
}

/// Span of the deepest part of the path that exists (a missing field points at its table).
fn find(table: &DeTable<'_>, path: &[Seg<'_>]) -> Option<std::ops::Range<usize>> {
    let Some((Seg::Key(key), rest)) = path.split_first() else {
        return None;
    };
    let (k, v) = table.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?;
    Some(descend(v, rest).unwrap_or_else(|| k.span()))
}

fn descend(value: &Spanned<DeValue<'_>>, path: &[Seg<'_>]) -> Option<std::ops::Range<usize>> {
    let Some(first) = path.first() else {
        return Some(value.span());
    };
    let inner = match (value.get_ref(), first) {
        (DeValue::Table(t), Seg::Key(_)) => return find(t, path).or(Some(value.span())),
        (DeValue::Array(a), Seg::Index(i)) => a.get(*i),
        _ => None,
    };
    match inner {
        Some(v) => descend(v, &path[1..]).or(Some(v.span())),
        None => Some(value.span()),
    }
}
