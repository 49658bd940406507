//! The seeded cohort simulator: reproducible to the bit (golden values that
//! any platform must reproduce), and simulated cohorts recover their true
//! parameters — the 95% Kaplan–Meier interval at one year covers the truth
//! in 93–97% of 1,000 seeded replications.

use return_migration::cohort::rng::Rng;
use return_migration::cohort::{
    Category, Channel, CohortBuilder, CohortSimulator, CohortSurvival, Date, DiscreteHazard,
    EventTiming, RemigrationProbabilities, Stratify, write_records_csv,
};

fn yearly_waves(from: i32, to: i32) -> Vec<Date> {
    (from..=to).map(|y| Date::ymd(y, 12, 31).unwrap()).collect()
}

#[test]
fn generator_matches_the_reference_c_implementation() {
    // xoshiro256** seeded by four SplitMix64 outputs, as in Vigna's reference
    // C code (xoshiro256starstar.c, splitmix64.c), compiled and run once to
    // get these values.
    let mut r = Rng::new(2023);
    let want: [u64; 5] = [
        0x8E9B_348E_E3A7_6E7D,
        0x9E5A_3B30_5068_383E,
        0x682B_72A6_BD84_EB87,
        0x93AD_FCF0_6599_E718,
        0x649C_F86F_1400_3764,
    ];
    for w in want {
        assert_eq!(r.next_u64(), w);
    }
    let mut r = Rng::new(20261123);
    assert_eq!(r.next_u64(), 0xECB4_F413_4AFA_B71F);
}

fn golden_simulator() -> CohortSimulator {
    let mut s = CohortSimulator::new(400, 42)
        .return_years(vec![(2018, 1.0), (2019, 2.0), (2020, 1.0)])
        .hazard_by_year(vec![0.25, 0.15, 0.1])
        .waves(yearly_waves(2018, 2023))
        .observation(0.1, 0.05, 0.5);
    s.irregular_share = 0.7;
    s.recurrence_ratio = 1.5;
    s.female_hazard_ratio = 0.8;
    s.assistance = vec![
        Category::new("grant", 0.4, 0.7),
        Category::new("none", 0.6, 1.0),
    ];
    s.origins = vec![("GN".into(), 2.0), ("SN".into(), 1.0)];
    s
}

#[test]
fn simulated_cohort_is_identical_across_runs_and_platforms() {
    // Golden values: the same on every platform, because every draw uses
    // IEEE basic operations only (see cohort::rng).
    let sim = golden_simulator();
    let records = sim.records().unwrap();
    let mut csv = Vec::new();
    write_records_csv(&records, None, &mut csv).unwrap();
    // FNV-1a of the CSV text
    let hash = csv.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let events: usize = records.iter().map(|r| r.events.len()).sum();
    let dated = records
        .iter()
        .flat_map(|r| &r.events)
        .filter(|e| matches!(e.timing, EventTiming::Dated(_)))
        .count();
    let legal = records
        .iter()
        .flat_map(|r| &r.events)
        .filter(|e| e.channel == Channel::Legal)
        .count();
    let first = &records[0];
    println!("{hash:#x} {events} {dated} {legal} {first:?}");
    assert_eq!(
        (events, dated, legal),
        (GOLDEN_EVENTS, GOLDEN_DATED, GOLDEN_LEGAL)
    );
    assert_eq!(hash, GOLDEN_HASH);
    // same seed, same panel; the panel is the records' waves
    assert_eq!(sim.panel().unwrap(), sim.panel().unwrap());
    assert_ne!(
        CohortSimulator {
            seed: 43,
            ..sim.clone()
        }
        .records()
        .unwrap(),
        records
    );
}

// Written once on x86_64 Linux; a different platform must give the same.
const GOLDEN_EVENTS: usize = 230;
const GOLDEN_DATED: usize = 108;
const GOLDEN_LEGAL: usize = 64;
const GOLDEN_HASH: u64 = 0x5321_965f_ad8c_8ccc;

