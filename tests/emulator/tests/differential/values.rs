//! Value generators, one per field kind. Each mixes hand-picked edges, clean values (which the
//! API's pattern should take), clean values with one to three mutations toward an edge, and
//! random mixes over a weighted alphabet; lengths cluster at the limits (counted in code points).

use super::chars::{self, Pool};
use super::rng::Rng;
use serde_json::{Value, json};

/// JSON values of the wrong type, and `null`, for every kind now and then.
pub fn non_string(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 | 1 => Value::Null,
        2 => json!(true),
        3 => json!(0),
        4 => json!(12.5),
        5 => json!([]),
        6 => json!({}),
        7 => json!(["Ada"]),
        _ => json!({ "value": "Ada" }),
    }
}

fn pad_to(rng: &mut Rng, s: &mut String, len: usize, mut fill: impl FnMut(&mut Rng) -> char) {
    let mut n = s.chars().count();
    while n < len {
        s.push(fill(rng));
        n += 1;
    }
    if n > len {
        *s = s.chars().take(len).collect();
    }
}

/// Insert `piece` at a random character boundary of `s`.
pub fn insert_at_random(rng: &mut Rng, s: &mut String, piece: &str) {
    let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect();
    let at = *rng.pick(&bounds);
    s.insert_str(at, piece);
}

/// Replace one random character of `s` (if any) with `piece`.
pub fn replace_at_random(rng: &mut Rng, s: &mut String, piece: &str) {
    let idx: Vec<(usize, char)> = s.char_indices().collect();
    if idx.is_empty() {
        s.push_str(piece);
        return;
    }
    let &(at, c) = rng.pick(&idx);
    s.replace_range(at..at + c.len_utf8(), piece);
}

/// Delete one random character of `s`.
pub fn delete_at_random(rng: &mut Rng, s: &mut String) {
    let idx: Vec<(usize, char)> = s.char_indices().collect();
    if let Some(&(at, c)) = (!idx.is_empty()).then(|| rng.pick(&idx)) {
        s.replace_range(at..at + c.len_utf8(), "");
    }
}

/// Flip the case of one random ASCII letter of `s`.
pub fn flip_case_at_random(rng: &mut Rng, s: &mut String) {
    let idx: Vec<usize> = s.char_indices().filter(|(_, c)| c.is_ascii_alphabetic()).map(|(i, _)| i).collect();
    if idx.is_empty() {
        return;
    }
    let at = *rng.pick(&idx);
    let c = s.as_bytes()[at] as char;
    let flipped = if c.is_ascii_lowercase() { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() };
    s.replace_range(at..at + 1, &flipped.to_string());
}

// ---------------------------------------------------------------- names (free text)

/// A length for free text, clustered at 0–3, 19–21 and 254–256.
fn text_length(rng: &mut Rng) -> usize {
    let bucket = *rng.weighted(&[
        (3, (0, 0)),
        (4, (1, 1)),
        (4, (2, 2)),
        (4, (3, 3)),
        (26, (4, 18)),
        (4, (19, 19)),
        (4, (20, 20)),
        (4, (21, 21)),
        (12, (22, 60)),
        (5, (61, 252)),
        (2, (253, 253)),
        (5, (254, 254)),
        (7, (255, 255)),
        (7, (256, 256)),
        (2, (257, 257)),
    ]);
    rng.range(bucket.0, bucket.1)
}

/// A name the API's pattern should take (unless it is too long): letters of one script (now
/// and then another), numbers, inner spaces and the API's punctuation; no space at the ends.
fn clean_name(rng: &mut Rng, len: usize) -> String {
    let script: Pool = *rng.weighted(chars::LETTER_SCRIPTS);
    let mut s = String::new();
    for i in 0..len {
        let at_end = i == 0 || i + 1 == len;
        let c = match rng.below(100) {
            0..=66 => chars::pick(rng, script),
            67..=72 => chars::letter(rng),
            73..=80 => chars::number(rng),
            81..=89 if !at_end => ' ',
            _ => *rng.pick(chars::API_PUNCT),
        };
        s.push(if c == ' ' && at_end { chars::pick(rng, script) } else { c });
    }
    s
}

/// One step toward an edge: a refused character inside or at an end, white space at an end, a
/// decomposed accent, an emoji, a valid character of another script, a cut or a pad to a limit.
fn mutate_name(rng: &mut Rng, s: &mut String) {
    match rng.below(100) {
        0..=29 => {
            let t = chars::trap(rng);
            insert_at_random(rng, s, &t)
        }
        30..=44 => {
            let t = chars::trap(rng);
            replace_at_random(rng, s, &t)
        }
        45..=52 => s.insert(0, chars::pick(rng, chars::WHITE_SPACE)),
        53..=60 => s.push(chars::pick(rng, chars::WHITE_SPACE)),
        61..=68 => *s = chars::decompose_one(rng, s),
        69..=73 => {
            let e = rng.pick(chars::EMOJI).to_string();
            if rng.percent(50) { s.push_str(&format!(" {e}")) } else { insert_at_random(rng, s, &e) }
        }
        74..=80 => {
            let c = chars::pick(rng, chars::COMBINING).to_string();
            s.push_str(&c)
        }
        81..=88 => {
            let c = if rng.percent(50) { chars::letter(rng) } else { chars::number(rng) };
            insert_at_random(rng, s, &c.to_string())
        }
        89..=93 => {
            let len = *rng.pick(&[254, 255, 256]);
            pad_to(rng, s, len, chars::letter)
        }
        _ => {
            let c = *rng.pick(chars::API_PUNCT);
            insert_at_random(rng, s, &c.to_string())
        }
    }
}

