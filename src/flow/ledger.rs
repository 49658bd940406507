use std::fmt;

use serde::{Deserialize, Serialize};

use crate::data::YearSeries;
use crate::error::{Error, Result, invalid};

/// One year of the ledger: the identity stock_end = stock_start + inflows −
/// assisted_returns − onward_departures holds exactly on every row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// The year.
    pub year: i32,
    /// Stock on 1 January.
    pub stock_start: f64,
    /// Inflows during the year.
    pub inflows: f64,
    /// Assisted returns during the year.
    pub assisted_returns: f64,
    /// Onward departures during the year.
    pub onward_departures: f64,
    /// Stock on 31 December (= next year's start).
    pub stock_end: f64,
    /// An independently observed end-of-year stock, when one was given.
    pub observed_stock_end: Option<f64>,
    /// observed − accounted, when an observed stock was given.
    pub discrepancy: Option<f64>,
}

/// The ledger's result: rows and the assumptions it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockFlowReport {
    /// The assumptions, in words.
    pub assumptions: Vec<String>,
    /// One row per year.
    pub rows: Vec<LedgerRow>,
}

/// Builder of a stock-flow ledger.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// use return_migration::flow::StockFlowLedger;
/// let inflows = YearSeries::from_values("inflows", "persons", &[(2018, 70000.0), (2019, 40000.0)]).unwrap();
/// let returns = YearSeries::from_values("returns", "persons", &[(2018, 1508.0), (2019, 1500.0)]).unwrap();
/// let onward = YearSeries::from_values("arrivals", "persons", &[(2018, 64298.0), (2019, 32513.0)]).unwrap();
/// let report = StockFlowLedger::new(2018, 50000.0)
///     .inflows(&inflows)
///     .assisted_returns(&returns)
///     .onward_departures(&onward)
///     .assume("hypothetical inflows and 2019 returns, for illustration")
///     .run(2019)
///     .unwrap();
/// assert_eq!(report.rows[0].stock_end, 50000.0 + 70000.0 - 1508.0 - 64298.0);
/// assert_eq!(report.rows[1].stock_start, report.rows[0].stock_end);
/// ```
#[derive(Debug, Clone)]
pub struct StockFlowLedger<'a> {
    first_year: i32,
    initial_stock: f64,
    inflows: Option<&'a YearSeries>,
    assisted_returns: Option<&'a YearSeries>,
    onward_departures: Option<&'a YearSeries>,
    observed_stock_end: Option<&'a YearSeries>,
    assumptions: Vec<String>,
}

impl<'a> StockFlowLedger<'a> {
    /// A ledger starting with `initial_stock` on 1 January of `first_year`.
    ///
    /// # Example
    /// ```
    /// use return_migration::flow::StockFlowLedger;
    /// assert!(StockFlowLedger::new(2018, -1.0).run(2018).is_err());
    /// ```
    pub fn new(first_year: i32, initial_stock: f64) -> Self {
        StockFlowLedger {
            first_year,
            initial_stock,
            inflows: None,
            assisted_returns: None,
            onward_departures: None,
            observed_stock_end: None,
            assumptions: Vec::new(),
        }
    }

    /// Inflows per year (new arrivals into the transit country).
    ///
    /// # Example
    /// ```
    /// use return_migration::{data::YearSeries, flow::StockFlowLedger};
    /// let s = YearSeries::from_values("in", "p", &[(2018, 1.0)]).unwrap();
    /// let _ = StockFlowLedger::new(2018, 0.0).inflows(&s);
    /// ```
    pub fn inflows(mut self, series: &'a YearSeries) -> Self {
        self.inflows = Some(series);
        self
    }

    /// Assisted returns per year.
    ///
    /// # Example
    /// ```
    /// use return_migration::{data::YearSeries, flow::StockFlowLedger};
    /// let s = YearSeries::from_values("r", "p", &[(2018, 1.0)]).unwrap();
    /// let _ = StockFlowLedger::new(2018, 0.0).assisted_returns(&s);
    /// ```
    pub fn assisted_returns(mut self, series: &'a YearSeries) -> Self {
        self.assisted_returns = Some(series);
        self
    }

    /// Onward departures per year (e.g. irregular arrivals to Spain as a proxy).
    ///
    /// # Example
    /// ```
    /// use return_migration::{data::YearSeries, flow::StockFlowLedger};
    /// let s = YearSeries::from_values("a", "p", &[(2018, 1.0)]).unwrap();
    /// let _ = StockFlowLedger::new(2018, 0.0).onward_departures(&s);
    /// ```
    pub fn onward_departures(mut self, series: &'a YearSeries) -> Self {
        self.onward_departures = Some(series);
        self
    }

