//! A breakdown of one year's flow by category (origin country, sex, age band, route).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::series::Observation;
use crate::error::{Error, Result, invalid};

/// Values of one year by category, in a stable order (as given). A category
/// may be present without a value (`None`): a total is derived only when
/// every category has one.
///
/// # Example
/// ```
/// use return_migration::data::{Breakdown, Observation};
/// let mut b = Breakdown::new("sex", 2021, "persons");
/// b.push("F", Some(Observation::new(610.0, "IOM Morocco 2021"))).unwrap();
/// b.push("M", Some(Observation::new(1767.0, "IOM Morocco 2021"))).unwrap();
/// assert_eq!(b.total().unwrap().value, 2377.0);
/// assert!((b.share("F").unwrap() - 610.0 / 2377.0).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// What the categories are (e.g. `country_of_origin`).
    pub dimension: String,
    /// The year.
    pub year: i32,
    /// The unit.
    pub unit: String,
    /// Categories and their values, in order.
    pub items: Vec<(String, Option<Observation>)>,
}

impl Breakdown {
    /// An empty breakdown.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::Breakdown;
    /// assert!(Breakdown::new("route", 2018, "persons").items.is_empty());
    /// ```
    pub fn new(dimension: &str, year: i32, unit: &str) -> Self {
        Breakdown {
            dimension: dimension.to_string(),
            year,
            unit: unit.to_string(),
            items: Vec::new(),
        }
    }

    /// Adds a category; errors if it is already present.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::Breakdown;
    /// let mut b = Breakdown::new("sex", 2021, "persons");
    /// b.push("F", None).unwrap();
    /// assert!(b.push("F", None).is_err());
    /// ```
    pub fn push(&mut self, category: &str, value: Option<Observation>) -> Result<()> {
        if self.items.iter().any(|(c, _)| c == category) {
            return Err(invalid(
                "category",
                format!(
                    "`{category}` appears twice in the {} breakdown",
                    self.dimension
                ),
            ));
        }
        self.items.push((category.to_string(), value));
        Ok(())
    }

    /// The value of a category, if present and known.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Breakdown, Observation};
    /// let mut b = Breakdown::new("sex", 2021, "persons");
    /// b.push("F", Some(Observation::new(610.0, ""))).unwrap();
    /// assert_eq!(b.value("F"), Some(610.0));
    /// ```
    pub fn value(&self, category: &str) -> Option<f64> {
        self.items
            .iter()
            .find(|(c, _)| c == category)
            .and_then(|(_, o)| o.as_ref().map(|o| o.value))
    }

    /// The total over all categories, flagged `derived`; an error naming
    /// the missing categories when any value is unknown.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Breakdown, Observation};
    /// let mut b = Breakdown::new("sex", 2021, "persons");
    /// b.push("F", None).unwrap();
    /// assert!(b.total().is_err());
    /// ```
    pub fn total(&self) -> Result<Observation> {
        let missing: Vec<&str> = self
            .items
            .iter()
            .filter(|(_, o)| o.is_none())
            .map(|(c, _)| c.as_str())
            .collect();
        if !missing.is_empty() || self.items.is_empty() {
            return Err(Error::NoData {
                what: format!(
                    "total of the {} breakdown for {}: no value for {}",
                    self.dimension,
                    self.year,
                    if missing.is_empty() {
                        "any category".to_string()
                    } else {
                        missing.join(", ")
                    }
                ),
            });
        }
        let total = self
            .items
            .iter()
            .flat_map(|(_, o)| o)
            .map(|o| o.value)
            .sum();
        Ok(Observation {
            value: total,
            source: String::new(),
            note: format!(
                "derived: sum of {} {} categories",
                self.items.len(),
                self.dimension
            ),
            derived: true,
        })
    }

    /// The share of one category in the derived total.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::{Breakdown, Observation};
    /// let mut b = Breakdown::new("sex", 2021, "persons");
    /// b.push("F", Some(Observation::new(1.0, ""))).unwrap();
    /// b.push("M", Some(Observation::new(3.0, ""))).unwrap();
    /// assert_eq!(b.share("M").unwrap(), 0.75);
    /// ```
    pub fn share(&self, category: &str) -> Result<f64> {
        let total = self.total()?.value;
        let v = self.value(category).ok_or_else(|| {
            invalid(
                "category",
                format!("`{category}` has no value in the breakdown"),
            )
        })?;
        if total <= 0.0 {
            return Err(Error::NoData {
                what: "share of a zero total".to_string(),
            });
        }
        Ok(v / total)
    }
}

impl fmt::Display for Breakdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} by {} ({})", self.year, self.dimension, self.unit)?;
        for (c, o) in &self.items {
            match o {
                Some(o) => writeln!(f, "  {c:<32} {:>10}", o.value)?,
                None => writeln!(f, "  {c:<32} {:>10}", "missing")?,
            }
        }
        Ok(())
    }
}
