//! Which fields each request object has and what each accepts (SPEC sections 2 and 4).

use super::reader::KeyOrder;
use crate::scan;

use crate::address::WalletField;
use crate::model::enums::{
    ADDITIONAL_ADDRESS_TYPES, CHAINS, MFA_BACKUP_CODE_ACKNOWLEDGEMENTS, OAUTH_PROVIDERS, WALLET_PROVIDERS,
};

/// What one field accepts: the kinds of SPEC section 2. Each kind's check is in
/// [`super::fields::Checker::string`]; [`Rule::describe`] says it in the API's words.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// The schema's `uuid`: lower-case hex digits in groups of 8-4-4-4-12.
    Uuid,
    /// The names pattern `^(?=\S)[\p{L}\p{N}a-zA-Z _.,:!?&%@\/+\-'|]+(?<=\S)$`; `empty` adds the
    /// pattern's `^$|` alternative, `max` is the schema's maxLength where it has one.
    Name {
        empty: bool,
        max: Option<usize>,
    },
    /// A phone number: the names pattern (may be empty, ≤ 255), whose parentheses can be removed.
    Phone,
    /// Any string (an additional wallet address, its public key).
    AnyText,
    Bool,
    /// A JSON object (not an array, not null).
    Object,
    /// One of these strings; `nullable` also allows `null`.
    Enum {
        values: &'static [&'static str],
        nullable: bool,
    },
    /// `^[A-Z]{2}$` and officially assigned (ISO 3166-1 alpha-2), or null.
    Country,
    /// `^$|^[\p{L}\p{N}_-]{3,20}$`, or null.
    Username,
    /// The pattern of one of the six wallet fields, then decoded for its chain; or null.
    WalletAddress(WalletField),
    /// The API's email pattern (RFC 5322 dot-atom or quoted local part), ≤ 255.
    Email,
    /// An RFC 3339 date-time.
    DateTime,
    /// An array of objects of this shape.
    ArrayOf(&'static ObjectSpec),
    /// An array of email addresses.
    Emails,
    /// An array of strings.
    Strings,
    /// `^[A-Za-z0-9]{18,100}$`, ≤ 255, then decoded for the wallet's `chain` once both are known.
    PublicWalletAddress,
}

/// The README's schema table is written from these (see [`markdown_table`]).
#[cfg(test)]
impl Rule {
    /// The kind's name in the README's schema table.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Uuid => "uuid",
            Rule::Name { .. } => "name",
            Rule::Phone => "phone",
            Rule::AnyText => "string",
            Rule::Bool => "boolean",
            Rule::Object => "object",
            Rule::Enum { .. } => "enum",
            Rule::Country => "country",
            Rule::Username => "username",
            Rule::WalletAddress(_) => "wallet address",
            Rule::Email => "email",
            Rule::DateTime => "date-time",
            Rule::ArrayOf(_) | Rule::Emails | Rule::Strings => "array",
            Rule::PublicWalletAddress => "wallet address",
        }
    }

    /// The rule in the API's words, for the README's schema table.
    pub fn describe(&self) -> String {
        let names = "names pattern";
        match *self {
            Rule::Uuid => "`uuid` (lower case)".into(),
            Rule::Name { empty, max } => {
                let empty = if empty { ", or empty" } else { ", not empty" };
                match max {
                    Some(max) => format!("{names}{empty}; ≤ {max}"),
                    None => format!("{names}{empty}"),
                }
            }
            Rule::Phone => format!("{names}, or empty; ≤ {MAX_TEXT}"),
            Rule::AnyText => "string".into(),
            Rule::Bool => "boolean".into(),
            Rule::Object => "object".into(),
            Rule::Enum { values, nullable } => {
                format!("{}{}", values.join(" "), if nullable { ", or null" } else { "" })
            }
            Rule::Country => "`^[A-Z]{2}$`, assigned ISO 3166-1; or null".into(),
            Rule::Username => "`^$\\|^[\\p{L}\\p{N}_-]{3,20}$`; or null".into(),
            Rule::WalletAddress(field) => {
                format!("`{}`; or null", crate::validate::wallet_pattern(field).replace('|', "\\|"))
            }
            Rule::Email => "email pattern; ≤ 255".into(),
            Rule::DateTime => "RFC 3339 date-time".into(),
            Rule::ArrayOf(spec) => {
                format!(
                    "array of {}",
                    spec.what.split_once(' ').map_or(spec.what, |(_, what)| what).to_ascii_lowercase()
                )
            }
            Rule::Emails => "array of email".into(),
            Rule::Strings => "array of string".into(),
            Rule::PublicWalletAddress => "`^[A-Za-z0-9]{18,100}$`; ≤ 255".into(),
        }
    }
}

