//! Reading a scenario (or layout) file and finding where things are in it.
//!
//! Reading is bounded: a file over `MAX_FILE_BYTES` (64 MiB) is refused —
//! a regular file by its length before any byte is read, anything else (a
//! pipe, `/dev/stdin`, a device such as `/dev/zero`) after reading at most one
//! byte past the cap — so no input can make `rota` hold more than the cap in
//! memory for the text. The bytes must be UTF-8 (an error names the offset of
//! the first bad byte, counted from 0, and its line); a leading UTF-8 byte
//! order mark is dropped, in TOML and JSON alike.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{Problem, ProblemCode, ScenarioError};
use super::format::Scenario;

/// The largest input file `rota` reads: 64 MiB. The largest realistic
/// organisation (10,000 applications) is about 3 MiB of TOML.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The UTF-8 byte order mark some editors write at the start of a file.
const BOM: &[u8] = b"\xef\xbb\xbf";

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
    /// Reads `path` (at most `MAX_FILE_BYTES`) and checks it is UTF-8, as
    /// `from_bytes` does.
    pub fn read(path: &Path) -> Result<Source, ScenarioError> {
        let bytes = read_capped(path).map_err(|message| {
            ScenarioError::single(path, Problem::new(ProblemCode::Io, message))
        })?;
        Source::from_bytes(path, &bytes)
    }

    /// What reading a file does once its bytes are in memory: the size cap,
    /// the byte order mark, the UTF-8 check naming the first bad byte. The
    /// extension of `path` picks TOML or JSON.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Source, ScenarioError> {
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ScenarioError::single(
                path,
                Problem::new(ProblemCode::Io, too_large(bytes.len() as u64)),
            ));
        }
        let (skipped, body) = match bytes.strip_prefix(BOM) {
            Some(rest) => (BOM.len(), rest),
            None => (0, bytes),
        };
        let text = match std::str::from_utf8(body) {
            Ok(text) => text.to_string(),
            Err(e) => {
                let good = e.valid_up_to();
                let line = body[..good].iter().filter(|&&b| b == b'\n').count() + 1;
                let mut p = Problem::new(
                    ProblemCode::Parse,
                    format!(
                        "the file is not UTF-8 at byte {} (line {line}); save it as UTF-8 text",
                        skipped + good
                    ),
                );
                p.line = Some(line);
                return Err(ScenarioError::single(path, p));
            }
        };
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
                // toml's messages may run over several lines; keep one.
                let message: Vec<&str> = e
                    .message()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                let mut p = Problem::new(ProblemCode::Parse, message.join(": "));
                p.line = line;
                ScenarioError::single(&self.path, p)
            }),
            FileFormat::Json => {
                // serde reads a struct from a JSON array by position, so an
                // array would otherwise get a puzzling message or be accepted.
                let first = self.text.trim_start().chars().next();
                if let Some(c) = first.filter(|&c| c != '{') {
                    let what = match c {
                        '[' => "an array",
                        '"' => "a string",
                        _ => "not an object",
                    };
                    let mut p = Problem::new(
                        ProblemCode::Parse,
                        format!("the top level of the file is {what}; it must be a JSON object ({{ ... }}) with named fields"),
                    );
                    p.line = Some(line_of_offset(
                        &self.text,
                        self.text.len() - self.text.trim_start().len(),
                    ));
                    return Err(ScenarioError::single(&self.path, p));
                }
                serde_json::from_str(&self.text).map_err(|e| {
                    let mut p =
                        Problem::new(ProblemCode::Parse, strip_json_position(&e.to_string()));
                    p.line = (e.line() > 0).then_some(e.line());
                    ScenarioError::single(&self.path, p)
                })
            }
        }
    }

    /// Whether the file's top level has any of `keys`, for a hint when a
    /// file of one kind is given where another is expected. Only called after
    /// a parse failed, so the second parse costs nothing on valid input.
    pub fn has_top_level_key(&self, keys: &[&str]) -> bool {
        match self.format {
            FileFormat::Toml => toml::from_str::<toml::Table>(&self.text)
                .is_ok_and(|t| keys.iter().any(|k| t.contains_key(*k))),
            FileFormat::Json => serde_json::from_str::<serde_json::Value>(&self.text)
                .is_ok_and(|v| keys.iter().any(|k| v.get(*k).is_some())),
        }
    }

    /// The line of the value at `path`, where the file format lets us know it.
    /// Parses the file once per call: `Spans` answers many questions from one
    /// parse.
    pub fn line_of(&self, path: &[Seg]) -> Option<usize> {
        Spans::of(self).line_of(path)
    }
}

