//! The shipped datasets, embedded in the crate: they load with no path.
//!
//! Each function parses one CSV file of `datasets/` (documented in
//! `datasets/README.md`) into typed rows; every row keeps its source, its
//! note and its line in the file. The parse is the same checked parse as
//! for user files, so a function returns `Result` even though the shipped
//! files are tested to parse.
//!
//! Two series are also offered already selected by a documented policy:
//! [`spain_arrivals_total`] and [`avrr_returns_from_morocco`].

use serde::{Deserialize, Serialize};

use crate::data::{
    Breakdown, Candidate, CsvTable, Observation, Panel, SelectionPolicy, SelectionReport,
    YearSeries,
};
use crate::error::{CsvProblem, Error, Location, Result};

mod barone;
pub use barone::{
    SYNTHETIC_BARONE_SEED, SYNTHETIC_BARONE_SOURCE, barone_simulator, matches_barone_summary,
    synthetic_barone_csv,
};

/// File name and text of every shipped CSV, for tools and tests.
pub const FILES: [(&str, &str); 7] = [
    (SPAIN_ARRIVALS.0, SPAIN_ARRIVALS.1),
    (AVRR_RETURNS.0, AVRR_RETURNS.1),
    (BY_ORIGIN.0, BY_ORIGIN.1),
    (BY_HOST.0, BY_HOST.1),
    (INDICATORS.0, INDICATORS.1),
    (ORDERS.0, ORDERS.1),
    (FINDINGS.0, FINDINGS.1),
];

/// File name and text of every shipped SYNTHETIC file (simulated, not
/// data; kept apart from the published files of [`FILES`]).
///
/// # Example
/// ```
/// let (path, text) = return_migration::datasets::SYNTHETIC_FILES[0];
/// assert!(path.contains("synthetic") && text.contains("SYNTHETIC"));
/// ```
pub const SYNTHETIC_FILES: [(&str, &str); 1] = [(SYNTHETIC_BARONE.0, SYNTHETIC_BARONE.1)];

const SYNTHETIC_BARONE: (&str, &str) = (
    "datasets/synthetic_barone_cohort.csv",
    include_str!("../datasets/synthetic_barone_cohort.csv"),
);

const SPAIN_ARRIVALS: (&str, &str) = (
    "datasets/spain_irregular_arrivals.csv",
    include_str!("../datasets/spain_irregular_arrivals.csv"),
);
const AVRR_RETURNS: (&str, &str) = (
    "datasets/avrr_morocco_returns.csv",
    include_str!("../datasets/avrr_morocco_returns.csv"),
);
const BY_ORIGIN: (&str, &str) = (
    "datasets/avrr_morocco_2021_by_origin.csv",
    include_str!("../datasets/avrr_morocco_2021_by_origin.csv"),
);
const BY_HOST: (&str, &str) = (
    "datasets/avrr_morocco_2021_moroccans_by_host.csv",
    include_str!("../datasets/avrr_morocco_2021_moroccans_by_host.csv"),
);
const INDICATORS: (&str, &str) = (
    "datasets/avrr_morocco_2021_indicators.csv",
    include_str!("../datasets/avrr_morocco_2021_indicators.csv"),
);
const ORDERS: (&str, &str) = (
    "datasets/eu_orders_and_returns.csv",
    include_str!("../datasets/eu_orders_and_returns.csv"),
);
const FINDINGS: (&str, &str) = (
    "datasets/remigration_findings.csv",
    include_str!("../datasets/remigration_findings.csv"),
);

/// Rows that carry a source, a value and a line.
trait Sourced {
    fn source(&self) -> &str;
    fn value(&self) -> Option<f64>;
    fn set_line(&mut self, line: u64);
}

macro_rules! sourced {
    ($t:ty, $value:expr) => {
        impl Sourced for $t {
            fn source(&self) -> &str {
                &self.source
            }
            fn value(&self) -> Option<f64> {
                $value(self)
            }
            fn set_line(&mut self, line: u64) {
                self.line = line;
            }
        }
    };
}

