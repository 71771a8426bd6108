//! Reading and parsing each discovered file once.

use crate::kind::FileKind;
use crate::settings::Settings;
use plimsoll_syntax::SourceFile;
use plimsoll_syntax::dockerfile::{self, Dockerfile};
use plimsoll_syntax::dockerignore::DockerIgnore;
use std::path::PathBuf;
use std::sync::Arc;

/// The parsed form of a file.
#[derive(Debug)]
pub enum Model {
    Dockerfile(Box<Dockerfile>),
    DockerIgnore(DockerIgnore),
    /// The file could not be read or decoded; the reason is reported by PL003.
    Unreadable(String),
}

/// A file read and parsed once, with the settings that apply to it.
#[derive(Debug)]
pub struct ParsedFile {
    /// The path on disk (for writes and neighbours such as `.dockerignore`).
    pub fs_path: PathBuf,
    pub source: SourceFile,
    pub kind: FileKind,
    pub model: Model,
    pub settings: Arc<Settings>,
    /// Set when the file is not valid UTF-8 and was decoded lossily: it is
    /// still checked, but fixes are never written back.
    pub decode_error: Option<String>,
}

impl ParsedFile {
    /// Reads and parses `fs_path`, displayed as `display_path`.
    pub fn load(
        fs_path: PathBuf,
        display_path: PathBuf,
        kind: FileKind,
        settings: Arc<Settings>,
    ) -> ParsedFile {
        let read = std::fs::metadata(&fs_path).and_then(|meta| {
            if meta.len() > settings.max_file_size {
                return Err(std::io::Error::other(format!(
                    "file is {} bytes, over the {}-byte limit (`max-file-size`)",
                    meta.len(),
                    settings.max_file_size
                )));
            }
            std::fs::read(&fs_path)
        });
        let (text, model, decode_error) = match read {
            Err(e) => (String::new(), Some(Model::Unreadable(e.to_string())), None),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => (text, None, None),
                Err(e) => {
                    let valid = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    let message = format!(
                        "file is not valid UTF-8 (first bad byte at offset {valid}); it was checked after lossy decoding and will not be fixed"
                    );
                    (text, None, Some(message))
                }
            },
        };
        let source = SourceFile::new(display_path, text);
        let model = model.unwrap_or_else(|| parse_model(kind, source.text()));
        ParsedFile {
            fs_path,
            source,
            kind,
            model,
            settings,
            decode_error,
        }
    }

    /// Replaces the text (after fixes) and parses it again.
    pub fn reparse(&mut self, text: String) {
        self.source = SourceFile::new(self.source.path().as_ref().clone(), text);
        self.model = parse_model(self.kind, self.source.text());
    }

    pub fn dockerfile(&self) -> Option<&Dockerfile> {
        match &self.model {
            Model::Dockerfile(df) => Some(df),
            _ => None,
        }
    }

    pub fn dockerignore(&self) -> Option<&DockerIgnore> {
        match &self.model {
            Model::DockerIgnore(di) => Some(di),
            _ => None,
        }
    }
}

fn parse_model(kind: FileKind, text: &str) -> Model {
    match kind {
        FileKind::Dockerfile => Model::Dockerfile(Box::new(dockerfile::parse(text))),
        FileKind::DockerIgnore => Model::DockerIgnore(DockerIgnore::parse(text)),
    }
}
