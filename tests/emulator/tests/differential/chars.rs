//! Character pools for the generators: the letters (`\p{L}`) and numbers (`\p{N}`) of several
//! scripts, which the API's name and username patterns take, and their neighbours, which they
//! do not (combining marks, symbols that Rust calls alphabetic, look-alike punctuation, white
//! space of every kind, controls, emoji). Each pool is a list of inclusive code point ranges;
//! (The general categories were checked against Python's unicodedata, Unicode 14.)

use super::rng::Rng;

pub type Pool = &'static [(u32, u32)];

// ---- letters (\p{L}: Lu Ll Lt Lm Lo) ----
pub const ASCII_LETTERS: Pool = &[(0x41, 0x5A), (0x61, 0x7A)];
/// Precomposed accented Latin, titlecase digraphs (Lt), ordinals (Lo), modifier letters (Lm),
/// the modifier apostrophe U+02BC (Lm, unlike U+2019).
pub const LATIN_ACCENTED: Pool = &[
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0xFF),
    (0x100, 0x17F),
    (0x1C4, 0x1CC),
    (0x1E00, 0x1EFF),
    (0xAA, 0xAA),
    (0xBA, 0xBA),
    (0x2B0, 0x2C1),
    (0x2C6, 0x2D1),
    (0x2E0, 0x2E4),
    (0x2EC, 0x2EC),
    (0x2EE, 0x2EE),
];
pub const GREEK: Pool =
    &[(0x386, 0x386), (0x388, 0x38A), (0x38C, 0x38C), (0x391, 0x3A1), (0x3A3, 0x3A9), (0x3AC, 0x3CE), (0x1F00, 0x1F15)];
pub const CYRILLIC: Pool = &[(0x400, 0x481), (0x48A, 0x52F)];
/// Arabic letters and the tatweel (Lm).
pub const ARABIC: Pool = &[(0x620, 0x64A), (0x671, 0x6D3)];
pub const HEBREW: Pool = &[(0x5D0, 0x5EA), (0x5EF, 0x5F2)];
/// Devanagari letters only (its vowel signs, virama and nukta are in COMBINING).
pub const DEVANAGARI: Pool = &[(0x904, 0x939), (0x93D, 0x93D), (0x950, 0x950), (0x958, 0x961), (0x971, 0x97F)];
pub const THAI: Pool = &[(0xE01, 0xE30), (0xE32, 0xE33), (0xE40, 0xE46)];
/// CJK ideographs: BMP, extension A, extension B (outside the BMP: one character, two UTF-16
/// units, four UTF-8 bytes), compatibility; 々 (Lm), 〆 (Lo).
pub const CJK: Pool = &[(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0xF900, 0xFA6D), (0x3005, 0x3006)];
pub const HANGUL: Pool = &[(0xAC00, 0xD7A3), (0x1100, 0x1112), (0x3131, 0x318E)];
/// Hiragana, katakana, the long vowel mark ー (Lm), half-width katakana.
pub const KANA: Pool = &[(0x3041, 0x3096), (0x309D, 0x309F), (0x30A1, 0x30FA), (0x30FC, 0x30FE), (0xFF66, 0xFF9D)];
/// Armenian, Georgian, Ethiopic, Tamil and Bengali letters, runes, mathematical bold (outside
/// the BMP), Deseret (outside the BMP), full-width Latin.
pub const OTHER_LETTERS: Pool = &[
    (0x531, 0x556),
    (0x561, 0x586),
    (0x10D0, 0x10FA),
    (0x1200, 0x1248),
    (0xB85, 0xB8A),
    (0x985, 0x98C),
    (0x16A0, 0x16EA),
    (0x1D400, 0x1D454),
    (0x10400, 0x1044F),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
];
/// Letters assigned in Unicode 15, 15.1 and 16 (Kawi, Nag Mundari, CJK extensions H and I,
/// Todhri, Kirat Rai): where two Unicode versions disagree.
pub const NEW_LETTERS: Pool = &[
    (0x11F04, 0x11F10),
    (0x1E4D0, 0x1E4EA),
    (0x31350, 0x323AF),
    (0x2EBF0, 0x2EE5D),
    (0x105C0, 0x105F3),
    (0x16D43, 0x16D6A),
];