fn load<T: Sourced + for<'de> Deserialize<'de>>(file: (&str, &str)) -> Result<Vec<T>> {
    let table = CsvTable::from_text(file.0, file.1)?;
    let rows: Vec<(u64, T)> = table.deserialize(&["source"])?;
    rows.into_iter()
        .map(|(line, mut row)| {
            let at = |column: &str| Location::new(file.0, Some(line), Some(column));
            if row.source().trim().is_empty() {
                return Err(Error::Csv {
                    at: at("source"),
                    problem: CsvProblem::EmptyField,
                });
            }
            if let Some(v) = row.value() {
                if !v.is_finite() {
                    return Err(Error::Csv {
                        at: at("value"),
                        problem: CsvProblem::NotFinite {
                            text: v.to_string(),
                        },
                    });
                }
                if v < 0.0 {
                    return Err(Error::Csv {
                        at: at("value"),
                        problem: CsvProblem::NegativeCount { value: v },
                    });
                }
            }
            row.set_line(line);
            Ok(row)
        })
        .collect()
}

/// A row of `spain_irregular_arrivals.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArrivalRow {
    /// Year of the arrivals.
    pub year: i32,
    /// Route (`total`, `sea_total`, `sea_canary_islands`, ...).
    pub route: String,
    /// `all`, or a national group.
    pub nationality: String,
    /// The value.
    pub value: f64,
    /// `persons` or `percent_of_total`.
    pub unit: String,
    /// `full_year` or a partial period.
    pub period: String,
    /// The release the figure comes from.
    pub vintage: String,
    /// The source.
    pub source: String,
    /// Where it was read.
    pub source_url: String,
    /// Notes.
    pub note: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}
sourced!(ArrivalRow, |r: &ArrivalRow| Some(r.value));

/// A row of `avrr_morocco_returns.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AvrrRow {
    /// Year (empty for multi-year figures).
    pub year: Option<i32>,
    /// Series (`avr_from_morocco`, ...).
    pub series: String,
    /// The value.
    pub value: f64,
    /// Empty, `more_than`, `about`, `rounded` or `average`.
    pub qualifier: String,
    /// Unit.
    pub unit: String,
    /// `full_year`, a partial period or a span.
    pub period: String,
    /// The source.
    pub source: String,
    /// Where it was read.
    pub source_url: String,
    /// Notes.
    pub note: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}
sourced!(AvrrRow, |r: &AvrrRow| Some(r.value));

/// A row of `avrr_morocco_2021_by_origin.csv` or (with `category` = host
/// country) `avrr_morocco_2021_moroccans_by_host.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountrySexRow {
    /// Year.
    pub year: i32,
    /// Country of origin (returns from Morocco) or host country (Moroccan returnees).
    #[serde(alias = "country_of_origin", alias = "host_country")]
    pub country: String,
    /// `F`, `M` or `total`.
    pub sex: String,
    /// Persons.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// Rank in the report's table.
    pub table_rank: String,
    /// The source.
    pub source: String,
    /// Where it was read.
    pub source_url: String,
    /// Notes.
    pub note: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}
sourced!(CountrySexRow, |r: &CountrySexRow| Some(r.value));

/// A row of `avrr_morocco_2021_indicators.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    /// Year.
    pub year: i32,
    /// The report table (`returns_total`, `age_band`, ...).
    pub table: String,
    /// Category; candidates separated by `|` when the mapping is ambiguous.
    pub category: String,
    /// The value.
    pub value: f64,
    /// Empty or `more_than`.
    pub qualifier: String,
    /// Unit.
    pub unit: String,
    /// `text`, `chart_order`, `inferred` or `ambiguous`.
    pub mapping: String,
    /// The source.
    pub source: String,
    /// Where it was read.
    pub source_url: String,
    /// Notes.
    pub note: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}
sourced!(IndicatorRow, |r: &IndicatorRow| Some(r.value));

/// A row of `eu_orders_and_returns.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRow {
    /// Year (empty for multi-year averages).
    pub year: Option<i32>,
    /// `ES`, `EU28`, `EU27_2020`, `EU`.
    pub geo: String,
    /// Indicator (`ordered_to_leave`, `returned_following_order`, ...).
    pub indicator: String,
    /// The value.
    pub value: f64,
    /// Empty, `about`, `rounded` or `average`.
    pub qualifier: String,
    /// Unit.
    pub unit: String,
    /// `full_year`, a quarter, `H1`, ...
    pub period: String,
    /// Eurostat dataset code, when known.
    pub dataset: String,
    /// The source.
    pub source: String,
    /// Where it was read.
    pub source_url: String,
    /// Notes.
    pub note: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}
sourced!(OrderRow, |r: &OrderRow| Some(r.value));