/// Reads and parses a scenario file (TOML or JSON by extension).
pub fn read_scenario(path: &Path) -> Result<(Scenario, Source), ScenarioError> {
    let source = Source::read(path)?;
    let scenario = parse_scenario(&source)?;
    Ok((scenario, source))
}

/// Parses a scenario from its source; a file that looks like a layout (it
/// has `rotas` and no `policy`) says so instead of naming a field.
pub fn parse_scenario(source: &Source) -> Result<Scenario, ScenarioError> {
    source.parse::<Scenario>().map_err(|mut e| {
        if source.has_top_level_key(&["rotas"]) && !source.has_top_level_key(&["policy"]) {
            if let Some(p) = e.problems.first_mut() {
                p.message = format!(
                    "this looks like a layout file (it has `rotas`), not a scenario; judge a layout with `rota compare SCENARIO LAYOUT` (in `rota batch`, name it X.layout.toml beside its scenario X.toml) ({})",
                    p.message
                );
            }
        }
        e
    })
}

/// Reads at most `MAX_FILE_BYTES` of `path`: a regular file is refused by its
/// length before reading; anything else is read up to one byte past the cap.
fn read_capped(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read file: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read file: {e}"))?;
    if meta.is_dir() {
        return Err("cannot read file: it is a directory".to_string());
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the input goes on past 64 MiB ({MAX_FILE_BYTES} bytes), the most rota reads; is it the file you meant?"
        ));
    }
    Ok(bytes)
}

fn too_large(len: u64) -> String {
    format!("the file is {len} bytes, more than 64 MiB ({MAX_FILE_BYTES} bytes), the most rota reads; is it the file you meant?")
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

/// Where values sit in a file, from one parse: the TOML document with its
/// spans and the offset of every line start, so that each problem's line
/// costs a walk down its path and a binary search, not a parse of the file.
/// JSON keeps no spans, so problems in a JSON file have no line.
pub struct Spans<'a> {
    text: &'a str,
    doc: Option<toml_edit::ImDocument<&'a str>>,
    /// Byte offset of each `\n`.
    newlines: Vec<usize>,
}

impl<'a> Spans<'a> {
    pub fn of(source: &'a Source) -> Spans<'a> {
        let doc = match source.format {
            FileFormat::Toml => toml_edit::ImDocument::parse(source.text.as_str()).ok(),
            FileFormat::Json => None,
        };
        let newlines = match doc {
            Some(_) => newline_offsets(&source.text),
            None => Vec::new(),
        };
        Spans {
            text: &source.text,
            doc,
            newlines,
        }
    }

    /// The line of the value at `path`: the innermost part of the path the
    /// file has (a table header is better than nothing).
    pub fn line_of(&self, path: &[Seg]) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let mut item: &toml_edit::Item = doc.as_item();
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
        best.map(|start| self.line_at(start))
    }

    fn line_at(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.newlines.partition_point(|&n| n < offset) + 1
    }
}

fn newline_offsets(text: &str) -> Vec<usize> {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect()
}

fn item_span(item: &toml_edit::Item) -> Option<usize> {
    match item {
        toml_edit::Item::Value(v) => v.span().map(|s| s.start),
        toml_edit::Item::Table(t) => t.span().map(|s| s.start),
        toml_edit::Item::ArrayOfTables(a) => a.span().map(|s| s.start),
        toml_edit::Item::None => None,
    }
}