    /// Independently observed end-of-year stocks, to compare with the ledger.
    ///
    /// # Example
    /// ```
    /// use return_migration::{data::YearSeries, flow::StockFlowLedger};
    /// let zero = YearSeries::from_values("z", "p", &[(2018, 0.0)]).unwrap();
    /// let observed = YearSeries::from_values("obs", "p", &[(2018, 7.0)]).unwrap();
    /// let r = StockFlowLedger::new(2018, 10.0).inflows(&zero).assisted_returns(&zero)
    ///     .onward_departures(&zero).observed_stock_end(&observed).run(2018).unwrap();
    /// assert_eq!(r.rows[0].discrepancy, Some(-3.0));
    /// ```
    pub fn observed_stock_end(mut self, series: &'a YearSeries) -> Self {
        self.observed_stock_end = Some(series);
        self
    }

    /// Records an assumption (stated in the report).
    ///
    /// # Example
    /// ```
    /// use return_migration::flow::StockFlowLedger;
    /// let _ = StockFlowLedger::new(2018, 0.0).assume("arrivals to Spain proxy onward departures");
    /// ```
    pub fn assume(mut self, assumption: &str) -> Self {
        self.assumptions.push(assumption.to_string());
        self
    }

    /// Runs the ledger from the first year to `last_year` inclusive.
    ///
    /// Errors: a missing flow series or a missing year in one (named), a
    /// negative or non-finite initial stock or flow, `last_year` before the
    /// first year, and [`Error::Contradiction`] when a stock would turn negative.
    ///
    /// # Example
    /// ```
    /// use return_migration::{data::YearSeries, flow::StockFlowLedger};
    /// let inflow = YearSeries::from_values("in", "p", &[(2018, 10.0)]).unwrap();
    /// let out = YearSeries::from_values("out", "p", &[(2018, 100.0)]).unwrap();
    /// let zero = YearSeries::from_values("r", "p", &[(2018, 0.0)]).unwrap();
    /// let err = StockFlowLedger::new(2018, 5.0).inflows(&inflow).assisted_returns(&zero)
    ///     .onward_departures(&out).run(2018).unwrap_err();
    /// assert!(err.to_string().contains("2018"));
    /// ```
    pub fn run(&self, last_year: i32) -> Result<StockFlowReport> {
        if !(self.initial_stock.is_finite() && self.initial_stock >= 0.0) {
            return Err(invalid(
                "initial stock",
                format!("{} must be finite and >= 0", self.initial_stock),
            ));
        }
        if last_year < self.first_year {
            return Err(invalid(
                "last year",
                format!("{last_year} is before the first year {}", self.first_year),
            ));
        }
        let need = |s: Option<&'a YearSeries>, what: &str| {
            s.ok_or_else(|| invalid(what, "series not given to the ledger"))
        };
        let inflows = need(self.inflows, "inflows")?;
        let returns = need(self.assisted_returns, "assisted returns")?;
        let onward = need(self.onward_departures, "onward departures")?;
        let flow = |s: &YearSeries, year: i32| -> Result<f64> {
            let v = s.require(year)?;
            if v < 0.0 {
                return Err(invalid(s.name(), format!("negative flow {v} in {year}")));
            }
            Ok(v)
        };
        let mut stock = self.initial_stock;
        let mut rows = Vec::new();
        for year in self.first_year..=last_year {
            let (i, r, o) = (
                flow(inflows, year)?,
                flow(returns, year)?,
                flow(onward, year)?,
            );
            let end = stock + i - r - o;
            if end < 0.0 {
                return Err(Error::Contradiction {
                    year,
                    detail: format!(
                        "stock {stock} + inflows {i} − assisted returns {r} − onward departures {o} = {end} < 0"
                    ),
                });
            }
            let observed = self.observed_stock_end.and_then(|s| s.value(year));
            rows.push(LedgerRow {
                year,
                stock_start: stock,
                inflows: i,
                assisted_returns: r,
                onward_departures: o,
                stock_end: end,
                observed_stock_end: observed,
                discrepancy: observed.map(|v| v - end),
            });
            stock = end;
        }
        Ok(StockFlowReport {
            assumptions: self.assumptions.clone(),
            rows,
        })
    }
}

impl fmt::Display for StockFlowReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "assumptions:")?;
        for a in &self.assumptions {
            writeln!(f, "  - {a}")?;
        }
        writeln!(
            f,
            "{:>6}  {:>12}  {:>10}  {:>10}  {:>10}  {:>12}  {:>12}",
            "year", "stock_start", "inflows", "returns", "onward", "stock_end", "observed"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:>6}  {:>12}  {:>10}  {:>10}  {:>10}  {:>12}  {:>12}",
                r.year,
                r.stock_start,
                r.inflows,
                r.assisted_returns,
                r.onward_departures,
                r.stock_end,
                r.observed_stock_end
                    .map_or(String::new(), |v| v.to_string())
            )?;
        }
        Ok(())
    }
}