/// The schema's maxLength of names, emails and other short text.
const MAX_TEXT: usize = 255;
/// A name that may be empty, as most free-text fields.
const TEXT: Rule = Rule::Name { empty: true, max: Some(MAX_TEXT) };

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub rule: Rule,
    pub required: bool,
}

impl Field {
    /// True when `null` is allowed (it clears the field on the server).
    pub fn nullable(&self) -> bool {
        matches!(self.rule, Rule::Country | Rule::Username | Rule::WalletAddress(_) | Rule::Enum { nullable: true, .. })
    }
}

/// An object's fields and how to name it in messages.
#[derive(Debug)]
pub struct ObjectSpec {
    /// "A user", "A wallet": starts a sentence.
    pub what: &'static str,
    pub fields: &'static [Field],
    lookup: Lookup,
    /// The order its keys came in last time, to guess the next key (src/validate/reader.rs).
    pub(super) key_order: KeyOrder,
}

/// Field positions by [`name_slot`], and the required fields; built at compile time.
#[derive(Debug)]
struct Lookup {
    slots: [u8; NAME_SLOTS],
    /// Bit `i` set when field `i` is required.
    required: u64,
}

impl Lookup {
    const fn of(fields: &[Field]) -> Lookup {
        let mut lookup = Lookup { slots: [NO_FIELD; NAME_SLOTS], required: 0 };
        let mut index = 0;
        while index < fields.len() {
            let slot = name_slot(fields[index].name.as_bytes());
            lookup.slots[slot] = if lookup.slots[slot] == NO_FIELD { index as u8 } else { SHARED };
            lookup.required |= (fields[index].required as u64) << index;
            index += 1;
        }
        lookup
    }
}

/// `name_slot` keeps 7 bits.
const NAME_SLOTS: usize = 128;
const NO_FIELD: u8 = u8::MAX;
/// Two fields share the slot: search them all.
const SHARED: u8 = u8::MAX - 1;

/// Where a name goes in an [`ObjectSpec`]'s lookup, from its length and its first three and
/// last bytes. The multiplier was picked so that no two fields of any object share a slot (a test
/// checks; after adding a field, pick another if it fails), so a key costs one compare. A shared
/// slot would still be looked up correctly, by a scan.
const fn name_slot(name: &[u8]) -> usize {
    let last = name.len().wrapping_sub(1);
    let word = byte_at(name, 0) | byte_at(name, 1) << 8 | byte_at(name, 2) << 16 | byte_at(name, last) << 24;
    let mixed = (word ^ (name.len() as u32).wrapping_mul(0x9E37_79B1)).wrapping_mul(0x6513_270F);
    (mixed >> 25) as usize
}

const fn byte_at(name: &[u8], i: usize) -> u32 {
    if i < name.len() {
        name[i] as u32
    } else {
        0
    }
}

impl ObjectSpec {
    const fn new(what: &'static str, fields: &'static [Field]) -> ObjectSpec {
        ObjectSpec { what, fields, lookup: Lookup::of(fields), key_order: KeyOrder::new() }
    }

    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The position of the field called `name`: this runs for every key of every row, and a scan
    /// of a user's 26 fields was a tenth of `validateBulkUsers`. Inlined: LLVM kept it out of line,
    /// and the call cost 2.5 %.
    #[inline(always)]
    pub fn index_of(&self, name: &str) -> Option<usize> {
        match self.lookup.slots[name_slot(name.as_bytes())] {
            NO_FIELD => None,
            SHARED => self.fields.iter().position(|f| f.name == name),
            index => scan::same(self.fields[usize::from(index)].name.as_bytes(), name.as_bytes())
                .then_some(usize::from(index)),
        }
    }

