//! A wave panel: persons × waves status matrix on ndarray.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::records::Channel;
use crate::error::{Error, Result, ValueProblem, invalid};

/// What a wave recorded about a person, stored as one byte per cell.
///
/// # Example
/// ```
/// use return_migration::cohort::WaveStatus;
/// assert_eq!(WaveStatus::from_code(2), Some(WaveStatus::Irregular));
/// assert_eq!(WaveStatus::Legal as u8, 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[repr(u8)]
pub enum WaveStatus {
    /// Not seen at this wave (missed, dropped out, or not yet returned).
    NotSeen = 0,
    /// Seen; no re-migration since the previous contact.
    AtHome = 1,
    /// Seen (or reached abroad); re-migrated irregularly since the previous contact.
    Irregular = 2,
    /// Seen (or reached abroad); re-migrated through a legal channel since the previous contact.
    Legal = 3,
}

impl WaveStatus {
    /// The status of a cell code; `None` above 3.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WaveStatus;
    /// assert_eq!(WaveStatus::from_code(4), None);
    /// ```
    pub fn from_code(code: u8) -> Option<WaveStatus> {
        match code {
            0 => Some(WaveStatus::NotSeen),
            1 => Some(WaveStatus::AtHome),
            2 => Some(WaveStatus::Irregular),
            3 => Some(WaveStatus::Legal),
            _ => None,
        }
    }

    /// The channel of a re-migration status.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, WaveStatus};
    /// assert_eq!(WaveStatus::Legal.channel(), Some(Channel::Legal));
    /// assert_eq!(WaveStatus::AtHome.channel(), None);
    /// ```
    pub fn channel(self) -> Option<Channel> {
        match self {
            WaveStatus::Irregular => Some(Channel::Irregular),
            WaveStatus::Legal => Some(Channel::Legal),
            _ => None,
        }
    }
}

/// Persons followed in waves: a status matrix (persons × waves, codes of
/// [`WaveStatus`]), the waves' times and each person's return time, all on
/// the decimal-year axis (see [`Date::decimal_year`](super::Date::decimal_year)).
/// Optional: observation starts (delayed entry), ages at return, groups.
///
/// A cell holds at most one re-migration: two re-migrations between the
/// same two contacts cannot be told apart in a panel (use records for them).
/// Construction checks shapes and values (errors); consistency of a person's
/// history (seen before the return, observation starting before it) is left
/// to the cohort builder, which rejects such persons in its report.
///
/// # Example
/// ```
/// use ndarray::array;
/// use return_migration::cohort::WavePanel;
/// let status = array![[1_u8, 2, 0], [1, 1, 1]];
/// let panel = WavePanel::new(vec![2021.5, 2022.5, 2023.5], status, vec![2020.5, 2020.5])?;
/// assert_eq!(panel.persons(), 2);
/// assert!(WavePanel::new(vec![2021.5], ndarray::array![[7_u8]], vec![2020.5]).is_err());
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WavePanel {
    wave_times: Vec<f64>,
    status: Array2<u8>,
    return_time: Vec<f64>,
    entry_time: Option<Vec<f64>>,
    age_at_return: Option<Vec<f64>>,
    groups: Option<(Vec<u32>, Vec<String>)>,
}

fn length(column: &str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            column: column.to_string(),
            expected,
            found,
        })
    }
}

fn finite(column: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(row) => Err(Error::InvalidValue {
            row,
            column: column.to_string(),
            problem: ValueProblem::NotFinite { value: values[row] },
        }),
    }
}

impl WavePanel {
    /// A panel from wave times (finite, strictly increasing), the status
    /// matrix (one row per person, one column per wave, codes 0–3) and the
    /// return times (finite). Errors: [`Error::LengthMismatch`] on shapes,
    /// [`Error::InvalidValue`] on a non-finite time or an unknown code (its
    /// row is the person, its column `wave k`, k from 0).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let err = WavePanel::new(vec![2.0, 1.0], ndarray::Array2::zeros((1, 2)), vec![0.0]).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid wave_times: must be strictly increasing (wave 1 is not after wave 0)");
    /// ```
    pub fn new(wave_times: Vec<f64>, status: Array2<u8>, return_time: Vec<f64>) -> Result<Self> {
        if status.nrows() == 0 || wave_times.is_empty() {
            return Err(Error::EmptyInput);
        }
        length("waves", wave_times.len(), status.ncols())?;
        length("return_time", status.nrows(), return_time.len())?;
        finite("wave_times", &wave_times)?;
        if let Some(k) = wave_times.windows(2).position(|w| w[0] >= w[1]) {
            return Err(invalid(
                "wave_times",
                format!(
                    "must be strictly increasing (wave {} is not after wave {k})",
                    k + 1
                ),
            ));
        }
        finite("return_time", &return_time)?;
        for ((row, col), &code) in status.indexed_iter() {
            if code > 3 {
                return Err(Error::InvalidValue {
                    row,
                    column: format!("wave {col}"),
                    problem: ValueProblem::UnknownCode {
                        code: code.to_string(),
                        allowed: "0 (not seen), 1 (at home), 2 (irregular) or 3 (legal)"
                            .to_string(),
                    },
                });
            }
        }
        Ok(WavePanel {
            wave_times,
            status,
            return_time,
            entry_time: None,
            age_at_return: None,
            groups: None,
        })
    }

