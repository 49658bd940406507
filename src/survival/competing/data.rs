//! Validated competing-risks data, sorted once.

use serde::Serialize;

use crate::error::Result;
use crate::survival::input::causes::Causes;
use crate::survival::input::cells::{count_cells, sorted_cells, split_keys, time_bits};
use crate::survival::input::check::CodeRule;
use crate::survival::input::core::Core;
use crate::survival::input::setters::builder_setters;

pub use crate::survival::input::causes::MAX_CAUSES;

/// Per-subject competing-risks data: an interval (entry, exit], a status
/// (0 = censored, 1, 2, ... = the cause of the event, e.g. 1 = re-migrated
/// irregularly, 2 = moved on through a legal channel), a case weight and a
/// group label.
///
/// Built by [`CompetingData::builder`] (vectors) or
/// [`CompetingData::from_table`] (CSV columns); validated once and sorted
/// once. The subjects are split into cells (group × status) and each cell is
/// sorted by exit time (with its entries and weights alongside) in a
/// canonical order, so that the estimates do not depend on the order of the
/// rows, not even in the last bit.
///
/// It serializes (for inspection) but does not deserialize: every value
/// is built through the validating builder.
///
/// # Example
/// ```
/// use return_migration::survival::CompetingData;
/// let data = CompetingData::builder(vec![3.0, 1.0, 2.0, 2.0], vec![2, 0, 1, 5]).build()?;
/// assert_eq!(data.len(), 4);
/// assert_eq!(data.causes(), &[1, 2, 5]);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompetingData {
    n: usize,
    causes: Vec<u32>,
    group_labels: Vec<String>,
    /// Non-empty cells ordered by (group, status).
    cells: Vec<StatusCell>,
    weighted: bool,
    delayed: bool,
}

/// The subjects of one group with one status, sorted by exit time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct StatusCell {
    pub group: u32,
    /// 0 = censored; k ≥ 1 = the k-th cause of [`CompetingData::causes`].
    pub status: u32,
    /// Exit times as the IEEE bits of non-negative values (bit order is
    /// numeric order), ascending.
    pub exit: Vec<u64>,
    /// Entry times (bits), paired with `exit`, when the data have entries.
    pub entry: Option<Vec<u64>>,
    /// Case weights, paired with `exit`, when the data are weighted.
    pub weight: Option<Vec<f64>>,
}

impl StatusCell {
    pub fn weight(&self, i: usize) -> f64 {
        self.weight.as_ref().map_or(1.0, |w| w[i])
    }
}

/// Collects and validates the columns of a [`CompetingData`].
#[derive(Debug, Clone)]
pub struct CompetingDataBuilder {
    pub(super) core: Core,
}

builder_setters!(
    CompetingDataBuilder,
    "CompetingData::builder(vec![2.0], vec![1])",
    "CompetingData::builder(vec![1.0, 2.0], vec![1, 2])",
    "use return_migration::survival::CompetingData;";
    entry, weights, groups, group_codes
);

impl CompetingDataBuilder {
    /// Validates and sorts. Errors: [`Error::InvalidValue`] (with the row
    /// and the column `time`, `status`, `entry`, `weight` or `group`) for NaN
    /// or infinite values, negative times, an entry not strictly before its
    /// exit, a negative status, a negative weight, an unknown group code;
    /// [`Error::LengthMismatch`]; [`Error::EmptyInput`]; more than
    /// [`MAX_CAUSES`] distinct causes ([`Error::InvalidArgument`]).
    ///
    /// [`Error::InvalidValue`]: crate::error::Error::InvalidValue
    /// [`Error::LengthMismatch`]: crate::error::Error::LengthMismatch
    /// [`Error::EmptyInput`]: crate::error::Error::EmptyInput
    /// [`Error::InvalidArgument`]: crate::error::Error::InvalidArgument
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let err = CompetingData::builder(vec![1.0, 2.0], vec![1, -2]).build().unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "row 2 (counting from 1), column `status`: event code `-2` is not 0 (censored) or a positive integer cause");
    /// ```
    pub fn build(self) -> Result<CompetingData> {
        let mut core = self.core;
        core.check_rows(u32::MAX as usize, "more than 2^32 − 1 subjects")?;
        core.check_lengths(CodeRule::Cause)?;
        let groups = core.take_groups();
        let mut causes = Causes::default();
        core.validate(
            CodeRule::Cause,
            groups.0.as_deref().map(|g| (g, groups.1.len())),
            |i, s| causes.add(i, s),
            |_| Ok(()),
        )?;
        Ok(CompetingData::sorted(core, groups, causes.0))
    }
}

