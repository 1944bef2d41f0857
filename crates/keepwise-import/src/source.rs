//! Finding a data set's files and reading their rows, CSV or JSON Lines, as a
//! stream: one record in memory at a time, whatever the file's size.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::ImportError;
use crate::problems::{Problem, Problems};
use crate::schema::FileSpec;

/// The two encodings of the canonical format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Csv,
    JsonLines,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Csv => "csv",
            Encoding::JsonLines => "jsonl",
        }
    }
}

/// One file of the data set.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub spec: &'static FileSpec,
    pub path: PathBuf,
    /// The file's name as shown in problems (`orders.csv`).
    pub name: String,
    pub encoding: Encoding,
    pub bytes: u64,
}

/// Receives progress while files are read (a terminal shows a bar; tests ignore it).
pub trait ImportProgress {
    fn start_file(&self, name: &str, bytes: u64);
    fn advance(&self, bytes: u64);
    fn finish_file(&self);
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl ImportProgress for NoProgress {
    fn start_file(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish_file(&self) {}
}

/// Finds the files of a data set in `dir`: known files by stem, others as warnings.
pub fn discover(
    dir: &Path,
    specs: &'static [FileSpec],
    problems: &mut Problems,
) -> Result<(Vec<SourceFile>, Vec<String>), ImportError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut found: HashMap<&'static str, Vec<SourceFile>> = HashMap::new();
    let mut warnings = Vec::new();
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ImportError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        if entry.path().is_file() {
            names.push((
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            ));
        }
    }
    names.sort();
    for (name, path) in names {
        let (stem, encoding) = match name.rsplit_once('.') {
            Some((stem, "csv")) => (stem, Encoding::Csv),
            Some((stem, "jsonl")) => (stem, Encoding::JsonLines),
            _ => {
                warnings.push(format!(
                    "{name}: not a data set file (.csv or .jsonl); left alone"
                ));
                continue;
            }
        };
        let Some(spec) = specs.iter().find(|s| s.stem == stem) else {
            if stem != "labels" {
                warnings.push(format!(
                    "{name}: not a file of the canonical format; left alone"
                ));
            }
            continue;
        };
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        found.entry(spec.stem).or_default().push(SourceFile {
            spec,
            path,
            name,
            encoding,
            bytes,
        });
    }
    let mut files = Vec::new();
    for spec in specs {
        if let Some(mut same) = found.remove(spec.stem) {
            if same.len() > 1 {
                problems.push(Problem {
                    file: same[1].name.clone(),
                    line: None,
                    column: None,
                    value: None,
                    expected: format!(
                        "only one of {} and {}: both hold {}; keep one of them",
                        same[0].name, same[1].name, spec.stem
                    ),
                });
            }
            files.push(same.swap_remove(0));
        }
    }
    Ok((files, warnings))
}

/// A record's values, aligned with its file's columns (`None` = missing or empty).
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub line: u64,
    pub values: Vec<Option<String>>,
    /// The record's shape was wrong (reported already): only its id is usable.
    pub malformed: bool,
}

/// Counts bytes read so progress can be shown.
struct Counted<'p, R> {
    inner: R,
    progress: &'p dyn ImportProgress,
    pending: u64,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pending += n as u64;
        if self.pending >= 1 << 20 || n == 0 {
            self.progress.advance(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }
}

/// Reads rows of one file, reporting problems of shape (header, field count, encoding).
pub struct RowReader<'p> {
    file_name: String,
    spec: &'static FileSpec,
    inner: Inner<'p>,
    /// Whether the header lacks a required column: rows are then not parsed.
    pub unusable: bool,
}

enum Inner<'p> {
    Csv {
        reader: csv::Reader<Counted<'p, File>>,
        positions: Vec<Option<usize>>,
        header_len: usize,
        record: csv::StringRecord,
    },
    Json {
        lines: std::io::Lines<BufReader<Counted<'p, File>>>,
        line: u64,
        reported_unknown: Vec<String>,
        ignore_unknown: bool,
    },
}

