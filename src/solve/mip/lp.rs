//! The whole model's integer program in CPLEX LP format (`--write-lp`): the
//! formulation of every component, written as one program.

use crate::model::graph::OrgGraph;
use crate::model::{Cover, Model};
use crate::solve::mip::formulation::Formulation;
use crate::solve::mip::program::{Mip, VarId};

/// One program for the whole model. Applications the reduction fixes to no
/// cover are left out; their cost is a constant, stated in the header.
pub fn write_model_lp(m: &Model) -> String {
    let mut all = Mip::default();
    let mut constant = 0.0;
    for component in OrgGraph::build(m).rota_components(m) {
        let f = Formulation::build(m, &component);
        constant += f
            .fixed_none
            .iter()
            .map(|&a| {
                m.best_cost(&m.applications[a], Cover::None)
                    .map_or(0.0, |c| c.total())
            })
            .sum::<f64>();
        let offset = all.vars.len();
        all.vars.extend(f.mip.vars);
        for mut c in f.mip.constraints {
            for t in &mut c.terms {
                t.0 = VarId(t.0 .0 + offset);
            }
            all.constraints.push(c);
        }
    }
    all.to_lp(&format!(
        "rota: {} -- add {} (applications never worth covering) to the objective for the total",
        m.name, constant
    ))
}
