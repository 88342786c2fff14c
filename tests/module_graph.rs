//! The library's modules depend on each other without cycles, and `lib.rs` declares each module
//! after the modules it uses, so its list reads as the pipeline: shared vocabulary first, then
//! each stage, which may use only what stands above it.
//!
//! A use is any `crate::<module>` path in a module's files (and, in `lib.rs`, any
//! `<module>::` path), outside comments and unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The crate root's own items (`crate::Summary`) count as the module `lib`.
const ROOT: &str = "lib";

type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// Module → the modules it uses → what it uses of each.
fn graph() -> (Graph, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let declared = declared_modules(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut graph = Graph::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs").to_string();
        let module = if module == "lib" {
            ROOT.to_string()
        } else {
            module
        };
        if module != ROOT && !declared.contains(&module) {
            continue; // the binary's own files (main.rs, cli.rs)
        }
        let text = code_only(&std::fs::read_to_string(path).unwrap());
        let uses = graph.entry(module.clone()).or_default();
        for (target, item) in crate_paths(&text) {
            let target = if declared.contains(&target) {
                target
            } else {
                ROOT.to_string()
            };
            if target != module {
                uses.entry(target).or_default().insert(item);
            }
        }
        if module == ROOT {
            for (target, item) in bare_paths(&text, &declared) {
                uses.entry(target).or_default().insert(item);
            }
        }
    }
    (graph, declared)
}

/// `mod` declarations of `lib.rs`, in order.
fn declared_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("pub ").unwrap_or(l).strip_prefix("mod "))
        .map(|l| l.trim_end_matches(';').trim().to_string())
        .collect()
}

/// The text without line comments, and without everything from `#[cfg(test)]` on: tests may use
/// anything.
fn code_only(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// (first segment, second segment) of every `crate::` path, including the paths of a group
/// `crate::{a::X, b}`.
fn crate_paths(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.push(path_head(&group[start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(path_head(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(path_head(rest));
        }
    }
    found.retain(|(first, _)| !first.is_empty());
    found
}

fn path_head(path: &str) -> (String, String) {
    let path = path.trim();
    let first = ident_at(path);
    let second = path[first.len()..]
        .strip_prefix("::")
        .map_or(first, |r| ident_at(r.trim_start_matches('{').trim_start()));
    (first.to_string(), second.to_string())
}

/// In `lib.rs`: `load::load` and `use diagnostic::Diagnostic`, which name modules directly.
fn bare_paths(text: &str, declared: &[String]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for module in declared {
        let needle = format!("{module}::");
        for (at, _) in text.match_indices(&needle) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue; // part of a longer name or path
            }
            let item = ident_at(&text[at + needle.len()..]).to_string();
            found.push((module.clone(), item));
        }
    }
    found
}

/// A cycle through `start`, if there is one: the modules in order, back to `start`.
fn cycle_from(graph: &Graph, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &Graph,
        at: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).into_iter().flat_map(|m| m.keys()) {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    walk(graph, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn describe(graph: &Graph, cycle: &[String]) -> String {
    cycle
        .windows(2)
        .map(|pair| {
            let items: Vec<&str> = graph[&pair[0]][&pair[1]]
                .iter()
                .map(String::as_str)
                .collect();
            format!("  {} → {} ({})", pair[0], pair[1], items.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn modules_have_no_cycle() {
    let (graph, _) = graph();
    let mut cycles: Vec<Vec<String>> = Vec::new();
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            let members: BTreeSet<&String> = cycle.iter().collect();
            if !cycles
                .iter()
                .any(|c| c.iter().collect::<BTreeSet<_>>() == members)
            {
                cycles.push(cycle);
            }
        }
    }
    let report: Vec<String> = cycles.iter().map(|c| describe(&graph, c)).collect();
    assert!(
        cycles.is_empty(),
        "{} module cycle(s); move the shared items into a module both may use:\n{}",
        cycles.len(),
        report.join("\n\n")
    );
}

#[test]
fn lib_declares_each_module_after_those_it_uses() {
    let (graph, declared) = graph();
    let position = |m: &str| declared.iter().position(|d| d == m);
    let mut wrong = Vec::new();
    for (module, uses) in &graph {
        let Some(at) = position(module) else { continue };
        for (used, items) in uses {
            if position(used).is_some_and(|u| u > at) {
                let items: Vec<&str> = items.iter().map(String::as_str).collect();
                wrong.push(format!(
                    "  {module} uses {used} ({}), declared below it",
                    items.join(", ")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "lib.rs lists modules in pipeline order, each after what it uses:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_finds_uses() {
    let text = "use crate::{a::X, b, c::{D, E}};\nfn f() { crate::d::g(); }\n// crate::e::H\n";
    let found = crate_paths(&code_only(text));
    assert_eq!(
        found,
        [("a", "X"), ("b", "b"), ("c", "D"), ("d", "g")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let mut graph = Graph::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph
            .entry(from.into())
            .or_default()
            .entry(to.into())
            .or_default()
            .insert("X".into());
    }
    assert_eq!(cycle_from(&graph, "a").unwrap(), ["a", "b", "c", "a"]);
    assert!(cycle_from(&graph, "d").is_none());
}
