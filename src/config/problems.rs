//! Every structural problem of a configuration file in one run: figment (like
//! serde) stops at the first unknown key, wrong type or missing field, so the
//! file is read into a tree, and each problem found is noted and set aside
//! (an unknown or mistyped key is removed, a missing one is filled with a
//! stand-in) before reading again. The stand-ins are never reported on.

use std::collections::BTreeSet;

use figment::error::Kind;
use figment::providers::Serialized;
use figment::Figment;
use serde_json::{Map, Value};

use super::settings::Settings;
use super::RawConfig;

/// At most this many problems are collected (a file of garbage ends somewhere).
const MAX_ROUNDS: usize = 64;

/// Stand-ins for a missing field, tried in turn until one has the right type.
fn stand_in(attempt: usize) -> Option<Value> {
    [
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(Map::new()),
    ]
    .get(attempt)
    .cloned()
}

/// All problems of `figment`'s configuration: syntax (with line and column),
/// unknown keys (with the nearest known one), wrong types and missing fields,
/// then the checks of the values themselves.
pub(super) fn all_problems(figment: &Figment) -> Vec<String> {
    let mut data: Value = match figment.extract() {
        Ok(data) => data,
        Err(error) => return error.into_iter().map(|e| clean(&e.to_string())).collect(),
    };
    let mut problems = Vec::new();
    let mut standing_in: BTreeSet<String> = BTreeSet::new();
    let mut attempts: std::collections::BTreeMap<String, usize> = Default::default();
    for _ in 0..MAX_ROUNDS {
        let error = match Figment::from(Serialized::defaults(&data)).extract::<RawConfig>() {
            Ok(raw) => {
                if let Err(error) = Settings::from_raw(raw) {
                    let invented = |p: &String| standing_in.iter().any(|key| p.starts_with(&format!("{key}:")));
                    problems.extend(error.0.into_iter().filter(|p| !invented(p)));
                }
                return problems;
            }
            Err(error) => match error.into_iter().next() {
                Some(first) => first,
                None => return problems,
            },
        };
        let mut path: Vec<String> = error.path.iter().filter(|p| *p != "default").cloned().collect();
        // figment names the field itself in the path of some errors, not in others.
        if let Kind::UnknownField(field, _) | Kind::MissingField(std::borrow::Cow::Owned(field)) = &error.kind {
            if path.last() == Some(field) {
                path.pop();
            }
        }
        if let Kind::MissingField(std::borrow::Cow::Borrowed(field)) = &error.kind {
            if path.last().map(String::as_str) == Some(*field) {
                path.pop();
            }
        }
        let dotted = |extra: Option<&str>| {
            let mut parts: Vec<&str> = path.iter().map(String::as_str).filter(|p| *p != "default").collect();
            parts.extend(extra);
            parts.join(".")
        };
        match &error.kind {
            Kind::UnknownField(field, expected) => {
                let near = crate::suggest::nearest(field, expected.iter().copied())
                    .map(|n| format!("; did you mean {n:?}?"))
                    .unwrap_or_default();
                problems.push(format!("{}: is not a known key{near}", dotted(Some(field))));
                remove(&mut data, &path, Some(field));
            }
            Kind::MissingField(name) => {
                let key = dotted(Some(name));
                let attempt = attempts.entry(key.clone()).or_default();
                if *attempt == 0 {
                    problems.push(format!("{key}: is missing"));
                }
                let Some(value) = stand_in(*attempt) else { return problems };
                *attempt += 1;
                standing_in.insert(key);
                insert(&mut data, &path, name, value);
            }
            Kind::InvalidType(..) | Kind::InvalidValue(..) | Kind::InvalidLength(..) | Kind::UnknownVariant(..) => {
                let key = dotted(None);
                if let Some(attempt) = attempts.get_mut(&key).filter(|_| standing_in.contains(&key)) {
                    // Our own stand-in had the wrong type: try the next one.
                    let Some(value) = stand_in(*attempt) else { return problems };
                    *attempt += 1;
                    if let Some((last, parent)) = path.split_last() {
                        insert(&mut data, parent, last, value);
                    }
                    continue;
                }
                problems.push(format!("{key}: {}", clean(&error.kind.to_string())));
                remove(&mut data, &path, None);
            }
            _ => {
                problems.push(clean(&error.to_string()));
                return problems;
            }
        }
    }
    problems
}

/// figment's messages name the profile (`default.`); operators never see one.
fn clean(message: &str) -> String {
    message.replace("key \"default.", "key \"").replace("\"default.", "\"")
}

fn node<'a>(data: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().filter(|p| *p != "default").try_fold(data, |node, part| node.get_mut(part))
}

fn remove(data: &mut Value, path: &[String], field: Option<&str>) {
    match field {
        Some(field) => {
            if let Some(Value::Object(map)) = node(data, path) {
                map.remove(field);
            }
        }
        None => {
            if let Some((last, parent)) = path.split_last() {
                if let Some(Value::Object(map)) = node(data, parent) {
                    map.remove(last);
                }
            }
        }
    }
}

fn insert(data: &mut Value, path: &[String], field: &str, value: Value) {
    if let Some(Value::Object(map)) = node(data, path) {
        map.insert(field.to_owned(), value);
    }
}
