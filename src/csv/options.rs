//! What a caller may say about a CSV file (`CsvOptions`): which field each column fills, the
//! delimiter, and whether to apply the mechanical fixes. Each choice is checked here, so that a
//! misspelt field name is refused with a hint rather than quietly dropping a column.

use super::columns::{field_index, FIELD_NAMES};
use crate::text::{cat, owned};
use crate::validate::{did_you_mean, echo};

/// What a column the caller named fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnChoice {
    /// Nothing: the column is ignored, with no warning.
    Ignore,
    /// A field (or wallet part), by its index in the columns' table.
    Field(usize),
    /// `metadata.<key>`.
    Metadata(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Header cell → what its column fills; other columns map by their names.
    pub columns: Vec<(String, ColumnChoice)>,
    /// `,` `;` tab or `|`; `None` to detect it from the header line.
    pub delimiter: Option<u8>,
    /// Apply the mechanical fixes the rows' issues carry.
    pub fix: bool,
    /// Metadata keys whose cells are yes/no (checkbox custom fields): written as booleans.
    pub boolean_metadata: Vec<String>,
}

/// The delimiters a CSV file may use, in the order a tie in detection prefers them.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

impl CsvOptions {
    /// Maps the column headed `header` to `target` (a field, `metadata.<key>`, or `None` to ignore
    /// it); `Err` is the sentence saying why `target` is not one.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn map_column(&mut self, header: String, target: Option<&str>) -> Result<(), String> {
        let choice = match target {
            None => ColumnChoice::Ignore,
            Some(target) => choice(&header, target)?,
        };
        self.columns.push((header, choice));
        Ok(())
    }

    /// Maps columns named like a custom field's `name` or `label` (as a header is matched: trimmed,
    /// any ASCII case) to `metadata.<name>`, after the caller's own choices (which win), unless
    /// the name is a user field's; a checkbox field's cells become booleans.
    #[cfg_attr(size_opt, optimize(size))]
    pub fn map_custom_fields(&mut self, fields: &crate::validate::CustomFields) {
        for (name, label) in fields.columns() {
            if field_index(name).is_some() {
                continue;
            }
            for header in std::iter::once(name).chain(label) {
                if self.column(header).is_none() {
                    self.columns.push((owned(header), ColumnChoice::Metadata(owned(name))));
                }
            }
            if fields.is_checkbox(name) {
                self.boolean_metadata.push(owned(name));
            }
        }
    }

    /// Sets the delimiter; `Err` says which ones there are.
    pub fn set_delimiter(&mut self, delimiter: &str) -> Result<(), String> {
        match DELIMITERS.iter().find(|&&d| delimiter.as_bytes() == [d]) {
            Some(&d) => {
                self.delimiter = Some(d);
                Ok(())
            }
            None => Err(cat(&[
                "options.delimiter must be \",\", \";\", \"\\t\" (tab) or \"|\", not ",
                &echo(delimiter),
                "; leave it out to detect it from the header line.",
            ])),
        }
    }

    /// What the caller chose for the column headed `name`: the exact header first, then the same
    /// header trimmed and in any ASCII case.
    pub(crate) fn column(&self, name: &str) -> Option<&ColumnChoice> {
        let exact = self.columns.iter().find(|(header, _)| header == name);
        let loose = || self.columns.iter().find(|(header, _)| header.trim().eq_ignore_ascii_case(name.trim()));
        exact.or_else(loose).map(|(_, choice)| choice)
    }
}

fn choice(header: &str, target: &str) -> Result<ColumnChoice, String> {
    if let Some(key) = target.strip_prefix("metadata.") {
        if !key.trim().is_empty() {
            return Ok(ColumnChoice::Metadata(owned(key)));
        }
    }
    if let Some(field) = field_index(target) {
        return Ok(ColumnChoice::Field(field));
    }
    let column = cat(&["options.columns[", &echo(header), "] is ", &echo(target)]);
    let why = match target {
        "metadata" | "metadata." => {
            owned("metadata takes one column per key: name the key, as \"metadata.plan\".")
        }
        "wallets" => owned("a wallet comes from the columns walletAddress, walletChain, walletName and walletProvider."),
        "oauthAccounts" => owned("OAuth accounts cannot come from a CSV column."),
        _ => match did_you_mean(target, &FIELD_NAMES) {
            Some(field) => cat(&["not a user field: did you mean \"", field, "\"?"]),
            None => owned("not a user field: use a field such as \"email\" or \"country\", \"metadata.<key>\", or null to ignore the column."),
        },
    };
    Err(cat(&[&column, "; ", &why]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_metadata_and_null_are_taken_anything_else_is_explained() {
        let mut options = CsvOptions::default();
        options.map_column("E-Mail".into(), Some("email")).unwrap();
        options.map_column("Plan".into(), Some("metadata.plan")).unwrap();
        options.map_column("Notes".into(), None).unwrap();
        options.map_column("Wallet".into(), Some("walletAddress")).unwrap();
        assert_eq!(options.column("e-mail "), Some(&ColumnChoice::Field(field_index("email").unwrap())));
        assert_eq!(options.column("Plan"), Some(&ColumnChoice::Metadata("plan".into())));
        assert_eq!(options.column("Notes"), Some(&ColumnChoice::Ignore));
        assert_eq!(options.column("Other"), None);
        let error = |target: &str| CsvOptions::default().map_column("Land".into(), Some(target)).unwrap_err();
        assert_eq!(
            error("contry"),
            "options.columns[\"Land\"] is \"contry\"; not a user field: did you mean \"country\"?"
        );
        assert_eq!(
            error("Country"),
            "options.columns[\"Land\"] is \"Country\"; not a user field: did you mean \"country\"?"
        );
        assert!(error("favouriteColour").contains("null to ignore the column"));
        assert!(error("metadata").contains("\"metadata.plan\""));
        assert!(error("metadata.").contains("\"metadata.plan\""));
        assert!(error("wallets").contains("walletAddress"));
    }

    #[test]
    fn four_delimiters() {
        let mut options = CsvOptions::default();
        for (text, byte) in [(",", b','), (";", b';'), ("\t", b'\t'), ("|", b'|')] {
            options.set_delimiter(text).unwrap();
            assert_eq!(options.delimiter, Some(byte));
        }
        assert!(options.set_delimiter(":").unwrap_err().contains("not \":\""));
        assert!(options.set_delimiter(",,").is_err());
        assert!(options.set_delimiter("").is_err());
    }
}