/// Every character from a weighted union of all pools (about nine in ten the API takes).
fn random_mix(rng: &mut Rng, len: usize, space: bool) -> String {
    let mut s = String::new();
    for _ in 0..len {
        match rng.below(100) {
            0..=54 => s.push(chars::letter(rng)),
            55..=66 => s.push(chars::number(rng)),
            67..=74 if space => s.push(' '),
            75..=88 => s.push(*rng.pick(chars::API_PUNCT)),
            _ => s.push_str(&chars::trap(rng)),
        }
    }
    s
}

pub const NAME_EDGES: &[&str] = &[
    "",
    "A",
    "Ada",
    "José",
    "O'Brien",
    "Smith (Jr.)",
    "Smith Jr.",
    "+1 (917) 111-3333",
    "(917) 111-3333",
    "917 111-3333",
    "+1 917 111-3333",
    "Ada 🚀",
    " Ada",
    "Ada ",
    " ",
    "  ",
    "\t",
    "Ada\u{A0}",
    "\u{A0}Ada",
    "\u{3000}Ada",
    "Ada\u{2003}",
    "\u{FEFF}Ada",
    "Ada\u{FEFF}",
    "Ada\u{200B}",
    "\u{200B}Ada",
    "Ada\u{85}",
    "Ada\n",
    "\nAda",
    "A\nda",
    "A\tda",
    "A da",
    "A  da",
    "Jose\u{301}",
    "e\u{301}",
    "\u{301}",
    "प्रिया",
    "प",
    "प्",
    "कि",
    "李雷雷",
    "김민준",
    "さくら",
    "カタカナー",
    "สมชาย",
    "สุ",
    "محمد",
    "مُحَمَّد",
    "שלום",
    "שָׁלוֹם",
    "Ελένη",
    "Дмитрий",
    "Zoë",
    "Ødegård",
    "Łukasz",
    "ǅemal",
    "ʼOkina",
    "’Okina",
    "١٢٣",
    "१२३",
    "１２３",
    "Ⅻ",
    "½",
    "x²",
    "Ⓐda",
    "🅰da",
    "Ada👍🏽",
    "👨‍👩‍👧",
    "_",
    ".",
    "-",
    "'",
    "|",
    "_.,:!?&%@/+-'|",
    "a_.,:!?&%@/+-'|b",
    "R&D: Q/A + ops @home? 50% off!",
    "x|y",
    "a(b",
    "a)b",
    "a[b]",
    "a{b}",
    "#1",
    "$5",
    "a*b",
    "a;b",
    "\"Ada\"",
    "a~b",
    "a^b",
    "a`b",
    "a=b",
    "<b>",
    "a\\b",
    "Ada\u{0}",
    "Ada\u{7F}",
    "𠀀𠀁",
    "𝐀𝐝𝐚",
    "XL",
    "XXL",
];

/// A value for a free-text field (the `firstName` rule; `non_empty` for `walletName` and
/// `accountId`, whose pattern has no empty alternative: only the edges differ).
pub fn name(rng: &mut Rng) -> Value {
    let s = match rng.below(100) {
        0 => return non_string(rng),
        1..=36 => {
            let len = text_length(rng);
            clean_name(rng, len)
        }
        37..=69 => {
            let len = text_length(rng).min(40);
            let mut s = clean_name(rng, len);
            for _ in 0..rng.range(1, 3) {
                mutate_name(rng, &mut s);
            }
            s
        }
        70..=84 => {
            let len = rng.range(1, 12);
            random_mix(rng, len, true)
        }
        85..=91 => {
            let mut s = rng.pick(NAME_EDGES).to_string();
            if rng.percent(60) {
                mutate_name(rng, &mut s);
            }
            s
        }
        _ => {
            // At the length limit in one pool: code points, not UTF-16 units or bytes, count.
            let len = *rng.pick(&[254, 255, 255, 256, 256, 257]);
            let pool = *rng.pick(&[chars::ASCII_LETTERS, chars::CJK, chars::LATIN_ACCENTED, chars::OTHER_LETTERS]);
            let mut s = String::new();
            pad_to(rng, &mut s, len, |r| chars::pick(r, pool));
            if rng.percent(30) {
                mutate_name(rng, &mut s);
            }
            s
        }
    };
    Value::String(s)
}

// ---------------------------------------------------------------- username

fn username_length(rng: &mut Rng) -> usize {
    let bucket = *rng.weighted(&[
        (4, (0, 0)),
        (6, (1, 1)),
        (9, (2, 2)),
        (10, (3, 3)),
        (30, (4, 18)),
        (9, (19, 19)),
        (11, (20, 20)),
        (9, (21, 21)),
        (5, (22, 22)),
        (5, (23, 60)),
        (2, (250, 257)),
    ]);
    rng.range(bucket.0, bucket.1)
}

fn username_char(rng: &mut Rng, script: Pool) -> char {
    match rng.below(100) {
        0..=69 => chars::pick(rng, script),
        70..=76 => chars::letter(rng),
        77..=88 => chars::number(rng),
        89..=94 => '_',
        _ => '-',
    }
}

pub const USERNAME_EDGES: &[&str] = &[
    "",
    "jo",
    "joe",
    "john.doe",
    "john_doe",
    "john-doe",
    "José",
    "Jose\u{301}",
    "李雷雷",
    "李雷",
    "___",
    "---",
    "_-_",
    "١٢٣",
    "١٢",
    "ⅫⅫⅫ",
    "x²y",
    "½½½",
    "user@example",
    "user name",
    " joe",
    "joe ",
    "joe\n",
    "abcdefghijklmnopqrst",
    "abcdefghijklmnopqrstu",
    "𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀",
    "𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀",
    "𝐚𝐝𝐚",
    "प्रिया",
    "प्रि",
    "जोश",
    "ada👍",
    "a'b",
    "a.b.c",
    "Ⓐda",
    "ＡＤＡ",
    "ada\u{200B}",
    "ada\u{FEFF}",
];