/// A row of `remigration_findings.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    /// Identifier of the finding.
    pub study_id: String,
    /// Who was studied.
    pub population: String,
    /// The study's context.
    pub context: String,
    /// Cohort size, when published.
    pub cohort_size: Option<f64>,
    /// Follow-up.
    pub follow_up: String,
    /// The outcome.
    pub outcome: String,
    /// `actual behaviour` or `intention`.
    pub measure: String,
    /// Count of persons with the outcome, when published.
    pub count: Option<f64>,
    /// Published share in percent, when published.
    pub share_percent: Option<f64>,
    /// The source.
    pub source: String,
    /// Where it was read.
    pub source_url: String,
    /// Notes.
    pub note: String,
    /// Line in the file.
    #[serde(skip)]
    pub line: u64,
}
sourced!(FindingRow, |r: &FindingRow| r.count);

/// Irregular arrivals to Spain: every published figure, each with its
/// route, nationality, period, vintage and source.
///
/// # Example
/// ```
/// let rows = return_migration::datasets::spain_irregular_arrivals().unwrap();
/// assert!(rows.iter().any(|r| r.year == 2018 && r.route == "total" && r.value == 64298.0));
/// ```
pub fn spain_irregular_arrivals() -> Result<Vec<ArrivalRow>> {
    load(SPAIN_ARRIVALS)
}

/// IOM assisted voluntary returns from Morocco and related series.
///
/// # Example
/// ```
/// let rows = return_migration::datasets::avrr_morocco_returns().unwrap();
/// assert!(rows.iter().all(|r| !r.source.is_empty()));
/// ```
pub fn avrr_morocco_returns() -> Result<Vec<AvrrRow>> {
    load(AVRR_RETURNS)
}

/// IOM Morocco 2021: returns by country of origin and sex.
///
/// # Example
/// ```
/// let rows = return_migration::datasets::avrr_2021_by_origin().unwrap();
/// assert!(rows.iter().any(|r| r.country == "GUINEA" && r.sex == "M" && r.value == 537.0));
/// ```
pub fn avrr_2021_by_origin() -> Result<Vec<CountrySexRow>> {
    load(BY_ORIGIN)
}

/// IOM Morocco 2021: Moroccan returnees assisted for reintegration, by host country and sex.
///
/// # Example
/// ```
/// let rows = return_migration::datasets::avrr_2021_moroccans_by_host().unwrap();
/// assert!(rows.iter().any(|r| r.country == "Tunisia" && r.sex == "M" && r.value == 38.0));
/// ```
pub fn avrr_2021_moroccans_by_host() -> Result<Vec<CountrySexRow>> {
    load(BY_HOST)
}

/// IOM Morocco 2021 report indicators (age bands, time in Morocco, assistance, ...).
///
/// # Example
/// ```
/// let rows = return_migration::datasets::avrr_2021_indicators().unwrap();
/// assert!(rows.iter().any(|r| r.table == "returns_total" && r.value == 2377.0));
/// ```
pub fn avrr_2021_indicators() -> Result<Vec<IndicatorRow>> {
    load(INDICATORS)
}

/// EU and Spain: third-country nationals ordered to leave and returned.
///
/// # Example
/// ```
/// let rows = return_migration::datasets::eu_orders_and_returns().unwrap();
/// assert!(rows.iter().any(|r| r.geo == "ES" && r.indicator == "ordered_to_leave"));
/// ```
pub fn eu_orders_and_returns() -> Result<Vec<OrderRow>> {
    load(ORDERS)
}

/// Published re-migration findings (Barone 2023; OECD 2024 intentions).
///
/// # Example
/// ```
/// let rows = return_migration::datasets::remigration_findings().unwrap();
/// let barone = rows.iter().find(|r| r.study_id == "barone2023_remigrated").unwrap();
/// assert_eq!((barone.count, barone.cohort_size), (Some(11.0), Some(65.0)));
/// ```
pub fn remigration_findings() -> Result<Vec<FindingRow>> {
    load(FINDINGS)
}

/// SYNTHETIC returnee records calibrated to Barone's (2023) summary (65
/// followed 2020–2022, 11 re-migrated, one twice): simulated by
/// [`barone_simulator`] with seed
/// [`SYNTHETIC_BARONE_SEED`],
/// for tests, examples and teaching. Not data.
///
/// # Example
/// ```
/// let records = return_migration::datasets::synthetic_barone_cohort().unwrap();
/// assert_eq!(records.len(), 65);
/// assert_eq!(records.iter().filter(|r| !r.events.is_empty()).count(), 11);
/// ```
pub fn synthetic_barone_cohort() -> Result<Vec<crate::cohort::ReturneeRecord>> {
    let table = CsvTable::from_text(SYNTHETIC_BARONE.0, SYNTHETIC_BARONE.1)?;
    let mut records = crate::cohort::records_from_table(&table)?;
    // `source` labels the rows as synthetic (provenance), not a covariate.
    for r in &mut records {
        r.extra.retain(|(name, _)| name != "source");
    }
    Ok(records)
}

