//! A located problem in a spec: the unit of every lint and load error.

use std::fmt;

/// One thing wrong with a spec, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it.
    pub file: String,
    /// JSON pointer to the offending node (`""` for the whole document).
    pub pointer: String,
    /// 1-based line and column, when the parser knows them.
    pub position: Option<(usize, usize)>,
    /// What is wrong, for a person.
    pub message: String,
}

impl Problem {
    pub fn new(file: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_owned(),
            pointer: pointer.into(),
            position: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// `file:line:col: pointer: message`, the form editors and terminals link to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, ": {pointer}: {}", self.message)
    }
}