pub fn username(rng: &mut Rng) -> Value {
    let s = match rng.below(100) {
        0..=2 => return non_string(rng),
        3..=40 => {
            let script: Pool = *rng.weighted(chars::LETTER_SCRIPTS);
            let len = username_length(rng);
            (0..len).map(|_| username_char(rng, script)).collect()
        }
        41..=74 => {
            let script: Pool = *rng.weighted(chars::LETTER_SCRIPTS);
            let len = username_length(rng).min(25);
            let mut s: String = (0..len).map(|_| username_char(rng, script)).collect();
            match rng.below(10) {
                0..=4 => {
                    let t = chars::trap(rng);
                    insert_at_random(rng, &mut s, &t)
                }
                5 => s = chars::decompose_one(rng, &s),
                6 => {
                    let c = *rng.pick(chars::API_PUNCT);
                    insert_at_random(rng, &mut s, &c.to_string())
                }
                7 => insert_at_random(rng, &mut s, " "),
                8 => {
                    let t = chars::trap(rng);
                    replace_at_random(rng, &mut s, &t)
                }
                _ => delete_at_random(rng, &mut s),
            }
            s
        }
        75..=86 => {
            let len = username_length(rng).min(25);
            random_mix(rng, len, true)
        }
        _ => {
            let mut s = rng.pick(USERNAME_EDGES).to_string();
            if rng.percent(40) {
                let c = username_char(rng, chars::ASCII_LETTERS);
                insert_at_random(rng, &mut s, &c.to_string());
            }
            s
        }
    };
    Value::String(s)
}

// ---------------------------------------------------------------- uuid

pub const UUID_EDGES: &[&str] = &[
    "95b11417-f18f-457f-8804-68e361f9164f",
    "95B11417-F18F-457F-8804-68E361F9164F",
    "95b11417-F18F-457f-8804-68e361f9164f",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "95b11417f18f457f880468e361f9164f",
    "{95b11417-f18f-457f-8804-68e361f9164f}",
    "urn:uuid:95b11417-f18f-457f-8804-68e361f9164f",
    " 95b11417-f18f-457f-8804-68e361f9164f",
    "95b11417-f18f-457f-8804-68e361f9164f ",
    "95b11417-f18f-457f-8804-68e361f9164f\n",
    "95b11417-f18f-457f-8804-68e361f9164",
    "95b11417-f18f-457f-8804-68e361f9164f0",
    "95b1141-7f18f-457f-8804-68e361f9164f",
    "95b11417-f18f-457f-8804_68e361f9164f",
    "g5b11417-f18f-457f-8804-68e361f9164f",
    "",
];

const HEX_LOWER: &[u8] = b"0123456789abcdef";

pub fn uuid(rng: &mut Rng) -> Value {
    if rng.percent(1) {
        return non_string(rng);
    }
    if rng.percent(4) {
        return Value::String(rng.pick(UUID_EDGES).to_string());
    }
    let mut groups = [8usize, 4, 4, 4, 12];
    if rng.percent(20) {
        let g = rng.below(5);
        groups[g] = if rng.percent(50) { groups[g] - 1 } else { groups[g] + 1 };
        if rng.percent(20) {
            let g = rng.below(5);
            groups[g] = rng.range(0, 13);
        }
    }
    let case = rng.below(10); // 0..=5 lower, 6..=7 upper, 8..=9 mixed
    let sep = *rng.weighted(&[(90, "-"), (3, ""), (2, "_"), (2, " "), (1, "\u{2010}"), (1, "\u{2212}"), (1, ":")]);
    let mut s = String::new();
    for (i, &n) in groups.iter().enumerate() {
        if i > 0 {
            s.push_str(sep);
        }
        for _ in 0..n {
            let c = *rng.pick(HEX_LOWER) as char;
            let c = match case {
                0..=5 => c,
                6 | 7 => c.to_ascii_uppercase(),
                _ if rng.percent(50) => c.to_ascii_uppercase(),
                _ => c,
            };
            s.push(c);
        }
    }
    if rng.percent(12) {
        let piece = match rng.below(8) {
            0 => "g".to_string(),
            1 => "G".to_string(),
            2 => chars::pick(rng, chars::OTHER_DIGITS).to_string(),
            3 => ['ａ', 'Ａ', 'ｆ'][rng.below(3)].to_string(),
            4 => chars::pick(rng, chars::WHITE_SPACE).to_string(),
            5 => "-".to_string(),
            6 => chars::trap(rng),
            _ => ['O', 'l', 'x', 'z'][rng.below(4)].to_string(),
        };
        if rng.percent(50) { replace_at_random(rng, &mut s, &piece) } else { insert_at_random(rng, &mut s, &piece) }
    }
    if rng.percent(3) {
        s = match rng.below(4) {
            0 => format!("{{{s}}}"),
            1 => format!("urn:uuid:{s}"),
            2 => format!("{s}\n"),
            _ => format!(" {s}"),
        };
    }
    Value::String(s)
}

// ---------------------------------------------------------------- email

