//! A year-indexed flow series with explicit missing years.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, invalid};

/// The widest span of years a window, panel or ratio may cover.
pub(crate) const MAX_SPAN_YEARS: i64 = 10_000;

/// The number of years in `from..=to`; an error when reversed or wider than
/// [`MAX_SPAN_YEARS`] (computed in i64: no overflow for any i32 years).
pub(crate) fn span_width(from: i32, to: i32) -> Result<usize> {
    let width = i64::from(to) - i64::from(from) + 1;
    if width < 1 {
        return Err(invalid(
            "years",
            format!("first year {from} is after last year {to}"),
        ));
    }
    if width > MAX_SPAN_YEARS {
        return Err(invalid(
            "years",
            format!("{from}-{to} spans {width} years (at most {MAX_SPAN_YEARS})"),
        ));
    }
    Ok(width as usize)
}

/// One value of a series, with its provenance.
///
/// # Example
/// ```
/// use return_migration::data::Observation;
/// let o = Observation::new(1399.0, "IOM global data via Yabiladi (2019)");
/// assert!(!o.derived);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The value (a count of persons for flow series).
    pub value: f64,
    /// Where the value was read.
    pub source: String,
    /// Definitions, caveats, or how a derived value was formed.
    pub note: String,
    /// True when the value was computed from other published values (e.g. a
    /// total as the sum of every component), not read in a source.
    pub derived: bool,
}

impl Observation {
    /// A published (not derived) value with its source and an empty note.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::Observation;
    /// assert_eq!(Observation::new(2.0, "s").value, 2.0);
    /// ```
    pub fn new(value: f64, source: &str) -> Self {
        Observation {
            value,
            source: source.to_string(),
            note: String::new(),
            derived: false,
        }
    }
}

/// Totals and mean of a series over a window of years, with its coverage.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// let s = YearSeries::from_values("returns", "persons", &[(2015, 1399.0), (2016, 1269.0)]).unwrap();
/// let w = s.window(2015, 2017).unwrap();
/// assert_eq!(w.total, 2668.0);
/// assert_eq!(w.years_missing, vec![2017]);
/// assert_eq!(w.mean, Some(1334.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowSummary {
    /// First year of the window.
    pub from: i32,
    /// Last year of the window (inclusive).
    pub to: i32,
    /// Years of the window with a value.
    pub years_used: Vec<i32>,
    /// Years of the window without a value.
    pub years_missing: Vec<i32>,
    /// Sum over the years used.
    pub total: f64,
    /// Mean over the years used; `None` when no year has a value.
    pub mean: Option<f64>,
}

/// A year-indexed series (e.g. AVRR returns from Morocco per year).
///
/// Years without a value are *missing*, never zero: [`YearSeries::value`]
/// returns `None` for them and every aggregate reports them. The series has a
/// declared span (by default from its first to its last observed year) so
/// that missing years inside the span are listed explicitly.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// let s = YearSeries::from_values("returns", "persons", &[(2018, 1508.0), (2021, 2372.0)]).unwrap();
/// assert_eq!(s.value(2019), None);
/// assert_eq!(s.missing_years(), vec![2019, 2020]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearSeries {
    name: String,
    unit: String,
    span: Option<(i32, i32)>,
    observations: BTreeMap<i32, Observation>,
}

impl YearSeries {
    /// An empty series.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::new("arrivals", "persons");
    /// assert!(s.is_empty());
    /// ```
    pub fn new(name: &str, unit: &str) -> Self {
        YearSeries {
            name: name.to_string(),
            unit: unit.to_string(),
            span: None,
            observations: BTreeMap::new(),
        }
    }

    /// A series from `(year, value)` pairs, each with an empty source.
    /// Errors on a repeated year or a non-finite value.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// assert!(YearSeries::from_values("x", "persons", &[(2015, 1.0), (2015, 2.0)]).is_err());
    /// ```
    pub fn from_values(name: &str, unit: &str, values: &[(i32, f64)]) -> Result<Self> {
        let mut s = YearSeries::new(name, unit);
        for &(year, value) in values {
            s.insert(year, Observation::new(value, ""))?;
        }
        Ok(s)
    }

    /// Adds an observation; errors if the year already has one, is outside
    /// 1000–9999, or the value is not finite. Extends the span to cover the year.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Observation, YearSeries};
    /// let mut s = YearSeries::new("x", "persons");
    /// s.insert(2020, Observation::new(5.0, "src")).unwrap();
    /// assert!(s.insert(2020, Observation::new(6.0, "other")).is_err());
    /// ```
    pub fn insert(&mut self, year: i32, observation: Observation) -> Result<()> {
        if !(1000..=9999).contains(&year) {
            return Err(invalid(
                "year",
                format!("{year} in `{}` is outside 1000-9999", self.name),
            ));
        }
        if !observation.value.is_finite() {
            return Err(invalid(
                "value",
                format!(
                    "{} in `{}` for {year} is not finite",
                    observation.value, self.name
                ),
            ));
        }
        if self.observations.contains_key(&year) {
            return Err(Error::DuplicateYear {
                series: self.name.clone(),
                year,
            });
        }
        self.observations.insert(year, observation);
        self.span = Some(match self.span {
            None => (year, year),
            Some((a, b)) => (a.min(year), b.max(year)),
        });
        Ok(())
    }

