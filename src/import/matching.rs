//! Which row of a batch each entry of the API's answer is about. The answer lists users, not
//! indices, so rows are matched by id, then email, then username (case-insensitive); rows with
//! none of these take the unmatched entries in order when the counts agree.

use super::engine::RowKeys;

/// One user of a bulk answer, with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Created { id: Option<String> },
    Updated { id: Option<String> },
    Failed { code: String, error: String },
}

/// An answer entry with the keys to find its row by.
pub struct Keyed {
    pub keys: RowKeys,
    pub entry: Entry,
}

/// For each row (by its keys), the answer entry about it, if one could be found: for each of the
/// row's id, email and username in turn, the first entry in answer order with that key that no
/// earlier row took. A plain scan: a batch holds at most 50 rows (the API's limit), and tables
/// of keys cost more wasm than the scan costs time.
#[cfg_attr(size_opt, optimize(size))]
pub fn match_answer(rows: &[RowKeys], entries: Vec<Keyed>) -> Vec<Option<Entry>> {
    fn keys(k: &RowKeys) -> [Option<&str>; 3] {
        [k.id.as_deref(), k.email.as_deref(), k.username.as_deref()]
    }
    // Each row's entry, by its index in `entries`.
    let mut taken = vec![false; entries.len()];
    let mut found: Vec<Option<usize>> = rows
        .iter()
        .map(|row| {
            let i = keys(row).into_iter().enumerate().find_map(|(kind, key)| {
                let key = key?;
                (0..entries.len()).find(|&i| !taken[i] && keys(&entries[i].keys)[kind] == Some(key))
            })?;
            taken[i] = true;
            Some(i)
        })
        .collect();
    // Rows the answer names no way we can see: pair by order, but only if nothing is left over.
    let mut left = (0..entries.len()).filter(|&i| !taken[i]);
    let unmatched = found.iter().filter(|f| f.is_none()).count();
    if unmatched > 0 && unmatched == left.clone().count() {
        for slot in found.iter_mut().filter(|f| f.is_none()) {
            *slot = left.next();
        }
    }
    // `Option<Keyed>` is the size of `Keyed`: collected in place, with no reallocation.
    let mut entries: Vec<Option<Keyed>> = entries.into_iter().map(Some).collect();
    found.into_iter().map(|i| i.and_then(|i| entries[i].take()).map(|k| k.entry)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::answer::answer_entries;

    fn parse(body: &str) -> Result<Vec<Keyed>, ()> {
        answer_entries(body).ok_or(())
    }

    fn keys(email: Option<&str>, username: Option<&str>, id: Option<&str>) -> RowKeys {
        RowKeys { id: id.map(Into::into), email: email.map(Into::into), username: username.map(Into::into) }
    }

    #[test]
    fn matches_by_id_then_email_then_username_case_insensitively() {
        let answer = parse(
            r#"{"created":[{"id":"u-2","email":"B@x.io"},{"id":"u-1","email":"a@x.io"}],
                "failed":[{"user":{"username":"Carol"},"error":"Taken.","code":"username_already_exists"}],
                "updated":[{"id":"abc","email":"d@x.io"}]}"#,
        )
        .unwrap();
        let rows = [
            keys(Some("a@x.io"), None, None),
            keys(Some("b@x.io"), None, None),
            keys(None, Some("carol"), None),
            keys(Some("other@x.io"), None, Some("abc")),
        ];
        let got = match_answer(&rows, answer);
        assert_eq!(
            got,
            vec![
                Some(Entry::Created { id: Some("u-1".into()) }),
                Some(Entry::Created { id: Some("u-2".into()) }),
                Some(Entry::Failed { code: "username_already_exists".into(), error: "Taken.".into() }),
                Some(Entry::Updated { id: Some("abc".into()) }),
            ]
        );
    }

    #[test]
    fn rows_without_keys_pair_by_order_only_when_counts_agree() {
        let answer = parse(r#"{"created":[{"id":"x"},{"id":"y"}]}"#).unwrap();
        let rows = [RowKeys::default(), RowKeys::default()];
        assert_eq!(
            match_answer(&rows, answer),
            vec![Some(Entry::Created { id: Some("x".into()) }), Some(Entry::Created { id: Some("y".into()) })]
        );
        let one = parse(r#"{"created":[{"id":"x"}]}"#).unwrap();
        assert_eq!(match_answer(&rows, one), vec![None, None]);
    }

    #[test]
    fn the_same_email_twice_takes_two_entries() {
        let answer = parse(r#"{"created":[{"email":"a@x.io"}],"failed":[{"user":{"email":"a@x.io"},"code":"duplicate_exists","error":"Twice."}]}"#).unwrap();
        let rows = [keys(Some("a@x.io"), None, None), keys(Some("a@x.io"), None, None)];
        let got = match_answer(&rows, answer);
        assert!(matches!(got[0], Some(Entry::Created { .. })));
        assert!(matches!(got[1], Some(Entry::Failed { .. })));
    }
}
