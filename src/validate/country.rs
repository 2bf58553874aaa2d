//! ISO 3166-1 alpha-2: the 249 officially assigned codes, and the right code for common mistakes.

use super::country_names::{self, Known};
use super::report::echo;
use crate::text::{cat, split_once};

/// Every officially assigned ISO 3166-1 alpha-2 code, sorted.
pub const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", //
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW",
    "BY", "BZ", //
    "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY",
    "CZ", //
    "DE", "DJ", "DK", "DM", "DO", "DZ", //
    "EC", "EE", "EG", "EH", "ER", "ES", "ET", //
    "FI", "FJ", "FK", "FM", "FO", "FR", //
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW",
    "GY", //
    "HK", "HM", "HN", "HR", "HT", "HU", //
    "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", //
    "JE", "JM", "JO", "JP", //
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", //
    "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", //
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV",
    "MW", "MX", "MY", "MZ", //
    "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", //
    "OM", //
    "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", //
    "QA", //
    "RE", "RO", "RS", "RU", "RW", //
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX",
    "SY", "SZ", //
    "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", //
    "UA", "UG", "UM", "US", "UY", "UZ", //
    "VA", "VC", "VE", "VG", "VI", "VN", "VU", //
    "WF", "WS", //
    "YE", "YT", //
    "ZA", "ZM", "ZW",
];

/// Reserved or withdrawn codes people still use, with the assigned code that replaces them.
/// Codes whose territory split (AN, CS, YU, SU, NT) have no single successor and are left out.
/// One line each, the code, its replacement and why, in one text: as a table of three `&str` it
/// was 0.5 KB of pointers (see [`replaced`]).
const REPLACED: &str = "\
AC SH Ascension Island is part of Saint Helena, Ascension and Tristan da Cunha
BU MM Burma is now Myanmar
CP FR Clipperton Island is part of France
CQ GG Sark is part of Guernsey
DD DE the German Democratic Republic is now part of Germany
DG IO Diego Garcia is part of the British Indian Ocean Territory
DY BJ Dahomey is now Benin
EA ES Ceuta and Melilla are part of Spain
EL GR EL is the European Union's abbreviation for Greece
FX FR Metropolitan France is coded as France
HV BF Upper Volta is now Burkina Faso
IC ES the Canary Islands are part of Spain
NH VU the New Hebrides are now Vanuatu
RH ZW Southern Rhodesia is now Zimbabwe
TA SH Tristan da Cunha is part of Saint Helena, Ascension and Tristan da Cunha
TP TL East Timor is now Timor-Leste
UK GB the United Kingdom's ISO code is GB
VD VN North Vietnam is now part of Viet Nam
YD YE South Yemen is now part of Yemen
ZR CD Zaire is now the Democratic Republic of the Congo
";

/// The code that replaces `code` and why, from [`REPLACED`].
fn replaced(code: &str) -> Option<(&'static str, &'static str)> {
    let mut rest = REPLACED;
    while let Some((line, more)) = split_once(rest, b'\n') {
        let (from, line) = split_once(line, b' ')?;
        let (to, why) = split_once(line, b' ')?;
        if from == code {
            return Some((to, why));
        }
        rest = more;
    }
    None
}

/// One bit for each pair of letters A–Z, set for the assigned codes: a lookup with no string
/// compares, for the country of every row.
const ASSIGNED: [u32; 26] = {
    let mut rows = [0u32; 26];
    let mut i = 0;
    while i < COUNTRY_CODES.len() {
        let code = COUNTRY_CODES[i].as_bytes();
        rows[(code[0] - b'A') as usize] |= 1 << (code[1] - b'A');
        i += 1;
    }
    rows
};

/// The assigned codes in order, from [`ASSIGNED`]: the country names' table leaves them out.
pub(super) fn assigned_codes() -> impl Iterator<Item = [u8; 2]> {
    let mut next = 0;
    std::iter::from_fn(move || {
        while next < 26 * 26 {
            let (first, second) = (next / 26, next % 26);
            next += 1;
            if ASSIGNED[first] & 1 << second != 0 {
                return Some([b'A' + first as u8, b'A' + second as u8]);
            }
        }
        None
    })
}