const ATEXT: &[u8] = b"!#$%&'*+-/0123456789=?ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/// ASCII the dot-atom refuses: `" ( ) , . : ; < > @ [ \ ]` and space.
const NOT_ATEXT: &[u8] = b"\"(),.:;<>@[\\] ";

fn atom(rng: &mut Rng, len: usize) -> String {
    (0..len).map(|_| if rng.percent(85) { *rng.pick(ALNUM) as char } else { *rng.pick(ATEXT) as char }).collect()
}

fn dot_atom(rng: &mut Rng) -> String {
    let n = *rng.weighted(&[(50, 1), (35, 2), (15, 3)]);
    (0..n)
        .map(|_| {
            let len = rng.range(1, 10);
            atom(rng, len)
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Characters inside a quoted local part: mostly `[\t -~]` (quotes and backslashes included),
/// now and then something else (a newline, DEL, NBSP, a letter beyond ASCII).
fn quoted(rng: &mut Rng) -> String {
    let len = *rng.weighted(&[(10, 0), (50, 1), (40, 2), (40, 3), (60, 4), (40, 8), (10, 20)]);
    let mut s = String::from("\"");
    for _ in 0..len {
        let c = match rng.below(100) {
            0..=59 => *rng.pick(ALNUM) as char,
            60..=69 => ' ',
            70..=74 => '\t',
            75..=79 => '"',
            80..=83 => '\\',
            84..=93 => (rng.range(0x20, 0x7E) as u8) as char,
            94 => '\n',
            95 => '\u{7F}',
            96 => '\u{A0}',
            97 => 'é',
            98 => '\r',
            _ => chars::letter(rng),
        };
        s.push(c);
    }
    s.push('"');
    s
}

fn local_part(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=49 => dot_atom(rng),
        50..=57 => {
            let a = dot_atom(rng);
            match rng.below(4) {
                0 => format!(".{a}"),
                1 => format!("{a}."),
                2 => a.replacen('.', "..", 1) + if a.contains('.') { "" } else { "..x" },
                _ => ".".to_string(),
            }
        }
        58..=74 => quoted(rng),
        75..=82 => {
            let mut a = dot_atom(rng);
            let c = (*rng.pick(NOT_ATEXT) as char).to_string();
            insert_at_random(rng, &mut a, &c);
            a
        }
        83..=90 => {
            let mut a = dot_atom(rng);
            let c = match rng.below(4) {
                0 => chars::letter(rng).to_string(),
                1 => chars::pick(rng, chars::LATIN_ACCENTED).to_string(),
                2 => chars::pick(rng, chars::WHITE_SPACE).to_string(),
                _ => chars::trap(rng),
            };
            insert_at_random(rng, &mut a, &c);
            a
        }
        91..=94 => String::new(),
        _ => rng.pick(&["josé", "用户", "ü", "ada lovelace", "\"\"", "\"", "\"a", "a\"", "\"a\"b\""]).to_string(),
    }
}

fn domain(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=54 => {
            let labels = rng.range(1, 4);
            let mut d: Vec<String> = (0..labels)
                .map(|_| {
                    let len = rng.range(1, 12);
                    (0..len).map(|_| *rng.pick(b"abcdefghijklmnopqrstuvwxyz0123456789-") as char).collect()
                })
                .collect();
            d.push(rng.pick(&["com", "org", "co.uk", "de", "io", "x"]).to_string());
            d.join(".")
        }
        // The second alternative, [\t -Z^-~]*: nearly any printable ASCII, even nothing.
        55..=59 => String::new(),
        60..=64 => "example.com.".to_string(),
        65..=67 => ".example.com".to_string(),
        68..=70 => "example..com".to_string(),
        71..=73 => "b c".to_string(),
        74..=75 => "exa\tmple.com".to_string(),
        76..=78 => "@example.com".to_string(),
        79..=80 => "[127.0.0.1]".to_string(),
        81..=82 => "example.com]".to_string(),
        83..=84 => "exa\\mple.com".to_string(),
        85..=87 => rng.pick(&["münchen.de", "例子.测试", "xn--mnchen-3ya.de", "ex\u{A0}ample.com"]).to_string(),
        88..=89 => "example.com\n".to_string(),
        90..=91 => "example.com\u{7F}".to_string(),
        _ => {
            let len = rng.range(0, 15);
            (0..len)
                .map(|_| match rng.below(10) {
                    0 => '\t',
                    1 => chars::trap(rng).chars().next().unwrap(),
                    _ => (rng.range(0x20, 0x7E) as u8) as char,
                })
                .collect()
        }
    }
}

pub const EMAIL_EDGES: &[&str] = &[
    "",
    "ada@example.com",
    "ADA@EXAMPLE.COM",
    "\"john doe\"@example.com",
    "\"john\tdoe\"@example.com",
    "\"\"@x.com",
    "\" \"@x.com",
    "\"\"\"@x.com",
    "\"a\\\"b\"@x.com",
    "\"a\"b\"@x.com",
    "a..b@x.com",
    ".a@x.com",
    "a.@x.com",
    "a@",
    "@",
    "@x.com",
    "a",
    "a@b c",
    "ada@@example.com",
    "ada@example.com ",
    " ada@example.com",
    "ada@example.com\n",
    "ada@example.com.",
    "ada@[127.0.0.1]",
    "josé@example.com",
    "用户@例子.测试",
    "ada@münchen.de",
    "a+tag@example.com",
    "!#$%&'*+-/=?^_`{|}~@example.com",
    "a(b)@x.com",
    "a,b@x.com",
    "a:b@x.com",
    "a;b@x.com",
    "<a>@x.com",
    "a\\b@x.com",
    "a b@x.com",
    "hello-world@foobar.com",
];