// ---- numbers (\p{N}: Nd Nl No) ----
pub const ASCII_DIGITS: Pool = &[(0x30, 0x39)];
/// Decimal digits of other scripts (Nd): Arabic-Indic ١٢٣, extended Arabic-Indic, Devanagari,
/// Bengali, Thai, full-width, mathematical (outside the BMP), NKo.
pub const OTHER_DIGITS: Pool = &[
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xE50, 0xE59),
    (0xFF10, 0xFF19),
    (0x1D7CE, 0x1D7FF),
    (0x7C0, 0x7C9),
];
/// Other numbers: Roman numerals Ⅻ and 〇 (Nl), superscripts ², fractions ½, circled digits,
/// Aegean and cuneiform numbers (outside the BMP), Tibetan half digits (No/Nl).
pub const OTHER_NUMBERS: Pool = &[
    (0x2160, 0x2182),
    (0x2185, 0x2188),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x16EE, 0x16F0),
    (0xB2, 0xB3),
    (0xB9, 0xB9),
    (0xBC, 0xBE),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2150, 0x215F),
    (0x2189, 0x2189),
    (0x2460, 0x249B),
    (0x24EA, 0x24FF),
    (0x2776, 0x2793),
    (0x3251, 0x325F),
    (0x10107, 0x10133),
    (0x1F100, 0x1F10C),
    (0xF2A, 0xF33),
    (0x9F4, 0x9F9),
    (0xBF0, 0xBF2),
    (0x12400, 0x1246E),
];

// ---- punctuation ----
/// The API's name punctuation, besides the space: `_ . , : ! ? & % @ / + - ' |`.
pub const API_PUNCT: &[char] = &['_', '.', ',', ':', '!', '?', '&', '%', '@', '/', '+', '-', '\'', '|'];
/// Its ASCII neighbours, which the name pattern refuses.
pub const ASCII_NEIGHBOURS: &[char] =
    &['(', ')', '[', ']', '{', '}', '#', '$', '*', ';', '"', '~', '^', '`', '=', '<', '>', '\\'];

