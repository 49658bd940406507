//! Validated interval-censored data: one `(left, right]` per subject.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, invalid};
use crate::survival::input::check::{check_interval, check_weight, invalid_at as bad};
use crate::survival::input::labels::encode_labels;

/// What a row `(left, right]` says about the event time `T`.
///
/// # Example
/// ```
/// use return_migration::survival::{Censoring, IntervalData};
/// let d = IntervalData::builder(vec![2.0, 3.0, 0.0, 1.0], vec![2.0, f64::INFINITY, 4.0, 5.0])
///     .build()
///     .unwrap();
/// let kinds: Vec<Censoring> = (0..4).map(|i| d.censoring(i)).collect();
/// assert_eq!(
///     kinds,
///     vec![Censoring::Exact, Censoring::Right, Censoring::Left, Censoring::Interval]
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Censoring {
    /// `left == right`: the event happened at that time.
    Exact,
    /// `right` is `+∞`: no event seen up to `left` (`T > left`).
    Right,
    /// `left == 0` and `right` finite and positive: the event happened by
    /// `right` (`T ≤ right`).
    Left,
    /// `0 < left < right < ∞`: the event happened in `(left, right]`.
    Interval,
}

impl Censoring {
    /// The kind of the interval `(left, right]` (assumed valid: `0 ≤ left ≤
    /// right`, `right` possibly `+∞`).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Censoring;
    /// assert_eq!(Censoring::of(0.0, f64::INFINITY), Censoring::Right);
    /// assert_eq!(Censoring::of(0.0, 0.0), Censoring::Exact);
    /// ```
    pub fn of(left: f64, right: f64) -> Censoring {
        if right == f64::INFINITY {
            Censoring::Right
        } else if left == right {
            Censoring::Exact
        } else if left == 0.0 {
            Censoring::Left
        } else {
            Censoring::Interval
        }
    }
}

/// Interval-censored survival data: per subject, the event time lies in
/// `(left, right]`, with a case weight and an optional group label.
///
/// - `left == right`: an exact event time;
/// - `right == +∞`: right-censored at `left`;
/// - `left == 0`, `right` finite: left-censored (the event happened by `right`);
/// - otherwise interval-censored.
///
/// Rows keep the order in which they were given (row `i` of the input is
/// row `i` here), so covariates read alongside line up with them.
/// Weights default to 1 and must be finite and strictly positive. Group
/// labels are text; groups are numbered in byte order of their label.
///
/// # Example
/// ```
/// use return_migration::survival::IntervalData;
/// let d = IntervalData::builder(vec![1.0, 2.0], vec![2.0, f64::INFINITY])
///     .weights(vec![1.0, 3.0])
///     .groups(vec!["b".into(), "a".into()])
///     .build()
///     .unwrap();
/// assert_eq!(d.len(), 2);
/// assert_eq!(d.right(), &[2.0, f64::INFINITY]);
/// assert_eq!(d.group_labels(), &["a".to_string(), "b".to_string()]);
/// assert_eq!(d.group_ids(), &[1, 0]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntervalData {
    left: Vec<f64>,
    right: Vec<f64>,
    weight: Vec<f64>,
    weighted: bool,
    group: Vec<u32>,
    group_labels: Vec<String>,
}

/// Collects and validates the columns of an [`IntervalData`].
///
/// # Example
/// ```
/// use return_migration::survival::IntervalData;
/// let err = IntervalData::builder(vec![3.0], vec![2.0]).build().unwrap_err();
/// assert_eq!(err.to_string(), "row 1 (counting from 1), column `right`: right end 2 is below left end 3");
/// ```
#[derive(Debug, Clone)]
pub struct IntervalDataBuilder {
    left: Vec<f64>,
    right: Vec<f64>,
    weight: Option<Vec<f64>>,
    group: Option<Vec<String>>,
}

