//! Validated recurrent-event data in counting-process form, sorted once.

use serde::Serialize;

use crate::error::{Error, Result, ValueProblem, invalid};
use crate::survival::input::cells::{sorted_cells, split_rows, time_bits};
use crate::survival::input::check::{CodeRule, check_code, invalid_at as bad, validate_time};
use crate::survival::input::core::Core;
use crate::survival::input::labels::encode_labels;

/// Recurrent events in counting-process form: one row per interval
/// (start, stop] of a subject (its `id`), with the number of events at
/// `stop` (0 or 1 as R's `Surv(start, stop, event)`, or a larger count),
/// and an optional group label. A subject's intervals may leave gaps (time
/// out of observation) but must not overlap.
///
/// Built by [`RecurrentData::builder`] or [`RecurrentData::from_table`];
/// validated once, sorted once in a canonical order (the estimates do not
/// depend on the order of the rows).
///
/// It serializes (for inspection) but does not deserialize: every value
/// is built through the validating builder.
///
/// # Example
/// ```
/// use return_migration::survival::RecurrentData;
/// // Subject A returns at 2 and 5 and is followed to 8; B returns at 3.
/// let d = RecurrentData::builder(
///     vec!["A".into(), "A".into(), "A".into(), "B".into(), "B".into()],
///     vec![0.0, 2.0, 5.0, 0.0, 3.0],
///     vec![2.0, 5.0, 8.0, 3.0, 6.0],
///     vec![1, 1, 0, 1, 0],
/// ).build()?;
/// assert_eq!((d.len(), d.subjects()), (5, 2));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecurrentData {
    rows: usize,
    subjects: usize,
    group_labels: Vec<String>,
    groups: Vec<RecurrentGroup>,
}

/// The rows of one group, sorted by stop time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RecurrentGroup {
    pub group: u32,
    /// Number of distinct subjects in the group.
    pub clusters: usize,
    /// Stop times (bits of non-negative values), ascending.
    pub stop: Vec<u64>,
    /// Start times (bits), paired with `stop`.
    pub start: Vec<u64>,
    /// Events at stop.
    pub count: Vec<u32>,
    /// Subject index within the group (0..clusters).
    pub cluster: Vec<u32>,
    /// True when the subject leaves observation at stop (no interval of
    /// the same id starts there).
    pub leaves: Vec<bool>,
}

/// Collects and validates the columns of a [`RecurrentData`].
#[derive(Debug, Clone)]
pub struct RecurrentDataBuilder {
    id: Ids,
    start: Vec<f64>,
    /// Stop times (the core's exit), event counts (its code), groups.
    core: Core,
}

/// Subject ids: text labels, or integer codes (no hashing of text).
#[derive(Debug, Clone)]
enum Ids {
    Labels(Vec<String>),
    Codes(Vec<u32>),
}

impl Ids {
    fn len(&self) -> usize {
        match self {
            Ids::Labels(v) => v.len(),
            Ids::Codes(v) => v.len(),
        }
    }

    /// Dense codes and the label of each code.
    fn encode(self) -> (Vec<u32>, Vec<String>) {
        match self {
            Ids::Labels(v) => encode_labels(&v),
            Ids::Codes(v) => {
                let k = v.iter().max().map_or(0, |&m| m as usize + 1);
                (v, (0..k).map(|c| c.to_string()).collect())
            }
        }
    }
}

/// A row as sorted within its group: (stop bits, start bits, events, id
/// code, leaves). The whole tuple is the key, so the order is canonical.
type RowKey = (u64, u64, u32, u32, bool);