#[test]
fn panel_and_wave_only_records_give_the_same_first_event_rows() {
    // with one re-migration at most, a panel cell loses nothing
    let mut sim = golden_simulator().observation(0.1, 0.05, 0.0);
    sim.max_events = 1;
    let from_records = CohortBuilder::new()
        .first_events(&sim.records().unwrap())
        .unwrap();
    let from_panel = CohortBuilder::new()
        .first_events(&sim.panel().unwrap())
        .unwrap();
    assert_eq!(from_records.rows.len(), from_panel.rows.len());
    for (a, b) in from_records.rows.iter().zip(&from_panel.rows) {
        assert_eq!(
            (a.person, a.cohort, a.channel),
            (b.person, b.cohort, b.channel)
        );
        assert!((a.exit - b.exit).abs() < 1e-9 && (a.entry - b.entry).abs() < 1e-9);
    }
    assert_eq!(from_records.report.status, from_panel.report.status);
    assert_eq!(from_records.report.gaps.len(), from_panel.report.gaps.len());
}

/// One replication: n persons, hazard 0.15 per year, yearly waves, 10% dropout.
fn km_at_one_year_covers(seed: u64, n: usize, truth: f64) -> bool {
    let sim = CohortSimulator::new(n, seed)
        .hazard_by_year(vec![0.15])
        .waves(yearly_waves(2020, 2023))
        .observation(0.0, 0.1, 1.0);
    let built = CohortBuilder::new()
        .first_events(&sim.records().unwrap())
        .unwrap();
    let fit = CohortSurvival::new(Stratify::Pooled).fit(&built).unwrap();
    let at = &fit.curves[0].at_times(&[1.0]).unwrap()[0];
    at.lower.unwrap() <= truth && truth <= at.upper.unwrap()
}

#[test]
fn kaplan_meier_interval_at_one_year_covers_the_truth_in_93_to_97_percent() {
    let truth = CohortSimulator::new(1, 0)
        .hazard_by_year(vec![0.15])
        .true_survival(1.0);
    assert!((truth - (-0.15f64).exp()).abs() < 1e-15);
    let reps = 1000;
    let covered = (0..reps)
        .filter(|&r| km_at_one_year_covers(1_000 + r, 300, truth))
        .count();
    let rate = covered as f64 / reps as f64;
    println!("coverage {rate}");
    assert!((0.93..=0.97).contains(&rate), "coverage {rate}");
}

#[test]
#[ignore = "larger version of the coverage study (n = 2,000 per replication); run with --release -- --ignored"]
fn kaplan_meier_coverage_large_cohorts() {
    let truth = CohortSimulator::new(1, 0)
        .hazard_by_year(vec![0.15])
        .true_survival(1.0);
    let covered = (0..1000)
        .filter(|&r| km_at_one_year_covers(50_000 + r, 2_000, truth))
        .count();
    let rate = covered as f64 / 1000.0;
    println!("coverage {rate}");
    assert!((0.93..=0.97).contains(&rate), "coverage {rate}");
}

#[test]
fn a_large_cohort_recovers_survival_by_year_and_the_channel_split() {
    let mut sim = golden_simulator().observation(0.0, 0.0, 1.0);
    sim.persons = 20_000;
    sim.recurrence_ratio = 1.0;
    let built = CohortBuilder::new()
        .first_events(&sim.records().unwrap())
        .unwrap();
    let table = RemigrationProbabilities::new(Stratify::Pooled, &[1.0, 2.0, 3.0])
        .fit(&built)
        .unwrap();
    for row in &table.rows {
        let truth = 1.0 - sim.true_survival(row.years);
        let se = row.std_err.unwrap();
        assert!(
            (row.probability - truth).abs() < 3.5 * se,
            "{row:?} truth {truth}"
        );
    }
    // share of irregular among first re-migrations: 0.7
    let events: Vec<_> = built.rows.iter().filter(|r| r.event()).collect();
    let irregular = events
        .iter()
        .filter(|r| r.channel == Some(Channel::Irregular))
        .count() as f64;
    let share = irregular / events.len() as f64;
    let se = (0.7 * 0.3 / events.len() as f64).sqrt();
    assert!((share - 0.7).abs() < 3.5 * se, "{share}");
}

