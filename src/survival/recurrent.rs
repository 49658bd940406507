//! Recurrent events: the mean cumulative function (MCF, the Nelson–Aalen
//! estimator for recurrent events) with its naive and robust
//! (Lawless–Nadeau) standard errors, by group.
//!
//! A returnee can re-migrate more than once. With n(t) subjects under
//! observation just before t and d(t) events at t,
//! MCF(t) = Σ_{t_j ≤ t} d_j / n_j, the expected number of re-migrations per
//! person by t. Its naive (Poisson) variance is Σ d_j / n_j²; it assumes
//! independent increments and is too small when some persons re-migrate
//! more often than others. The Lawless–Nadeau (1995) robust variance is
//!
//! Var MCF(t) = Σ_i ( Σ_{t_j ≤ t} Y_i(t_j) (dN_i(t_j) − d_j / n_j) / n_j )²,
//!
//! with Y_i(t_j) = 1 while subject i is under observation and dN_i(t_j) its
//! events at t_j; it equals R's robust (infinitesimal-jackknife, clustered
//! by id) `std.chaz` of `survfit(Surv(start, stop, event) ~ group, id = id)`.
//! Tie rules are those of the rest of the module: at t, events and
//! censorings are at risk; an interval starting at t is not.

mod data;
mod sweep;
mod table;

use std::fmt;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::ci::z_of_level;
use super::curves::curve_of_group;
use crate::data::{csv_field, write_blocks};
use crate::error::Result;
use crate::setters::setters;

pub use data::{RecurrentData, RecurrentDataBuilder};
pub use table::RecurrentColumns;

/// The CSV header of [`McfFit::write_csv`].
pub const MCF_HEADER: &str =
    "group,time,n_risk,n_event,n_censor,mcf,se_naive,se_robust,lower,upper";

/// Pointwise interval of the MCF, from the robust standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum McfConfType {
    /// MCF · exp(∓z·se/MCF): positive limits (none while MCF = 0).
    Log,
    /// MCF ∓ z·se, the lower limit clipped at 0.
    Plain,
}

/// One distinct stop time of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McfRow {
    /// The time.
    pub time: f64,
    /// Subjects under observation just before the time.
    pub n_risk: f64,
    /// Events at the time.
    pub n_event: f64,
    /// Subjects leaving observation at the time without an event (an
    /// interval that stops without an event and is not followed by one of
    /// the same id starting then).
    pub n_censor: f64,
    /// Mean cumulative function.
    pub mcf: f64,
    /// Naive (Poisson) standard error √Σ d/n².
    pub se_naive: f64,
    /// Lawless–Nadeau robust standard error.
    pub se_robust: f64,
    /// Lower confidence limit.
    pub lower: Option<f64>,
    /// Upper confidence limit.
    pub upper: Option<f64>,
}

/// The MCF of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McfCurve {
    /// Group label (empty without groups).
    pub group: String,
    /// One row per distinct stop time, ascending.
    pub rows: Vec<McfRow>,
}

/// Mean cumulative functions by group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McfFit {
    /// Interval type.
    pub conf_type: McfConfType,
    /// Confidence level.
    pub conf_level: f64,
    /// One curve per group, in byte order of the label.
    pub curves: Vec<McfCurve>,
}

/// The MCF estimator.
///
/// # Example
/// ```
/// use return_migration::survival::{Mcf, RecurrentData};
/// // A: (0,2] returns, (2,5] returns, (5,8] followed; B: (0,3] returns, (3,6] followed.
/// let d = RecurrentData::builder(
///     vec!["A".into(), "A".into(), "A".into(), "B".into(), "B".into()],
///     vec![0.0, 2.0, 5.0, 0.0, 3.0],
///     vec![2.0, 5.0, 8.0, 3.0, 6.0],
///     vec![1, 1, 0, 1, 0],
/// ).build()?;
/// let fit = Mcf::new().fit(&d)?;
/// let rows = &fit.curves[0].rows;
/// assert_eq!(rows[2].time, 5.0);
/// assert_eq!(rows[2].mcf, 1.5); // 1/2 + 1/2 + 1/2 events per person
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mcf {
    conf_type: McfConfType,
    conf_level: f64,
}

impl Default for Mcf {
    fn default() -> Self {
        Mcf {
            conf_type: McfConfType::Log,
            conf_level: 0.95,
        }
    }
}

impl Mcf {
    /// Log intervals at level 0.95.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::Mcf;
    /// let _ = Mcf::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Sets the interval type.
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{Mcf, McfConfType};
        /// let _ = Mcf::new().conf_type(McfConfType::Plain);
        /// ```
        conf_type: McfConfType,

