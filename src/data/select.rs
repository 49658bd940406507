//! Choosing one value per year when several sources or vintages publish one.
//!
//! Published figures disagree: a provisional year-end balance and the revised
//! figure of the next year's balance; a government count and a UNHCR count.
//! The library keeps every candidate and chooses with an explicit
//! [`SelectionPolicy`]; the [`SelectionReport`] says, for every year, what was
//! chosen, what was set aside and why.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::series::{Observation, YearSeries};
use crate::error::{Error, Result};

/// One published value that may become the value of a series for a year.
///
/// # Example
/// ```
/// use return_migration::data::Candidate;
/// let c = Candidate::new(2019, 32513.0, "Ministerio del Interior (Spain), ...");
/// assert_eq!(c.period, "full_year");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The year the value refers to.
    pub year: i32,
    /// The value.
    pub value: f64,
    /// `full_year`, or a partial period such as `2021-01-01/2021-12-28`.
    pub period: String,
    /// The release the value comes from (free text; see [`release_year`]).
    pub vintage: String,
    /// The source.
    pub source: String,
    /// The source's note.
    pub note: String,
    /// Line of the row in its file (header = line 1), 0 if not from a file.
    pub line: u64,
}

impl Candidate {
    /// A full-year candidate with empty vintage and note.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::Candidate;
    /// assert_eq!(Candidate::new(2020, 1.0, "s").year, 2020);
    /// ```
    pub fn new(year: i32, value: f64, source: &str) -> Self {
        Candidate {
            year,
            value,
            period: "full_year".to_string(),
            vintage: String::new(),
            source: source.to_string(),
            note: String::new(),
            line: 0,
        }
    }

    fn describe(&self) -> String {
        format!("{} ({}, line {})", self.value, self.source, self.line)
    }
}

/// The release year of a vintage text: the latest four-digit year between
/// 1900 and 2099 that it names (`"comparison year (full 2019) in Interior
/// balance 2020 (published 4 Jan 2021)"` → 2021). `None` when it names none.
///
/// # Example
/// ```
/// use return_migration::data::release_year;
/// assert_eq!(release_year("Interior, as cited Jan 2022"), Some(2022));
/// assert_eq!(release_year("no date"), None);
/// ```
pub fn release_year(vintage: &str) -> Option<i32> {
    let bytes = vintage.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4
                && let Ok(y) = vintage[start..i].parse::<i32>()
                && (1900..2100).contains(&y)
            {
                best = Some(best.map_or(y, |b: i32| b.max(y)));
            }
        } else {
            i += 1;
        }
    }
    best
}

/// How to choose one value per year among candidates.
///
/// The rules apply in order:
/// 1. with `full_year_only`, candidates whose period is not `full_year` are set aside;
/// 2. candidates are ranked by the first entry of `source_preference` their
///    source contains (earlier is better); with `exclude_unlisted`, a
///    candidate matching no entry is set aside; otherwise it ranks last;
/// 3. among the best-ranked, the latest release ([`release_year`] of the
///    vintage) wins when `prefer_latest_release` is set;
/// 4. if candidates with different values still tie, selection fails with
///    [`Error::AmbiguousSelection`]; equal values are kept once (first line).
///
/// # Example
/// ```
/// use return_migration::data::{Candidate, SelectionPolicy};
/// let policy = SelectionPolicy::latest_release();
/// let mut old = Candidate::new(2019, 32449.0, "Interior");
/// old.vintage = "balance 2020 (published 4 Jan 2021)".into();
/// let mut new = Candidate::new(2019, 32513.0, "Interior");
/// new.vintage = "as cited Jan 2022".into();
/// let (series, _report) = policy.select("arrivals", "persons", &[old, new]).unwrap();
/// assert_eq!(series.value(2019), Some(32513.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectionPolicy {
    /// A short name for reports.
    pub name: String,
    /// Set aside partial-year values.
    pub full_year_only: bool,
    /// Text fragments of preferred sources, best first.
    pub source_preference: Vec<String>,
    /// Set aside candidates whose source matches no preference entry.
    pub exclude_unlisted: bool,
    /// Among equally ranked candidates, keep the latest release.
    pub prefer_latest_release: bool,
}

impl SelectionPolicy {
    /// Full-year values only; any source; the latest release wins.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::SelectionPolicy;
    /// assert!(SelectionPolicy::latest_release().full_year_only);
    /// ```
    pub fn latest_release() -> Self {
        SelectionPolicy {
            name: "latest full-year release".to_string(),
            full_year_only: true,
            source_preference: Vec::new(),
            exclude_unlisted: false,
            prefer_latest_release: true,
        }
    }

    /// Full-year values from sources containing `source` only; the latest
    /// release wins among them.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::SelectionPolicy;
    /// let p = SelectionPolicy::named_source("UNHCR");
    /// assert!(p.exclude_unlisted);
    /// ```
    pub fn named_source(source: &str) -> Self {
        SelectionPolicy {
            name: format!("named source `{source}`"),
            full_year_only: true,
            source_preference: vec![source.to_string()],
            exclude_unlisted: true,
            prefer_latest_release: true,
        }
    }

    /// Full-year values, sources ranked by `preference`, unlisted sources set
    /// aside, latest release first among equals.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::SelectionPolicy;
    /// let p = SelectionPolicy::ranked("Interior first", &["Ministerio del Interior", "UNHCR"]);
    /// assert_eq!(p.source_preference.len(), 2);
    /// ```
    pub fn ranked(name: &str, preference: &[&str]) -> Self {
        SelectionPolicy {
            name: name.to_string(),
            full_year_only: true,
            source_preference: preference.iter().map(|s| s.to_string()).collect(),
            exclude_unlisted: true,
            prefer_latest_release: true,
        }
    }

