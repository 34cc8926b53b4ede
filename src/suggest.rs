//! "Did you mean …?": the known name nearest to a misspelt one.

/// The candidate closest to `name` by edit distance, when it is close enough
/// to be a typo (at most a third of the name's length, and at least 2).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    let (best, distance) = candidates.into_iter().map(|c| (c, edit_distance(name, c))).min_by_key(|(_, d)| *d)?;
    (distance <= limit).then_some(best)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word_and_other_words_find_nothing() {
        let known = ["allowed_groups", "moderator_groups", "lobby_bypass_groups"];
        assert_eq!(nearest("lobby_bypas_groups", known), Some("lobby_bypass_groups"));
        assert_eq!(nearest("alowed_groups", known), Some("allowed_groups"));
        assert_eq!(nearest("colour", known), None);
        assert_eq!(nearest("x", []), None);
    }
}