    /// Declares the span of years the series is meant to cover (years
    /// without a value inside it are missing). The span always includes
    /// every observed year.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "persons", &[(2016, 1.0)]).unwrap().with_span(2015, 2017);
    /// assert_eq!(s.missing_years(), vec![2015, 2017]);
    /// ```
    pub fn with_span(mut self, from: i32, to: i32) -> Self {
        let (mut a, mut b) = (from.min(to), from.max(to));
        if let Some((lo, hi)) = self.observed_range() {
            a = a.min(lo);
            b = b.max(hi);
        }
        self.span = Some((a, b));
        self
    }

    /// The series' name.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// assert_eq!(YearSeries::new("x", "persons").name(), "x");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The unit of the values (e.g. `persons`).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// assert_eq!(YearSeries::new("x", "persons").unit(), "persons");
    /// ```
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// Renames the series.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// assert_eq!(YearSeries::new("x", "p").renamed("y").name(), "y");
    /// ```
    pub fn renamed(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    /// True when no year has a value.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// assert!(YearSeries::new("x", "p").is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.observations.is_empty()
    }

    /// The declared span `(first, last)`, or `None` for an empty series
    /// without a declared span.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2016, 1.0), (2014, 2.0)]).unwrap();
    /// assert_eq!(s.span(), Some((2014, 2016)));
    /// ```
    pub fn span(&self) -> Option<(i32, i32)> {
        self.span
    }

    fn observed_range(&self) -> Option<(i32, i32)> {
        let first = *self.observations.keys().next()?;
        let last = *self.observations.keys().next_back()?;
        Some((first, last))
    }

    /// The observation of a year, if any.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2016, 1.0)]).unwrap();
    /// assert_eq!(s.get(2016).map(|o| o.value), Some(1.0));
    /// ```
    pub fn get(&self, year: i32) -> Option<&Observation> {
        self.observations.get(&year)
    }

    /// The value of a year; `None` when missing (never a silent zero).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2016, 1.0)]).unwrap();
    /// assert_eq!(s.value(2017), None);
    /// ```
    pub fn value(&self, year: i32) -> Option<f64> {
        self.get(year).map(|o| o.value)
    }

    /// The value of a year, or an error naming the series and the year.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2016, 1.0)]).unwrap();
    /// assert!(s.require(2017).is_err());
    /// ```
    pub fn require(&self, year: i32) -> Result<f64> {
        self.value(year).ok_or_else(|| Error::MissingYear {
            series: self.name.clone(),
            year,
        })
    }