impl IntervalDataBuilder {
    /// Case weights (finite, strictly positive); default 1 for every row.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let err = IntervalData::builder(vec![1.0], vec![2.0]).weights(vec![0.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `weight`: weight 0 is not strictly positive");
    /// ```
    pub fn weights(mut self, weight: Vec<f64>) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Group labels (text); groups are reported in byte order of the label.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0, 1.0], vec![2.0, 2.0])
    ///     .groups(vec!["g2".into(), "g10".into()]).build().unwrap();
    /// assert_eq!(d.group_labels(), &["g10".to_string(), "g2".to_string()]);
    /// ```
    pub fn groups(mut self, group: Vec<String>) -> Self {
        self.group = Some(group);
        self
    }

    /// Validates. Errors: [`Error::EmptyInput`]; [`Error::InvalidArgument`]
    /// when a column's length differs from `left`'s; [`Error::InvalidValue`]
    /// (row and column) for a NaN or infinite or negative `left`, a NaN or
    /// `−∞` `right`, `right < left`, a weight that is not finite and
    /// strictly positive.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let err = IntervalData::builder(vec![-1.0], vec![2.0]).build().unwrap_err();
    /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `left`: negative time -1");
    /// ```
    pub fn build(self) -> Result<IntervalData> {
        let n = self.left.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        if n > u32::MAX as usize {
            return Err(invalid("left", "more than 2^32 − 1 subjects"));
        }
        let check_len = |column: &str, len: usize| {
            if len == n {
                Ok(())
            } else {
                Err(invalid(
                    column,
                    format!("has {len} values but `left` has {n}"),
                ))
            }
        };
        check_len("right", self.right.len())?;
        if let Some(w) = &self.weight {
            check_len("weight", w.len())?;
        }
        if let Some(g) = &self.group {
            check_len("group", g.len())?;
        }
        for i in 0..n {
            check_interval(self.left[i], self.right[i]).map_err(|(c, p)| bad(i, c, p))?;
            if let Some(w) = &self.weight {
                check_weight(w[i]).map_err(|p| bad(i, "weight", p))?;
            }
        }
        let (group, group_labels) = match &self.group {
            Some(g) => encode_labels(g),
            None => (vec![0; n], vec![String::new()]),
        };
        let weighted = self.weight.is_some();
        // +0.0 turns −0.0 into 0.0.
        let left = self.left.into_iter().map(|x| x + 0.0).collect();
        let right = self.right.into_iter().map(|x| x + 0.0).collect();
        Ok(IntervalData {
            left,
            right,
            weight: self.weight.unwrap_or_else(|| vec![1.0; n]),
            weighted,
            group,
            group_labels,
        })
    }
}

impl IntervalData {
    /// Starts a builder from the left and right ends of each subject's
    /// interval `(left, right]`; `f64::INFINITY` as `right` means
    /// right-censored at `left`.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![0.0], vec![1.5]).build().unwrap();
    /// assert_eq!(d.left(), &[0.0]);
    /// ```
    pub fn builder(left: Vec<f64>, right: Vec<f64>) -> IntervalDataBuilder {
        IntervalDataBuilder {
            left,
            right,
            weight: None,
            group: None,
        }
    }

