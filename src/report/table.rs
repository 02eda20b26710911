//! Plain-text and markdown tables.

use crate::numbers::printable;

/// A plain-text table with a header and left-aligned columns, right-aligned
/// where the column is marked numeric. Cells hold ids, names and paths as
/// given; they are shown through [`printable`], so a control or
/// bidirectional character in one never reaches the reader raw and a newline
/// never starts a row.
pub struct TextTable {
    pub headers: Vec<String>,
    pub numeric: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl TextTable {
    pub fn new(headers: &[&str], numeric: &[bool]) -> TextTable {
        TextTable {
            headers: headers.iter().map(|s| s.to_string()).collect(),
            numeric: numeric.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|c| match printable(&c) {
                std::borrow::Cow::Borrowed(_) => c,
                std::borrow::Cow::Owned(shown) => shown,
            })
            .collect();
        self.rows.push(cells);
    }

    pub fn render(&self, indent: &str) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::from(indent);
            for (i, c) in cells.iter().enumerate().take(n) {
                let pad = widths[i] - c.chars().count();
                if self.numeric.get(i).copied().unwrap_or(false) {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(c);
                } else {
                    s.push_str(c);
                    if i + 1 < n {
                        s.push_str(&" ".repeat(pad));
                    }
                }
                if i + 1 < n {
                    s.push_str("  ");
                }
            }
            s.trim_end().to_string() + "\n"
        };
        let mut out = line(&self.headers);
        for r in &self.rows {
            out.push_str(&line(r));
        }
        out
    }

    /// GitHub-flavoured markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!("| {} |\n", self.headers.join(" | "));
        let seps: Vec<&str> = self
            .numeric
            .iter()
            .map(|&num| if num { "---:" } else { "---" })
            .collect();
        out.push_str(&format!("| {} |\n", seps.join(" | ")));
        for r in &self.rows {
            let cells: Vec<String> = r.iter().map(|c| c.replace('|', "\\|")).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile() -> TextTable {
        let mut t = TextTable::new(&["id", "n"], &[false, true]);
        t.row(vec!["a\u{1b}[2J\nb|c\u{202e}".into(), "1".into()]);
        t.row(vec!["東京".into(), "22".into()]);
        t
    }

    #[test]
    fn cells_show_controls_escaped_and_never_start_a_row() {
        let text = hostile().render("  ");
        assert_eq!(
            text,
            "  id                        n\n  a\\u{1b}[2J\\nb|c\\u{202e}   1\n  東京                       22\n"
        );
        let md = hostile().markdown();
        assert_eq!(md.lines().count(), 4, "{md}");
        assert!(
            md.contains("| a\\u{1b}[2J\\nb\\|c\\u{202e} | 1 |\n"),
            "{md}"
        );
        assert!(!text
            .chars()
            .chain(md.chars())
            .any(|c| c.is_control() && c != '\n'));
    }
}