pub fn email(rng: &mut Rng) -> Value {
    let s = match rng.below(100) {
        0 => return non_string(rng),
        1..=5 => rng.pick(EMAIL_EDGES).to_string(),
        6..=79 => {
            let at = *rng.weighted(&[(90, "@"), (4, ""), (5, "@@"), (1, "@@@")]);
            let mut s = format!("{}{}{}", local_part(rng), at, domain(rng));
            if rng.percent(5) {
                let ws = chars::pick(rng, chars::WHITE_SPACE).to_string();
                if rng.percent(50) { s.insert_str(0, &ws) } else { s.push_str(&ws) }
            }
            s
        }
        80..=89 => {
            // At the length limit: a long dot-atom local part or a long domain.
            let total: usize = *rng.pick(&[253, 254, 255, 255, 256, 256, 257]);
            let tail = rng.pick(&["@example.com", "@x.co", "@"]).to_string();
            let n = total.saturating_sub(tail.chars().count());
            let mut local = String::new();
            if rng.percent(70) {
                for i in 0..n {
                    local.push(if i % 10 == 9 && i + 1 < n { '.' } else { *rng.pick(ALNUM) as char });
                }
                format!("{local}{tail}")
            } else {
                let mut d = String::from("ada@");
                for i in 0..total.saturating_sub(8) {
                    d.push(if i % 20 == 19 { '.' } else { *rng.pick(ALNUM) as char });
                }
                d.push_str(".com");
                d
            }
        }
        _ => {
            // Printable ASCII with a tab now and then, one or two `@`.
            let len = rng.range(1, 20);
            let mut s: String = (0..len)
                .map(|_| match rng.below(30) {
                    0 => '\t',
                    1 => chars::letter(rng),
                    _ => (rng.range(0x20, 0x7E) as u8) as char,
                })
                .collect();
            for _ in 0..rng.range(0, 2) {
                insert_at_random(rng, &mut s, "@");
            }
            s
        }
    };
    Value::String(s)
}

// ---------------------------------------------------------------- wallet fields

/// One address field's pattern, read as: a prefix, then a body of `min..=max` characters of
/// `class` (`max` `None`: no upper bound).
pub struct AddressRule {
    pub valid_prefixes: &'static [&'static str],
    pub near_prefixes: &'static [&'static str],
    pub class: &'static [u8],
    pub min: usize,
    pub max: Option<usize>,
    /// Real addresses of the chain and its neighbours (mainnet and testnet).
    pub examples: &'static [&'static str],
}

const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const BTC_CLASS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
const DOGE_CLASS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
const HEX_BOTH: &[u8] = b"0123456789abcdefABCDEF";
const LOWER_ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const ALNUM_CLASS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

pub const BTC: AddressRule = AddressRule {
    valid_prefixes: &["bc1", "1", "3"],
    near_prefixes: &["tb1", "bcrt1", "BC1", "Bc1", "bC1", "2", "m", "n", "ltc1", "b", "bc", "c1", "", "bc1 ", "１"],
    class: BTC_CLASS,
    min: 25,
    max: Some(59),
    examples: &[
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "16L5yRNPTuciSgXGHqYwn9N6NeoKqopAu",
        "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "31nM1WuowNDzocNxPPW9NQWJEtwWpjfcLj",
        "3FZbgi29cpjq2GjdwV8eyHuJJnkLtktZc5",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
        "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
        "n3GNqMveyvaPvUbH469vDRadqpJMPc84JA",
        "2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc",
        "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
    ],
};

pub const LTC: AddressRule = AddressRule {
    valid_prefixes: &["L", "M", "3"],
    near_prefixes: &["ltc1", "tltc1", "m", "n", "Q", "2", "l", "D", "1", ""],
    class: B58,
    min: 26,
    max: Some(53),
    examples: &[
        "LKKHMBjCU89fyFNgSRprDoD8Jb25N8uWvd",
        "LUttH43tQ4x4qniCKr1Rqo8ESeXFPdv9ax",
        "M7zVKQKmtV5Rc7erVGVVC3khZbXxsS5HEX",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        "ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9",
        "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn",
        "QVk4MvUu7Wb7tZ1wvAeiUvdF7wxhvpyLLK",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    ],
};

pub const DOGE: AddressRule = AddressRule {
    valid_prefixes: &["D"],
    near_prefixes: &["A", "9", "n", "2", "d", "DD", "", " D"],
    class: DOGE_CLASS,
    min: 33,
    max: Some(33),
    examples: &[
        "D5ERdEN1gsouFSs7zsq7VYJxyWP6dP28H1",
        "DPcy35vmuk8GXcfu1vgFFEeij3BuYYJQKB",
        "D8osUgxgU4J2yEhCzN5xQQ42tuuG7qBdri",
        "D8osUgxgU4J2yEhCzN5xQQ42tuuG7qBdrI",
        "A6T5s5B1Saja9yAJWxQN8SNXvNzxaoFdcy",
        "9tp7THhBG3fNNFka1AJm95DU3E4x3pwQA3",
        "9xqCpm3DpUYSzcoQSPb5SEGDwn9NRqwZnH",
        "ADNbM5fBujCRBW1vqezNeAWmnsLp19ki3n",
        "n3GNqMveyvaPvUbH469vDRadqpJMPc84JA",
    ],
};

pub const KDA: AddressRule = AddressRule {
    valid_prefixes: &["k:"],
    near_prefixes: &["K:", "w:", "k;", "k: ", "k", "c:", "k::", "", "k："],
    class: HEX_BOTH,
    min: 64,
    max: Some(64),
    examples: &[
        "k:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94",
        "k:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
        "K:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94",
        "w:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94",
        "554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94",
    ],
};

pub const CKB: AddressRule = AddressRule {
    valid_prefixes: &["ckb1q", "ckt1q"],
    near_prefixes: &["ckb1", "ckt1", "CKB1Q", "ckb1Q", "ckx1q", "ckb1p", "ckt1z", "ckb", "ckb1qq", ""],
    class: LOWER_ALNUM,
    min: 25,
    max: Some(111),
    examples: &[
        "ckb1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqdnnw7qkdnnclfkg59uzn8umtfd2kwxceqxwquc4",
        "ckb1qyqrdsefa43s6m882pcj53m4gdnj4k440axqdt9rtkqqqqqq",
        "ckb1qyq5lv479ewscx3ms620sv34pgeuz6zagaaqklhtgg",
        "ckb1qjda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xw3vumhs9nvu786dj9p0q5elx66t24n3kxgj53qks",
        "ckt1qyqvsv5240xeh85wvnau2eky8pwrhh4jr8ts8vyj37",
        "ckt1qzda0cr08m85hc8jlnfp3zer7xulejywt49kt2rr0vthywaa50xwsqv5dsed9par23x4g58seaw58j3ym5ml2hs8ztche",
        "ckt1q9876543210abcdefghijklmnopqrstuvwxyz",
        "ckx1qyqw5ps6f323lqhwzdcg0jy74ums73dssqdsxrh34h",
    ],
};

