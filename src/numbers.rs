//! Numbers and text as a person reads them: money with thousands
//! separators, and ids, names and paths with the characters that would act
//! on a terminal or a markdown viewer (controls, bidirectional overrides)
//! written out visibly instead.
//! A leaf: imports nothing from the crate, so every layer may use it.

use std::borrow::Cow;

/// Money for tables: thousands separators, no pence above 100.
pub fn money(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let neg = x < 0.0;
    let abs = x.abs();
    let s = if abs < 100.0 && abs.fract() != 0.0 {
        format!("{abs:.2}")
    } else {
        format!("{abs:.0}")
    };
    let (int, frac) = match s.find('.') {
        Some(i) => (&s[..i], &s[i..]),
        None => (&s[..], ""),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if neg && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    format!("{sign}{out}{frac}")
}

/// A signed difference: `+2,700` or `-1,200`.
pub fn signed_money(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", money(x))
    } else {
        money(x)
    }
}

/// Costs closer than this, relative to their size, are equal (SPEC §3 ties).
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// The slack that counts as "equal" at the scale of `x`: 1e-9 relative, and
/// 1e-9 absolute for figures below 1.
pub fn tolerance_at(x: f64) -> f64 {
    RELATIVE_TOLERANCE * x.abs().max(1.0)
}

/// `a` and `b` are the same cost within 1e-9 relative (1e-9 absolute near 0).
pub fn same_cost(a: f64, b: f64) -> bool {
    (a - b).abs() <= RELATIVE_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// A character that acts instead of showing: a C0 control (newline, tab,
/// ESC, BEL...), DEL, a C1 control (U+0080-U+009F), a bidirectional
/// formatting character (U+061C, U+200E, U+200F, U+202A-U+202E,
/// U+2066-U+2069) or a line or paragraph separator (U+2028, U+2029).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` as one line a person can read safely: every hidden character (see
/// [`is_hidden`]) written as Rust writes it in a string literal (`\n`,
/// `\t`, `\r`, `\0`, `\u{1b}`, `\u{202e}`); everything else, "é" and
/// "東京" included, unchanged. Borrows when there is nothing to escape.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A load without a needless `.0` (validation keeps every figure far below
/// 1e15, where whole numbers print exactly).
pub fn load_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_controls_and_bidi_only() {
        assert_eq!(printable("fulfilment"), "fulfilment");
        assert!(matches!(printable("Zürich 東京 | x\\n"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}[31mb\u{7}\nc\td\re\0f\u{7f}"),
            "a\\u{1b}[31mb\\u{7}\\nc\\td\\re\\0f\\u{7f}"
        );
        assert_eq!(printable("\u{85}\u{9b}"), "\\u{85}\\u{9b}");
        assert_eq!(
            printable("\u{202e}\u{202a}\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}\u{2028}"),
            "\\u{202e}\\u{202a}\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{2028}"
        );
        // Printable non-ASCII stays, even next to an escape.
        assert_eq!(printable("é\u{1b}東"), "é\\u{1b}東");
        assert!(!printable("x\u{1b}\u{202e}\n").chars().any(is_hidden));
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(9000.0), "9,000");
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(money(12.5), "12.50");
        assert_eq!(money(-2700.0), "-2,700");
        assert_eq!(signed_money(2700.0), "+2,700");
        assert_eq!(money(0.0), "0");
    }
}