    fn rank(&self, source: &str) -> Option<usize> {
        if self.source_preference.is_empty() {
            return Some(0);
        }
        match self
            .source_preference
            .iter()
            .position(|p| source.contains(p.as_str()))
        {
            Some(r) => Some(r),
            None if self.exclude_unlisted => None,
            None => Some(self.source_preference.len()),
        }
    }

    /// Chooses one value per year; returns the series and the report.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Candidate, SelectionPolicy};
    /// let mut partial = Candidate::new(2021, 41632.0, "Interior");
    /// partial.period = "2021-01-01/2021-12-28".into();
    /// let full = Candidate::new(2021, 41945.0, "Interior");
    /// let (s, report) = SelectionPolicy::latest_release()
    ///     .select("arrivals", "persons", &[partial, full]).unwrap();
    /// assert_eq!(s.value(2021), Some(41945.0));
    /// assert_eq!(report.years[0].set_aside.len(), 1);
    /// ```
    pub fn select(
        &self,
        series: &str,
        unit: &str,
        candidates: &[Candidate],
    ) -> Result<(YearSeries, SelectionReport)> {
        let mut sorted: Vec<&Candidate> = candidates.iter().collect();
        sorted.sort_by_key(|c| (c.year, c.line));
        let mut out = YearSeries::new(series, unit);
        let mut years = Vec::new();
        for group in sorted.chunk_by(|a, b| a.year == b.year) {
            let year = group[0].year;
            let mut set_aside = Vec::new();
            let mut eligible: Vec<(usize, Option<i32>, &Candidate)> = Vec::new();
            for &c in group {
                if self.full_year_only && c.period != "full_year" {
                    set_aside.push(SetAside::new(c, format!("partial period {}", c.period)));
                    continue;
                }
                match self.rank(&c.source) {
                    Some(r) => eligible.push((r, release_year(&c.vintage), c)),
                    None => set_aside.push(SetAside::new(c, "source not in the policy".into())),
                }
            }
            let Some(best_rank) = eligible.iter().map(|e| e.0).min() else {
                years.push(YearChoice {
                    year,
                    chosen: None,
                    set_aside,
                });
                continue;
            };
            let mut best: Vec<(usize, Option<i32>, &Candidate)> = Vec::new();
            for e in eligible {
                if e.0 > best_rank {
                    set_aside.push(SetAside::new(e.2, "lower-ranked source".into()));
                } else {
                    best.push(e);
                }
            }
            if self.prefer_latest_release {
                let latest = best.iter().map(|e| e.1).max().flatten();
                let (keep, older): (Vec<_>, Vec<_>) = best.into_iter().partition(|e| e.1 == latest);
                for e in older {
                    set_aside.push(SetAside::new(e.2, "older release".into()));
                }
                best = keep;
            }
            let chosen = best[0].2;
            for e in &best[1..] {
                if e.2.value != chosen.value {
                    return Err(Error::AmbiguousSelection {
                        series: series.to_string(),
                        year,
                        candidates: best.iter().map(|e| e.2.describe()).collect(),
                    });
                }
                set_aside.push(SetAside::new(e.2, "same value as the chosen row".into()));
            }
            out.insert(
                year,
                Observation {
                    value: chosen.value,
                    source: chosen.source.clone(),
                    note: chosen.note.clone(),
                    derived: false,
                },
            )?;
            years.push(YearChoice {
                year,
                chosen: Some(chosen.clone()),
                set_aside,
            });
        }
        if let (Some(first), Some(last)) = (years.first(), years.last()) {
            out = out.with_span(first.year, last.year);
        }
        Ok((
            out,
            SelectionReport {
                series: series.to_string(),
                policy: self.name.clone(),
                years,
            },
        ))
    }
}

/// A candidate that was not chosen, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAside {
    /// The candidate.
    pub candidate: Candidate,
    /// Why it was not chosen.
    pub reason: String,
}

impl SetAside {
    fn new(c: &Candidate, reason: String) -> Self {
        SetAside {
            candidate: c.clone(),
            reason,
        }
    }
}

/// What the policy did for one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearChoice {
    /// The year.
    pub year: i32,
    /// The chosen candidate; `None` when every candidate was set aside.
    pub chosen: Option<Candidate>,
    /// Candidates not chosen, with reasons.
    pub set_aside: Vec<SetAside>,
}

/// For every year with candidates: the choice and what was set aside.
/// Every candidate appears exactly once, chosen or set aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectionReport {
    /// The series.
    pub series: String,
    /// The policy's name.
    pub policy: String,
    /// One entry per year with at least one candidate, ascending.
    pub years: Vec<YearChoice>,
}

impl SelectionReport {
    /// The number of candidates accounted for (chosen + set aside).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Candidate, SelectionPolicy};
    /// let c = [Candidate::new(2020, 1.0, "a"), Candidate::new(2020, 1.0, "b")];
    /// let (_, r) = SelectionPolicy::latest_release().select("x", "p", &c).unwrap();
    /// assert_eq!(r.accounted(), 2);
    /// ```
    pub fn accounted(&self) -> usize {
        self.years
            .iter()
            .map(|y| y.set_aside.len() + usize::from(y.chosen.is_some()))
            .sum()
    }
}

impl fmt::Display for SelectionReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} — policy: {}", self.series, self.policy)?;
        for y in &self.years {
            match &y.chosen {
                Some(c) => writeln!(f, "{}: chose {}", y.year, c.describe())?,
                None => writeln!(f, "{}: nothing chosen", y.year)?,
            }
            for s in &y.set_aside {
                writeln!(
                    f,
                    "      set aside {}: {}",
                    s.candidate.describe(),
                    s.reason
                )?;
            }
        }
        Ok(())
    }
}
