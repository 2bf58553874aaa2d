//! The header row → which field each column fills, in the order the JSON objects are written.

use super::options::{ColumnChoice, CsvOptions};
use super::reader::Record;
use super::UnknownColumn;
use crate::json::push_string as push_json_string;
use crate::text::{cat, owned};
use crate::validate::echo;

/// What a column's cell becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Boolean,
    /// The index of its part in [`WALLET_KEYS`].
    Wallet(usize),
}

/// The fields a column can name, by wire name.
const FIELDS: &[(&str, Kind)] = &[
    ("id", Kind::Text),
    ("alias", Kind::Text),
    ("firstName", Kind::Text),
    ("lastName", Kind::Text),
    ("jobTitle", Kind::Text),
    ("phoneNumber", Kind::Text),
    ("tShirtSize", Kind::Text),
    ("team", Kind::Text),
    ("country", Kind::Text),
    ("username", Kind::Text),
    ("btcWallet", Kind::Text),
    ("kdaWallet", Kind::Text),
    ("ltcWallet", Kind::Text),
    ("ckbWallet", Kind::Text),
    ("kasWallet", Kind::Text),
    ("dogeWallet", Kind::Text),
    ("email", Kind::Text),
    ("emailVerifiedAt", Kind::Text),
    ("mfaBackupCodeAcknowledgement", Kind::Text),
    ("policiesConsent", Kind::Boolean),
    ("emailNotification", Kind::Boolean),
    ("discordNotification", Kind::Boolean),
    ("newsletterNotification", Kind::Boolean),
    ("walletAddress", Kind::Wallet(0)),
    ("walletChain", Kind::Wallet(1)),
    ("walletName", Kind::Wallet(2)),
    ("walletProvider", Kind::Wallet(3)),
];

/// Other names exports give fields (folded as [`fold`] does): Google and Outlook contacts, HubSpot,
/// Salesforce, Shopify, Mailchimp. When two columns name one field, the higher [`Rank`] fills it
/// and the other is ignored. Left out on purpose: HubSpot's `Marketing contact status` ("Marketing
/// contact" is no yes or no) and Salesforce's `Email Opt Out` (the opposite of a consent).
const ALIASES: &[(&str, &str, Rank)] = &[
    ("emailaddress", "email", Rank::Alias),
    ("email1value", "email", Rank::Alias),
    ("givenname", "firstName", Rank::Alias),
    ("familyname", "lastName", Rank::Alias),
    ("surname", "lastName", Rank::Alias),
    ("phone", "phoneNumber", Rank::Alias),
    ("phone1value", "phoneNumber", Rank::Alias),
    // A mobile number only where the export has no main one (HubSpot has both).
    ("mobilephonenumber", "phoneNumber", Rank::Fallback),
    ("mobilephone", "phoneNumber", Rank::Fallback),
    ("mobile", "phoneNumber", Rank::Fallback),
    ("title", "jobTitle", Rank::Alias),
    ("organizationtitle", "jobTitle", Rank::Alias),
    ("organization1title", "jobTitle", Rank::Alias),
    ("countryregion", "country", Rank::Alias),
    ("mailingcountry", "country", Rank::Alias),
    ("defaultaddresscountry", "country", Rank::Alias),
    ("address1country", "country", Rank::Alias),
    // Beside a "Country" column of names (Shopify), the codes are what the field takes.
    ("countrycode", "country", Rank::Preferred),
    ("defaultaddresscountrycode", "country", Rank::Preferred),
    ("acceptsemailmarketing", "newsletterNotification", Rank::Alias),
];

/// How surely a column means its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Fallback,
    Alias,
    Exact,
    Preferred,
    /// The caller's `columns` option named it.
    Chosen,
}

/// Every field name a column can fill, as `columns` takes them.
pub(crate) const FIELD_NAMES: [&str; FIELDS.len()] = {
    let mut names = [""; FIELDS.len()];
    let mut i = 0;
    while i < FIELDS.len() {
        names[i] = FIELDS[i].0;
        i += 1;
    }
    names
};

/// The field named exactly `name` (its wire name, or a wallet column's).
pub(crate) fn field_index(name: &str) -> Option<usize> {
    FIELD_NAMES.iter().position(|field| *field == name)
}

/// The keys of the one wallet object, in the order they are written.
pub(crate) const WALLET_KEYS: [&str; 4] = ["publicWalletAddress", "chain", "walletName", "walletProvider"];

/// One key of the user object and the column it comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry {
    Text {
        column: usize,
        key: &'static str,
    },
    Boolean {
        column: usize,
        key: &'static str,
    },
    /// `metadata`, from [`Columns::metadata`].
    Metadata,
    /// `wallets`, from [`Columns::wallet`].
    Wallet,
}