    /// The required fields, bit `i` for field `i`: most objects have all of them, and a mask
    /// says so without looking at each field.
    pub fn required(&self) -> u64 {
        self.lookup.required
    }

    /// All field names, for "did you mean" hints.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}

const fn optional(name: &'static str, rule: Rule) -> Field {
    Field { name, rule, required: false }
}

const fn required(name: &'static str, rule: Rule) -> Field {
    Field { name, rule, required: true }
}

macro_rules! updatable_fields {
    () => {
        [
            optional("id", Rule::Uuid),
            optional("alias", TEXT),
            optional("firstName", TEXT),
            optional("lastName", TEXT),
            optional("jobTitle", TEXT),
            optional("phoneNumber", Rule::Phone),
            optional("metadata", Rule::Object),
            optional(
                "mfaBackupCodeAcknowledgement",
                Rule::Enum { values: MFA_BACKUP_CODE_ACKNOWLEDGEMENTS, nullable: true },
            ),
            optional("tShirtSize", TEXT),
            optional("team", TEXT),
            optional("policiesConsent", Rule::Bool),
            optional("country", Rule::Country),
            optional("username", Rule::Username),
            optional("btcWallet", Rule::WalletAddress(WalletField::Btc)),
            optional("kdaWallet", Rule::WalletAddress(WalletField::Kda)),
            optional("ltcWallet", Rule::WalletAddress(WalletField::Ltc)),
            optional("ckbWallet", Rule::WalletAddress(WalletField::Ckb)),
            optional("kasWallet", Rule::WalletAddress(WalletField::Kas)),
            optional("dogeWallet", Rule::WalletAddress(WalletField::Doge)),
            optional("emailNotification", Rule::Bool),
            optional("discordNotification", Rule::Bool),
            optional("newsletterNotification", Rule::Bool),
        ]
    };
}

/// The body of `PUT /users/{userId}`.
pub static USER_UPDATE: ObjectSpec = ObjectSpec::new("An update", &UPDATABLE_FIELDS);
const UPDATABLE_FIELDS: [Field; 22] = updatable_fields!();

/// Fields only a new user (bulk create) takes; in an update body they are `not_updatable`.
pub const NEW_USER_ONLY: [&str; 4] = ["email", "emailVerifiedAt", "wallets", "oauthAccounts"];

/// One item of the bulk-create array.
pub static NEW_USER: ObjectSpec = ObjectSpec::new("A user", &NEW_USER_FIELDS);
const NEW_USER_FIELDS: [Field; 26] = concat(
    updatable_fields!(),
    [
        optional("email", Rule::Email),
        optional("emailVerifiedAt", Rule::DateTime),
        optional("wallets", Rule::ArrayOf(&WALLET)),
        optional("oauthAccounts", Rule::ArrayOf(&OAUTH_ACCOUNT)),
    ],
);

/// One wallet of a new user.
pub static WALLET: ObjectSpec = ObjectSpec::new("A wallet", &WALLET_FIELDS);
const WALLET_FIELDS: [Field; 5] = [
    required("publicWalletAddress", Rule::PublicWalletAddress),
    required("chain", Rule::Enum { values: CHAINS, nullable: false }),
    required("walletName", Rule::Name { empty: false, max: Some(MAX_TEXT) }),
    required("walletProvider", Rule::Enum { values: WALLET_PROVIDERS, nullable: false }),
    optional("additionalWalletAddresses", Rule::ArrayOf(&ADDITIONAL_ADDRESS)),
];

/// One additional address of a wallet.
pub static ADDITIONAL_ADDRESS: ObjectSpec = ObjectSpec::new("An additional wallet address", &ADDITIONAL_ADDRESS_FIELDS);
const ADDITIONAL_ADDRESS_FIELDS: [Field; 3] = [
    required("address", Rule::AnyText),
    optional("publicKey", Rule::AnyText),
    required("type", Rule::Enum { values: ADDITIONAL_ADDRESS_TYPES, nullable: false }),
];

/// One OAuth account of a new user.
pub static OAUTH_ACCOUNT: ObjectSpec = ObjectSpec::new("An OAuth account", &OAUTH_ACCOUNT_FIELDS);
const OAUTH_ACCOUNT_FIELDS: [Field; 7] = [
    required("provider", Rule::Enum { values: OAUTH_PROVIDERS, nullable: false }),
    required("accountId", Rule::Name { empty: false, max: None }),
    optional("emails", Rule::Emails),
    optional("displayName", Rule::Name { empty: true, max: None }),
    optional("username", Rule::Name { empty: true, max: None }),
    optional("photos", Rule::Strings),
    optional("profile", Rule::Object),
];

const fn concat(base: [Field; 22], extra: [Field; 4]) -> [Field; 26] {
    let [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21] = base;
    let [b0, b1, b2, b3] = extra;
    [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, b0, b1, b2, b3]
}

/// The schema as a markdown table, field → kind → rule: the README carries it (a test checks).
#[cfg(test)]
pub fn markdown_table() -> String {
    let mut out = String::from("| object | field | kind | the API's rule |\n| --- | --- | --- | --- |\n");
    for (object, spec) in [
        ("user", &NEW_USER),
        ("wallet", &WALLET),
        ("additional address", &ADDITIONAL_ADDRESS),
        ("OAuth account", &OAUTH_ACCOUNT),
    ] {
        for field in spec.fields {
            let required = if field.required { " (required)" } else { "" };
            let update =
                if spec.what == NEW_USER.what && NEW_USER_ONLY.contains(&field.name) { " (bulk only)" } else { "" };
            out.push_str(&format!(
                "| {object} | `{}`{required}{update} | {} | {} |\n",
                field.name,
                field.rule.kind(),
                field.rule.describe()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_holds_the_schema_table() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        assert!(readme.contains(&table), "README.md lacks the schema table; paste this:\n{table}");
    }

    #[test]
    fn every_field_has_a_slot_of_its_own_and_is_found() {
        for spec in [&USER_UPDATE, &NEW_USER, &WALLET, &ADDITIONAL_ADDRESS, &OAUTH_ACCOUNT] {
            let mut slots: Vec<usize> = spec.fields.iter().map(|f| name_slot(f.name.as_bytes())).collect();
            slots.sort_unstable();
            slots.dedup();
            assert_eq!(slots.len(), spec.fields.len(), "{}: two fields share a slot", spec.what);
            for (index, field) in spec.fields.iter().enumerate() {
                assert_eq!(spec.index_of(field.name), Some(index));
            }
            for other in ["", "e", "emai", "emaiL", "firstname", "walletname", "x".repeat(300).as_str()] {
                assert_eq!(spec.index_of(other), None, "{other}");
            }
        }
    }

    #[test]
    fn names_that_share_a_slot_are_still_told_apart() {
        let names: Vec<&'static str> = (0..1000).map(|i| &*String::leak(format!("field{i}"))).collect();
        let (a, b) = names
            .iter()
            .enumerate()
            .find_map(|(i, a)| {
                names[..i].iter().find(|b| name_slot(b.as_bytes()) == name_slot(a.as_bytes())).map(|b| (*a, *b))
            })
            .expect("some pair of a thousand names shares one of 128 slots");
        let fields: &'static [Field] = Vec::leak(vec![optional(a, TEXT), optional(b, TEXT)]);
        let spec = ObjectSpec::new("A test", fields);
        assert_eq!((spec.index_of(a), spec.index_of(b), spec.index_of("field")), (Some(0), Some(1), None));
    }

    #[test]
    fn new_user_is_update_plus_new_only_fields() {
        assert_eq!(NEW_USER.fields.len(), USER_UPDATE.fields.len() + NEW_USER_ONLY.len());
        for f in USER_UPDATE.fields {
            assert!(NEW_USER.field(f.name).is_some(), "{}", f.name);
        }
        for name in NEW_USER_ONLY {
            assert!(NEW_USER.field(name).is_some() && USER_UPDATE.field(name).is_none(), "{name}");
        }
    }
}