pub const KAS: AddressRule = AddressRule {
    valid_prefixes: &["kaspa:"],
    near_prefixes: &["kaspatest:", "kaspasim:", "kaspadev:", "KASPA:", "kaspa", "kaspa::", "Kaspa:", "", "kaspa: "],
    class: ALNUM_CLASS,
    min: 56,
    max: None,
    examples: &[
        "kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m",
        "kaspa:qp0l70zd5x85ttwd6jv7g3s3a8llzj96d8dncn4zmhv4tlzx5k2jyqh70xmfj",
        "kaspa:QP0L70ZD5X85TTWD6JV7G3S3A8LLZJ96D8DNCN4ZMHV4TLZX5K2JYQH70XMFJ",
        "kaspa:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqkx9awp4e",
        "kaspatest:qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqhqrxplya",
        "kaspatest:qxaqrlzlf6wes72en3568khahq66wf27tuhfxn5nytkd8tcep2c0vrse6gdmpks",
    ],
};

/// The wallet's `publicWalletAddress`: `^[A-Za-z0-9]{18,100}$`, whatever the chain.
pub const PUBLIC_ADDRESS: AddressRule = AddressRule {
    valid_prefixes: &["", "0x", "bc1", "cosmos1", "T", "G", "EQ", "UQ"],
    near_prefixes: &["0x ", "0X", "kaspa:", "k:", "0x-", "_", "-", "."],
    class: ALNUM_CLASS,
    min: 18,
    max: Some(100),
    examples: &[
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xf8d6e0586b0a20c7",
        "f8d6e0586b0a20c7",
        "0x049d36570d4e46f48e99674bd3fcc84644ddd6b96f7c741b1562b82f9e004dc7",
        "0x1",
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        "11111111111111111111111111111111",
        "GA7QYNF7SOWQ3GLR2BGMZEHXAVIRZA4KVWLTJJFC7MGXUA74P7UJVSGZ",
        "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N",
        "UQBvW8Z5huBkMJYdnfAEM5JqTNkuWX3diqYENkWsIL0Xg-GG",
        "EQD__________________________________________0vo",
        "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7",
        "cosmos1hsk6jryyqjfhp5dhc55tc9jtckygx0eph6dd02",
        "VCMJKWOY5P5P7SKMZFFOCEROPJCZOTIJMNIYNUCKH7LOXTLRWPW5AY3M",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "kaspa:qrelgny7sr3vahq69yykxx36m65gvmhryxrlwngfzgu8xkdslum2yxjp3ap8m",
        "k:554754f48b16df24b552f6832dda090642ed9658559fef9f3ee1bb4637ea7c94",
        "ckb1qyqrdsefa43s6m882pcj53m4gdnj4k440axqdt9rtkqqqqqq",
        "D5ERdEN1gsouFSs7zsq7VYJxyWP6dP28H1",
        "sp1pgss9s7k4n8vuvqqvqt0ru8w8hg9lfz3kfkajq2e4jzhfp6jeexxlupgyxm8ny",
    ],
};

/// Characters a mutation puts into an address: its own class, the Base58/bech32 confusables
/// (I O l 0 1 b i o), other ASCII, digits of other scripts, full-width letters, white space.
fn address_piece(rng: &mut Rng, rule: &AddressRule) -> String {
    match rng.below(100) {
        0..=39 => (*rng.pick(rule.class) as char).to_string(),
        40..=59 => (*rng.pick(b"IOl01bioBD") as char).to_string(),
        60..=74 => ((rng.range(0x21, 0x7E) as u8) as char).to_string(),
        75..=81 => chars::pick(rng, chars::OTHER_DIGITS).to_string(),
        82..=87 => ['ａ', 'Ａ', 'ｑ', 'ℓ', 'ο', 'а', 'е'][rng.below(7)].to_string(),
        88..=94 => chars::pick(rng, chars::WHITE_SPACE).to_string(),
        _ => chars::trap(rng),
    }
}

fn address_body(rng: &mut Rng, rule: &AddressRule) -> String {
    let max = rule.max.unwrap_or(rule.min + 240);
    let len = match rng.below(100) {
        // At the bounds of the pattern's repetition.
        0..=49 => {
            let options = [rule.min.saturating_sub(1), rule.min, rule.min + 1, max.saturating_sub(1), max, max + 1];
            *rng.pick(&options)
        }
        50..=94 => rng.range(rule.min, max),
        _ => rng.range(0, max + 50),
    };
    (0..len).map(|_| *rng.pick(rule.class) as char).collect()
}