impl<'p> RowReader<'p> {
    pub fn open(
        file: &SourceFile,
        ignore_unknown_columns: bool,
        progress: &'p dyn ImportProgress,
        problems: &mut Problems,
    ) -> Result<RowReader<'p>, ImportError> {
        let handle = File::open(&file.path).map_err(|source| ImportError::Io {
            path: file.path.clone(),
            source,
        })?;
        let counted = Counted {
            inner: handle,
            progress,
            pending: 0,
        };
        let spec = file.spec;
        let problem = |line: Option<u64>,
                       column: Option<&str>,
                       value: Option<&str>,
                       expected: String| Problem {
            file: file.name.clone(),
            line,
            column: column.map(str::to_string),
            value: value.map(str::to_string),
            expected,
        };
        match file.encoding {
            Encoding::Csv => {
                let mut reader = csv::ReaderBuilder::new()
                    .flexible(true)
                    .has_headers(true)
                    .from_reader(counted);
                let headers = match reader.headers() {
                    Ok(h) => h.clone(),
                    Err(e) => {
                        problems.push(problem(
                            Some(1),
                            None,
                            None,
                            format!("a CSV header line: {e}"),
                        ));
                        return Ok(RowReader::empty(file, spec, reader));
                    }
                };
                let mut positions = vec![None; spec.columns.len()];
                let mut unusable = false;
                for (index, raw_name) in headers.iter().enumerate() {
                    let name = raw_name.trim_start_matches('\u{feff}');
                    match spec.columns.iter().position(|c| c.name == name) {
                        Some(col) if positions[col].is_some() => problems.push(problem(
                            Some(1),
                            Some(name),
                            None,
                            "each column once: this column appears twice in the header".into(),
                        )),
                        Some(col) => positions[col] = Some(index),
                        None if ignore_unknown_columns => {}
                        None => problems.push(problem(
                            Some(1),
                            Some(name),
                            None,
                            format!(
                                "one of the columns of {}: {} (unknown column; remove it or pass \
                                 --ignore-unknown-columns)",
                                spec.stem,
                                spec.column_names()
                            ),
                        )),
                    }
                }
                for (col, column) in spec.columns.iter().enumerate() {
                    if column.required && positions[col].is_none() {
                        unusable = true;
                        problems.push(problem(
                            Some(1),
                            Some(column.name),
                            None,
                            format!(
                                "required column '{}' is missing from the header",
                                column.name
                            ),
                        ));
                    }
                }
                let header_len = headers.len();
                Ok(RowReader {
                    file_name: file.name.clone(),
                    spec,
                    inner: Inner::Csv {
                        reader,
                        positions,
                        header_len,
                        record: csv::StringRecord::new(),
                    },
                    unusable,
                })
            }
            Encoding::JsonLines => Ok(RowReader {
                file_name: file.name.clone(),
                spec,
                inner: Inner::Json {
                    lines: BufReader::with_capacity(1 << 16, counted).lines(),
                    line: 0,
                    reported_unknown: Vec::new(),
                    ignore_unknown: ignore_unknown_columns,
                },
                unusable: false,
            }),
        }
    }

    fn empty(
        file: &SourceFile,
        spec: &'static FileSpec,
        reader: csv::Reader<Counted<'p, File>>,
    ) -> RowReader<'p> {
        RowReader {
            file_name: file.name.clone(),
            spec,
            inner: Inner::Csv {
                reader,
                positions: Vec::new(),
                header_len: 0,
                record: csv::StringRecord::new(),
            },
            unusable: true,
        }
    }
}

fn problem_at(
    file: &str,
    line: u64,
    column: Option<&str>,
    value: Option<&str>,
    expected: String,
) -> Problem {
    Problem {
        file: file.to_string(),
        line: Some(line),
        column: column.map(str::to_string),
        value: value.map(str::to_string),
        expected,
    }
}

