//! Survival analysis of time to re-migration, matching R's `survival` package.
//!
//! - [`SurvData`]: (entry, exit], event, weight, group, stratum; validated and sorted once.
//! - [`KaplanMeier`] → [`KaplanMeierFit`]: Kaplan–Meier with Greenwood variance and
//!   intervals (plain, log, log-log, logit, arcsin), Nelson–Aalen cumulative
//!   hazard, by group, with delayed entry and case weights.
//! - [`Actuarial`] → [`LifeTable`]: the actuarial life table for grouped durations.
//! - Summaries: quantiles, restricted mean, survival at chosen times.
//! - [`LogRank`] → [`LogRankTest`]: log-rank and G(ρ) tests, stratified.
//! - [`CompetingData`], [`AalenJohansen`] → [`CumIncFit`]: competing risks,
//!   cumulative incidence per cause with standard errors.
//! - [`RecurrentData`], [`Mcf`] → [`McfFit`]: recurrent events, the mean
//!   cumulative function with naive and Lawless–Nadeau standard errors.
//! - [`CoxPh`] → [`CoxFit`]: Cox proportional hazards regression (module `cox`).
//! - [`FineGrayData`], [`FineGray`] → [`FineGrayFit`]: Fine–Gray competing-risks
//!   regression of one cause's cumulative incidence, as `cmprsk::crr`.
//! - [`IntervalData`]: interval-censored data `(left, right]` (wave panels);
//!   [`Turnbull`] → [`TurnbullFit`]: the NPMLE of survival from them.
//! - [`Survreg`] → [`SurvregFit`]: parametric AFT regression (Weibull,
//!   exponential, log-normal, log-logistic) with interval censoring.
//!
//! Tie rules are R's: at a time t, events precede censorings (both are in
//! the risk set at t), and a subject entering at t is not at risk at t.
//! Distinct times are exactly equal `f64` values (R's `timefix = FALSE`).

mod aft;
mod ci;
mod competing;
mod cox;
mod curves;
mod data;
mod finegray;
mod input;
mod interval;
mod km;
mod labels;
mod life_table;
mod logrank;
mod recurrent;
mod risk;
mod summary;

#[allow(deprecated)]
pub use aft::{
    AftColumns, AftConvergence, AftData, AftDataBuilder, AftTerm, AftTimes, CensoringCounts, Dist,
    QuantilePrediction, Survreg, SurvregFit,
};
pub use ci::ConfType;
pub(crate) use ci::z_of_level;
// For the mergeable summaries (src/scale).
pub use competing::{
    AJ_HEADER, AalenJohansen, CUMINC_FULL_HEADER, CUMINC_HEADER, CompetingColumns, CompetingData,
    CompetingDataBuilder, CumIncCurve, CumIncFit, CumIncRow, CurveState, MAX_CAUSES,
    VarianceWeights,
};
pub use cox::{
    COX_SURVIVAL_HEADER, ChiSquareTest, Concordance, Convergence, CoxColumns, CoxCurve, CoxData,
    CoxDataBuilder, CoxFit, CoxPh, CoxSurvRow, CoxSurvival, CoxTerm, Ties,
};
pub use cox::{
    ClusterResiduals, CoxResiduals, CoxZph, SchoenfeldResiduals, ZphSmooth, ZphTerm, ZphTransform,
};
pub use data::{SurvColumns, SurvData, SurvDataBuilder};
pub use finegray::{
    CifPoint, CifPrediction, FineGray, FineGrayColumns, FineGrayData, FineGrayDataBuilder,
    FineGrayFit, FineGrayJump, FineGrayTerm,
};
pub(crate) use input::check::{
    validate_time as validate_time_value, validate_weight as validate_weight_value,
};
#[allow(deprecated)]
pub use interval::{
    BootstrapQuantileRow, BootstrapRow, BootstrapSurvival, Censoring, ICFIT_HEADER, InnermostMass,
    IntervalColumns, IntervalData, IntervalDataBuilder, MASSES_HEADER, NpmleConvergence, Turnbull,
    TurnbullBootstrap, TurnbullCurve, TurnbullFit, TurnbullRow, read_interval,
};
#[allow(deprecated)]
pub use km::Survfit;
pub use km::{KaplanMeier, KaplanMeierFit, SURVFIT_HEADER, SurvCurve, SurvRow};
pub use life_table::{Actuarial, LifeTable, LifeTableBand, LifeTableRow};
pub use logrank::{GroupTotals, LOGRANK_DENSE_MAX_GROUPS, LogRank, LogRankTest};
pub use recurrent::{
    MCF_HEADER, Mcf, McfConfType, McfCurve, McfFit, McfRow, RecurrentColumns, RecurrentData,
    RecurrentDataBuilder,
};
pub(crate) use risk::RiskSets;
pub use summary::{AtTime, QuantileRow, RestrictedMean};