#[test]
fn simulator_rejects_impossible_parameters() {
    assert!(
        CohortSimulator::new(5, 1)
            .hazard_by_year(vec![-0.1])
            .records()
            .is_err()
    );
    assert!(
        CohortSimulator::new(5, 1)
            .observation(1.5, 0.0, 1.0)
            .records()
            .is_err()
    );
    assert!(
        CohortSimulator::new(5, 1)
            .waves(vec![Date::Year(2022), Date::Year(2021)])
            .panel()
            .is_err()
    );
    assert!(
        CohortSimulator::new(5, 1)
            .return_years(vec![(2020, 0.0)])
            .records()
            .is_err()
    );
}

#[test]
fn discrete_time_hazards_recover_the_yearly_hazards() {
    // hazard λ_k in year k since return: P(re-migrate in year k | not before) = 1 − e^(−λ_k)
    let rates = [0.2_f64, 0.1, 0.05];
    let sim = CohortSimulator::new(20_000, 7)
        .hazard_by_year(rates.to_vec())
        .waves(yearly_waves(2020, 2024))
        .observation(0.0, 0.05, 1.0);
    let built = CohortBuilder::new()
        .person_periods(&sim.records().unwrap())
        .unwrap();
    assert_eq!(built.report.accounted(), 20_000);
    let fit = DiscreteHazard::new().fit(&built.rows).unwrap();
    for (k, &rate) in rates.iter().enumerate() {
        let h = &fit.periods[k];
        let truth = 1.0 - (-rate).exp();
        assert_eq!(h.period as usize, k + 1);
        assert!(
            (h.hazard - truth).abs() < 3.5 * h.std_err,
            "{h:?} truth {truth}"
        );
    }
}

/// The last row of a step function at or before `t`.
fn step_at<R>(rows: &[R], time: impl Fn(&R) -> f64, t: f64) -> Option<&R> {
    rows.iter().take_while(|r| time(r) <= t).last()
}

#[test]
fn a_large_cohort_recovers_cumulative_incidence_by_channel_and_the_mean_number_of_remigrations() {
    use return_migration::cohort::{ChannelIncidence, MeanRemigrations};
    // Dated events, no missed waves or dropout; recurrence ratio 1, so the
    // true mean number of re-migrations is known exactly.
    let mut sim = golden_simulator().observation(0.0, 0.0, 1.0);
    sim.persons = 20_000;
    sim.recurrence_ratio = 1.0;
    let records = sim.records().unwrap();
    let builder = CohortBuilder::new();

    let first = builder.first_events(&records).unwrap();
    let cif = ChannelIncidence::new(Stratify::Pooled).fit(&first).unwrap();
    for (cause, channel) in [(1, Channel::Irregular), (2, Channel::Legal)] {
        let rows = &cif.cif("", cause).unwrap().rows;
        for t in [1.0, 2.0, 3.0] {
            let row = step_at(rows, |r| r.time, t).unwrap();
            let truth = sim.true_cumulative_incidence(channel, t);
            assert!(
                (row.estimate - truth).abs() < 3.5 * row.std_err,
                "cause {cause} at {t}: {} vs truth {truth} (se {})",
                row.estimate,
                row.std_err
            );
        }
    }

    let recurrent = builder.recurrent(&records).unwrap();
    let mcf = MeanRemigrations::new(Stratify::Pooled)
        .fit(&recurrent)
        .unwrap();
    let rows = &mcf.curves[0].rows;
    for t in [1.0, 2.0, 3.0] {
        let row = step_at(rows, |r| r.time, t).unwrap();
        let truth = sim.true_mean_remigrations(t).unwrap();
        assert!(
            (row.mcf - truth).abs() < 3.5 * row.se_robust,
            "MCF at {t}: {} vs truth {truth} (se {})",
            row.mcf,
            row.se_robust
        );
        // re-migrations recur, so the robust se is at least the naive one here
        assert!(row.se_robust >= row.se_naive * 0.9, "{row:?}");
    }
}