impl RecurrentDataBuilder {
    /// Group labels; results come by group in byte order of the label.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder(vec!["a".into(), "b".into()], vec![0.0, 0.0], vec![1.0, 2.0], vec![1, 0])
    ///     .groups(vec!["y".into(), "x".into()]).build()?;
    /// assert_eq!(d.group_labels(), &["x".to_string(), "y".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn groups(mut self, group: Vec<String>) -> Self {
        self.core.group = Some(group);
        self.core.group_codes = None;
        self
    }

    /// Groups given as codes into `labels` (code `c` is group `labels[c]`;
    /// labels distinct and in byte order), which avoids hashing text at
    /// scale. A code outside the labels is an error of the `group` column.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder_with_codes(vec![0, 1], vec![0.0, 0.0], vec![1.0, 2.0], vec![1, 0])
    ///     .group_codes(vec![1, 0], vec!["x".into(), "y".into()]).build()?;
    /// assert_eq!(d.group_labels(), &["x".to_string(), "y".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn group_codes(mut self, codes: Vec<u32>, labels: Vec<String>) -> Self {
        self.core.group_codes = Some((codes, labels));
        self.core.group = None;
        self
    }

    /// Validates and sorts. Errors: [`Error::InvalidValue`] (row and column
    /// `start`, `stop` or `event`) for NaN or infinite times, negative
    /// times, a start not strictly before its stop, a negative event count,
    /// and intervals of one id that overlap (reported on the later one);
    /// [`Error::InvalidArgument`] for columns of different lengths;
    /// [`Error::EmptyInput`].
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let err = RecurrentData::builder(vec!["a".into(), "a".into()], vec![0.0, 3.0], vec![4.0, 6.0], vec![1, 0])
    ///     .build().unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "row 2 (counting from 1), column `start`: interval starting at 3 overlaps an earlier interval of id `a`, which stops at 4");
    /// ```
    pub fn build(self) -> Result<RecurrentData> {
        let RecurrentDataBuilder {
            id,
            start,
            mut core,
        } = self;
        let (stop, event) = (&core.time, &core.code);
        let n = stop.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        if n > u32::MAX as usize {
            return Err(invalid("stop", "more than 2^32 − 1 rows"));
        }
        for (column, len) in [
            ("id", id.len()),
            ("start", start.len()),
            ("event", event.len()),
            ("group", core.group.as_ref().map_or(n, Vec::len)),
            (
                "group",
                core.group_codes.as_ref().map_or(n, |(c, _)| c.len()),
            ),
        ] {
            if len != n {
                return Err(invalid(
                    "columns",
                    format!("`{column}` has {len} values but `stop` has {n}"),
                ));
            }
        }
        for i in 0..n {
            let (a, b) = (start[i], stop[i]);
            validate_time(a).map_err(|p| bad(i, "start", p))?;
            validate_time(b).map_err(|p| bad(i, "stop", p))?;
            if a >= b {
                return Err(bad(
                    i,
                    "start",
                    ValueProblem::EntryNotBeforeExit { entry: a, exit: b },
                ));
            }
            CodeRule::Count
                .check(event.get(i))
                .map_err(|p| bad(i, "event", p))?;
        }
        let (ids, id_labels) = id.encode();
        let key = time_bits;
        // Rows by (id, start): overlaps, and whether a row's subject goes on
        // at its stop.
        let mut by_id: Vec<(u32, u64, u32)> =
            (0..n).map(|r| (ids[r], key(start[r]), r as u32)).collect();
        by_id.sort_unstable();
        let subjects = 1 + by_id.windows(2).filter(|w| w[0].0 != w[1].0).count();
        let mut leaves = vec![true; n];
        for w in by_id.windows(2) {
            let (p, r) = (w[0].2 as usize, w[1].2 as usize);
            if ids[p] != ids[r] {
                continue;
            }
            if start[r] < stop[p] {
                return Err(bad(
                    r,
                    "start",
                    ValueProblem::OverlappingIntervals {
                        id: id_labels[ids[r] as usize].clone(),
                        start: start[r],
                        previous_stop: stop[p],
                    },
                ));
            }
            leaves[p] = start[r] != stop[p];
        }
        if let Some((codes, labels)) = &core.group_codes {
            for (i, &c) in codes.iter().enumerate() {
                check_code(c, labels.len()).map_err(|p| bad(i, "group", p))?;
            }
        }
        let (group_ids, group_labels) = core.take_groups();
        let (stop, event) = (&core.time, &core.code);
        let group_of = |i: usize| group_ids.as_ref().map_or(0, |c| c[i] as usize);
        let mut keys: Vec<Vec<RowKey>> = vec![Vec::new(); group_labels.len()];
        split_rows(n, &mut keys, group_of, |k, i| {
            k.push((
                key(stop[i]),
                key(start[i]),
                event.get(i) as u32,
                ids[i],
                leaves[i],
            ))
        });

        let mut local = vec![u32::MAX; id_labels.len()];
        let groups = sorted_cells(keys, |g, k| {
            let mut clusters = 0_u32;
            let cluster = k
                .iter()
                .map(|r| {
                    let slot = &mut local[r.3 as usize];
                    if *slot == u32::MAX {
                        *slot = clusters;
                        clusters += 1;
                    }
                    *slot
                })
                .collect();
            for r in &k {
                local[r.3 as usize] = u32::MAX;
            }
            RecurrentGroup {
                group: g as u32,
                clusters: clusters as usize,
                stop: k.iter().map(|r| r.0).collect(),
                start: k.iter().map(|r| r.1).collect(),
                count: k.iter().map(|r| r.2).collect(),
                cluster,
                leaves: k.iter().map(|r| r.4).collect(),
            }
        });
        Ok(RecurrentData {
            rows: n,
            subjects,
            group_labels,
            groups,
        })
    }
}