        /// Sets the confidence level (checked when fitting).
        ///
        /// # Example
        /// ```
        /// use return_migration::survival::{Mcf, RecurrentData};
        /// let d = RecurrentData::builder(vec!["a".into()], vec![0.0], vec![1.0], vec![1]).build()?;
        /// assert!(Mcf::new().conf_level(1.5).fit(&d).is_err());
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        conf_level: f64,
    }

    /// Fits one curve per group. Errors only on a level outside (0, 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Mcf, RecurrentData};
    /// let d = RecurrentData::builder(vec!["a".into(), "b".into()], vec![0.0, 0.0], vec![1.0, 2.0], vec![2, 1]).build()?;
    /// let rows = &Mcf::new().fit(&d)?.curves[0].rows;
    /// assert_eq!(rows[0].mcf, 1.0);  // 2 events among 2 persons
    /// assert_eq!(rows[1].mcf, 2.0);  // + 1 event, 1 person
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn fit(&self, data: &RecurrentData) -> Result<McfFit> {
        let z = z_of_level(self.conf_level)?;
        let curves = data
            .groups()
            .iter()
            .map(|g| {
                let e = sweep::estimate(g);
                let rows = (0..e.time.len())
                    .map(|j| {
                        let (mcf, se) = (e.mcf[j], e.var_robust[j].sqrt());
                        let (lower, upper) = match self.conf_type {
                            McfConfType::Log if mcf > 0.0 => (
                                Some(mcf * (-z * se / mcf).exp()),
                                Some(mcf * (z * se / mcf).exp()),
                            ),
                            McfConfType::Log => (None, None),
                            McfConfType::Plain => {
                                (Some((mcf - z * se).max(0.0)), Some(mcf + z * se))
                            }
                        };
                        McfRow {
                            time: e.time[j],
                            n_risk: e.n_risk[j],
                            n_event: e.n_event[j],
                            n_censor: e.n_censor[j],
                            mcf,
                            se_naive: e.var_naive[j].sqrt(),
                            se_robust: se,
                            lower,
                            upper,
                        }
                    })
                    .collect();
                McfCurve {
                    group: data.group_labels()[g.group as usize].clone(),
                    rows,
                }
            })
            .collect();
        Ok(McfFit {
            conf_type: self.conf_type,
            conf_level: self.conf_level,
            curves,
        })
    }
}

impl McfFit {
    /// The curve of a group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Mcf, RecurrentData};
    /// let d = RecurrentData::builder(vec!["a".into()], vec![0.0], vec![1.0], vec![1]).build()?;
    /// assert!(Mcf::new().fit(&d)?.curve("x").is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn curve(&self, group: &str) -> Result<&McfCurve> {
        curve_of_group(&self.curves, group, |c| &c.group)
    }

    /// Writes the table as CSV (header [`MCF_HEADER`]), numbers in Rust's
    /// shortest round-trip form, a missing limit as an empty field.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{Mcf, RecurrentData};
    /// let d = RecurrentData::builder(vec!["a".into(), "b".into()], vec![0.0, 0.0], vec![1.0, 2.0], vec![1, 0]).build()?;
    /// let mut out = Vec::new();
    /// Mcf::new().fit(&d)?.write_csv(&mut out).unwrap();
    /// // At 2: MCF 1/2, naive se √(1/4); robust: a's term (1 − 1/2)/2, b's −1/4,
    /// // se √(1/8); log limits 0.5·exp(∓1.96·√(1/8)/0.5).
    /// assert_eq!(String::from_utf8(out).unwrap().lines().nth(2).unwrap(),
    ///     ",2,1,0,1,0.5,0.5,0.3535533905932738,0.1250488266299532,1.9992190789586903");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let blocks = self
            .curves
            .iter()
            .map(|c| (csv_field(&c.group), &c.rows[..]));
        write_blocks(out, MCF_HEADER, blocks, |line, r| {
            line.numbers(&[r.time, r.n_risk, r.n_event, r.n_censor]);
            line.numbers(&[r.mcf, r.se_naive, r.se_robust])
                .opts(&[r.lower, r.upper]);
        })
    }
}

impl fmt::Display for McfFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.conf_type {
            McfConfType::Log => "log",
            McfConfType::Plain => "plain",
        };
        writeln!(
            f,
            "Mean cumulative function, {}% {kind} intervals (robust se)",
            self.conf_level * 100.0
        )?;
        let fmt_opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
        for c in &self.curves {
            if !c.group.is_empty() {
                writeln!(f, "group {}", c.group)?;
            }
            writeln!(
                f,
                "{:>10} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9} {:>9}",
                "time", "n_risk", "n_event", "mcf", "se_naive", "se_robust", "lower", "upper"
            )?;
            for r in &c.rows {
                writeln!(
                    f,
                    "{:>10} {:>8} {:>8} {:>8.4} {:>9.4} {:>9.4} {:>9} {:>9}",
                    r.time,
                    r.n_risk,
                    r.n_event,
                    r.mcf,
                    r.se_naive,
                    r.se_robust,
                    fmt_opt(r.lower),
                    fmt_opt(r.upper)
                )?;
            }
        }
        Ok(())
    }
}
