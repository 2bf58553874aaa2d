//! "Did you mean …" for near misses: `firstname`, `first_name` and `FirstName` → `firstName`.

/// Candidates longer than this are not compared (keeps a 10 MB key cheap).
const MAX_LEN: usize = 64;

/// The candidate closest to `input`, if any is close enough to be a likely typo.
#[cfg_attr(size_opt, optimize(size))]
pub fn did_you_mean<'c>(input: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if input.len() > MAX_LEN || input.is_empty() {
        return None;
    }
    let folded = fold(input);
    if let Some(exact) = candidates.iter().find(|c| fold(c) == folded) {
        return Some(exact);
    }
    // Allow one edit per four characters, at most two: "usrname" yes, "id" → "ab" no.
    let budget = (folded.chars().count() / 4).min(2);
    candidates
        .iter()
        .map(|c| (osa_distance(&folded, &fold(c)), *c))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The longest candidate (of five letters or more) that `input` contains once folded, for
/// names that wrap a field in other words: `Work Email` → `email`.
#[cfg_attr(size_opt, optimize(size))]
pub fn contained_in<'c>(input: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if input.len() > MAX_LEN {
        return None;
    }
    let folded = fold(input);
    candidates
        .iter()
        .map(|c| (fold(c), *c))
        .filter(|(c, _)| c.len() >= 5 && folded.as_bytes().windows(c.len()).any(|w| w == c.as_bytes()))
        .max_by_key(|(c, _)| c.len())
        .map(|(_, c)| c)
}

/// Lower case without separators, so `First Name`, `first_name` and `firstName` compare equal.
/// ASCII case only: the candidates are ASCII field names, which no other case mapping reaches.
#[cfg_attr(size_opt, optimize(size))]
fn fold(s: &str) -> String {
    s.chars().filter(|&c| super::letters::is_letter_or_number(c)).map(|c| c.to_ascii_lowercase()).collect()
}

/// `s.chars().collect()` by a loop: `collect`'s specialisation costs the module 0.6 KB.
#[cfg_attr(size_opt, optimize(size))]
fn chars(s: &str) -> Vec<char> {
    let mut chars = Vec::new();
    for c in s.chars() {
        chars.push(c);
    }
    chars
}

/// Optimal string alignment distance: edits plus adjacent transpositions.
#[cfg_attr(size_opt, optimize(size))]
fn osa_distance(a: &str, b: &str) -> usize {
    let (a, b) = (chars(a), chars(b));
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &["firstName", "lastName", "username", "email", "id", "tShirtSize"];

    #[test]
    fn case_and_separators() {
        assert_eq!(did_you_mean("firstname", FIELDS), Some("firstName"));
        assert_eq!(did_you_mean("First Name", FIELDS), Some("firstName"));
        assert_eq!(did_you_mean("first_name", FIELDS), Some("firstName"));
        assert_eq!(did_you_mean("t_shirt_size", FIELDS), Some("tShirtSize"));
        assert_eq!(did_you_mean("ID", FIELDS), Some("id"));
    }

    #[test]
    fn typos() {
        assert_eq!(did_you_mean("usrname", FIELDS), Some("username"));
        assert_eq!(did_you_mean("emial", FIELDS), Some("email"));
        assert_eq!(did_you_mean("lastNmae", FIELDS), Some("lastName"));
    }

    #[test]
    fn fields_inside_longer_names() {
        assert_eq!(contained_in("Work Email", FIELDS), Some("email"));
        assert_eq!(contained_in("user_name_2", FIELDS), Some("username"));
        assert_eq!(contained_in("identity", FIELDS), None, "too short to judge: id");
        assert_eq!(contained_in("favouriteColour", FIELDS), None);
    }

    #[test]
    fn nothing_close() {
        assert_eq!(did_you_mean("favouriteColour", FIELDS), None);
        assert_eq!(did_you_mean("ab", FIELDS), None);
        assert_eq!(did_you_mean("", FIELDS), None);
        assert_eq!(did_you_mean(&"x".repeat(1_000_000), FIELDS), None);
    }
}
