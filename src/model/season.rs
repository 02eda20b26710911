//! One model per season (SPEC §7.2): each season's scenario
//! (`scenario::season::season_scenario`) built and checked as any scenario is.

use crate::model::load::Loaded;
use crate::model::{feasibility, Model};
use crate::scenario::format::Season;
use crate::scenario::season::season_scenario;
use crate::scenario::{Problem, ProblemCode, Scenario, ScenarioError};

/// A season with its scenario and model.
#[derive(Debug, Clone)]
pub struct SeasonModel {
    pub season: Season,
    pub scenario: Scenario,
    pub model: Model,
}

/// The scenario's seasons in declared order, each with its own model. A
/// scenario without seasons has none (the caller solves the year as before).
pub fn season_models(loaded: &Loaded) -> Result<Vec<SeasonModel>, ScenarioError> {
    let file = loaded.source.path.display().to_string();
    let mut out = Vec::new();
    for season in &loaded.scenario.seasons {
        let scenario = season_scenario(&loaded.scenario, season);
        let model = Model::build(&scenario).map_err(|e| ScenarioError {
            file: file.clone(),
            problems: vec![Problem::new(
                ProblemCode::Invalid,
                format!("in season '{}': {e}", season.name),
            )],
        })?;
        let problems = feasibility::feasibility(&model, &loaded.source);
        if !problems.is_empty() {
            let problems = problems
                .into_iter()
                .map(|mut p| {
                    p.message = format!("in season '{}': {}", season.name, p.message);
                    p
                })
                .collect();
            return Err(ScenarioError { file, problems });
        }
        out.push(SeasonModel {
            season: season.clone(),
            scenario,
            model,
        });
    }
    Ok(out)
}

/// `--season NAME`: the loaded scenario replaced by that season's (its
/// scenario and model), for the commands that judge one layout; `None` leaves
/// it as it is. An unknown name is an error naming the valid ones.
pub fn select_season(loaded: Loaded, name: Option<&str>) -> Result<Loaded, ScenarioError> {
    let Some(name) = name else {
        return Ok(loaded);
    };
    let file = loaded.source.path.display().to_string();
    let season = crate::scenario::season::find_season(&loaded.scenario, name).map_err(|e| {
        ScenarioError {
            file: file.clone(),
            problems: vec![Problem::new(ProblemCode::UnknownSeason, e).with_id(name)],
        }
    })?;
    let scenario = season_scenario(&loaded.scenario, season);
    crate::model::load::from_parts(scenario, loaded.source)
}
