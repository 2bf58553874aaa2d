//! Which fields each request object has and what each accepts (SPEC sections 2 and 4).

use crate::address::WalletField;
use crate::model::enums::{
    ADDITIONAL_ADDRESS_TYPES, CHAINS, MFA_BACKUP_CODE_ACKNOWLEDGEMENTS, OAUTH_PROVIDERS, WALLET_PROVIDERS,
};

/// What one field accepts.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// A string of exactly 36 characters (a UUID's text form).
    Id,
    /// A string of at most 255 characters.
    Text,
    /// Any string.
    AnyText,
    Bool,
    /// A JSON object (not an array, not null).
    Object,
    /// One of these strings; `nullable` also allows `null`.
    Enum {
        values: &'static [&'static str],
        nullable: bool,
    },
    /// An ISO 3166-1 alpha-2 code, or null.
    Country,
    /// ASCII letters, digits, `-`, `_`; or null.
    Username,
    /// An address of this chain, or null.
    WalletAddress(WalletField),
    Email,
    DateTime,
    /// An array of objects of this shape.
    ArrayOf(&'static ObjectSpec),
    /// An array of email addresses.
    Emails,
    /// An array of strings.
    Strings,
    /// A wallet's address: a string, checked against the wallet's `chain` once both are known.
    ChainAddress,
}

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
}

impl ObjectSpec {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The position of the field called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        // Length and first byte rule out nearly every candidate before a full compare.
        let (len, first) = (name.len(), name.as_bytes().first());
        self.fields.iter().position(|f| f.name.len() == len && f.name.as_bytes().first() == first && f.name == name)
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
            optional("id", Rule::Id),
            optional("alias", Rule::Text),
            optional("firstName", Rule::Text),
            optional("lastName", Rule::Text),
            optional("jobTitle", Rule::Text),
            optional("phoneNumber", Rule::Text),
            optional("metadata", Rule::Object),
            optional(
                "mfaBackupCodeAcknowledgement",
                Rule::Enum { values: MFA_BACKUP_CODE_ACKNOWLEDGEMENTS, nullable: true },
            ),
            optional("tShirtSize", Rule::Text),
            optional("team", Rule::Text),
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
pub static USER_UPDATE: ObjectSpec = ObjectSpec { what: "An update", fields: &updatable_fields!() };

/// Fields only a new user (bulk create) takes; in an update body they are `not_updatable`.
pub const NEW_USER_ONLY: [&str; 4] = ["email", "emailVerifiedAt", "wallets", "oauthAccounts"];

/// One item of the bulk-create array.
pub static NEW_USER: ObjectSpec = ObjectSpec {
    what: "A user",
    fields: &{
        let base = updatable_fields!();
        let extra = [
            optional("email", Rule::Email),
            optional("emailVerifiedAt", Rule::DateTime),
            optional("wallets", Rule::ArrayOf(&WALLET)),
            optional("oauthAccounts", Rule::ArrayOf(&OAUTH_ACCOUNT)),
        ];
        concat(base, extra)
    },
};

/// One wallet of a new user.
pub static WALLET: ObjectSpec = ObjectSpec {
    what: "A wallet",
    fields: &[
        required("publicWalletAddress", Rule::ChainAddress),
        required("chain", Rule::Enum { values: CHAINS, nullable: false }),
        required("walletName", Rule::AnyText),
        required("walletProvider", Rule::Enum { values: WALLET_PROVIDERS, nullable: false }),
        optional("additionalWalletAddresses", Rule::ArrayOf(&ADDITIONAL_ADDRESS)),
    ],
};

/// One additional address of a wallet.
pub static ADDITIONAL_ADDRESS: ObjectSpec = ObjectSpec {
    what: "An additional wallet address",
    fields: &[
        required("address", Rule::AnyText),
        optional("publicKey", Rule::AnyText),
        required("type", Rule::Enum { values: ADDITIONAL_ADDRESS_TYPES, nullable: false }),
    ],
};

/// One OAuth account of a new user.
pub static OAUTH_ACCOUNT: ObjectSpec = ObjectSpec {
    what: "An OAuth account",
    fields: &[
        required("provider", Rule::Enum { values: OAUTH_PROVIDERS, nullable: false }),
        required("accountId", Rule::AnyText),
        optional("emails", Rule::Emails),
        optional("displayName", Rule::AnyText),
        optional("username", Rule::AnyText),
        optional("photos", Rule::Strings),
        optional("profile", Rule::Object),
    ],
};

const fn concat(base: [Field; 22], extra: [Field; 4]) -> [Field; 26] {
    let [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21] = base;
    let [b0, b1, b2, b3] = extra;
    [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, b0, b1, b2, b3]
}

#[cfg(test)]
mod tests {
    use super::*;

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
