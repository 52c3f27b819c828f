//! The core's modules form layers: no module reaches, directly or through others, back to
//! one that depends on it. Read from the sources (`crate::<module>` paths, tests aside),
//! so a new import that closes a circle fails here with the circle named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules and the modules each one names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let stem = p.file_stem()?.to_str()?.to_owned();
            let is_module = p.is_dir() || p.extension().is_some_and(|x| x == "rs");
            (is_module && stem != "lib" && !stem.ends_with("tests")).then_some(stem)
        })
        .collect();
    let mut graph = BTreeMap::new();
    for m in &modules {
        let mut files = vec![src.join(format!("{m}.rs"))];
        collect(&src.join(m), &mut files);
        let mut deps = BTreeSet::new();
        for f in files.iter().filter(|f| f.is_file() && !is_test_file(f)) {
            let code = without_tests_and_comments(&std::fs::read_to_string(f).unwrap());
            for name in named_modules(&code) {
                if &name != m && modules.contains(&name) {
                    deps.insert(name);
                }
            }
        }
        graph.insert(m.clone(), deps);
    }
    graph
}

/// The file's code without its test modules (`#[cfg(test)] mod x;` declarations, and a
/// `#[cfg(test)] mod tests { … }` block, which runs to the end of the file) and without
/// comments, which name modules without depending on them.
fn without_tests_and_comments(text: &str) -> String {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            // Attributes such as #[path = "…"] may stand between.
            while lines
                .peek()
                .is_some_and(|l| l.trim_start().starts_with("#["))
            {
                lines.next();
            }
            match lines.peek().map(|l| l.trim()) {
                Some(l) if l.starts_with("mod ") && l.ends_with(';') => {
                    lines.next();
                    continue;
                }
                Some(l) if l.starts_with("mod ") => break,
                _ => continue,
            }
        }
        out.push(line.split("//").next().unwrap_or_default());
    }
    out.join("\n")
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn is_test_file(p: &Path) -> bool {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    stem.ends_with("tests")
        || p.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|s| s.starts_with("tests"))
        })
}

/// `crate::x` and `use crate::{x, y::z}`: the first segment of each path.
fn named_modules(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level items of the group only: `{a::{b, c}, d}` names a and d.
            let (mut depth, mut item) = (0, String::new());
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.extend(head_of(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(ch);
                }
            }
            out.extend(head_of(&item));
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(head);
        }
    }
    out
}

fn head_of(path: &str) -> Option<String> {
    let head = path.trim().split("::").next()?.trim();
    (!head.is_empty()).then(|| head.to_owned())
}

/// The circles (strongly connected groups of two or more modules), Tarjan's way.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in &self.graph[v] {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.stack.contains(&w.as_str()) {
                    let iw = self.index[w.as_str()];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    group.push(w.to_owned());
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.found.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn the_core_modules_have_no_circle() {
    let graph = graph();
    assert!(graph.len() > 20, "read the modules: {:?}", graph.keys());
    let found = circles(&graph);
    let explained: Vec<String> = found
        .iter()
        .map(|c| {
            let edges: Vec<String> = c
                .iter()
                .map(|m| {
                    let inner: Vec<&String> = graph[m].iter().filter(|d| c.contains(d)).collect();
                    format!("{m} -> {inner:?}")
                })
                .collect();
            edges.join("; ")
        })
        .collect();
    assert!(found.is_empty(), "circles: {explained:#?}");
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(circles(&g), vec![vec!["a", "b", "c"]]);
    assert_eq!(
        named_modules("use crate::{aws::X, plan};\ncrate::vault::key"),
        ["aws", "plan", "vault"]
    );
}
