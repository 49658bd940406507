//! Beyond one machine: mergeable risk-set summaries and distributed Cox.
//!
//! A register held by several offices (or a dataset split into Parquet
//! partitions) is summarised per partition into a [`RiskSetSummary`]:
//! per stratum × group × distinct time, the numbers entering, with an
//! event of each cause and censored, with exact weight sums. Summaries
//! merge exactly ([`RiskSetSummary::merge`] is associative and
//! commutative), and Kaplan–Meier, Nelson–Aalen, the log-rank/G(ρ) test,
//! Aalen–Johansen and the life table computed from the merged summary
//! equal those of the pooled data. A site sends only its summary (serde),
//! optionally with small cells suppressed ([`RiskSetSummary::suppress`]).
//!
//! The Cox model needs the covariates, so it is fitted by rounds
//! ([`DistributedCox`]): the coordinator sends β, every partition returns its
//! per-distinct-time sufficient statistics (O(p²) each), and the merged
//! statistics give the same Newton–Raphson step as the pooled data.

mod cox;
#[cfg(feature = "datafusion")]
mod datafusion_udaf;
mod encode;
mod estimates;
mod exact_sum;
mod summary;
mod suppress;

pub use cox::{
    CoxPartition, CoxSiteStats, CoxTimeStats, DistributedCox, DistributedCoxFit, Moments, SiteScore,
};
#[cfg(feature = "datafusion")]
pub use datafusion_udaf::{risk_set_summary_udaf, risk_set_summary_weighted_udaf};
pub use estimates::CifRow;
pub use exact_sum::ExactSum;
pub use summary::{CellSummary, RiskSetSummary, Tally, TimeTally};
pub use suppress::{Suppressed, WithheldCell};