impl RecurrentData {
    /// Starts a builder from the id, start, stop and event columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// assert!(RecurrentData::builder(vec!["a".into()], vec![0.0], vec![1.0], vec![-1]).build().is_err());
    /// ```
    pub fn builder(
        id: Vec<String>,
        start: Vec<f64>,
        stop: Vec<f64>,
        event: Vec<i64>,
    ) -> RecurrentDataBuilder {
        RecurrentDataBuilder {
            id: Ids::Labels(id),
            start,
            core: Core::new(stop, event),
        }
    }

    /// Starts a builder with subject ids given as integer codes (any
    /// `u32`; equal codes are the same subject). Faster than text ids for
    /// millions of rows; errors name an id by its code.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder_with_codes(vec![7, 7, 3], vec![0.0, 2.0, 0.0], vec![2.0, 5.0, 4.0], vec![1, 0, 1])
    ///     .build()?;
    /// assert_eq!((d.len(), d.subjects()), (3, 2));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn builder_with_codes(
        id: Vec<u32>,
        start: Vec<f64>,
        stop: Vec<f64>,
        event: Vec<i64>,
    ) -> RecurrentDataBuilder {
        RecurrentDataBuilder {
            id: Ids::Codes(id),
            start,
            core: Core::new(stop, event),
        }
    }

    /// Number of rows (intervals).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder(vec!["a".into()], vec![0.0], vec![1.0], vec![1]).build()?;
    /// assert_eq!(d.len(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Always false: empty input is an error.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder(vec!["a".into()], vec![0.0], vec![1.0], vec![1]).build()?;
    /// assert!(!d.is_empty());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Number of distinct subject ids.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder(vec!["a".into(), "a".into()], vec![0.0, 1.0], vec![1.0, 2.0], vec![1, 1]).build()?;
    /// assert_eq!(d.subjects(), 1);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn subjects(&self) -> usize {
        self.subjects
    }

    /// Group labels in byte order (a single empty label without groups).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::RecurrentData;
    /// let d = RecurrentData::builder(vec!["a".into()], vec![0.0], vec![1.0], vec![1]).build()?;
    /// assert_eq!(d.group_labels(), &[String::new()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn group_labels(&self) -> &[String] {
        &self.group_labels
    }

    /// The non-empty groups, in label order.
    pub(crate) fn groups(&self) -> &[RecurrentGroup] {
        &self.groups
    }
}