/// A `metadata.<key>` column.
#[derive(Debug)]
pub(crate) struct MetadataColumn {
    pub column: usize,
    pub key: String,
    /// `key` written as a JSON string (`"plan"`).
    pub json: String,
    /// Cells are yes/no, written as booleans (a checkbox custom field).
    pub boolean: bool,
}

/// How to turn a record into a user object.
#[derive(Debug)]
pub(crate) struct Columns {
    /// The keys in header order; `metadata` and `wallets` where their first column is.
    pub entries: Vec<Entry>,
    pub metadata: Vec<MetadataColumn>,
    /// The column of each part of [`WALLET_KEYS`], if the header has it.
    pub wallet: [Option<usize>; 4],
    /// How many cells the header has.
    pub width: usize,
    pub unknown: Vec<UnknownColumn>,
    /// Sentences about the header itself (duplicate columns).
    pub problems: Vec<String>,
}

/// What a header cell names.
enum Target<'h> {
    Field(usize, Rank),
    Metadata(&'h str),
    /// The caller said to ignore it.
    Ignored,
    Unknown,
}

/// Lower-cases and drops all but ASCII letters and digits: `First Name`, `first_name` and
/// `firstName` all become `firstname`. Bytes, not chars: no byte of a multi-byte char is ASCII.
fn fold(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().filter(u8::is_ascii_alphanumeric).map(|b| b.to_ascii_lowercase())
}

/// `fold(name)` collected by pushes: `collect` brings its own growth code for the iterator.
fn folded(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for b in fold(name) {
        out.push(b);
    }
    out
}

#[cfg_attr(size_opt, optimize(size))]
fn classify<'h>(name: &'h str, options: &'h CsvOptions) -> Target<'h> {
    match options.column(name) {
        Some(ColumnChoice::Ignore) => return Target::Ignored,
        Some(ColumnChoice::Field(field)) => return Target::Field(*field, Rank::Chosen),
        Some(ColumnChoice::Metadata(key)) => return Target::Metadata(key),
        None => {}
    }
    let trimmed = name.trim();
    // `get` rather than slicing: the 9th byte may be inside a character.
    if let Some(prefix) = trimmed.get(..9) {
        let key = trimmed[9..].trim();
        if prefix.eq_ignore_ascii_case("metadata.") && !key.is_empty() {
            return Target::Metadata(key);
        }
    }
    let folded = folded(name);
    let (folded, rank) = match ALIASES.iter().find(|(alias, ..)| alias.as_bytes() == folded) {
        Some((_, wire, rank)) => (self::folded(wire), *rank),
        None => (folded, Rank::Exact),
    };
    FIELDS.iter().position(|(field, _)| folds_to(field, &folded)).map_or(Target::Unknown, |f| Target::Field(f, rank))
}

/// True when `name` folds to `folded`. Kept out of line: inlined into the search over every
/// field it made 9 KB of wasm.
#[inline(never)]
fn folds_to(name: &str, folded: &[u8]) -> bool {
    fold(name).eq(folded.iter().copied())
}

