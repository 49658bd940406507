//! CSV and text output of a [`CumIncFit`].

use std::fmt;
use std::io::Write;

use super::{CumIncCurve, CumIncFit, CurveState};
use crate::data::{CsvLine, csv_field, write_blocks};

/// The CSV header of [`CumIncFit::write_csv`]: one row per group, state
/// (0 = event-free, k = cause k) and time.
pub const AJ_HEADER: &str = "group,state,time,n_risk,n_event,n_censor,estimate,std_err,lower,upper";

/// The CSV header of [`CumIncFit::write_cuminc_csv`] (the `cuminc` pipeline).
pub const CUMINC_HEADER: &str = "group,cause,time,cif";

/// The CSV header of [`CumIncFit::write_cuminc_full_csv`] (`cuminc --table full`).
pub const CUMINC_FULL_HEADER: &str = "group,cause,time,cif,std_err,lower,upper";

impl CumIncFit {
    /// Each group's event-free curve with its cause curves: one pass over
    /// the curves, which [`AalenJohansen`](super::AalenJohansen) stores
    /// group by group (linear in the number of groups, not quadratic).
    pub(crate) fn by_group(&self) -> impl Iterator<Item = (&CumIncCurve, Vec<&CumIncCurve>)> {
        self.curves
            .chunk_by(|a, b| a.group == b.group)
            .filter_map(|chunk| {
                let free = chunk.iter().find(|c| c.state == CurveState::EventFree)?;
                let causes = chunk
                    .iter()
                    .filter(|c| c.state != CurveState::EventFree)
                    .collect();
                Some((free, causes))
            })
    }

    /// Writes every curve as CSV (header [`AJ_HEADER`]): rows by group,
    /// state, time; numbers in Rust's shortest round-trip form, a missing
    /// limit as an empty field.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1.0, 2.0], vec![1, 0]).build()?;
    /// let mut out = Vec::new();
    /// AalenJohansen::new().fit(&d)?.write_csv(&mut out).unwrap();
    /// let text = String::from_utf8(out).unwrap();
    /// assert_eq!(text.lines().nth(3).unwrap(), ",1,1,2,1,0,0.5,0.3535533905932738,0.1250488266299532,1");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        let blocks = self.curves.iter().map(|c| {
            let label = format!("{},{}", csv_field(&c.group), c.state.code());
            (label, &c.rows[..])
        });
        write_blocks(out, AJ_HEADER, blocks, |line, r| {
            line.numbers(&[r.time, r.n_risk, r.n_event, r.n_censor]);
            line.numbers(&[r.estimate, r.std_err])
                .opts(&[r.lower, r.upper]);
        })
    }

    /// Writes the cumulative incidences as the `cuminc` pipeline does
    /// (header [`CUMINC_HEADER`]): by group, cause, time, one row per
    /// distinct time with at least one event of any cause in the group.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1.0, 2.0, 3.0], vec![1, 0, 2]).build()?;
    /// let mut out = Vec::new();
    /// AalenJohansen::new().fit(&d)?.write_cuminc_csv(&mut out).unwrap();
    /// assert_eq!(String::from_utf8(out).unwrap(),
    ///     "group,cause,time,cif\n,1,1,0.3333333333333333\n,1,3,0.3333333333333333\n,2,1,0\n,2,3,0.6666666666666667\n");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_cuminc_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        self.write_cuminc(out, false)
    }

    /// [`CumIncFit::write_cuminc_csv`] with the standard error and the
    /// confidence limits of every row (header [`CUMINC_FULL_HEADER`]; a
    /// missing limit is an empty field).
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::{AalenJohansen, CompetingData};
    /// let d = CompetingData::builder(vec![1., 2., 3.], vec![1, 0, 2]).build()?;
    /// let mut out = Vec::new();
    /// AalenJohansen::new().fit(&d)?.write_cuminc_full_csv(&mut out).unwrap();
    /// let text = String::from_utf8(out).unwrap();
    /// assert!(text.starts_with("group,cause,time,cif,std_err,lower,upper\n,1,1,"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn write_cuminc_full_csv<W: Write>(&self, out: W) -> std::io::Result<()> {
        self.write_cuminc(out, true)
    }

    /// Rows of every cause at the times with an event of any cause in the
    /// group; one pass over the curves, group by group.
    fn write_cuminc<W: Write>(&self, mut out: W, full: bool) -> std::io::Result<()> {
        writeln!(
            out,
            "{}",
            if full {
                CUMINC_FULL_HEADER
            } else {
                CUMINC_HEADER
            }
        )?;
        let mut line = CsvLine::new();
        for (free, causes) in self.by_group() {
            let group = csv_field(&free.group);
            let with_events: Vec<usize> = (0..free.rows.len())
                .filter(|&j| free.rows[j].n_event > 0.0)
                .collect();
            for c in causes {
                let cause = f64::from(c.state.code());
                for &j in &with_events {
                    let r = &c.rows[j];
                    line.raw(&group)
                        .number(cause)
                        .number(r.time)
                        .number(r.estimate);
                    if full {
                        line.number(r.std_err).opts(&[r.lower, r.upper]);
                    }
                    line.end(&mut out)?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for CumIncFit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Aalen–Johansen cumulative incidence (std. err. in brackets), causes {}",
            self.causes
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        for (free, causes) in self.by_group() {
            if !free.group.is_empty() {
                writeln!(f, "group {}", free.group)?;
            }
            write!(
                f,
                "{:>10} {:>9} {:>8} {:>18}",
                "time", "n_risk", "n_event", "event-free"
            )?;
            for c in &causes {
                write!(f, " {:>18}", format!("cause {}", c.state.code()))?;
            }
            writeln!(f)?;
            for (j, r) in free.rows.iter().enumerate() {
                let cell = |p: f64, se: f64| format!("{p:.4} ({se:.4})");
                write!(
                    f,
                    "{:>10} {:>9} {:>8} {:>18}",
                    r.time,
                    r.n_risk,
                    r.n_event,
                    cell(r.estimate, r.std_err)
                )?;
                for c in &causes {
                    write!(f, " {:>18}", cell(c.rows[j].estimate, c.rows[j].std_err))?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}