/// True when `code` is an officially assigned alpha-2 code, in upper case.
pub fn is_assigned(code: &str) -> bool {
    match *code.as_bytes() {
        [first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => ASSIGNED[usize::from(first - b'A')] & 1 << (second - b'A') != 0,
        _ => false,
    }
}

/// Why `code` is not accepted, in one sentence that names the right code where there is one,
/// and that code as the fix where it is mechanical. Only call for codes that are not assigned.
#[cfg_attr(size_opt, optimize(size))]
pub fn explain(code: &str) -> (String, Option<String>) {
    let trimmed = super::patterns::trim_js(code);
    if trimmed.is_empty() {
        return ("country must not be empty; use null to clear it.".into(), None);
    }
    let upper = trimmed.to_ascii_uppercase();
    if is_assigned(&upper) {
        let message = if trimmed != code {
            cat(&["Country codes take no spaces: use \"", &upper, "\"."])
        } else {
            cat(&["Country codes are upper case: use \"", &upper, "\"."])
        };
        return (message, Some(upper));
    }
    if let Some((to, why)) = replaced(&upper) {
        let message = cat(&["\"", &upper, "\" is not an assigned ISO 3166-1 code; ", why, ": use \"", to, "\"."]);
        return (message, Some(to.to_owned()));
    }
    if upper == "XK" {
        return ("\"XK\" (Kosovo) is a user-assigned code, not an officially assigned ISO 3166-1 code.".into(), None);
    }
    match country_names::lookup(trimmed) {
        Some(Known::Alpha3(code)) => (
            cat(&[&echo(trimmed), " is a three-letter code; country takes the two-letter one: use \"", &code, "\"."]),
            Some(code),
        ),
        Some(Known::Name(code)) => (
            cat(&[&echo(trimmed), " is a country's name; country takes its ISO 3166-1 code: use \"", &code, "\"."]),
            Some(code),
        ),
        None => (
            "Use an officially assigned two-letter ISO 3166-1 alpha-2 code in upper case, such as \"US\" or \"DE\"."
                .into(),
            None,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_upper_case() {
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(COUNTRY_CODES.iter().all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        let lines: Vec<&str> = REPLACED.lines().collect();
        assert_eq!(lines.len(), 20);
        for line in lines {
            let (from, to, why) = (&line[..2], &line[3..5], &line[6..]);
            assert_eq!((&line[2..3], &line[5..6]), (" ", " "), "{line}");
            assert!(!is_assigned(from), "{from} is assigned");
            assert!(is_assigned(to), "{to} is not assigned");
            assert_eq!(replaced(from), Some((to, why)));
        }
        assert_eq!(replaced("GB"), None);
    }

    #[test]
    fn the_bit_table_holds_exactly_the_list() {
        for first in b'A'..=b'Z' {
            for second in b'A'..=b'Z' {
                let code = String::from_utf8(vec![first, second]).unwrap();
                assert_eq!(is_assigned(&code), COUNTRY_CODES.contains(&code.as_str()), "{code}");
            }
        }
    }

    #[test]
    fn assigned_and_not() {
        for ok in ["US", "GB", "DE", "AX", "BQ", "CW", "SS", "SX", "ZW", "PS", "TW"] {
            assert!(is_assigned(ok), "{ok}");
        }
        for bad in ["UK", "us", "XK", "EU", "AN", "YU", "ZZ", "", "USA", "U"] {
            assert!(!is_assigned(bad), "{bad}");
        }
    }

    #[test]
    fn explanations_name_the_right_code_and_fix_to_it() {
        let fix = |code: &str| explain(code).1;
        assert_eq!(explain("us"), ("Country codes are upper case: use \"US\".".into(), Some("US".into())));
        assert_eq!(explain(" DE "), ("Country codes take no spaces: use \"DE\".".into(), Some("DE".into())));
        assert!(explain("UK").0.ends_with("use \"GB\"."));
        assert_eq!((fix("UK"), fix("uk"), fix("ZR")), (Some("GB".into()), Some("GB".into()), Some("CD".into())));
        assert!(explain("XK").0.contains("user-assigned"));
        assert_eq!(fix("XK"), None);
        assert!(explain("ZZ").0.starts_with("Use an officially assigned"));
        assert_eq!(fix("ZZ"), None);
        assert_eq!(
            explain("United Kingdom"),
            (
                "\"United Kingdom\" is a country's name; country takes its ISO 3166-1 code: use \"GB\".".into(),
                Some("GB".into())
            )
        );
        assert_eq!(
            explain("DEU"),
            ("\"DEU\" is a three-letter code; country takes the two-letter one: use \"DE\".".into(), Some("DE".into()))
        );
    }
}