    /// Years with a value, ascending, with their observations.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2016, 1.0), (2014, 2.0)]).unwrap();
    /// assert_eq!(s.iter().map(|(y, _)| y).collect::<Vec<_>>(), vec![2014, 2016]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (i32, &Observation)> {
        self.observations.iter().map(|(&y, o)| (y, o))
    }

    /// Years with a value, ascending.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2016, 1.0)]).unwrap();
    /// assert_eq!(s.known_years(), vec![2016]);
    /// ```
    pub fn known_years(&self) -> Vec<i32> {
        self.observations.keys().copied().collect()
    }

    /// Years of the span without a value, ascending.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2014, 1.0), (2016, 1.0)]).unwrap();
    /// assert_eq!(s.missing_years(), vec![2015]);
    /// ```
    pub fn missing_years(&self) -> Vec<i32> {
        match self.span {
            None => Vec::new(),
            Some((a, b)) => (a..=b)
                .filter(|y| !self.observations.contains_key(y))
                .collect(),
        }
    }

    /// Total and mean over `from..=to`, listing the years used and missing.
    /// Errors when `from > to`.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2015, 10.0), (2016, 20.0)]).unwrap();
    /// assert_eq!(s.window(2015, 2016).unwrap().mean, Some(15.0));
    /// ```
    pub fn window(&self, from: i32, to: i32) -> Result<WindowSummary> {
        span_width(from, to)?;
        let mut used = Vec::new();
        let mut missing = Vec::new();
        let mut total = 0.0;
        for year in from..=to {
            match self.value(year) {
                Some(v) => {
                    used.push(year);
                    total += v;
                }
                None => missing.push(year),
            }
        }
        let mean = (!used.is_empty()).then(|| total / used.len() as f64);
        Ok(WindowSummary {
            from,
            to,
            years_used: used,
            years_missing: missing,
            total,
            mean,
        })
    }

    /// The series restricted to `from..=to` (span set to exactly that range).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let s = YearSeries::from_values("x", "p", &[(2014, 1.0), (2016, 1.0)]).unwrap();
    /// assert_eq!(s.restricted(2015, 2016).known_years(), vec![2016]);
    /// ```
    pub fn restricted(&self, from: i32, to: i32) -> Self {
        let observations = self
            .observations
            .range(from..=to)
            .map(|(&y, o)| (y, o.clone()))
            .collect();
        YearSeries {
            name: self.name.clone(),
            unit: self.unit.clone(),
            span: (from <= to).then_some((from, to)),
            observations,
        }
    }

    /// The series moved `k` years later: the value of year `t` in the result
    /// is the value of year `t − k` here. Used to align returns in year `t`
    /// with arrivals in year `t − k`.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let arrivals = YearSeries::from_values("a", "p", &[(2018, 64298.0)]).unwrap();
    /// assert_eq!(arrivals.shifted(1).value(2019), Some(64298.0));
    /// ```
    pub fn shifted(&self, k: i32) -> Self {
        YearSeries {
            name: if k == 0 {
                self.name.clone()
            } else {
                format!("{} (lag {k})", self.name)
            },
            unit: self.unit.clone(),
            span: self
                .span
                .map(|(a, b)| (a.saturating_add(k), b.saturating_add(k))),
            observations: self
                .observations
                .iter()
                .map(|(&y, o)| (y.saturating_add(k), o.clone()))
                .collect(),
        }
    }

    /// A total derived from components: a year gets a value only when every
    /// component has one; the value is flagged `derived` and its note names
    /// the components. The span is the union of the components' spans.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let sea = YearSeries::from_values("sea", "p", &[(2015, 5312.0), (2016, 8.0)]).unwrap();
    /// let land = YearSeries::from_values("land", "p", &[(2015, 11624.0)]).unwrap();
    /// let total = YearSeries::sum_of_components("total", &[&sea, &land]).unwrap();
    /// assert_eq!(total.value(2015), Some(16936.0));
    /// assert!(total.get(2015).unwrap().derived);
    /// assert_eq!(total.value(2016), None); // a component is missing
    /// ```
    pub fn sum_of_components(name: &str, components: &[&YearSeries]) -> Result<Self> {
        let first = components
            .first()
            .ok_or_else(|| invalid("components", "at least one component is needed"))?;
        let mut out = YearSeries::new(name, &first.unit);
        for &year in first.observations.keys() {
            let parts: Option<Vec<&Observation>> = components.iter().map(|c| c.get(year)).collect();
            if let Some(parts) = parts {
                let value = parts.iter().map(|o| o.value).sum();
                let names: Vec<&str> = components.iter().map(|c| c.name()).collect();
                let sources: Vec<&str> = parts.iter().map(|o| o.source.as_str()).collect();
                let mut sources_dedup = sources.clone();
                sources_dedup.dedup();
                out.insert(
                    year,
                    Observation {
                        value,
                        source: sources_dedup.join(" | "),
                        note: format!("derived: sum of {}", names.join(" + ")),
                        derived: true,
                    },
                )?;
            }
        }
        let spans: Vec<(i32, i32)> = components.iter().filter_map(|c| c.span).collect();
        if let (Some(a), Some(b)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) {
            out = out.with_span(a, b);
        }
        Ok(out)
    }

    /// This series, with the years it lacks taken from `fallback` (keeping
    /// the fallback's provenance and `derived` flag).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// let a = YearSeries::from_values("a", "p", &[(2016, 1.0)]).unwrap();
    /// let b = YearSeries::from_values("b", "p", &[(2015, 2.0), (2016, 9.0)]).unwrap();
    /// let c = a.filled_from(&b);
    /// assert_eq!((c.value(2015), c.value(2016)), (Some(2.0), Some(1.0)));
    /// ```
    pub fn filled_from(&self, fallback: &YearSeries) -> Self {
        let mut out = self.clone();
        for (year, o) in fallback.iter() {
            out.observations.entry(year).or_insert_with(|| o.clone());
        }
        let spans = [self.span, fallback.span];
        let lo = spans.iter().flatten().map(|s| s.0).min();
        let hi = spans.iter().flatten().map(|s| s.1).max();
        out.span = lo.zip(hi);
        out
    }
}

impl fmt::Display for YearSeries {
    /// A tidy table: one line per year of the span, missing years shown as `missing`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.name, self.unit)?;
        writeln!(
            f,
            "{:>6}  {:>12}  {:<7}  source",
            "year", "value", "derived"
        )?;
        if let Some((a, b)) = self.span {
            for year in a..=b {
                match self.get(year) {
                    Some(o) => writeln!(
                        f,
                        "{year:>6}  {:>12}  {:<7}  {}",
                        o.value,
                        if o.derived { "yes" } else { "no" },
                        o.source
                    )?,
                    None => writeln!(f, "{year:>6}  {:>12}  {:<7}", "missing", "")?,
                }
            }
        }
        Ok(())
    }
}
