//! Reading a scenario file and finding where things are in it.

use std::path::{Path, PathBuf};

use super::error::{Problem, ProblemCode, ScenarioError};
use super::format::Scenario;

/// A path to a value inside a scenario, e.g. `applications[3].team`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// The text a scenario was read from, kept so that problems can name a line.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    pub format: FileFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Toml,
    Json,
}

impl FileFormat {
    /// JSON when the extension says so, TOML otherwise.
    pub fn of(path: &Path) -> FileFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => FileFormat::Json,
            _ => FileFormat::Toml,
        }
    }
}

impl Source {
    pub fn read(path: &Path) -> Result<Source, ScenarioError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ScenarioError::single(
                path,
                Problem::new(ProblemCode::Io, format!("cannot read file: {e}")),
            )
        })?;
        Ok(Source {
            path: path.to_path_buf(),
            text,
            format: FileFormat::of(path),
        })
    }

    /// Deserialise into any serde type, turning parser errors into problems with a line.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, ScenarioError> {
        match self.format {
            FileFormat::Toml => toml::from_str(&self.text).map_err(|e| {
                let line = e.span().map(|s| line_of_offset(&self.text, s.start));
                let mut p = Problem::new(ProblemCode::Parse, e.message().trim().to_string());
                p.line = line;
                ScenarioError::single(&self.path, p)
            }),
            FileFormat::Json => serde_json::from_str(&self.text).map_err(|e| {
                let mut p = Problem::new(ProblemCode::Parse, strip_json_position(&e.to_string()));
                p.line = (e.line() > 0).then_some(e.line());
                ScenarioError::single(&self.path, p)
            }),
        }
    }

    /// The line of the value at `path`, where the file format lets us know it.
    pub fn line_of(&self, path: &[Seg]) -> Option<usize> {
        match self.format {
            FileFormat::Toml => toml_line(&self.text, path),
            FileFormat::Json => None,
        }
    }
}

/// Reads and parses a scenario file (TOML or JSON by extension).
pub fn read_scenario(path: &Path) -> Result<(Scenario, Source), ScenarioError> {
    let source = Source::read(path)?;
    let scenario = source.parse::<Scenario>()?;
    Ok((scenario, source))
}

fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn toml_line(text: &str, path: &[Seg]) -> Option<usize> {
    let doc = toml_edit::ImDocument::parse(text).ok()?;
    let mut item: &toml_edit::Item = doc.as_item();
    // The innermost span found so far: a table header is better than nothing.
    let mut best = None;
    for seg in path {
        let next = match (seg, item) {
            (Seg::Key(k), toml_edit::Item::Table(t)) => t.get(k),
            (Seg::Key(k), toml_edit::Item::Value(toml_edit::Value::InlineTable(t))) => {
                t.get(k).map(|_| &item[*k])
            }
            (Seg::Index(i), toml_edit::Item::ArrayOfTables(a)) => a.get(*i).map(|_| &item[*i]),
            (Seg::Index(i), toml_edit::Item::Value(toml_edit::Value::Array(a))) => {
                a.get(*i).map(|_| &item[*i])
            }
            _ => None,
        };
        match next {
            Some(n) => {
                item = n;
                if let Some(span) = item_span(item) {
                    best = Some(span);
                }
            }
            None => break,
        }
    }
    best.map(|start| line_of_offset(text, start))
}

fn item_span(item: &toml_edit::Item) -> Option<usize> {
    match item {
        toml_edit::Item::Value(v) => v.span().map(|s| s.start),
        toml_edit::Item::Table(t) => t.span().map(|s| s.start),
        toml_edit::Item::ArrayOfTables(a) => a.span().map(|s| s.start),
        toml_edit::Item::None => None,
    }
}