// ---- what the name pattern refuses ----
/// Combining marks (Mn, Mc, Me): acute U+0301 and the other Latin ones, Cyrillic titlo,
/// Hebrew points, Arabic harakat, Devanagari signs (vowel signs, virama, nukta, anusvara,
/// visarga), Thai vowels and tones, kana voicing marks, enclosing keycap U+20E3, variation
/// selectors (also outside the BMP), Tamil vowel signs, Tibetan vowel signs, U+0345.
pub const COMBINING: Pool = &[
    (0x300, 0x36F),
    (0x483, 0x489),
    (0x591, 0x5BD),
    (0x64B, 0x65F),
    (0x670, 0x670),
    (0x900, 0x903),
    (0x93A, 0x93C),
    (0x93E, 0x94F),
    (0x951, 0x957),
    (0x962, 0x963),
    (0xE31, 0xE31),
    (0xE34, 0xE3A),
    (0xE47, 0xE4E),
    (0x1AB0, 0x1ABE),
    (0x20D0, 0x20F0),
    (0x3099, 0x309A),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xBBE, 0xBC2),
    (0xBC6, 0xBC8),
    (0xBCA, 0xBCD),
    (0xF71, 0xF84),
    (0xE0100, 0xE01EF),
];
/// Symbols Rust's `char::is_alphabetic` takes and `\p{L}` does not: circled and squared Latin
/// letters (So, Other_Alphabetic); modifier symbols (Sk) beside the modifier letters (Lm),
/// among them the emoji skin tones U+1F3FB–U+1F3FF.
pub const SYMBOL_TRAPS: Pool = &[
    (0x249C, 0x24E9),
    (0x1F130, 0x1F149),
    (0x1F150, 0x1F169),
    (0x1F170, 0x1F189),
    (0xA8, 0xA8),
    (0xAF, 0xAF),
    (0xB4, 0xB4),
    (0xB8, 0xB8),
    (0x2C2, 0x2C5),
    (0x2D2, 0x2DF),
    (0x2E5, 0x2EB),
    (0x2ED, 0x2ED),
    (0x2EF, 0x2FF),
    (0x375, 0x375),
    (0x384, 0x385),
    (0x1FBD, 0x1FBD),
    (0x1FBF, 0x1FC1),
    (0x309B, 0x309C),
    (0xA700, 0xA716),
    (0xFF3E, 0xFF3E),
    (0xFF40, 0xFF40),
    (0x1F3FB, 0x1F3FF),
];
/// Punctuation and symbols beyond ASCII: typographic quotes and dashes (’ – − …), the
/// full-width forms of the API's own punctuation (，．：！？＆％＠／＋－＇｜＿), script
/// punctuation (Arabic comma, danda, 。), currency and other symbols.
pub const UNICODE_PUNCT: Pool = &[
    (0x2018, 0x201F),
    (0x2010, 0x2015),
    (0x2212, 0x2212),
    (0x2024, 0x2026),
    (0x203F, 0x2040),
    (0xA1, 0xA1),
    (0xA3, 0xA3),
    (0xA7, 0xA7),
    (0xA9, 0xA9),
    (0xAB, 0xAB),
    (0xAE, 0xAE),
    (0xB0, 0xB0),
    (0xB6, 0xB7),
    (0xBB, 0xBB),
    (0xBF, 0xBF),
    (0xD7, 0xD7),
    (0xF7, 0xF7),
    (0x20AC, 0x20AC),
    (0x2122, 0x2122),
    (0x37E, 0x37E),
    (0x387, 0x387),
    (0x5BE, 0x5BE),
    (0x5F3, 0x5F4),
    (0x60C, 0x60C),
    (0x61F, 0x61F),
    (0x66A, 0x66D),
    (0x964, 0x965),
    (0x970, 0x970),
    (0xE3F, 0xE3F),
    (0xE5A, 0xE5B),
    (0x3001, 0x3003),
    (0x30FB, 0x30FB),
    (0xFE52, 0xFE52),
    (0xFF01, 0xFF0F),
    (0xFF1A, 0xFF1F),
    (0xFF20, 0xFF20),
    (0xFF3F, 0xFF3F),
    (0xFF5C, 0xFF5C),
];
/// White space, ECMAScript's `\s` and its neighbours: space, tab, line feed, vertical tab, form
/// feed, carriage return, NEL U+0085 (Unicode White_Space, not ECMAScript `\s`), NBSP, U+1680,
/// U+2000–U+200A (en quad … hair space, U+2003 em space), U+2028, U+2029, U+202F, U+205F,
/// U+3000, U+FEFF (ECMAScript `\s`, not Unicode White_Space), U+180E, and the zero-width
/// format characters (Cf, not white space): U+200B–U+200F, U+2060.
pub const WHITE_SPACE: Pool = &[
    (0x20, 0x20),
    (0x9, 0xD),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200F),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x2060),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
    (0x180E, 0x180E),
];
/// Controls, format characters, private use, noncharacters, unassigned, U+FFFD, tags.
pub const CONTROL_AND_OTHER: Pool = &[
    (0x0, 0x1),
    (0x1F, 0x1F),
    (0x7F, 0x80),
    (0x9F, 0x9F),
    (0xAD, 0xAD),
    (0x600, 0x600),
    (0x61C, 0x61C),
    (0x378, 0x378),
    (0xE000, 0xE000),
    (0xF8FF, 0xF8FF),
    (0xFFFD, 0xFFFF),
    (0x10FFFF, 0x10FFFF),
    (0xE0001, 0xE0001),
    (0xE0041, 0xE0041),
    (0x1D173, 0x1D173),
];
/// Emoji, as users type them: single, with skin tones (Sk), ZWJ sequences, variation selectors,
/// flags, keycaps (a digit, U+FE0F, U+20E3), and a few BMP symbols.
pub const EMOJI: &[&str] = &[
    "🚀",
    "😀",
    "👍",
    "👍🏽",
    "👋🏿",
    "👨‍👩‍👧",
    "👩🏿‍💻",
    "🧑‍🤝‍🧑",
    "🏳️‍🌈",
    "❤️",
    "❤",
    "🇩🇪",
    "🇯🇵",
    "1️⃣",
    "#️⃣",
    "©️",
    "™️",
    "☺",
    "✓",
    "★",
    "♥",
    "𝄞",
    "🅰",
    "Ⓐ",
];

