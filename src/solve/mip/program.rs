//! A small, solver-agnostic integer program: variables, linear constraints and
//! a linear objective to minimise. The formulation builds one; a backend in
//! `mip::backends` solves it; `Mip::to_lp` writes it in CPLEX LP format so any
//! other solver can check it.

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VarId(pub usize);

#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    pub name: String,
    pub lower: f64,
    pub upper: f64,
    pub integer: bool,
    pub objective: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    pub name: String,
    pub terms: Vec<(VarId, f64)>,
    pub sense: Sense,
    pub rhs: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mip {
    pub vars: Vec<Var>,
    pub constraints: Vec<Constraint>,
}

impl Mip {
    pub fn binary(&mut self, name: String, objective: f64) -> VarId {
        self.vars.push(Var {
            name,
            lower: 0.0,
            upper: 1.0,
            integer: true,
            objective,
        });
        VarId(self.vars.len() - 1)
    }

    pub fn constrain(&mut self, name: String, terms: Vec<(VarId, f64)>, sense: Sense, rhs: f64) {
        self.constraints.push(Constraint {
            name,
            terms,
            sense,
            rhs,
        });
    }

    /// The objective's value at `values` (good_lp has no getter for it).
    pub fn objective_value(&self, values: &[f64]) -> f64 {
        self.vars
            .iter()
            .zip(values)
            .map(|(v, x)| v.objective * x)
            .sum()
    }

    /// The largest violation of any bound or constraint at `values`.
    pub fn max_violation(&self, values: &[f64]) -> f64 {
        let mut worst: f64 = 0.0;
        for (v, &x) in self.vars.iter().zip(values) {
            worst = worst.max(v.lower - x).max(x - v.upper);
            if v.integer {
                worst = worst.max((x - x.round()).abs());
            }
        }
        for c in &self.constraints {
            let lhs: f64 = c.terms.iter().map(|(v, a)| a * values[v.0]).sum();
            let excess = match c.sense {
                Sense::Le => lhs - c.rhs,
                Sense::Ge => c.rhs - lhs,
                Sense::Eq => (lhs - c.rhs).abs(),
            };
            worst = worst.max(excess);
        }
        worst
    }

    /// CPLEX LP format.
    pub fn to_lp(&self, title: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "\\ {}", title.replace('\n', " "));
        out.push_str("Minimize\n obj:");
        let objective: Vec<(VarId, f64)> = self
            .vars
            .iter()
            .enumerate()
            .filter(|(_, v)| v.objective != 0.0)
            .map(|(i, v)| (VarId(i), v.objective))
            .collect();
        self.write_terms(&mut out, &objective);
        out.push_str("\nSubject To\n");
        for c in &self.constraints {
            let _ = write!(out, " {}:", c.name);
            self.write_terms(&mut out, &c.terms);
            let op = match c.sense {
                Sense::Le => "<=",
                Sense::Ge => ">=",
                Sense::Eq => "=",
            };
            let _ = writeln!(out, " {op} {}", num(c.rhs));
        }
        out.push_str("Bounds\n");
        for v in &self.vars {
            if !(v.integer && v.lower == 0.0 && v.upper == 1.0) {
                let _ = writeln!(out, " {} <= {} <= {}", num(v.lower), v.name, num(v.upper));
            }
        }
        let binaries: Vec<&str> = self
            .vars
            .iter()
            .filter(|v| v.integer && v.lower == 0.0 && v.upper == 1.0)
            .map(|v| v.name.as_str())
            .collect();
        let generals: Vec<&str> = self
            .vars
            .iter()
            .filter(|v| v.integer && !(v.lower == 0.0 && v.upper == 1.0))
            .map(|v| v.name.as_str())
            .collect();
        for (header, names) in [("Binaries", binaries), ("Generals", generals)] {
            if !names.is_empty() {
                let _ = writeln!(out, "{header}");
                for chunk in names.chunks(8) {
                    let _ = writeln!(out, " {}", chunk.join(" "));
                }
            }
        }
        out.push_str("End\n");
        out
    }

    fn write_terms(&self, out: &mut String, terms: &[(VarId, f64)]) {
        if terms.is_empty() {
            out.push_str(" 0 ");
            // LP needs a variable in every row; a zero coefficient on the first keeps it valid.
            if let Some(v) = self.vars.first() {
                let _ = write!(out, "{}", v.name);
            }
            return;
        }
        for (i, (v, a)) in terms.iter().enumerate() {
            let name = &self.vars[v.0].name;
            let sign = if *a < 0.0 {
                "-"
            } else if i > 0 {
                "+"
            } else {
                ""
            };
            if i > 0 && i % 6 == 0 {
                out.push_str("\n  ");
            }
            let _ = if sign.is_empty() {
                write!(out, " {} {name}", num(a.abs()))
            } else {
                write!(out, " {sign} {} {name}", num(a.abs()))
            };
        }
    }
}

/// Shortest decimal that reads back to the same f64.
fn num(x: f64) -> String {
    if x == f64::INFINITY {
        "+inf".to_string()
    } else if x == f64::NEG_INFINITY {
        "-inf".to_string()
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lp_file_lists_objective_constraints_and_binaries() {
        let mut m = Mip::default();
        let x = m.binary("x".into(), 3.0);
        let y = m.binary("y".into(), -1.5);
        m.constrain("c1".into(), vec![(x, 1.0), (y, -2.0)], Sense::Le, 0.5);
        let lp = m.to_lp("test");
        assert!(lp.contains("Minimize\n obj: 3 x - 1.5 y"), "{lp}");
        assert!(lp.contains(" c1: 1 x - 2 y <= 0.5"), "{lp}");
        assert!(lp.contains("Binaries\n x y\n"), "{lp}");
        assert!(lp.ends_with("End\n"));
    }

    #[test]
    fn violation_measures_the_worst_constraint() {
        let mut m = Mip::default();
        let x = m.binary("x".into(), 1.0);
        m.constrain("c".into(), vec![(x, 1.0)], Sense::Ge, 1.0);
        assert_eq!(m.max_violation(&[1.0]), 0.0);
        assert!((m.max_violation(&[0.0]) - 1.0).abs() < 1e-12);
    }
}