    /// Sets observation starts (delayed entry), one finite time per person.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![2022.5], ndarray::array![[1_u8]], vec![2018.5])?;
    /// assert!(p.clone().with_entry(vec![2020.5]).is_ok());
    /// assert!(p.with_entry(vec![]).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn with_entry(mut self, entry_time: Vec<f64>) -> Result<Self> {
        length("entry_time", self.persons(), entry_time.len())?;
        finite("entry_time", &entry_time)?;
        self.entry_time = Some(entry_time);
        Ok(self)
    }

    /// Sets ages at return (finite, non-negative), for the age time scale.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![2022.5], ndarray::array![[1_u8]], vec![2018.5])?;
    /// assert!(p.clone().with_age(vec![31.0]).is_ok());
    /// assert!(p.with_age(vec![-1.0]).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn with_age(mut self, age_at_return: Vec<f64>) -> Result<Self> {
        length("age_at_return", self.persons(), age_at_return.len())?;
        finite("age_at_return", &age_at_return)?;
        if let Some(row) = age_at_return.iter().position(|&a| a < 0.0) {
            return Err(Error::InvalidValue {
                row,
                column: "age_at_return".to_string(),
                problem: ValueProblem::NegativeTime {
                    value: age_at_return[row],
                },
            });
        }
        self.age_at_return = Some(age_at_return);
        Ok(self)
    }

    /// Sets groups as codes into `labels` (distinct, in byte order).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![2022.5], ndarray::array![[1_u8]], vec![2018.5])?;
    /// assert!(p.clone().with_groups(vec![0], vec!["F".into(), "M".into()]).is_ok());
    /// assert!(p.with_groups(vec![2], vec!["F".into(), "M".into()]).is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn with_groups(mut self, codes: Vec<u32>, labels: Vec<String>) -> Result<Self> {
        length("group", self.persons(), codes.len())?;
        if labels.is_empty()
            || labels
                .windows(2)
                .any(|w| w[0].as_bytes() >= w[1].as_bytes())
        {
            return Err(invalid(
                "group labels",
                "must be non-empty, distinct and in byte order",
            ));
        }
        if let Some(row) = codes.iter().position(|&c| c as usize >= labels.len()) {
            return Err(Error::InvalidValue {
                row,
                column: "group".to_string(),
                problem: ValueProblem::UnknownCode {
                    code: codes[row].to_string(),
                    allowed: format!("below {}", labels.len()),
                },
            });
        }
        self.groups = Some((codes, labels));
        Ok(self)
    }

    /// Number of persons.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![1.0], ndarray::array![[1_u8], [0]], vec![0.0, 0.0])?;
    /// assert_eq!(p.persons(), 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn persons(&self) -> usize {
        self.status.nrows()
    }

    /// The waves' times.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![1.0, 2.0], ndarray::array![[1_u8, 1]], vec![0.0])?;
    /// assert_eq!(p.wave_times(), &[1.0, 2.0]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn wave_times(&self) -> &[f64] {
        &self.wave_times
    }

    /// The status matrix.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![1.0], ndarray::array![[2_u8]], vec![0.0])?;
    /// assert_eq!(p.status()[[0, 0]], 2);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn status(&self) -> &Array2<u8> {
        &self.status
    }

    /// Each person's return time.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![1.0], ndarray::array![[2_u8]], vec![0.5])?;
    /// assert_eq!(p.return_times(), &[0.5]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn return_times(&self) -> &[f64] {
        &self.return_time
    }

    /// Bytes held by the panel's arrays (status matrix, times, codes), for
    /// memory accounting.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::WavePanel;
    /// let p = WavePanel::new(vec![1.0, 2.0], ndarray::array![[1_u8, 1]], vec![0.0])?;
    /// assert_eq!(p.heap_bytes(), 2 + 2 * 8 + 8);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn heap_bytes(&self) -> usize {
        let f = std::mem::size_of::<f64>();
        self.status.len()
            + self.wave_times.len() * f
            + self.return_time.len() * f
            + self.entry_time.as_ref().map_or(0, |v| v.len() * f)
            + self.age_at_return.as_ref().map_or(0, |v| v.len() * f)
            + self.groups.as_ref().map_or(0, |(c, l)| {
                c.len() * 4 + l.iter().map(String::len).sum::<usize>()
            })
    }

    pub(crate) fn entry_time(&self, i: usize) -> Option<f64> {
        self.entry_time.as_ref().map(|v| v[i])
    }

    pub(crate) fn age(&self, i: usize) -> Option<f64> {
        self.age_at_return.as_ref().map(|v| v[i])
    }

    pub(crate) fn group_of(&self, i: usize) -> u32 {
        self.groups.as_ref().map_or(0, |(c, _)| c[i])
    }

    pub(crate) fn group_labels(&self) -> Vec<String> {
        self.groups
            .as_ref()
            .map_or_else(|| vec![String::new()], |(_, l)| l.clone())
    }
}
