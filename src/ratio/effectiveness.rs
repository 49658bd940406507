//! Effectiveness ratios: one flow series against another over aligned years.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::interval::{Interval, poisson_ratio_interval};
use crate::data::YearSeries;
use crate::error::{Error, Result, invalid};

/// Which years entered a ratio and which were missing, in either series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Every year of the window (numerator years).
    pub years_requested: Vec<i32>,
    /// Years where both series have a value (these enter the ratio).
    pub years_used: Vec<i32>,
    /// Years where the numerator has no value.
    pub missing_numerator: Vec<i32>,
    /// Years where the (lagged) denominator has no value.
    pub missing_denominator: Vec<i32>,
}

/// One year of a ratio: numerator in `year`, denominator in `year − lag`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRatio {
    /// Numerator year.
    pub year: i32,
    /// The denominator's year (`year − lag`).
    pub denominator_year: i32,
    /// Numerator value, if known.
    pub numerator: Option<f64>,
    /// Whether the numerator value is derived.
    pub numerator_derived: bool,
    /// Denominator value, if known.
    pub denominator: Option<f64>,
    /// Whether the denominator value is derived.
    pub denominator_derived: bool,
    /// numerator / denominator when both are known and the denominator > 0.
    pub ratio: Option<f64>,
}

/// The ratio of two flow series over a window, with coverage and an exact interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatioReport {
    /// Numerator series name.
    pub numerator_name: String,
    /// Denominator series name.
    pub denominator_name: String,
    /// First numerator year of the window.
    pub from: i32,
    /// Last numerator year of the window.
    pub to: i32,
    /// Lag k: numerator in t against denominator in t − k.
    pub lag: i32,
    /// One row per year of the window.
    pub rows: Vec<YearRatio>,
    /// Years used and missing.
    pub coverage: Coverage,
    /// Sum of the numerator over the years used.
    pub numerator_total: f64,
    /// Sum of the denominator over the years used.
    pub denominator_total: f64,
    /// Pooled ratio Σ numerator / Σ denominator over the years used, with the
    /// exact conditional interval of R's `poisson.test(c(x, y), c(1, 1))`.
    pub ratio: Interval,
}

/// Builder of a [`RatioReport`]: returns per arrival, returns per order to leave, ...
///
/// The interval treats the two totals as independent Poisson counts; it
/// expresses counting noise only, not measurement or definitional error.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// use return_migration::ratio::EffectivenessRatio;
/// let returns = YearSeries::from_values("returns", "persons", &[(2018, 1508.0), (2019, 900.0)]).unwrap();
/// let arrivals = YearSeries::from_values("arrivals", "persons", &[(2017, 28349.0), (2018, 64298.0)]).unwrap();
/// let r = EffectivenessRatio::new().window(2018, 2019).fit(&returns, &arrivals).unwrap();
/// assert_eq!(r.coverage.years_used, vec![2018]);
/// assert_eq!(r.coverage.missing_denominator, vec![2019]);
/// // returns in t against arrivals in t − 1
/// let lagged = EffectivenessRatio::new().window(2018, 2019).lag(1).fit(&returns, &arrivals).unwrap();
/// assert_eq!(lagged.coverage.years_used, vec![2018, 2019]);
/// assert_eq!(lagged.denominator_total, 28349.0 + 64298.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EffectivenessRatio {
    window: Option<(i32, i32)>,
    lag: i32,
    conf_level: f64,
}

fn count(series: &YearSeries, year: i32, value: f64) -> Result<u64> {
    if value < 0.0 || value.fract() != 0.0 || value > 9.0e15 {
        return Err(invalid(
            "count",
            format!(
                "`{}` in {year} is {value}; an exact interval needs a whole non-negative count",
                series.name()
            ),
        ));
    }
    Ok(value as u64)
}

impl Default for EffectivenessRatio {
    fn default() -> Self {
        EffectivenessRatio::new()
    }
}

impl EffectivenessRatio {
    /// The estimator: window the numerator's span, lag 0, level 0.95.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let a = YearSeries::from_values("a", "p", &[(2020, 1.0)]).unwrap();
    /// let b = YearSeries::from_values("b", "p", &[(2020, 4.0)]).unwrap();
    /// assert_eq!(EffectivenessRatio::new().fit(&a, &b).unwrap().ratio.estimate, 0.25);
    /// ```
    pub fn new() -> Self {
        EffectivenessRatio {
            window: None,
            lag: 0,
            conf_level: 0.95,
        }
    }

    /// Restricts to numerator years `from..=to`.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let a = YearSeries::from_values("a", "p", &[(2020, 1.0)]).unwrap();
    /// let r = EffectivenessRatio::new().window(2019, 2020).fit(&a, &a).unwrap();
    /// assert_eq!(r.coverage.missing_numerator, vec![2019]);
    /// ```
    pub fn window(mut self, from: i32, to: i32) -> Self {
        self.window = Some((from, to));
        self
    }