pub fn address(rng: &mut Rng, rule: &AddressRule) -> Value {
    let s = match rng.below(100) {
        0..=1 => return non_string(rng),
        2..=24 => rng.pick(rule.examples).to_string(),
        25..=59 => {
            let mut s = rng.pick(rule.examples).to_string();
            for _ in 0..rng.range(1, 2) {
                match rng.below(9) {
                    0 | 1 => flip_case_at_random(rng, &mut s),
                    2 | 3 => {
                        let p = address_piece(rng, rule);
                        replace_at_random(rng, &mut s, &p)
                    }
                    4 => {
                        let p = address_piece(rng, rule);
                        insert_at_random(rng, &mut s, &p)
                    }
                    5 => delete_at_random(rng, &mut s),
                    6 => {
                        // Swap the prefix for another, valid or not.
                        let all: Vec<&str> = rule.valid_prefixes.iter().chain(rule.near_prefixes).copied().collect();
                        let to = *rng.pick(&all);
                        let from = rule
                            .valid_prefixes
                            .iter()
                            .chain(rule.near_prefixes)
                            .filter(|p| !p.is_empty() && s.starts_with(**p))
                            .max_by_key(|p| p.len());
                        s = match from {
                            Some(p) => format!("{to}{}", &s[p.len()..]),
                            None => format!("{to}{s}"),
                        };
                    }
                    7 => s = if rng.percent(50) { s.to_uppercase() } else { s.to_lowercase() },
                    _ => {
                        let ws = chars::pick(rng, chars::WHITE_SPACE).to_string();
                        if rng.percent(50) { s.push_str(&ws) } else { s.insert_str(0, &ws) }
                    }
                }
            }
            s
        }
        60..=89 => {
            let prefix = if rng.percent(80) { *rng.pick(rule.valid_prefixes) } else { *rng.pick(rule.near_prefixes) };
            format!("{prefix}{}", address_body(rng, rule))
        }
        _ => {
            let prefix = *rng.pick(rule.valid_prefixes);
            let mut s = format!("{prefix}{}", address_body(rng, rule));
            let p = address_piece(rng, rule);
            if rng.percent(50) {
                replace_at_random(rng, &mut s, &p)
            } else {
                insert_at_random(rng, &mut s, &p)
            }
            s
        }
    };
    Value::String(s)
}

// ---------------------------------------------------------------- enums

/// Look-alikes of ASCII letters: Cyrillic, Greek, full-width.
fn look_alike(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'B' => 'В',
        'E' => 'Е',
        'H' => 'Н',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'C' => 'С',
        'T' => 'Т',
        'X' => 'Х',
        'a' => 'а',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'c' => 'с',
        'x' => 'х',
        'i' => 'і',
        'N' => 'Ν',
        'Z' => 'Ζ',
        'I' => 'Ι',
        _ => return None,
    })
}

