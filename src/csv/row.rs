//! One record → the JSON text of one user object.

use super::columns::{Columns, Entry, WALLET_KEYS};
use super::reader::Record;
use crate::json::push_string as push_json_string;

/// The cells a boolean column takes, for messages.
pub(crate) const BOOLEAN_CELLS: &str =
    "true, false, yes, no, y, n, 1, 0 or x (for true), in any case, or an empty cell";

/// `true`/`yes`/`y`/`1`/`x` and `false`/`no`/`n`/`0`, in any case and with spaces around: what
/// spreadsheets and CRMs write in yes-or-no columns (an `x` marks a ticked box).
pub(crate) fn parse_boolean(cell: &str) -> Option<bool> {
    let cell = cell.trim().as_bytes();
    // One match on the lower-cased bytes, not a comparison per word: it runs for every cell of a
    // yes-or-no column.
    let mut word = [0u8; 5];
    word.get_mut(..cell.len())?.iter_mut().zip(cell).for_each(|(w, b)| *w = b.to_ascii_lowercase());
    match &word[..cell.len()] {
        b"true" | b"yes" | b"y" | b"x" | b"1" => Some(true),
        b"false" | b"no" | b"n" | b"0" => Some(false),
        _ => None,
    }
}

/// Writes `,` before every member but the first.
struct Members<'o> {
    out: &'o mut String,
    first: bool,
}

impl Members<'_> {
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }
}