/// A series chosen by a policy, with the report of the choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selected {
    /// The chosen series.
    pub series: YearSeries,
    /// What was chosen and set aside, year by year.
    pub report: SelectionReport,
}

/// Arrival candidates (counts of all nationalities) for one route.
///
/// # Example
/// ```
/// let c = return_migration::datasets::spain_arrival_candidates("total").unwrap();
/// assert!(c.iter().any(|c| c.year == 2019 && c.value == 32449.0));
/// ```
pub fn spain_arrival_candidates(route: &str) -> Result<Vec<Candidate>> {
    Ok(arrival_candidates_of(&spain_irregular_arrivals()?, route))
}

/// The candidates of one route among rows already read (the file is
/// parsed once when several routes are needed).
fn arrival_candidates_of(rows: &[ArrivalRow], route: &str) -> Vec<Candidate> {
    rows.iter()
        .filter(|r| r.route == route && r.nationality == "all" && r.unit == "persons")
        .map(|r| Candidate {
            year: r.year,
            value: r.value,
            period: r.period.clone(),
            vintage: r.vintage.clone(),
            source: r.source.clone(),
            note: r.note.clone(),
            line: r.line,
        })
        .collect()
}

/// The default policy for Spanish arrivals: full-year figures only; the
/// Spanish Ministry of the Interior first, then UNHCR; sources of neither
/// set aside; latest release first among equals.
///
/// # Example
/// ```
/// let p = return_migration::datasets::arrivals_policy();
/// assert_eq!(p.source_preference, vec!["Ministerio del Interior", "UNHCR"]);
/// ```
pub fn arrivals_policy() -> SelectionPolicy {
    SelectionPolicy::ranked(
        "Interior, then UNHCR; full year; latest release",
        &["Ministerio del Interior", "UNHCR"],
    )
}

/// One arrival route per year, chosen by a policy.
///
/// # Example
/// ```
/// use return_migration::datasets::{arrivals_policy, spain_arrivals_route};
/// let sea = spain_arrivals_route("sea_total", &arrivals_policy()).unwrap();
/// assert_eq!(sea.series.value(2015), Some(5312.0));
/// ```
pub fn spain_arrivals_route(route: &str, policy: &SelectionPolicy) -> Result<Selected> {
    route_of(&spain_irregular_arrivals()?, route, policy)
}

/// [`spain_arrivals_route`] among rows already read.
fn route_of(rows: &[ArrivalRow], route: &str, policy: &SelectionPolicy) -> Result<Selected> {
    let (series, report) = policy.select(route, "persons", &arrival_candidates_of(rows, route))?;
    Ok(Selected { series, report })
}

/// Total irregular arrivals to Spain per year, by [`arrivals_policy`].
///
/// Where no published total passes the policy but every component of the
/// 2014–2015 partition (sea_total + ceuta_melilla_all_entries) does, the
/// total is derived from them and flagged `derived`; its report lists the
/// components. Other years stay missing.
///
/// # Example
/// ```
/// let arrivals = return_migration::datasets::spain_arrivals_total().unwrap().series;
/// assert_eq!(arrivals.value(2018), Some(64298.0));
/// assert_eq!(arrivals.value(2021), Some(41945.0)); // full year, not the provisional 41,632
/// let y2015 = arrivals.get(2015).unwrap();
/// assert!(y2015.derived);
/// assert_eq!(y2015.value, 5312.0 + 11624.0);
/// ```
pub fn spain_arrivals_total() -> Result<Selected> {
    let policy = arrivals_policy();
    let rows = spain_irregular_arrivals()?;
    let published = route_of(&rows, "total", &policy)?;
    let sea = route_of(&rows, "sea_total", &policy)?.series;
    let ceuta_melilla = route_of(&rows, "ceuta_melilla_all_entries", &policy)?.series;
    let derived = YearSeries::sum_of_components("total", &[&sea, &ceuta_melilla])?;
    let series = published
        .series
        .filled_from(&derived)
        .renamed("irregular_arrivals_spain");
    Ok(Selected {
        series,
        report: published.report,
    })
}