impl RowReader<'_> {
    /// Reads the next row into `row` (reusing its buffers, as this runs for every
    /// row); `false` at the end of the file. Rows with shape problems are reported
    /// and skipped.
    pub fn next_row(&mut self, problems: &mut Problems, row: &mut RawRow) -> bool {
        loop {
            match &mut self.inner {
                Inner::Csv {
                    reader,
                    positions,
                    header_len,
                    record,
                } => {
                    let header_len = *header_len;
                    match reader.read_record(record) {
                        Ok(false) => return false,
                        Ok(true) => {
                            let line = record.position().map_or(0, |p| p.line());
                            let malformed = self.unusable || record.len() != header_len;
                            if record.len() != header_len && !self.unusable {
                                let found = record.len();
                                problems.push(problem_at(
                                    &self.file_name,
                                    line,
                                    None,
                                    None,
                                    format!("{header_len} fields like the header, found {found}"),
                                ));
                            }
                            row.line = line;
                            row.malformed = malformed;
                            row.values.resize(positions.len(), None);
                            for (slot, position) in row.values.iter_mut().zip(positions.iter()) {
                                let value = position
                                    .and_then(|i| record.get(i))
                                    .filter(|v| !v.is_empty());
                                match (value, slot.as_mut()) {
                                    (Some(v), Some(kept)) => {
                                        kept.clear();
                                        kept.push_str(v);
                                    }
                                    (Some(v), None) => *slot = Some(v.to_string()),
                                    (None, _) => *slot = None,
                                }
                            }
                            return true;
                        }
                        Err(e) => {
                            let line = e.position().map_or(0, |p| p.line());
                            let message = match e.kind() {
                                csv::ErrorKind::Utf8 { .. } => {
                                    "text in UTF-8 (this line is not valid UTF-8)".to_string()
                                }
                                csv::ErrorKind::Io(io) => {
                                    problems.push(problem_at(
                                        &self.file_name,
                                        line,
                                        None,
                                        None,
                                        format!("a readable file: {io}"),
                                    ));
                                    return false;
                                }
                                other => format!("a well-formed CSV record: {other:?}"),
                            };
                            problems.push(problem_at(&self.file_name, line, None, None, message));
                            continue;
                        }
                    }
                }
                Inner::Json {
                    lines,
                    line,
                    reported_unknown,
                    ignore_unknown,
                } => {
                    let Some(next) = lines.next() else {
                        return false;
                    };
                    let text = match next {
                        Ok(text) => text,
                        Err(e) => {
                            let at = *line + 1;
                            *line += 1;
                            problems.push(problem_at(
                                &self.file_name,
                                at,
                                None,
                                None,
                                format!("a readable UTF-8 line: {e}"),
                            ));
                            continue;
                        }
                    };
                    *line += 1;
                    let at = *line;
                    if text.trim().is_empty() {
                        continue;
                    }
                    let object: serde_json::Map<String, serde_json::Value> =
                        match serde_json::from_str(&text) {
                            Ok(o) => o,
                            Err(e) => {
                                problems.push(problem_at(
                                    &self.file_name,
                                    at,
                                    None,
                                    None,
                                    format!("one JSON object per line: {e}"),
                                ));
                                continue;
                            }
                        };
                    let mut values = vec![None; self.spec.columns.len()];
                    let mut bad = Vec::new();
                    for (key, value) in object {
                        match self.spec.columns.iter().position(|c| c.name == key) {
                            Some(col) => match json_text(&value) {
                                Ok(v) => values[col] = v,
                                Err(kind) => bad.push((
                                    key,
                                    format!("a string, number or boolean, not {kind}"),
                                )),
                            },
                            None if *ignore_unknown => {}
                            None => {
                                if !reported_unknown.contains(&key) {
                                    reported_unknown.push(key.clone());
                                    bad.push((
                                        key,
                                        format!(
                                            "one of the fields of {}: {} (unknown field; remove it or pass \
                                             --ignore-unknown-columns)",
                                            self.spec.stem,
                                            self.spec.column_names()
                                        ),
                                    ));
                                }
                            }
                        }
                    }
                    for (key, expected) in bad {
                        problems.push(problem_at(&self.file_name, at, Some(&key), None, expected));
                    }
                    *row = RawRow {
                        line: at,
                        values,
                        malformed: false,
                    };
                    return true;
                }
            }
        }
    }
}

fn json_text(value: &serde_json::Value) -> Result<Option<String>, &'static str> {
    match value {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) if s.is_empty() => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s.clone())),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_json::Value::Array(_) => Err("an array"),
        serde_json::Value::Object(_) => Err("an object"),
    }
}