impl CompetingData {
    /// Splits the subjects into cells and sorts each cell once.
    fn sorted(
        core: Core,
        groups: (Option<Vec<u32>>, Vec<String>),
        causes: Vec<u32>,
    ) -> CompetingData {
        let n = core.len();
        let (group_ids, group_labels) = groups;
        let nstatus = causes.len() + 1;
        // Status index: 0 censored, k for causes[k - 1]; a table when the
        // codes are small (the usual case), a binary search otherwise.
        let largest = causes.last().map_or(0, |&c| c as usize);
        let table: Vec<u32> = if largest < 1 << 16 {
            let mut t = vec![0_u32; largest + 1];
            for (k, &c) in causes.iter().enumerate() {
                t[c as usize] = k as u32 + 1;
            }
            t
        } else {
            Vec::new()
        };
        let index_of = |s: i64| -> u32 {
            if table.is_empty() {
                if s == 0 {
                    0
                } else {
                    causes.partition_point(|&c| i64::from(c) < s) as u32 + 1
                }
            } else {
                table[s as usize]
            }
        };
        let cell_of = |i: usize| {
            group_ids.as_ref().map_or(0, |g| g[i] as usize) * nstatus
                + index_of(core.code.get(i)) as usize
        };
        let counts = count_cells(n, group_labels.len() * nstatus, cell_of);
        let (time, entry, weight) = (&core.time, &core.entry, &core.weight);
        let paired = entry.is_some() || weight.is_some();
        let cells: Vec<StatusCell> = if paired {
            let keys = split_keys(n, &counts, cell_of, |i| {
                let a = entry.as_ref().map_or(0, |e| time_bits(e[i]));
                let w = weight.as_ref().map_or(0, |w| time_bits(w[i]));
                (time_bits(time[i]), a, w)
            });
            sorted_cells(keys, |id, k| StatusCell {
                group: (id / nstatus) as u32,
                status: (id % nstatus) as u32,
                exit: k.iter().map(|x| x.0).collect(),
                entry: entry.is_some().then(|| k.iter().map(|x| x.1).collect()),
                weight: weight
                    .is_some()
                    .then(|| k.iter().map(|x| f64::from_bits(x.2)).collect()),
            })
        } else {
            let keys = split_keys(n, &counts, cell_of, |i| time_bits(time[i]));
            sorted_cells(keys, |id, k| StatusCell {
                group: (id / nstatus) as u32,
                status: (id % nstatus) as u32,
                exit: k,
                entry: None,
                weight: None,
            })
        };
        CompetingData {
            n,
            causes,
            group_labels,
            cells,
            weighted: weight.is_some(),
            delayed: entry.is_some(),
        }
    }
}

impl CompetingData {
    /// Starts a builder from exit times and status codes.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(CompetingData::builder(vec![1.0], vec![1]).build().is_ok());
    /// ```
    pub fn builder(time: Vec<f64>, status: Vec<i64>) -> CompetingDataBuilder {
        CompetingDataBuilder {
            core: Core::new(time, status),
        }
    }

    /// Number of subjects.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert_eq!(CompetingData::builder(vec![1.0], vec![0]).build()?.len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(!CompetingData::builder(vec![1.0], vec![0]).build()?.is_empty());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The causes: the distinct non-zero status codes, ascending.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// let d = CompetingData::builder(vec![1.0, 2.0, 3.0], vec![10, 0, 2]).build()?;
    /// assert_eq!(d.causes(), &[2, 10]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn causes(&self) -> &[u32] {
        &self.causes
    }

    /// Group labels in byte order (a single empty label without groups).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert_eq!(CompetingData::builder(vec![1.0], vec![1]).build()?.group_labels(), &[String::new()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn group_labels(&self) -> &[String] {
        &self.group_labels
    }

    /// True when the data have entry times.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(CompetingData::builder(vec![2.0], vec![1]).entry(vec![1.0]).build()?.has_entries());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn has_entries(&self) -> bool {
        self.delayed
    }

    /// True when the data have case weights.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CompetingData;
    /// assert!(!CompetingData::builder(vec![2.0], vec![1]).build()?.has_weights());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn has_weights(&self) -> bool {
        self.weighted
    }

    /// The cells, ordered by (group, status).
    pub(crate) fn cells(&self) -> &[StatusCell] {
        &self.cells
    }
}
