//! A multi-year panel: entities (routes, origin countries, ...) × years.

use std::fmt;

use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use super::series::{Observation, WindowSummary, YearSeries, span_width};
use crate::error::{Result, invalid};

/// Entities × years, backed by an `ndarray` matrix of `Option<f64>`: a
/// missing cell is `None`, never zero.
///
/// # Example
/// ```
/// use return_migration::data::{Panel, YearSeries};
/// let sea = YearSeries::from_values("sea", "persons", &[(2019, 26103.0), (2020, 40106.0)]).unwrap();
/// let land = YearSeries::from_values("land", "persons", &[(2019, 6346.0)]).unwrap();
/// let p = Panel::from_series(&[sea, land]).unwrap();
/// assert_eq!(p.years(), vec![2019, 2020]);
/// let totals = p.year_totals();
/// assert_eq!(totals.value(2019), Some(32449.0));
/// assert_eq!(totals.value(2020), None); // land 2020 is missing
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Panel {
    entities: Vec<String>,
    first_year: i32,
    unit: String,
    values: Array2<Option<f64>>,
}

impl Panel {
    /// A panel from a matrix (rows = entities, columns = consecutive years
    /// from `first_year`). Errors if the row count and the entity count differ
    /// or a value is not finite.
    ///
    /// # Example
    /// ```
    /// use ndarray::array;
    /// use return_migration::data::Panel;
    /// let p = Panel::new(vec!["a".into()], 2020, "persons", array![[Some(1.0), None]]).unwrap();
    /// assert_eq!(p.get("a", 2021), None);
    /// ```
    pub fn new(
        entities: Vec<String>,
        first_year: i32,
        unit: &str,
        values: Array2<Option<f64>>,
    ) -> Result<Self> {
        if entities.len() != values.nrows() {
            return Err(invalid(
                "panel",
                format!(
                    "{} entities but {} rows of values",
                    entities.len(),
                    values.nrows()
                ),
            ));
        }
        if values.iter().flatten().any(|v| !v.is_finite()) {
            return Err(invalid("panel", "values must be finite"));
        }
        Ok(Panel {
            entities,
            first_year,
            unit: unit.to_string(),
            values,
        })
    }

    /// A panel from series, one entity per series (named after it), over
    /// the union of their spans. Errors when no series has a span.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// let b = YearSeries::from_values("b", "p", &[(2017, 2.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a, b]).unwrap().years(), vec![2015, 2016, 2017]);
    /// ```
    pub fn from_series(series: &[YearSeries]) -> Result<Self> {
        let spans: Vec<(i32, i32)> = series.iter().filter_map(|s| s.span()).collect();
        let (Some(from), Some(to)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) else {
            return Err(invalid("series", "no series has any year"));
        };
        let width = span_width(from, to)?;
        let mut values = Array2::from_elem((series.len(), width), None);
        for (r, s) in series.iter().enumerate() {
            for (year, o) in s.iter() {
                values[[r, (year - from) as usize]] = Some(o.value);
            }
        }
        let unit = series.first().map_or("", |s| s.unit());
        Panel::new(
            series.iter().map(|s| s.name().to_string()).collect(),
            from,
            unit,
            values,
        )
    }

    /// The unit of every cell.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let s = YearSeries::from_values("sea", "persons", &[(2019, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[s]).unwrap().unit(), "persons");
    /// ```
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// Entity names, in row order.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a]).unwrap().entities(), &["a".to_string()]);
    /// ```
    pub fn entities(&self) -> &[String] {
        &self.entities
    }

    /// The years, in column order.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a]).unwrap().years(), vec![2015]);
    /// ```
    pub fn years(&self) -> Vec<i32> {
        (0..self.values.ncols() as i32)
            .map(|c| self.first_year + c)
            .collect()
    }

    /// The matrix of values (rows = entities, columns = years).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a]).unwrap().values()[[0, 0]], Some(1.0));
    /// ```
    pub fn values(&self) -> &Array2<Option<f64>> {
        &self.values
    }

    fn column_of(&self, year: i32) -> Option<usize> {
        let c = year.checked_sub(self.first_year)?;
        (c >= 0 && (c as usize) < self.values.ncols()).then_some(c as usize)
    }

    /// The value of an entity in a year; `None` if missing or out of range.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a]).unwrap().get("a", 2015), Some(1.0));
    /// ```
    pub fn get(&self, entity: &str, year: i32) -> Option<f64> {
        let r = self.entities.iter().position(|e| e == entity)?;
        self.values[[r, self.column_of(year)?]]
    }