/// Appends the user object of one record to `out`: empty cells are left out; a cell past the
/// record's end is empty. Compiled for size: it runs once a row of a CSV import, whose time goes
/// to validation and the network.
#[cfg_attr(size_opt, optimize(size))]
pub(crate) fn write_user(columns: &Columns, record: &Record, out: &mut String) {
    out.push('{');
    let mut members = Members { out, first: true };
    for entry in &columns.entries {
        match *entry {
            Entry::Text { column, key } => {
                let cell = record.get(column);
                if !cell.is_empty() {
                    members.key(key);
                    push_json_string(members.out, cell);
                }
            }
            Entry::Boolean { column, key } => {
                let cell = record.get(column);
                if !cell.is_empty() {
                    members.key(key);
                    // Not a boolean: kept as text so that the validator says what is wrong.
                    match parse_boolean(cell) {
                        Some(true) => members.out.push_str("true"),
                        Some(false) => members.out.push_str("false"),
                        None => push_json_string(members.out, cell),
                    }
                }
            }
            // Plain loops, each object opened at its first filled cell: peekable iterator chains
            // were two functions of their own (1 KB of wasm).
            Entry::Metadata => {
                let mut first = true;
                for m in &columns.metadata {
                    let cell = record.get(m.column);
                    if cell.is_empty() {
                        continue;
                    }
                    if first {
                        members.key("metadata");
                        members.out.push('{');
                        first = false;
                    } else {
                        members.out.push(',');
                    }
                    members.out.push_str(&m.json);
                    members.out.push(':');
                    match parse_boolean(cell).filter(|_| m.boolean) {
                        Some(value) => members.out.push_str(if value { "true" } else { "false" }),
                        None => push_json_string(members.out, cell),
                    }
                }
                if !first {
                    members.out.push('}');
                }
            }
            Entry::Wallet => {
                let mut first = None;
                for (key, column) in WALLET_KEYS.iter().zip(columns.wallet) {
                    let cell = column.map_or("", |column| record.get(column));
                    if cell.is_empty() {
                        continue;
                    }
                    if first.is_none() {
                        members.key("wallets");
                        members.out.push_str("[{");
                    }
                    let mut wallet = Members { out: members.out, first: first.unwrap_or(true) };
                    wallet.key(key);
                    push_json_string(wallet.out, cell);
                    first = Some(false);
                }
                if first.is_some() {
                    members.out.push_str("}]");
                }
            }
        }
    }
    members.out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::{read_rows, CsvOptions};
    use crate::test_rng::Rng;

    /// `write_user` as it was, with peekable iterator chains.
    fn write_user_before(columns: &Columns, record: &Record, out: &mut String) {
        out.push('{');
        let mut members = Members { out, first: true };
        for entry in &columns.entries {
            match *entry {
                Entry::Text { column, key } => {
                    let cell = record.get(column);
                    if !cell.is_empty() {
                        members.key(key);
                        push_json_string(members.out, cell);
                    }
                }
                Entry::Boolean { column, key } => {
                    let cell = record.get(column);
                    if !cell.is_empty() {
                        members.key(key);
                        match parse_boolean(cell) {
                            Some(true) => members.out.push_str("true"),
                            Some(false) => members.out.push_str("false"),
                            None => push_json_string(members.out, cell),
                        }
                    }
                }
                Entry::Metadata => {
                    let mut cells = columns
                        .metadata
                        .iter()
                        .map(|m| (m, record.get(m.column)))
                        .filter(|(_, cell)| !cell.is_empty())
                        .peekable();
                    if cells.peek().is_some() {
                        members.key("metadata");
                        members.out.push('{');
                        for (i, (m, cell)) in cells.enumerate() {
                            if i > 0 {
                                members.out.push(',');
                            }
                            members.out.push_str(&m.json);
                            members.out.push(':');
                            match parse_boolean(cell).filter(|_| m.boolean) {
                                Some(value) => members.out.push_str(if value { "true" } else { "false" }),
                                None => push_json_string(members.out, cell),
                            }
                        }
                        members.out.push('}');
                    }
                }
                Entry::Wallet => {
                    let parts = WALLET_KEYS.iter().zip(columns.wallet);
                    let mut cells = parts
                        .filter_map(|(key, column)| Some((*key, record.get(column?))))
                        .filter(|(_, cell)| !cell.is_empty())
                        .peekable();
                    if cells.peek().is_some() {
                        members.key("wallets");
                        let mut wallet = Members { out: members.out, first: true };
                        wallet.out.push_str("[{");
                        for (key, cell) in cells {
                            wallet.key(key);
                            push_json_string(wallet.out, cell);
                        }
                        wallet.out.push_str("}]");
                    }
                }
            }
        }
        members.out.push('}');
    }

    /// The loops write what the iterator chains wrote, on random rows of metadata, wallet and
    /// boolean columns, any of them empty, short rows among them.
    #[test]
    fn writes_what_the_iterator_chains_wrote() {
        const HEADERS: [&str; 10] = [
            "email",
            "metadata.plan",
            "walletChain",
            "metadata.Seats",
            "walletAddress",
            "policiesConsent",
            "walletProvider",
            "metadata.vip",
            "walletName",
            "alias",
        ];
        const CELLS: [&str; 7] = ["", "", "x", "yes", "No", "\"a,\"\"b\"\"\"", "é"];
        let mut rng = Rng(3);
        for round in 0..300 {
            // Some of the columns, in a random order.
            let mut header: Vec<&str> = HEADERS.iter().copied().filter(|_| rng.next() % 3 != 0).collect();
            let turn = (round % 5).min(header.len());
            header.rotate_left(turn);
            let mut text = header.join(",");
            for _ in 0..20 {
                text.push('\n');
                let cells = (rng.next() % (header.len() as u64 + 2)) as usize;
                let row: Vec<&str> = (0..cells).map(|_| CELLS[(rng.next() % CELLS.len() as u64) as usize]).collect();
                text.push_str(&row.join(","));
            }
            let options = CsvOptions { boolean_metadata: vec!["vip".into()], ..CsvOptions::default() };
            let (mut problems, mut unknown, mut rows) = (Vec::new(), Vec::new(), 0);
            read_rows(&text, &options, &mut problems, &mut unknown, &mut |columns, record, _| {
                let (mut ours, mut before) = (String::new(), String::new());
                write_user(columns, record, &mut ours);
                write_user_before(columns, record, &mut before);
                assert_eq!(ours, before, "{text}");
                rows += 1;
            });
            assert!(rows > 0 || header.is_empty() || !problems.is_empty(), "{text}");
        }
    }
}