    /// Compares the numerator in year t with the denominator in year t − k.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let a = YearSeries::from_values("a", "p", &[(2020, 1.0)]).unwrap();
    /// let b = YearSeries::from_values("b", "p", &[(2019, 2.0)]).unwrap();
    /// assert_eq!(EffectivenessRatio::new().lag(1).fit(&a, &b).unwrap().ratio.estimate, 0.5);
    /// ```
    pub fn lag(mut self, k: i32) -> Self {
        self.lag = k;
        self
    }

    /// Sets the confidence level of the interval (default 0.95).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let a = YearSeries::from_values("a", "p", &[(2020, 1.0)]).unwrap();
    /// assert!(EffectivenessRatio::new().conf_level(1.5).fit(&a, &a).is_err());
    /// ```
    pub fn conf_level(mut self, level: f64) -> Self {
        self.conf_level = level;
        self
    }

    /// The report of `numerator` against `denominator`. Errors when the window is empty or reversed, no
    /// year has both values, a value is not a whole count, or the level is
    /// outside (0, 1).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let a = YearSeries::from_values("a", "p", &[(2020, 1.0)]).unwrap();
    /// let b = YearSeries::from_values("b", "p", &[(2021, 2.0)]).unwrap();
    /// assert!(EffectivenessRatio::new().fit(&a, &b).is_err()); // no common year
    /// ```
    pub fn fit(&self, numerator: &YearSeries, denominator: &YearSeries) -> Result<RatioReport> {
        let (from, to) = match self.window.or(numerator.span()) {
            Some(w) => w,
            None => {
                return Err(Error::NoData {
                    what: format!("`{}` has no year", numerator.name()),
                });
            }
        };
        crate::data::check_span(from, to)?;
        let mut rows = Vec::new();
        let mut coverage = Coverage {
            years_requested: (from..=to).collect(),
            years_used: Vec::new(),
            missing_numerator: Vec::new(),
            missing_denominator: Vec::new(),
        };
        let (mut x, mut y) = (0_u64, 0_u64);
        for year in from..=to {
            let dyear = year
                .checked_sub(self.lag)
                .ok_or_else(|| invalid("lag", format!("{} overflows year {year}", self.lag)))?;
            let n = numerator.get(year);
            let d = denominator.get(dyear);
            if n.is_none() {
                coverage.missing_numerator.push(year);
            }
            if d.is_none() {
                coverage.missing_denominator.push(year);
            }
            let mut ratio = None;
            if let (Some(n), Some(d)) = (n, d) {
                x += count(numerator, year, n.value)?;
                y += count(denominator, dyear, d.value)?;
                coverage.years_used.push(year);
                ratio = (d.value > 0.0).then(|| n.value / d.value);
            }
            rows.push(YearRatio {
                year,
                denominator_year: dyear,
                numerator: n.map(|o| o.value),
                numerator_derived: n.is_some_and(|o| o.derived),
                denominator: d.map(|o| o.value),
                denominator_derived: d.is_some_and(|o| o.derived),
                ratio,
            });
        }
        if coverage.years_used.is_empty() {
            return Err(Error::NoData {
                what: format!(
                    "no year in {from}-{to} has both `{}` and `{}` (lag {})",
                    numerator.name(),
                    denominator.name(),
                    self.lag
                ),
            });
        }
        let ratio = poisson_ratio_interval(x, y, self.conf_level)?;
        Ok(RatioReport {
            numerator_name: numerator.name().to_string(),
            denominator_name: denominator.name().to_string(),
            from,
            to,
            lag: self.lag,
            rows,
            coverage,
            numerator_total: x as f64,
            denominator_total: y as f64,
            ratio,
        })
    }
}

fn cell(v: Option<f64>, derived: bool) -> String {
    match v {
        Some(v) if derived => format!("{v}*"),
        Some(v) => format!("{v}"),
        None => "missing".to_string(),
    }
}

fn years(list: &[i32]) -> String {
    if list.is_empty() {
        return "none".to_string();
    }
    list.iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for RatioReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} / {} (lag {}), {}-{}",
            self.numerator_name, self.denominator_name, self.lag, self.from, self.to
        )?;
        writeln!(
            f,
            "{:>6}  {:>12}  {:>12}  {:>9}",
            "year", "numerator", "denominator", "ratio"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:>6}  {:>12}  {:>12}  {:>9}",
                r.year,
                cell(r.numerator, r.numerator_derived),
                cell(r.denominator, r.denominator_derived),
                r.ratio.map_or(String::new(), |v| format!("{v:.4}"))
            )?;
        }
        writeln!(f, "(* derived from components)")?;
        writeln!(
            f,
            "pooled: {} / {} = {}",
            self.numerator_total, self.denominator_total, self.ratio
        )?;
        writeln!(f, "years used: {}", years(&self.coverage.years_used))?;
        writeln!(
            f,
            "missing numerator: {}; missing denominator: {}",
            years(&self.coverage.missing_numerator),
            years(&self.coverage.missing_denominator)
        )
    }
}