    /// The panel over exactly `from..=to`: years outside are dropped, years
    /// not yet covered are added as missing. Errors when `from > to`.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// let p = Panel::from_series(&[a]).unwrap().aligned(2014, 2015).unwrap();
    /// assert_eq!(p.get("a", 2014), None);
    /// assert_eq!(p.years(), vec![2014, 2015]);
    /// ```
    pub fn aligned(&self, from: i32, to: i32) -> Result<Self> {
        let width = span_width(from, to)?;
        let mut values = Array2::from_elem((self.entities.len(), width), None);
        for (c, year) in (from..=to).enumerate() {
            if let Some(src) = self.column_of(year) {
                values.column_mut(c).assign(&self.values.column(src));
            }
        }
        Ok(Panel {
            entities: self.entities.clone(),
            first_year: from,
            unit: self.unit.clone(),
            values,
        })
    }

    /// The panel moved `k` years later (value of year `t` = value of `t − k`).
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a]).unwrap().lagged(2).get("a", 2017), Some(1.0));
    /// ```
    pub fn lagged(&self, k: i32) -> Self {
        let mut out = self.clone();
        out.first_year = out.first_year.saturating_add(k);
        out
    }

    /// One entity as a series.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0)]).unwrap();
    /// assert_eq!(Panel::from_series(&[a]).unwrap().series("a").unwrap().value(2015), Some(1.0));
    /// ```
    pub fn series(&self, entity: &str) -> Result<YearSeries> {
        let r = self
            .entities
            .iter()
            .position(|e| e == entity)
            .ok_or_else(|| invalid("entity", format!("`{entity}` is not in the panel")))?;
        let mut s = YearSeries::new(entity, &self.unit);
        for (c, v) in self.values.row(r).iter().enumerate() {
            if let Some(v) = v {
                s.insert(self.first_year + c as i32, Observation::new(*v, ""))?;
            }
        }
        let years = self.years();
        if let (Some(a), Some(b)) = (years.first(), years.last()) {
            s = s.with_span(*a, *b);
        }
        Ok(s)
    }

    /// Totals per year over all entities, only for years where every entity
    /// has a value (flagged `derived`); other years are missing.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0), (2016, 1.0)]).unwrap();
    /// let b = YearSeries::from_values("b", "p", &[(2015, 2.0)]).unwrap();
    /// let t = Panel::from_series(&[a, b]).unwrap().year_totals();
    /// assert_eq!((t.value(2015), t.value(2016)), (Some(3.0), None));
    /// ```
    pub fn year_totals(&self) -> YearSeries {
        let totals: Array1<Option<f64>> = self.values.map_axis(Axis(0), |col| {
            col.iter()
                .try_fold(0.0, |acc, v| v.map(|v| acc + v))
                .filter(|_| !col.is_empty())
        });
        let mut s = YearSeries::new("total", &self.unit);
        for (c, t) in totals.iter().enumerate() {
            if let Some(t) = t {
                // cannot fail: one insertion per distinct year, and totals of finite values
                let _ = s.insert(
                    self.first_year + c as i32,
                    Observation {
                        value: *t,
                        source: String::new(),
                        note: format!("derived: sum of {}", self.entities.join(" + ")),
                        derived: true,
                    },
                );
            }
        }
        let years = self.years();
        match (years.first(), years.last()) {
            (Some(a), Some(b)) => s.with_span(*a, *b),
            _ => s,
        }
    }

    /// Per entity: total and mean over `from..=to` with the years used and missing.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Panel, YearSeries};
    /// let a = YearSeries::from_values("a", "p", &[(2015, 1.0), (2016, 3.0)]).unwrap();
    /// let w = Panel::from_series(&[a]).unwrap().entity_windows(2015, 2016).unwrap();
    /// assert_eq!(w[0].1.total, 4.0);
    /// ```
    pub fn entity_windows(&self, from: i32, to: i32) -> Result<Vec<(String, WindowSummary)>> {
        self.entities
            .iter()
            .map(|e| Ok((e.clone(), self.series(e)?.window(from, to)?)))
            .collect()
    }
}

impl fmt::Display for Panel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .entities
            .iter()
            .map(|e| e.len())
            .max()
            .unwrap_or(6)
            .max(6);
        write!(f, "{:<width$}", "entity")?;
        for y in self.years() {
            write!(f, "  {y:>10}")?;
        }
        writeln!(f)?;
        for (r, e) in self.entities.iter().enumerate() {
            write!(f, "{e:<width$}")?;
            for v in self.values.row(r) {
                match v {
                    Some(v) => write!(f, "  {v:>10}")?,
                    None => write!(f, "  {:>10}", "missing")?,
                }
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