impl Columns {
    /// The columns of `header`, mapped as `options.columns` says, and the rest by their names.
    /// Runs once a file: compiled for size, and kept out of the row loop it would be inlined into.
    #[cfg_attr(size_opt, optimize(size))]
    #[inline(never)]
    pub fn from_header(header: &Record, options: &CsvOptions) -> Columns {
        let mut columns = Columns {
            entries: Vec::new(),
            metadata: Vec::new(),
            wallet: [None; 4],
            width: header.len(),
            unknown: Vec::new(),
            problems: Vec::new(),
        };
        // Each field's surest name and its first column with it, wherever it stands: the column
        // that fills the field, so that an alias before or after it is ignored either way.
        let mut surest = [None::<(usize, Rank)>; FIELDS.len()];
        let mut metadata_keys = Vec::new();
        for column in 0..header.len() {
            match classify(header.get(column), options) {
                Target::Field(field, rank) if surest[field].map_or(true, |(_, best)| rank > best) => {
                    surest[field] = Some((column, rank));
                }
                Target::Metadata(key) => metadata_keys.push((key, column)),
                _ => {}
            }
        }
        // The first column of each metadata key, by column, to catch a second one: sorted, not
        // hashed, so that the module carries no hash table for a header read once a file.
        metadata_keys.sort_unstable();
        let mut first_with_key = vec![None::<usize>; if metadata_keys.is_empty() { 0 } else { header.len() }];
        for same_key in metadata_keys.chunk_by(|a, b| a.0 == b.0) {
            for &(_, column) in same_key {
                if let Some(first) = first_with_key.get_mut(column) {
                    *first = Some(same_key[0].1);
                }
            }
        }
        // The first column of each field, to catch a second one.
        let mut fields_seen = [None::<usize>; FIELDS.len()];
        for column in 0..header.len() {
            let name = header.get(column);
            let duplicate = match classify(name, options) {
                Target::Ignored => None,
                Target::Unknown => {
                    columns.unknown.push(UnknownColumn { column, name: owned(name), filled_by: None });
                    None
                }
                Target::Metadata(key) => match first_with_key.get(column).copied().flatten() {
                    Some(first) if first != column => Some((first, cat(&["metadata.", key]))),
                    _ => {
                        if columns.metadata.is_empty() {
                            columns.entries.push(Entry::Metadata);
                        }
                        let mut json = String::with_capacity(key.len() + 2);
                        push_json_string(&mut json, key);
                        let boolean = options.boolean_metadata.iter().any(|b| b == key);
                        columns.metadata.push(MetadataColumn { column, key: owned(key), json, boolean });
                        None
                    }
                },
                Target::Field(field, rank) => {
                    let (key, kind) = FIELDS[field];
                    match (surest[field], fields_seen[field]) {
                        // A less sure name than another column's: ignored, and said so.
                        (Some((kept, best)), _) if rank < best => {
                            let filled_by = Some((owned(header.get(kept)), key));
                            columns.unknown.push(UnknownColumn { column, name: owned(name), filled_by });
                            None
                        }
                        (_, Some(first)) => Some((first, owned(key))),
                        (_, None) => {
                            fields_seen[field] = Some(column);
                            columns.add_field(column, key, kind);
                            None
                        }
                    }
                }
            };
            if let Some((first, label)) = duplicate {
                let first = header.get(first);
                columns.problems.push(cat(&[
                    "The columns ",
                    &echo(first),
                    " and ",
                    &echo(name),
                    " both name ",
                    &label,
                    "; keep one of them.",
                ]));
            }
        }
        columns
    }

    /// The most a row's JSON adds to its cells' text: keys, quotes, colons, commas and braces
    /// (cells that need escapes add more).
    pub fn row_overhead(&self) -> usize {
        let member = |key: usize| key + 6; // "key":"cell",
        let entries: usize = self
            .entries
            .iter()
            .map(|entry| match entry {
                Entry::Text { key, .. } | Entry::Boolean { key, .. } => member(key.len()),
                Entry::Metadata => {
                    member("metadata".len()) + self.metadata.iter().map(|m| m.json.len() + 4).sum::<usize>()
                }
                Entry::Wallet => {
                    member("wallets".len()) + WALLET_KEYS.iter().map(|key| member(key.len())).sum::<usize>()
                }
            })
            .sum();
        entries + 3 // {},
    }

    /// The key each column writes, by column: a field's, a metadata key or a wallet part's;
    /// `None` for a column that writes nothing.
    pub fn keys_by_column(&self) -> Vec<Option<String>> {
        let mut keys = vec![None; self.width];
        let mut set = |column: usize, key: &str| {
            if let Some(slot) = keys.get_mut(column) {
                *slot = Some(owned(key));
            }
        };
        for entry in &self.entries {
            if let Entry::Text { column, key } | Entry::Boolean { column, key } = *entry {
                set(column, key);
            }
        }
        for metadata in &self.metadata {
            set(metadata.column, &metadata.key);
        }
        for (column, key) in self.wallet.iter().zip(WALLET_KEYS) {
            if let Some(column) = column {
                set(*column, key);
            }
        }
        keys
    }

    /// The column whose cell holds the value at `path` within the user (`"country"`,
    /// `"wallets[0].publicWalletAddress"`): where a fix of that value goes.
    pub fn column_of(&self, path: &str) -> Option<usize> {
        if let Some(part) = path.strip_prefix("wallets[0].") {
            let part = WALLET_KEYS.iter().position(|key| *key == part)?;
            return self.wallet[part];
        }
        self.entries.iter().find_map(|entry| match *entry {
            Entry::Text { column, key } | Entry::Boolean { column, key } if key == path => Some(column),
            _ => None,
        })
    }

    fn add_field(&mut self, column: usize, key: &'static str, kind: Kind) {
        match kind {
            Kind::Text => self.entries.push(Entry::Text { column, key }),
            Kind::Boolean => self.entries.push(Entry::Boolean { column, key }),
            Kind::Wallet(part) => {
                if self.wallet.iter().all(Option::is_none) {
                    self.entries.push(Entry::Wallet);
                }
                self.wallet[part] = Some(column);
            }
        }
    }
}
