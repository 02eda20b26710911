//! Numbers as a planner reads them: money with thousands separators.
//! A leaf: imports nothing from the crate, so every layer may use it.

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

#[cfg(test)]
mod tests {
    use super::*;

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
