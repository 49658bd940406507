//! Effectiveness ratios and exact confidence intervals.
//!
//! - [`binomial_interval`]: a share x/n (Clopper–Pearson, Wilson with and
//!   without continuity correction, Jeffreys).
//! - [`poisson_ratio_interval`]: the ratio of two independent counts.
//! - [`EffectivenessRatio`]: one flow series against another over a window,
//!   with lags and a coverage report.

mod effectiveness;
mod interval;

pub use effectiveness::{Coverage, EffectivenessRatio, RatioReport, YearRatio};
pub use interval::{BinomialMethod, Interval, binomial_interval, poisson_ratio_interval};
