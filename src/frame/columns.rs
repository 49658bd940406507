//! Named columns held in memory, the in-memory source of a model frame.

use serde::{Deserialize, Serialize};

/// The values of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnValues {
    /// Numbers; NaN is a missing value.
    Numbers(Vec<f64>),
    /// Numbers that may be absent (`None` is a missing value).
    OptionalNumbers(Vec<Option<f64>>),
    /// Text (levels of a factor, or numbers written as text).
    Text(Vec<String>),
}

impl ColumnValues {
    /// Number of values.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::ColumnValues;
    /// assert_eq!(ColumnValues::Numbers(vec![1.0, 2.0]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        match self {
            ColumnValues::Numbers(v) => v.len(),
            ColumnValues::OptionalNumbers(v) => v.len(),
            ColumnValues::Text(v) => v.len(),
        }
    }

    /// True without values.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::ColumnValues;
    /// assert!(ColumnValues::Text(vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Named columns of equal length (the rows of a data set in memory).
///
/// # Example
/// ```
/// use return_migration::frame::FrameColumns;
/// let c = FrameColumns::new().numbers("age", vec![30.0]).text("sex", vec!["F".into()]);
/// assert_eq!(c.names(), vec!["age", "sex"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FrameColumns {
    pub(super) columns: Vec<(String, ColumnValues)>,
}

impl FrameColumns {
    /// No columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameColumns;
    /// assert!(FrameColumns::new().names().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a column.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::{ColumnValues, FrameColumns};
    /// let c = FrameColumns::new().column("x", ColumnValues::Numbers(vec![1.0]));
    /// assert_eq!(c.get("x"), Some(&ColumnValues::Numbers(vec![1.0])));
    /// ```
    pub fn column(mut self, name: &str, values: ColumnValues) -> Self {
        match self.columns.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = values,
            None => self.columns.push((name.to_string(), values)),
        }
        self
    }

    /// Adds a numeric column (NaN = missing).
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameColumns;
    /// let _ = FrameColumns::new().numbers("age", vec![30.0, f64::NAN]);
    /// ```
    pub fn numbers(self, name: &str, values: Vec<f64>) -> Self {
        self.column(name, ColumnValues::Numbers(values))
    }

    /// Adds a text column.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameColumns;
    /// let _ = FrameColumns::new().text("sex", vec!["F".into(), "M".into()]);
    /// ```
    pub fn text(self, name: &str, values: Vec<String>) -> Self {
        self.column(name, ColumnValues::Text(values))
    }

    /// The column names, in order.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameColumns;
    /// assert_eq!(FrameColumns::new().numbers("a", vec![]).names(), vec!["a"]);
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// A column by name.
    ///
    /// # Example
    /// ```
    /// use return_migration::frame::FrameColumns;
    /// assert!(FrameColumns::new().get("a").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&ColumnValues> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}
