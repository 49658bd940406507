//! A synthetic cohort calibrated to Barone's (2023) summary: 65 AVRR
//! returnees from Morocco to West and Central Africa followed 2020–2022, of
//! whom 11 re-migrated (all through irregular routes), one of them twice.
//! The cohort is SIMULATED: no individual data were published.

use crate::cohort::{Category, CohortSimulator, Date, ReturneeRecord, write_records_csv};
use crate::datasets;
use crate::error::Result;

/// The seed of the shipped `datasets/synthetic_barone_cohort.csv`: the
/// first seed from 1 up whose cohort matches Barone's counts exactly (see
/// [`matches_barone_summary`]).
///
/// # Example
/// ```
/// assert_eq!(return_migration::datasets::SYNTHETIC_BARONE_SEED, 8);
/// ```
pub const SYNTHETIC_BARONE_SEED: u64 = 8;

/// The `source` written on every row of the synthetic file.
///
/// # Example
/// ```
/// assert!(return_migration::datasets::SYNTHETIC_BARONE_SOURCE.starts_with("SYNTHETIC"));
/// ```
pub const SYNTHETIC_BARONE_SOURCE: &str = "SYNTHETIC, simulated (not data): \
return_migration::cohort::barone_simulator(8).records(), calibrated to \
Barone (2023), COMPAS blog: 65 followed 2020-2022, 11 re-migrated, one twice";

/// Countries of origin in West and Central Africa in IOM Morocco's 2021
/// table of returns by country of origin (`avrr_morocco_2021_by_origin.csv`).
const WEST_CENTRAL_AFRICA: [&str; 17] = [
    "GUINEA",
    "CÔTE D'IVOIRE",
    "SENEGAL",
    "MALI",
    "CAMEROON",
    "NIGERIA",
    "THE DEMOCRATIC REPUBLIC OF THE CONGO",
    "CONGO",
    "GAMBIA",
    "GHANA",
    "BURKINA FASO",
    "GUINEA-BISSAU",
    "LIBERIA",
    "SIERRA LEONE",
    "TOGO",
    "GABON",
    "MAURITANIA",
];

/// The simulator calibrated to Barone's summary:
///
/// - 65 persons, returned in 2019 or 2020 (equal weights, day uniform);
/// - waves on 15 December 2020, 2021 and 2022; everyone seen at every wave
///   after their return (no gap, no dropout: Barone followed all 65);
/// - a constant hazard of −ln(54/65)/3 ≈ 0.0618 per year, so that about 11
///   of 65 re-migrate within three years; every re-migration irregular
///   (Barone: "through the same irregular routes"); the same hazard after
///   a re-migration; half the re-migrations dated, half known only from
///   the wave that reported them;
/// - origins with the weights of the 2021 returns from Morocco to the West
///   and Central African countries of the shipped IOM table; 26% women (the
///   shipped 2021 indicator); ages 19–35 (the band of 1,641 of the 2,377
///   returnees of 2021); assistance `reintegration grant` or `none` half
///   and half (illustrative: not published); no covariate changes the hazard.
///
/// # Example
/// ```
/// use return_migration::datasets::barone_simulator;
/// let sim = barone_simulator(1)?;
/// assert_eq!(sim.persons, 65);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn barone_simulator(seed: u64) -> Result<CohortSimulator> {
    let origins: Vec<(String, f64)> = datasets::avrr_2021_by_origin()?
        .into_iter()
        .filter(|r| r.sex == "total" && WEST_CENTRAL_AFRICA.contains(&r.country.as_str()))
        .map(|r| (r.country, r.value))
        .collect();
    let women = datasets::avrr_2021_indicators()?
        .into_iter()
        .find(|r| r.table == "returns_by_sex_share" && r.category == "women")
        .map_or(26.0, |r| r.value);
    let mut sim = CohortSimulator::new(65, seed)
        .return_years(vec![(2019, 1.0), (2020, 1.0)])
        .hazard_by_year(vec![-(54.0_f64 / 65.0).ln() / 3.0])
        .waves(
            (2020..=2022)
                .map(|y| Date::Day {
                    year: y,
                    month: 12,
                    day: 15,
                })
                .collect(),
        )
        .observation(0.0, 0.0, 0.5);
    sim.origins = origins;
    sim.female_share = women / 100.0;
    sim.age_range = (19.0, 36.0);
    sim.assistance = vec![
        Category::new("reintegration grant", 1.0, 1.0),
        Category::new("none", 1.0, 1.0),
    ];
    Ok(sim)
}

/// True when records match Barone's counts: 65 persons, 11 with at least
/// one observed re-migration, exactly one with two, none with more.
///
/// # Example
/// ```
/// use return_migration::datasets::{barone_simulator, matches_barone_summary, SYNTHETIC_BARONE_SEED};
/// let r = barone_simulator(SYNTHETIC_BARONE_SEED)?.records()?;
/// assert!(matches_barone_summary(&r));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn matches_barone_summary(records: &[ReturneeRecord]) -> bool {
    let with = |k: usize| records.iter().filter(|r| r.events.len() == k).count();
    records.len() == 65
        && records.iter().filter(|r| !r.events.is_empty()).count() == 11
        && with(2) == 1
        && records.iter().all(|r| r.events.len() <= 2)
}

/// The text of `datasets/synthetic_barone_cohort.csv`, regenerated: the
/// calibrated cohort at [`SYNTHETIC_BARONE_SEED`] in the records format,
/// with [`SYNTHETIC_BARONE_SOURCE`] as the `source` of every row.
///
/// # Example
/// ```
/// use return_migration::datasets::synthetic_barone_csv;
/// assert!(synthetic_barone_csv()?.lines().nth(1).unwrap().contains("SYNTHETIC"));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub fn synthetic_barone_csv() -> Result<String> {
    let records = barone_simulator(SYNTHETIC_BARONE_SEED)?.records()?;
    let mut out = Vec::new();
    write_records_csv(&records, Some(SYNTHETIC_BARONE_SOURCE), &mut out)
        .map_err(|e| crate::error::invalid("output", e.to_string()))?;
    String::from_utf8(out).map_err(|e| crate::error::invalid("output", e.to_string()))
}