    /// Number of subjects (rows).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// assert_eq!(IntervalData::builder(vec![1.0], vec![2.0]).build().unwrap().len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.left.len()
    }

    /// Always false: empty data are refused when built.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// assert!(!IntervalData::builder(vec![1.0], vec![2.0]).build().unwrap().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.left.is_empty()
    }

    /// Left ends, in row order.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0, 0.0], vec![2.0, 3.0]).build().unwrap();
    /// assert_eq!(d.left(), &[1.0, 0.0]);
    /// ```
    pub fn left(&self) -> &[f64] {
        &self.left
    }

    /// Right ends, in row order (`f64::INFINITY` for right-censored rows).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0], vec![f64::INFINITY]).build().unwrap();
    /// assert!(d.right()[0].is_infinite());
    /// ```
    pub fn right(&self) -> &[f64] {
        &self.right
    }

    /// Case weights, in row order (all 1 when none were given).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0], vec![2.0]).build().unwrap();
    /// assert_eq!(d.weights(), &[1.0]);
    /// ```
    pub fn weights(&self) -> &[f64] {
        &self.weight
    }

    /// Whether weights were given.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0], vec![2.0]).weights(vec![1.0]).build().unwrap();
    /// assert!(d.is_weighted());
    /// ```
    pub fn is_weighted(&self) -> bool {
        self.weighted
    }

    /// The kind of censoring of row `i` (panics if `i` is out of range, like
    /// slice indexing).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Censoring, IntervalData};
    /// let d = IntervalData::builder(vec![1.0], vec![2.0]).build().unwrap();
    /// assert_eq!(d.censoring(0), Censoring::Interval);
    /// ```
    pub fn censoring(&self, i: usize) -> Censoring {
        Censoring::of(self.left[i], self.right[i])
    }

    /// The kind of censoring of every row, in row order.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Censoring, IntervalData};
    /// let d = IntervalData::builder(vec![0.0, 2.0], vec![1.0, 2.0]).build().unwrap();
    /// assert_eq!(d.censorings(), vec![Censoring::Left, Censoring::Exact]);
    /// ```
    pub fn censorings(&self) -> Vec<Censoring> {
        (0..self.len()).map(|i| self.censoring(i)).collect()
    }

    /// Group labels in byte order (one empty label when no groups were given).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0], vec![2.0]).build().unwrap();
    /// assert_eq!(d.group_labels(), &[String::new()]);
    /// ```
    pub fn group_labels(&self) -> &[String] {
        &self.group_labels
    }

    /// The group of each row, as an index into [`group_labels`](Self::group_labels).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0, 1.0], vec![2.0, 2.0])
    ///     .groups(vec!["x".into(), "x".into()]).build().unwrap();
    /// assert_eq!(d.group_ids(), &[0, 0]);
    /// ```
    pub fn group_ids(&self) -> &[u32] {
        &self.group
    }

    /// The rows of one group (by index into
    /// [`group_labels`](Self::group_labels)), as a new [`IntervalData`]
    /// with a single group (its label kept).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::IntervalData;
    /// let d = IntervalData::builder(vec![1.0, 3.0], vec![2.0, 4.0])
    ///     .groups(vec!["b".into(), "a".into()]).build().unwrap();
    /// let a = d.subset_group(0);
    /// assert_eq!((a.left(), a.group_labels()), (&[3.0][..], &["a".to_string()][..]));
    /// ```
    pub fn subset_group(&self, g: usize) -> IntervalData {
        let rows: Vec<usize> = (0..self.len())
            .filter(|&i| self.group[i] as usize == g)
            .collect();
        self.subset_rows(&rows, g)
    }

    /// Every group as its own data set, in label order, in one pass.
    pub(crate) fn split_groups(&self) -> Vec<IntervalData> {
        let mut rows: Vec<Vec<usize>> = vec![Vec::new(); self.group_labels.len()];
        for (i, &g) in self.group.iter().enumerate() {
            rows[g as usize].push(i);
        }
        rows.iter()
            .enumerate()
            .map(|(g, r)| self.subset_rows(r, g))
            .collect()
    }

    fn subset_rows(&self, rows: &[usize], g: usize) -> IntervalData {
        IntervalData {
            left: rows.iter().map(|&i| self.left[i]).collect(),
            right: rows.iter().map(|&i| self.right[i]).collect(),
            weight: rows.iter().map(|&i| self.weight[i]).collect(),
            weighted: self.weighted,
            group: vec![0; rows.len()],
            group_labels: vec![self.group_labels.get(g).cloned().unwrap_or_default()],
        }
    }
}
