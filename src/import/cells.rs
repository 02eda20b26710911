//! The values of one cell (or one Backstage annotation) as a planner types
//! them: numbers with thousands separators or a decimal comma, lists split
//! on `;` or `|`, targets by name or by availability. Each parser returns
//! the sentence of what would be valid when the text is not a value.

use crate::scenario::format::{Demand, Target};

/// The largest figure a scenario accepts (`number-too-large`).
const MAX_FIGURE: f64 = 1e12;

/// How a number may be written in a file: with `decimal_comma`, "0,3" is
/// 0.3 (semicolon-separated files from a European spreadsheet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberStyle {
    pub decimal_comma: bool,
}

/// A figure of at least `min` (more than `min` when `strict`), at most 1e12.
/// Accepts `15000`, `15,000`, `15 000`, `£15,000`, `0.3`, and with
/// `decimal_comma` also `0,3` and `15.000,5`.
pub fn number(text: &str, style: NumberStyle, min: f64, strict: bool) -> Result<f64, String> {
    let range = if strict {
        format!("a number above {min}")
    } else {
        format!("a number of at least {min}")
    };
    let bad = || {
        format!(
            "{:?} is not a number; give {range}, such as 15000 or 0.3",
            text
        )
    };
    let cleaned: String = text
        .trim()
        .trim_start_matches(['£', '$', '€'])
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_' | '\''))
        .collect();
    let normalised = match (cleaned.rfind(','), cleaned.rfind('.')) {
        // Both: the later one is the decimal mark.
        (Some(c), Some(d)) if c > d => cleaned.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => cleaned.replace(',', ""),
        (Some(_), None) if style.decimal_comma && cleaned.matches(',').count() == 1 => {
            cleaned.replace(',', ".")
        }
        (Some(_), None) if thousands_groups(&cleaned, ',') => cleaned.replace(',', ""),
        (Some(_), None) => return Err(bad()),
        // A decimal-comma file writes thousands with dots: "8.000".
        (None, Some(_)) if style.decimal_comma && thousands_groups(&cleaned, '.') => {
            cleaned.replace('.', "")
        }
        _ => cleaned,
    };
    // Only plain decimal notation: no "inf", "NaN", hex or exponents.
    if normalised.is_empty()
        || !normalised
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return Err(bad());
    }
    let value: f64 = normalised.parse().map_err(|_| bad())?;
    if !value.is_finite() || value > MAX_FIGURE {
        return Err(format!(
            "{:?} is too large; give {range} and at most 1e12",
            text
        ));
    }
    if value < min || (strict && value == min) {
        return Err(format!("{:?} is out of range; give {range}", text));
    }
    Ok(value)
}

/// "15,000" or "1,250,000" (with `mark` ','): groups of three digits after
/// the first.
fn thousands_groups(text: &str, mark: char) -> bool {
    let mut parts = text.split(mark);
    let first = parts.next().unwrap_or_default();
    let first_ok = !first.is_empty()
        && first.len() <= 3
        && first
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit());
    first_ok && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// A list inside one cell: items separated by `;` or `|`, trimmed, empty
/// items dropped, repeats kept once in their first place.
pub fn list(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in text.split([';', '|']) {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// `high` or `low`, any case; empty is high.
pub fn demand(text: &str) -> Result<Demand, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "high" => Ok(Demand::High),
        "low" => Ok(Demand::Low),
        _ => Err(format!(
            "{:?} is not a demand; give \"high\" or \"low\" (product demand filled)",
            text
        )),
    }
}

/// A target by its name (any case, `%` optional), or by its availability as a
/// fraction (0.999) or a percentage (99.9).
pub fn target(text: &str, targets: &[Target]) -> Result<String, String> {
    let t = text.trim();
    let bare = |s: &str| s.trim().trim_end_matches('%').trim().to_ascii_lowercase();
    if let Some(found) = targets.iter().find(|x| bare(&x.name) == bare(t)) {
        return Ok(found.name.clone());
    }
    if let Ok(v) = bare(t).replace(',', ".").parse::<f64>() {
        let availability = if v > 1.0 { v / 100.0 } else { v };
        if let Some(found) = targets
            .iter()
            .find(|x| (x.availability - availability).abs() <= 1e-9)
        {
            return Ok(found.name.clone());
        }
    }
    let names: Vec<String> = targets.iter().map(|x| format!("{:?}", x.name)).collect();
    Err(format!(
        "{:?} is not a target of the policy; give one of {}",
        text,
        names.join(", ")
    ))
}

/// The closest of `candidates` to `text`, for "did you mean".
pub fn did_you_mean<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let lower = text.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| format!(" (did you mean {c:?}?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: NumberStyle = NumberStyle {
        decimal_comma: false,
    };
    const EUROPEAN: NumberStyle = NumberStyle {
        decimal_comma: true,
    };

    #[test]
    fn numbers_as_spreadsheets_write_them() {
        let n = |t, s| number(t, s, 0.0, false).unwrap();
        assert_eq!(n("15000", PLAIN), 15000.0);
        assert_eq!(n("15,000", PLAIN), 15000.0);
        assert_eq!(n("£1,250,000", PLAIN), 1_250_000.0);
        assert_eq!(n(" 0.3 ", PLAIN), 0.3);
        assert_eq!(n("0,3", EUROPEAN), 0.3);
        assert_eq!(n("15.000,5", EUROPEAN), 15000.5);
        assert_eq!(n("15 000", EUROPEAN), 15000.0);
        assert_eq!(n("8.000", EUROPEAN), 8000.0);
        assert_eq!(n("1.250.000", EUROPEAN), 1_250_000.0);
        assert_eq!(n("0.3", EUROPEAN), 0.3);
        assert_eq!(n("8.000", PLAIN), 8.0);
        assert!(number("0,3", PLAIN, 0.0, false).is_err());
        assert!(number("12k", PLAIN, 0.0, false).is_err());
        assert!(number("inf", PLAIN, 0.0, false).is_err());
        assert!(number("-1", PLAIN, 0.0, false).is_err());
        assert!(number("0", PLAIN, 0.0, true).is_err());
        assert!(number("2e13", PLAIN, 0.0, false).is_err());
    }

    #[test]
    fn lists_split_on_semicolons_and_bars() {
        assert_eq!(list("java; kotlin|java ;"), vec!["java", "kotlin"]);
        assert!(list("  ").is_empty());
    }
}