/// A value for an enum field: the valid values, one-step mutations of them (case, white space,
/// a character added, dropped or swapped for a look-alike, two values glued), near misses and
/// random strings.
pub fn enum_like(rng: &mut Rng, valid: &[&str], near: &[&str]) -> Value {
    let s = match rng.below(100) {
        0..=2 => return non_string(rng),
        3..=39 => rng.pick(valid).to_string(),
        40..=84 => {
            let mut s = rng.pick(valid).to_string();
            match rng.below(12) {
                0 => s = s.to_lowercase(),
                1 => s = s.to_uppercase(),
                2 => {
                    let mut cs = s.chars();
                    s = match cs.next() {
                        Some(f) => f.to_uppercase().chain(cs.flat_map(|c| c.to_lowercase())).collect(),
                        None => s,
                    }
                }
                3 => flip_case_at_random(rng, &mut s),
                4 => {
                    let ws = chars::pick(rng, chars::WHITE_SPACE).to_string();
                    if rng.percent(50) { s.push_str(&ws) } else { s.insert_str(0, &ws) }
                }
                5 => delete_at_random(rng, &mut s),
                6 => {
                    let c = ((rng.range(0x21, 0x7E) as u8) as char).to_string();
                    insert_at_random(rng, &mut s, &c)
                }
                7 => {
                    let alike: Vec<(usize, char)> =
                        s.char_indices().filter_map(|(i, c)| look_alike(c).map(|l| (i, l))).collect();
                    if let Some(&(at, l)) = (!alike.is_empty()).then(|| rng.pick(&alike)) {
                        s.replace_range(at..at + 1, &l.to_string());
                    }
                }
                8 => {
                    s = s
                        .chars()
                        .map(|c| if c.is_ascii_alphabetic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
                        .collect()
                }
                9 => {
                    let other = rng.pick(valid);
                    s = format!("{s}{}{other}", rng.pick(&["", " ", ",", "|"]));
                }
                10 => {
                    let p = *rng.pick(&["\u{200B}", "\u{0}", "\u{301}", "-", "_"]);
                    insert_at_random(rng, &mut s, p)
                }
                _ => {
                    let c = ((rng.range(0x21, 0x7E) as u8) as char).to_string();
                    replace_at_random(rng, &mut s, &c)
                }
            }
            s
        }
        85..=94 => rng.pick(near).to_string(),
        _ => {
            let len = rng.range(0, 12);
            (0..len).map(|_| if rng.percent(90) { *rng.pick(ALNUM) as char } else { chars::letter(rng) }).collect()
        }
    };
    Value::String(s)
}

// ---------------------------------------------------------------- country

pub fn country(rng: &mut Rng) -> Value {
    let up = |rng: &mut Rng| (b'A' + rng.below(26) as u8) as char;
    let s = match rng.below(100) {
        0..=1 => return non_string(rng),
        // Every pair of capital letters, assigned or not.
        2..=46 => format!("{}{}", up(rng), up(rng)),
        47..=61 => {
            let code = *rng.pick(super::iso::ASSIGNED);
            match rng.below(4) {
                0 => code.to_lowercase(),
                1 => {
                    let mut c = code.chars();
                    format!("{}{}", c.next().unwrap(), c.next().unwrap().to_ascii_lowercase())
                }
                _ => code.to_string(),
            }
        }
        62..=71 => {
            let code = *rng.pick(super::iso::ASSIGNED);
            let mut s = code.to_string();
            match rng.below(6) {
                0 => {
                    let ws = chars::pick(rng, chars::WHITE_SPACE).to_string();
                    if rng.percent(50) { s.push_str(&ws) } else { s.insert_str(0, &ws) }
                }
                1 => s.push(up(rng)),
                2 => delete_at_random(rng, &mut s),
                3 => {
                    let alike: Vec<(usize, char)> =
                        s.char_indices().filter_map(|(i, c)| look_alike(c).map(|l| (i, l))).collect();
                    match (!alike.is_empty()).then(|| rng.pick(&alike)) {
                        Some(&(at, l)) => s.replace_range(at..at + 1, &l.to_string()),
                        None => s = s.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
                    }
                }
                4 => s = s.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
                _ => {
                    let p = ['À', 'Ä', 'É', 'Ø', 'Ω', 'Ж', '1', '0', '-', '_'][rng.below(10)].to_string();
                    replace_at_random(rng, &mut s, &p)
                }
            }
            s
        }
        72..=81 => rng
            .pick(&[
                "",
                "UK",
                "EU",
                "XK",
                "ZZ",
                "AA",
                "QO",
                "XX",
                "EL",
                "AN",
                "YU",
                "CS",
                "SU",
                "TP",
                "ZR",
                "DD",
                "FX",
                "AC",
                "CP",
                "DG",
                "EA",
                "IC",
                "TA",
                "UN",
                "EZ",
                "QM",
                "XA",
                "OO",
                "uk",
                "de",
                "Deutschland",
                "United Kingdom",
                "GBR",
                "DEU",
                "276",
                "G",
                "D",
                "GB\n",
                " GB",
                "ＧＢ",
                "ÅL",
                "null",
            ])
            .to_string(),
        _ => {
            let len = *rng.weighted(&[(10, 0), (30, 1), (30, 3), (10, 4), (20, 2)]);
            (0..len)
                .map(|_| match rng.below(10) {
                    0..=6 => up(rng),
                    7 => (b'a' + rng.below(26) as u8) as char,
                    8 => chars::letter(rng),
                    _ => chars::number(rng),
                })
                .collect()
        }
    };
    Value::String(s)
}

// ---------------------------------------------------------------- date-time

/// `emailVerifiedAt`: RFC 3339 date-times and near misses (separator, case, offsets, fields out
/// of range, the leap second, February 29, fractions, missing parts).
pub fn date_time(rng: &mut Rng) -> Value {
    if rng.percent(2) {
        return non_string(rng);
    }
    if rng.percent(8) {
        return Value::String(
            rng.pick(&[
                "2023-11-07T05:31:56Z",
                "2023-11-07T05:31:56.123Z",
                "2023-11-07t05:31:56z",
                "2023-11-07 05:31:56Z",
                "2023-11-07T05:31:56",
                "2023-11-07",
                "05:31:56Z",
                "2023-11-07T05:31Z",
                "2023-11-07T05:31:56+01:00",
                "2023-11-07T05:31:56+0100",
                "2023-11-07T05:31:56+01",
                "2023-11-07T05:31:56-00:00",
                "2016-12-31T23:59:60Z",
                "2016-12-31T22:59:60-01:00",
                "2023-11-07T23:59:60Z",
                "2024-02-29T00:00:00Z",
                "2023-02-29T00:00:00Z",
                "1900-02-29T00:00:00Z",
                "2000-02-29T00:00:00Z",
                "2023-04-31T00:00:00Z",
                "2023-13-01T00:00:00Z",
                "2023-00-01T00:00:00Z",
                "2023-01-00T00:00:00Z",
                "2023-01-01T24:00:00Z",
                "2023-01-01T00:60:00Z",
                "2023-01-01T00:00:00.Z",
                "2023-01-01T00:00:00,5Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "+2023-01-01T00:00:00Z",
                "20231107T053156Z",
                "2023-11-07T05:31:56Z ",
                " 2023-11-07T05:31:56Z",
                "2023-11-07T05:31:56+24:00",
                "2023-11-07T05:31:56+23:59",
                "2023-11-07T05:31:56+01:60",
                "２０２３-11-07T05:31:56Z",
                "yesterday",
                "",
            ])
            .to_string(),
        );
    }
    let pad = |n: usize, w: usize| format!("{n:0w$}");
    let year = match rng.below(20) {
        0 => pad(rng.range(0, 9999), 4),
        1 => rng.range(0, 999).to_string(),
        2 => rng.range(10000, 20000).to_string(),
        _ => pad(rng.range(1969, 2100), 4),
    };
    let month = if rng.percent(85) { rng.range(1, 12) } else { rng.range(0, 13) };
    let day = if rng.percent(70) { rng.range(1, 28) } else { rng.range(0, 32) };
    let hour = if rng.percent(90) { rng.range(0, 23) } else { rng.range(0, 25) };
    let minute = if rng.percent(90) { rng.range(0, 59) } else { rng.range(0, 61) };
    let second = if rng.percent(85) { rng.range(0, 59) } else { rng.range(58, 61) };
    let sep = *rng.weighted(&[(85, "T"), (5, "t"), (5, " "), (2, "_"), (3, "")]);
    let frac = match rng.below(10) {
        0..=5 => String::new(),
        6 | 7 => format!(".{}", pad(rng.range(0, 999), 3)),
        8 => format!(".{}", "1234567890".chars().take(rng.range(0, 10)).collect::<String>()),
        _ => ",5".to_string(),
    };
    let offset = match rng.below(20) {
        0..=9 => "Z".to_string(),
        10 => "z".to_string(),
        11 => String::new(),
        12 => format!("+{}{}", pad(rng.range(0, 25), 2), pad(rng.range(0, 60), 2)),
        13 => format!("-{}", pad(rng.range(0, 25), 2)),
        _ => format!(
            "{}{}:{}",
            if rng.percent(50) { '+' } else { '-' },
            pad(if rng.percent(90) { rng.range(0, 23) } else { rng.range(0, 25) }, 2),
            pad(if rng.percent(90) { rng.range(0, 59) } else { rng.range(0, 60) }, 2)
        ),
    };
    let m_w = if rng.percent(97) { 2 } else { 1 };
    Value::String(format!(
        "{year}-{}-{}{sep}{}:{}:{}{frac}{offset}",
        pad(month, m_w),
        pad(day, 2),
        pad(hour, 2),
        pad(minute, 2),
        pad(second, 2)
    ))
}
