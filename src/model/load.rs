//! From a file to a model: read, validate the structure, build, check feasibility.

use std::path::Path;

use crate::model::{feasibility, Model};
use crate::scenario::{
    read_scenario, source::parse_scenario, validate, Problem, ProblemCode, Scenario, ScenarioError,
    Source,
};

/// A scenario read, validated and resolved.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub model: Model,
    pub source: Source,
}

/// Reads, validates and resolves a scenario; every problem at once on failure.
pub fn load(path: &Path) -> Result<Loaded, ScenarioError> {
    let (scenario, source) = read_scenario(path)?;
    from_parts(scenario, source)
}

/// What `load` does once the file's bytes are in memory (for fuzzers and
/// tests): size cap, byte order mark, UTF-8, parse, validate, build. The
/// extension of `path` picks TOML or JSON.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Loaded, ScenarioError> {
    let source = Source::from_bytes(path, bytes)?;
    let scenario = parse_scenario(&source)?;
    from_parts(scenario, source)
}

/// Validates and resolves a scenario that has already been parsed.
pub fn from_parts(scenario: Scenario, source: Source) -> Result<Loaded, ScenarioError> {
    let file = source.path.display().to_string();
    let problems = validate::structure(&scenario, &source);
    if !problems.is_empty() {
        return Err(ScenarioError { file, problems });
    }
    let model = Model::build(&scenario).map_err(|e| ScenarioError {
        file: file.clone(),
        problems: vec![Problem::new(ProblemCode::Invalid, e)],
    })?;
    let problems = feasibility::feasibility(&model, &source);
    if !problems.is_empty() {
        return Err(ScenarioError { file, problems });
    }
    Ok(Loaded {
        scenario,
        model,
        source,
    })
}
