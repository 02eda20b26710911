//! The money grid of an instance: when every cost an assignment adds up
//! (items' costs with and without cover, rotas' standby, the fixed cost) is a
//! whole multiple of `1 / q` for a small whole `q`, so is every assignment's
//! total, and a lower bound can be raised to the next multiple.
//!
//! Why: the Lagrangian bound approaches a node's optimum from below and
//! rarely reaches it; on the zoo's nested organisations hundreds of nodes
//! whose bound was a thousandth of a pound under the incumbent (more than the
//! tolerance of "equal cost", 1e-9 relative, at the part's scale) were
//! branched on instead of closed. Rounding up to the grid closes them, and is
//! exact: no assignment costs strictly between two grid points.

use super::instance::Instance;

/// The largest denominator tried (costs such as 239.4 or 51,665.5467 come
/// from availabilities in thousandths, hours and minutes).
const MAX_Q: u32 = 1_200;
/// How far from a whole number `value * q` may be and still count as one
/// (floating-point noise of the cost arithmetic, far below one grid step).
const ON_GRID: f64 = 1e-6;
/// Largest `value * q` trusted: beyond it, double precision could not tell
/// one grid point from the next with room to spare.
const MAX_SCALED: f64 = 1e11;
/// A bound is raised only when it lies this far (in grid steps) above the
/// grid point below it, so noise in the bound's own sum never lifts it past
/// the true optimum.
const SLACK: f64 = 1e-5;

/// The grid `1 / q` of the instance's costs, as `q`; none when they have no
/// common grid with `q <= MAX_Q`.
pub fn of(inst: &Instance) -> Option<f64> {
    let mut values: Vec<f64> = Vec::new();
    values.push(inst.fixed_cost);
    for it in &inst.items {
        values.extend(it.none);
        values.extend(it.blocks.iter().map(|&(_, c)| c));
    }
    values.extend(inst.blocks.iter().map(|b| b.standby));
    // The total of everything bounds any assignment's cost and its scale.
    let scale: f64 = values.iter().map(|v| v.abs()).sum();
    (1..=MAX_Q).map(f64::from).find(|&q| {
        scale * q <= MAX_SCALED
            && values.iter().all(|&v| {
                let x = v * q;
                (x - x.round()).abs() <= ON_GRID
            })
    })
}

/// `bound` raised to the grid point at or above it (unchanged without a
/// grid, or when it lies within noise of the grid point below it).
pub fn lift(q: Option<f64>, bound: f64) -> f64 {
    match q {
        Some(q) if bound.is_finite() => {
            let up = (bound * q - SLACK).ceil() / q;
            up.max(bound)
        }
        _ => bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lift_raises_to_the_next_grid_point_only_past_the_slack() {
        let q = Some(5.0); // a grid of 0.2
        assert!((lift(q, 10.05) - 10.2).abs() < 1e-12);
        assert!((lift(q, 10.2) - 10.2).abs() < 1e-12);
        // Noise just above a grid point does not lift it a whole step.
        assert!((lift(q, 10.2 + 1e-9) - (10.2 + 1e-9)).abs() < 1e-15);
        assert_eq!(lift(None, 10.05), 10.05);
        assert_eq!(lift(q, f64::NEG_INFINITY), f64::NEG_INFINITY);
    }
}
