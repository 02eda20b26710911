//! Terraform names from ids: letters, digits, `_` and `-`, not starting with
//! a digit, unique within their namespace, the same on every run.

use std::collections::BTreeSet;

/// `id` as a Terraform name: every character but ASCII letters, digits, `_`
/// and `-` becomes `_`; an empty name or one starting with a digit or `-`
/// gets a leading `_`.
pub fn terraform_name(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

/// Whether `name` is a valid Terraform name by the rule above.
pub fn is_terraform_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// One unique Terraform name per id, in the order of `ids`. An id that is
/// already a valid name keeps it; the others take their cleaned form, or,
/// when that is taken, the first free `_2`, `_3`, ... after it, in the order
/// given. Duplicate ids get distinct names too.
pub fn unique_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut taken = BTreeSet::new();
    let mut names: Vec<Option<String>> = vec![None; ids.len()];
    // Valid ids first, so that a cleaned id never takes a real one's name.
    for (i, id) in ids.iter().enumerate() {
        if is_terraform_name(id) && taken.insert(id.to_string()) {
            names[i] = Some(id.to_string());
        }
    }
    for (i, id) in ids.iter().enumerate() {
        if names[i].is_some() {
            continue;
        }
        let base = terraform_name(id);
        let mut candidate = base.clone();
        let mut n = 2u64;
        while taken.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        names[i] = Some(candidate);
    }
    names.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_become_valid_names() {
        for id in ["", "1st", "-x", "a b", "café", "東京", "a\"b", "${x}", "\n"] {
            let name = terraform_name(id);
            assert!(is_terraform_name(&name), "{id:?} -> {name:?}");
        }
        assert_eq!(terraform_name("1st"), "_1st");
        assert_eq!(terraform_name("order-platform"), "order-platform");
        assert_eq!(terraform_name("a b"), "a_b");
    }

    #[test]
    fn collisions_are_numbered_and_valid_ids_keep_their_names() {
        let names = unique_names(["a b", "a_b", "a.b", "a_b_2", "a b"]);
        assert_eq!(names, ["a_b_3", "a_b", "a_b_4", "a_b_2", "a_b_5"]);
        let set: BTreeSet<&String> = names.iter().collect();
        assert_eq!(set.len(), names.len());
    }
}