/// A character of `pool`, each code point as likely.
pub fn pick(rng: &mut Rng, pool: Pool) -> char {
    let total: u32 = pool.iter().map(|(a, b)| b - a + 1).sum();
    let mut at = rng.below(total as usize) as u32;
    for &(a, b) in pool {
        if at <= b - a {
            return char::from_u32(a + at).expect("pools hold no surrogates");
        }
        at -= b - a + 1;
    }
    unreachable!()
}

/// The letter pools a "clean" name is written in, with their weights.
pub const LETTER_SCRIPTS: &[(u32, Pool)] = &[
    (30, ASCII_LETTERS),
    (14, LATIN_ACCENTED),
    (5, GREEK),
    (7, CYRILLIC),
    (5, ARABIC),
    (4, HEBREW),
    (5, DEVANAGARI),
    (4, THAI),
    (7, CJK),
    (5, HANGUL),
    (5, KANA),
    (6, OTHER_LETTERS),
    (1, NEW_LETTERS),
];
pub const NUMBER_POOLS: &[(u32, Pool)] = &[(6, ASCII_DIGITS), (3, OTHER_DIGITS), (3, OTHER_NUMBERS)];

/// What refuses a name (or username), weighted; one character or an emoji sequence.
pub fn trap(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=17 => pick(rng, COMBINING).to_string(),
        18..=29 => rng.pick(ASCII_NEIGHBOURS).to_string(),
        30..=41 => pick(rng, SYMBOL_TRAPS).to_string(),
        42..=55 => pick(rng, UNICODE_PUNCT).to_string(),
        56..=73 => pick(rng, WHITE_SPACE).to_string(),
        74..=81 => pick(rng, CONTROL_AND_OTHER).to_string(),
        _ => rng.pick(EMOJI).to_string(),
    }
}

/// A letter of some script.
pub fn letter(rng: &mut Rng) -> char {
    let pool = *rng.weighted(LETTER_SCRIPTS);
    pick(rng, pool)
}

/// A number of some script.
pub fn number(rng: &mut Rng) -> char {
    let pool = *rng.weighted(NUMBER_POOLS);
    pick(rng, pool)
}

/// Precomposed letters and their canonical decompositions (NFD), for the decomposed-accent
/// edge: `é` is one letter, `e` + U+0301 a letter and a mark.
pub const DECOMPOSABLE: &[(char, &str)] = &[
    ('é', "e\u{301}"),
    ('è', "e\u{300}"),
    ('ê', "e\u{302}"),
    ('ë', "e\u{308}"),
    ('á', "a\u{301}"),
    ('à', "a\u{300}"),
    ('å', "a\u{30A}"),
    ('ä', "a\u{308}"),
    ('ñ', "n\u{303}"),
    ('ö', "o\u{308}"),
    ('ô', "o\u{302}"),
    ('ü', "u\u{308}"),
    ('ç', "c\u{327}"),
    ('É', "E\u{301}"),
    ('Å', "A\u{30A}"),
    ('Ñ', "N\u{303}"),
    ('ő', "o\u{30B}"),
    ('ǅ', "D\u{17E}"), // not canonical (a compatibility decomposition): stays letters
    ('ά', "\u{3B1}\u{301}"),
    ('й', "\u{438}\u{306}"),
    ('ё', "\u{435}\u{308}"),
    ('가', "\u{1100}\u{1161}"), // Hangul syllable → conjoining jamo: still letters
    ('が', "\u{304B}\u{3099}"),
];

/// `s` with its first decomposable character decomposed, or with a decomposed `é` appended.
pub fn decompose_one(rng: &mut Rng, s: &str) -> String {
    let found: Vec<(usize, char)> =
        s.char_indices().filter(|(_, c)| DECOMPOSABLE.iter().any(|(p, _)| p == c)).collect();
    if found.is_empty() {
        let (_, d) = rng.pick(DECOMPOSABLE);
        return format!("{s}{d}");
    }
    let &(at, c) = rng.pick(&found);
    let d = DECOMPOSABLE.iter().find(|(p, _)| *p == c).unwrap().1;
    format!("{}{}{}", &s[..at], d, &s[at + c.len_utf8()..])
}
