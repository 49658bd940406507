//! What a model frame is made of: terms, factors, reference levels and the
//! missing-value policy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What to do with a missing value (a field equal to one of the markers,
/// or a NaN / `None` in memory).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    /// An error naming the line (or row, counting from 1) and the column.
    Error {
        /// Text that means missing (e.g. `NA` and the empty field).
        markers: Vec<String>,
    },
    /// Drop the row and record it in [`ModelFrame::dropped`](super::ModelFrame).
    Drop {
        /// Text that means missing.
        markers: Vec<String>,
    },
}

impl Missing {
    /// The markers of either policy.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::Missing;
    /// assert_eq!(Missing::default().markers(), &["NA".to_string(), String::new()]);
    /// ```
    pub fn markers(&self) -> &[String] {
        match self {
            Missing::Error { markers } | Missing::Drop { markers } => markers,
        }
    }
}

impl Default for Missing {
    /// `NA` and the empty field are missing; a missing value is an error.
    fn default() -> Self {
        Missing::Error {
            markers: vec!["NA".to_string(), String::new()],
        }
    }
}

/// The specification of a model frame: terms by column name, `a:b` for an
/// interaction; factors; reference levels; the missing-value policy.
///
/// # Example
/// ```
/// use return_migration::frame::{FrameSpec, Missing};
/// let spec = FrameSpec::new(&["age", "origin"])
///     .factor("origin")
///     .reference("origin", "MALI")
///     .missing(Missing::Drop { markers: vec!["NA".into()] });
/// assert_eq!(spec.columns(), vec!["age", "origin"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameSpec {
    pub(super) terms: Vec<Vec<String>>,
    pub(super) factors: Vec<String>,
    pub(super) references: BTreeMap<String, String>,
    pub(super) missing: Missing,
}

impl FrameSpec {
    /// Terms in model order; `a:b` is the interaction of columns `a` and `b`.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameSpec;
    /// assert_eq!(FrameSpec::new(&["x", "x:g"]).columns(), vec!["x", "g"]);
    /// ```
    pub fn new(terms: &[&str]) -> Self {
        FrameSpec {
            terms: terms
                .iter()
                .map(|t| t.split(':').map(|c| c.trim().to_string()).collect())
                .collect(),
            factors: Vec::new(),
            references: BTreeMap::new(),
            missing: Missing::default(),
        }
    }

    /// Codes `column` as a factor even when its values are numbers (e.g. a
    /// return year); text columns must be named as factors (or be yes/no,
    /// TRUE/FALSE), so that a typo in a numeric column is an error rather
    /// than a new level.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameSpec;
    /// let _ = FrameSpec::new(&["year"]).factor("year");
    /// ```
    pub fn factor(mut self, column: &str) -> Self {
        if !self.factors.iter().any(|f| f == column) {
            self.factors.push(column.to_string());
        }
        self
    }

    /// Several factors at once.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameSpec;
    /// let _ = FrameSpec::new(&["sex", "origin"]).factors(&["sex", "origin"]);
    /// ```
    pub fn factors(self, columns: &[&str]) -> Self {
        columns.iter().fold(self, |s, c| s.factor(c))
    }

    /// The reference level of a factor (default: the first in byte order).
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameSpec;
    /// let _ = FrameSpec::new(&["sex"]).factor("sex").reference("sex", "M");
    /// ```
    pub fn reference(mut self, column: &str, level: &str) -> Self {
        self.references
            .insert(column.to_string(), level.to_string());
        self
    }

    /// The missing-value policy (default: `NA` and empty are errors).
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::{FrameSpec, Missing};
    /// let _ = FrameSpec::new(&["age"]).missing(Missing::Drop { markers: vec!["NA".into()] });
    /// ```
    pub fn missing(mut self, missing: Missing) -> Self {
        self.missing = missing;
        self
    }

    /// The distinct columns the terms use, in order of first use.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameSpec;
    /// assert_eq!(FrameSpec::new(&["a:b", "b", "c"]).columns(), vec!["a", "b", "c"]);
    /// ```
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in self.terms.iter().flatten() {
            if !out.contains(&c.as_str()) {
                out.push(c);
            }
        }
        out
    }
}