/// Candidates of one series of `avrr_morocco_returns.csv` (rows with a year).
///
/// # Example
/// ```
/// let c = return_migration::datasets::avrr_candidates("avr_from_morocco").unwrap();
/// assert!(c.iter().any(|c| c.year == 2021 && c.value == 2377.0));
/// ```
pub fn avrr_candidates(series: &str) -> Result<Vec<Candidate>> {
    Ok(avrr_morocco_returns()?
        .into_iter()
        .filter(|r| r.series == series)
        .filter_map(|r| {
            Some(Candidate {
                year: r.year?,
                value: r.value,
                period: r.period,
                vintage: String::new(),
                source: r.source,
                note: r.note,
                line: r.line,
            })
        })
        .collect())
}

/// The default policy for AVRR returns from Morocco: full-year figures; IOM's
/// global Return and Reintegration data first ("Key Highlights", and Barone
/// who cites them), then IOM Morocco's own reports, then other IOM
/// documents; the Moroccan ministry's rounded figures are never used.
///
/// # Example
/// ```
/// let p = return_migration::datasets::avrr_policy();
/// assert_eq!(p.source_preference[0], "Key Highlights");
/// ```
pub fn avrr_policy() -> SelectionPolicy {
    SelectionPolicy::ranked(
        "IOM global data, then IOM Morocco, then other IOM documents; full year",
        &[
            "Key Highlights",
            "Barone",
            "IOM Morocco",
            "IOM Regional Office",
            "IOM AVRR document",
        ],
    )
}

/// IOM AVRR departures from Morocco per year, by [`avrr_policy`]
/// (or another policy with [`avrr_returns_from_morocco_with`]).
///
/// # Example
/// ```
/// let returns = return_migration::datasets::avrr_returns_from_morocco().unwrap().series;
/// assert_eq!(returns.value(2021), Some(2372.0)); // IOM global, as cited by Barone
/// assert_eq!(returns.value(2019), None);          // not published in a source found
/// ```
pub fn avrr_returns_from_morocco() -> Result<Selected> {
    avrr_returns_from_morocco_with(&avrr_policy())
}

/// IOM AVRR departures from Morocco per year, chosen by `policy`.
///
/// # Example
/// ```
/// use return_migration::data::SelectionPolicy;
/// use return_migration::datasets::avrr_returns_from_morocco_with;
/// // IOM Morocco's own yearly reports only ("IOM Morocco, <title>")
/// let s = avrr_returns_from_morocco_with(&SelectionPolicy::named_source("IOM Morocco, ")).unwrap();
/// assert_eq!(s.series.value(2021), Some(2377.0));
/// ```
pub fn avrr_returns_from_morocco_with(policy: &SelectionPolicy) -> Result<Selected> {
    let (series, report) = policy.select(
        "avrr_returns_from_morocco",
        "persons",
        &avrr_candidates("avr_from_morocco")?,
    )?;
    Ok(Selected { series, report })
}

/// IOM Morocco 2021: returns by country of origin for one sex (`F`, `M` or
/// `total`), without the report's total row, in the report's order.
///
/// # Example
/// ```
/// let b = return_migration::datasets::avrr_2021_origin_breakdown("total").unwrap();
/// assert_eq!(b.items.len(), 22);
/// assert_eq!(b.total().unwrap().value, 2377.0);
/// ```
pub fn avrr_2021_origin_breakdown(sex: &str) -> Result<Breakdown> {
    let mut b = Breakdown::new("country_of_origin", 2021, "persons");
    for r in avrr_2021_by_origin()? {
        if r.sex == sex && !r.country.eq_ignore_ascii_case("total") {
            let mut o = Observation::new(r.value, &r.source);
            o.note = r.note;
            b.push(&r.country, Some(o))?;
        }
    }
    Ok(b)
}

/// Arrivals by route as a panel (routes × years), each route chosen by `policy`.
///
/// # Example
/// ```
/// use return_migration::datasets::{arrivals_policy, spain_arrivals_by_route};
/// let p = spain_arrivals_by_route(&["sea_total", "land_total"], &arrivals_policy()).unwrap();
/// assert_eq!(p.year_totals().value(2018), Some(64298.0));
/// ```
pub fn spain_arrivals_by_route(routes: &[&str], policy: &SelectionPolicy) -> Result<Panel> {
    let series = routes
        .iter()
        .map(|r| Ok(spain_arrivals_route(r, policy)?.series))
        .collect::<Result<Vec<_>>>()?;
    Panel::from_series(&series)
}
