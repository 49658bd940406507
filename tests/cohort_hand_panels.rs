//! Small hand-built cohorts with answers derived by hand: late entry, a gap
//! between waves, two re-migrations, a re-migration seen only at the next
//! wave, dropout, truncation and rejections. Rows, reports and
//! Kaplan–Meier results must be exactly as derived in the comments.
//!
//! Dates known only to the year sit at mid-year (2020 → 2020.5), so the
//! waves 2021, 2022, 2023 of a person who returned in 2020 are at 1, 2 and 3
//! years since return.

use return_migration::cohort::{
    Channel, CohortBuilder, CohortSurvival, CountingRow, Date, GroupBy, IntervalRule,
    PersonPeriodRow, RecordStatus, RejectReason, RemigrationProbabilities, ReturneeRecord,
    SpellRow, Stratify, TimeScale, WavePanel, WaveStatus,
};

fn y(year: i32) -> Date {
    Date::Year(year)
}

const IRR: Option<Channel> = Some(Channel::Irregular);
const LEGAL: Option<Channel> = Some(Channel::Legal);

/// Nine returnees, waves 2021–2023.
fn records() -> Vec<ReturneeRecord> {
    let all = [y(2021), y(2022), y(2023)];
    vec![
        // A: seen at every wave, never re-migrated: censored at 3
        ReturneeRecord::new("A", y(2020)).seen_at(&all),
        // B: returned 2018, observed from 2020 (entry at 2), re-migrated in 2022 (dated to the year: 2022.5, so 4.0)
        ReturneeRecord::new("B", y(2018))
            .observed_from(y(2020))
            .seen_at(&all)
            .remigrated_on(y(2022), Channel::Irregular),
        // C: missed 2022 (a gap); reported a legal re-migration in 2023: in (1, 3]
        ReturneeRecord::new("C", y(2020))
            .seen_at(&[y(2021), y(2023)])
            .remigrated_seen_at(y(2023), Channel::Legal),
        // D: two re-migrations: dated 1 Jan 2021 (0.5), and one reported in 2023: in (2, 3]
        ReturneeRecord::new("D", y(2020))
            .seen_at(&all)
            .remigrated_seen_at(y(2023), Channel::Irregular)
            .remigrated_on(Date::ymd(2021, 1, 1).unwrap(), Channel::Irregular),
        // E: re-migration seen only at the next wave, 2022: in (1, 2]; not seen in 2023
        ReturneeRecord::new("E", y(2020))
            .seen_at(&[y(2021), y(2022)])
            .remigrated_seen_at(y(2022), Channel::Irregular),
        // F: dropout after the first wave: censored at 1
        ReturneeRecord::new("F", y(2020)).seen_at(&[y(2021)]),
        // G: seen in 2019, before the return in 2020: rejected
        ReturneeRecord::new("G", y(2020)).seen_at(&[y(2019), y(2021)]),
        // H: observed from 2020 but re-migrated in 2019: truncated (first-event builds)
        ReturneeRecord::new("H", y(2018))
            .observed_from(y(2020))
            .seen_at(&[y(2021)])
            .remigrated_on(y(2019), Channel::Irregular),
        // I: never seen after the return: rejected
        ReturneeRecord::new("I", y(2020)),
    ]
}

fn spell(person: u32, cohort: i32, entry: f64, exit: f64, channel: Option<Channel>) -> SpellRow {
    SpellRow {
        person,
        cohort,
        group: 0,
        entry,
        exit,
        channel,
    }
}

#[test]
fn first_event_rows_and_report() {
    let built = CohortBuilder::new().first_events(&records()).unwrap();
    assert_eq!(
        built.rows,
        vec![
            spell(0, 2020, 0.0, 3.0, None),
            spell(1, 2018, 2.0, 4.0, IRR),
            spell(2, 2020, 0.0, 2.0, LEGAL),
            spell(3, 2020, 0.0, 0.5, IRR),
            spell(4, 2020, 0.0, 1.5, IRR),
            spell(5, 2020, 0.0, 1.0, None),
        ]
    );
    // the intervals of C (row 2) and E (row 4); D's first re-migration is dated
    let iv: Vec<(usize, f64, f64)> = built
        .intervals
        .iter()
        .map(|i| (i.row, i.lower, i.upper))
        .collect();
    assert_eq!(iv, vec![(2, 1.0, 3.0), (4, 1.0, 2.0)]);

    let r = &built.report;
    use RecordStatus::*;
    assert_eq!(
        r.status,
        vec![
            Censored, Event, Event, Event, Event, Censored, Rejected, Truncated, Rejected
        ]
    );
    assert_eq!(r.accounted(), 9);
    assert_eq!(r.input, 9);
    let reasons: Vec<(usize, RejectReason)> =
        r.rejections.iter().map(|x| (x.person, x.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            (6, RejectReason::WaveBeforeReturn),
            (8, RejectReason::NoObservationAfterEntry)
        ]
    );
    assert_eq!(r.rejections[0].id, "G");
    assert_eq!(r.delayed_entry, 1); // B (H is truncated, not used)
    assert_eq!(r.dropouts, 2); // E and F, last seen before 2023
    assert_eq!(r.events_after_entry, 5); // B 1, C 1, D 2, E 1
    assert_eq!(r.interval_censored_events, 3); // C, D's second, E
    assert_eq!(r.events_before_entry, 1); // H
    assert_eq!(r.gaps.len(), 1);
    let g = &r.gaps[0];
    assert_eq!(
        (g.person, g.after, g.before, g.missed),
        (2, 2021.5, 2023.5, 1)
    );
    let text = r.to_string();
    assert!(text.contains("seen in a wave before the return"), "{text}");
}

#[test]
fn kaplan_meier_of_the_hand_cohort() {
    // exits: D 0.5 event, F 1 cens, E 1.5 event, C 2 event, A 3 cens, B (2, 4] event.
    // t = 0.5: at risk A C D E F (B enters at 2) = 5      → S = 4/5
    // t = 1.5: at risk A C E = 3                           → S = 4/5 · 2/3 = 8/15
    // t = 2:   at risk A C (B entering at 2 is not yet)    → S = 8/15 · 1/2 = 4/15
    // t = 3:   A censored, B at risk; t = 4: B, alone      → S = 0
    let built = CohortBuilder::new().first_events(&records()).unwrap();
    let fit = CohortSurvival::new(Stratify::Pooled).fit(&built).unwrap();
    let rows = &fit.curves[0].rows;
    let got: Vec<(f64, f64, f64)> = rows
        .iter()
        .map(|r| (r.time, r.n_risk, r.survival))
        .collect();
    let want = [
        (0.5, 5.0, 4.0 / 5.0),
        (1.0, 4.0, 4.0 / 5.0),
        (1.5, 3.0, 8.0 / 15.0),
        (2.0, 2.0, 4.0 / 15.0),
        (3.0, 2.0, 4.0 / 15.0),
        (4.0, 1.0, 0.0),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1), (w.0, w.1));
        assert!((g.2 - w.2).abs() < 1e-15, "{g:?} vs {w:?}");
    }
    let t = RemigrationProbabilities::new(Stratify::Pooled, &[1.0, 2.0, 3.0])
        .fit(&built)
        .unwrap();
    let p: Vec<f64> = t.rows.iter().map(|r| r.probability).collect();
    for (g, w) in p.iter().zip([1.0 / 5.0, 11.0 / 15.0, 11.0 / 15.0]) {
        assert!((g - w).abs() < 1e-15, "{p:?}");
    }
    assert_eq!(t.rows[0].persons, 6.0);
    assert_eq!(t.rows[1].remigrated, 3.0); // D, E, C by year 2
    // by cohort: 2018 is B alone, 2020 the other five
    let fit = CohortSurvival::new(Stratify::Cohort).fit(&built).unwrap();
    let labels: Vec<&str> = fit.curves.iter().map(|c| c.group.as_str()).collect();
    assert_eq!(labels, vec!["2018", "2020"]);
    assert_eq!(fit.curves[0].rows.len(), 1);
    assert_eq!(
        (fit.curves[0].rows[0].time, fit.curves[0].rows[0].survival),
        (4.0, 0.0)
    );
}

fn counting(
    person: u32,
    start: f64,
    stop: f64,
    channel: Option<Channel>,
    episode: u32,
) -> CountingRow {
    let cohort = if person == 1 || person == 7 {
        2018
    } else {
        2020
    };
    CountingRow {
        person,
        cohort,
        group: 0,
        start,
        stop,
        channel,
        episode,
    }
}

#[test]
fn recurrent_rows_keep_both_remigrations_and_the_truncated_persons_later_time() {
    let built = CohortBuilder::new().recurrent(&records()).unwrap();
    assert_eq!(
        built.rows,
        vec![
            counting(0, 0.0, 3.0, None, 1),
            counting(1, 2.0, 4.0, IRR, 1),
            counting(1, 4.0, 5.0, None, 2),
            counting(2, 0.0, 2.0, LEGAL, 1),
            counting(2, 2.0, 3.0, None, 2),
            counting(3, 0.0, 0.5, IRR, 1),
            counting(3, 0.5, 2.5, IRR, 2),
            counting(3, 2.5, 3.0, None, 3),
            counting(4, 0.0, 1.5, IRR, 1),
            counting(4, 1.5, 2.0, None, 2),
            counting(5, 0.0, 1.0, None, 1),
            // H: re-migrated before entry (episode 1), observed (2, 3] without another
            counting(7, 2.0, 3.0, None, 2),
        ]
    );
    let iv: Vec<(usize, f64, f64)> = built
        .intervals
        .iter()
        .map(|i| (i.row, i.lower, i.upper))
        .collect();
    assert_eq!(iv, vec![(3, 1.0, 3.0), (6, 2.0, 3.0), (8, 1.0, 2.0)]);
    use RecordStatus::*;
    assert_eq!(
        built.report.status,
        vec![
            Censored, Event, Event, Event, Event, Censored, Rejected, Censored, Rejected
        ]
    );
    let v = built.recurrent_vectors(Stratify::Pooled).unwrap();
    assert_eq!(v.event.iter().sum::<i64>(), 5); // B 1, C 1, D 2, E 1
    assert_eq!(v.cause.iter().filter(|&&c| c == 2).count(), 1);
}

#[test]
fn right_end_rule_places_wave_only_remigrations_at_the_wave() {
    let b = CohortBuilder::new().interval_rule(IntervalRule::RightEnd);
    let first = b.first_events(&records()).unwrap();
    let exits: Vec<f64> = first.rows.iter().map(|r| r.exit).collect();
    assert_eq!(exits, vec![3.0, 4.0, 3.0, 0.5, 2.0, 1.0]);
    let rec = b.recurrent(&records()).unwrap();
    // D: (0, 0.5], (0.5, 3] ending at its last wave: no trailing censored row
    let d: Vec<(f64, f64, u8)> = rec
        .rows
        .iter()
        .filter(|r| r.person == 3)
        .map(|r| (r.start, r.stop, r.cause()))
        .collect();
    assert_eq!(d, vec![(0.0, 0.5, 1), (0.5, 3.0, 1)]);
}

#[test]
fn person_period_rows() {
    // A: 1 2 3 · B: enters at 2, so periods 3 and 4 (event at 4.0 in (3, 4])
    // C: event at 2 (midpoint of (1, 3]) in period 2 · D: 0.5 in period 1
    // E: 1.5 in period 2 · F: censored at 1, period 1 complete
    let built = CohortBuilder::new().person_periods(&records()).unwrap();
    let got: Vec<(u32, u32, u8)> = built
        .rows
        .iter()
        .map(|r: &PersonPeriodRow| (r.person, r.period, r.channel.map_or(0, Channel::code)))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 1, 0),
            (0, 2, 0),
            (0, 3, 0),
            (1, 3, 0),
            (1, 4, 1),
            (2, 1, 0),
            (2, 2, 2),
            (3, 1, 1),
            (4, 1, 0),
            (4, 2, 1),
            (5, 1, 0),
        ]
    );
    assert_eq!(built.report.used_without_rows, 0);
    assert_eq!(built.report.accounted(), 9);
    // half-year periods: F (censored at 1) gives periods 1 and 2, D (0.5) period 1 with the event
    let half = CohortBuilder::new()
        .period_length(0.5)
        .person_periods(&records())
        .unwrap();
    let f: Vec<u32> = half
        .rows
        .iter()
        .filter(|r| r.person == 5)
        .map(|r| r.period)
        .collect();
    assert_eq!(f, vec![1, 2]);
    assert!(
        CohortBuilder::new()
            .time_scale(TimeScale::Calendar)
            .person_periods(&records())
            .is_err()
    );
}

#[test]
fn calendar_and_age_scales() {
    let cal = CohortBuilder::new()
        .time_scale(TimeScale::Calendar)
        .first_events(&records())
        .unwrap();
    assert_eq!((cal.rows[1].entry, cal.rows[1].exit), (2020.5, 2022.5)); // B
    assert_eq!((cal.rows[0].entry, cal.rows[0].exit), (2020.5, 2023.5)); // A
    // age: only records with an age are used; the others are rejected with the reason
    let mut recs = records();
    recs[0].age_at_return = Some(30.0);
    recs[4].age_at_return = Some(24.5);
    let age = CohortBuilder::new()
        .time_scale(TimeScale::Age)
        .first_events(&recs)
        .unwrap();
    assert_eq!(
        age.rows,
        vec![
            spell(0, 2020, 30.0, 33.0, None),
            spell(4, 2020, 24.5, 26.0, IRR)
        ]
    );
    let missing = age.report.rejected_by_reason();
    assert!(
        missing.contains(&(RejectReason::MissingAge, 5)),
        "{missing:?}"
    );
    assert_eq!(age.report.accounted(), 9);
}

#[test]
fn groups_and_strata_labels() {
    let mut recs = records();
    for (i, r) in recs.iter_mut().enumerate() {
        r.assistance = if i % 2 == 0 {
            "grant".into()
        } else {
            "none".into()
        };
    }
    let built = CohortBuilder::new()
        .group_by(GroupBy::Assistance)
        .first_events(&recs)
        .unwrap();
    assert_eq!(
        built.group_labels,
        vec!["grant".to_string(), "none".to_string()]
    );
    let v = built.survival_vectors(Stratify::CohortGroup).unwrap();
    assert_eq!(
        v.strata.labels,
        vec!["2018/none", "2020/grant", "2020/none"]
    );
    assert_eq!(v.strata.codes, vec![1, 0, 1, 2, 1, 2]);
    assert_eq!(v.entry, Some(vec![0.0, 2.0, 0.0, 0.0, 0.0, 0.0]));
    let c = built.competing_vectors(Stratify::Pooled).unwrap();
    assert_eq!(c.cause, vec![0, 1, 2, 1, 1, 0]);
    assert_eq!(c.strata.labels, vec![""]);
}

#[test]
fn two_remigrations_reported_at_the_same_wave_share_the_interval() {
    // (1, 2] cut in two halves: midpoints 1.25 and 1.75; right ends 1.5 and 2
    let r = vec![
        ReturneeRecord::new("A", y(2020))
            .seen_at(&[y(2021), y(2022)])
            .remigrated_seen_at(y(2022), Channel::Irregular)
            .remigrated_seen_at(y(2022), Channel::Legal),
    ];
    let mid = CohortBuilder::new().recurrent(&r).unwrap();
    let spans: Vec<(f64, f64, u8)> = mid
        .rows
        .iter()
        .map(|r| (r.start, r.stop, r.cause()))
        .collect();
    assert_eq!(spans, vec![(0.0, 1.25, 1), (1.25, 1.75, 2), (1.75, 2.0, 0)]);
    let right = CohortBuilder::new()
        .interval_rule(IntervalRule::RightEnd)
        .recurrent(&r)
        .unwrap();
    let spans: Vec<(f64, f64, u8)> = right
        .rows
        .iter()
        .map(|r| (r.start, r.stop, r.cause()))
        .collect();
    assert_eq!(spans, vec![(0.0, 1.5, 1), (1.5, 2.0, 2)]);
}

#[test]
fn every_rejection_reason_is_reported_with_its_record() {
    let d = |y, m, d| Date::ymd(y, m, d).unwrap();
    let recs = vec![
        ReturneeRecord::new("ok", y(2020)).seen_at(&[y(2021)]),
        ReturneeRecord::new("ok", y(2020)).seen_at(&[y(2021)]), // duplicate id
        ReturneeRecord::new("start", y(2020))
            .observed_from(y(2019))
            .seen_at(&[y(2021)]),
        ReturneeRecord::new("dupwave", y(2020)).seen_at(&[y(2021), y(2021)]),
        ReturneeRecord::new("end", y(2020))
            .seen_at(&[y(2022)])
            .observed_until(y(2021)),
        ReturneeRecord::new("before", y(2020))
            .seen_at(&[y(2021)])
            .remigrated_on(d(2020, 1, 1), Channel::Legal),
        ReturneeRecord::new("after", y(2020))
            .seen_at(&[y(2021)])
            .remigrated_on(y(2022), Channel::Legal),
        ReturneeRecord::new("unseen", y(2020))
            .seen_at(&[y(2021)])
            .remigrated_seen_at(y(2022), Channel::Legal),
        ReturneeRecord::new("same", y(2020))
            .seen_at(&[y(2022)])
            .remigrated_on(y(2021), Channel::Legal)
            .remigrated_on(y(2021), Channel::Irregular),
        ReturneeRecord::new("admin", d(2020, 3, 1)).observed_until(d(2023, 3, 1)),
    ];
    let built = CohortBuilder::new().first_events(&recs).unwrap();
    let got: Vec<(String, RejectReason)> = built
        .report
        .rejections
        .iter()
        .map(|r| (r.id.clone(), r.reason))
        .collect();
    use RejectReason::*;
    let want = [
        ("ok", DuplicateId),
        ("start", FollowUpStartsBeforeReturn),
        ("dupwave", DuplicateWave),
        ("end", WaveAfterEndOfFollowUp),
        ("before", EventNotAfterReturn),
        ("after", EventAfterEndOfFollowUp),
        ("unseen", EventAtUnseenWave),
        ("same", CoincidentEvents),
    ];
    assert_eq!(got, want.map(|(i, r)| (i.to_string(), r)).to_vec());
    assert_eq!(built.report.rejections[0].person, 1);
    // administrative record: no waves, observed to a stated end: censored at 3 years (to the day)
    let admin = built.rows.last().unwrap();
    assert_eq!(admin.person, 9);
    assert!((admin.exit - 3.0).abs() < 0.01 && admin.channel.is_none());
    assert_eq!(built.report.accounted(), recs.len());
}

#[test]
fn wave_panel_gives_the_same_rows_as_equivalent_records() {
    use WaveStatus::*;
    // persons as A, C, E, F above (waves 2021.5, 2022.5, 2023.5; returns 2020.5),
    // plus one returned in 2022.5: not seen in 2021 (before its return), legal in 2023
    let codes = |row: [WaveStatus; 3]| row.map(|s| s as u8);
    let status = ndarray::arr2(&[
        codes([AtHome, AtHome, AtHome]),
        codes([AtHome, NotSeen, Legal]),
        codes([AtHome, Irregular, NotSeen]),
        codes([AtHome, NotSeen, NotSeen]),
        codes([NotSeen, AtHome, Legal]),
    ]);
    let panel = WavePanel::new(
        vec![2021.5, 2022.5, 2023.5],
        status,
        vec![2020.5, 2020.5, 2020.5, 2020.5, 2022.5],
    )
    .unwrap();
    let built = CohortBuilder::new().first_events(&panel).unwrap();
    assert_eq!(
        built.rows,
        vec![
            spell(0, 2020, 0.0, 3.0, None),
            spell(1, 2020, 0.0, 2.0, LEGAL),
            spell(2, 2020, 0.0, 1.5, IRR),
            spell(3, 2020, 0.0, 1.0, None),
            spell(4, 2022, 0.0, 0.5, LEGAL),
        ]
    );
    let r = &built.report;
    assert_eq!(r.gaps.len(), 1); // person 1 missed 2022.5
    assert_eq!(r.dropouts, 2); // persons 2 and 3
    assert_eq!(r.accounted(), 5);
    // a person seen before the return is rejected, not dropped
    let bad = WavePanel::new(vec![2021.5], ndarray::arr2(&[[1_u8]]), vec![2022.5]).unwrap();
    let b = CohortBuilder::new().first_events(&bad).unwrap();
    assert_eq!(
        b.report.rejections[0].reason,
        RejectReason::WaveBeforeReturn
    );
    assert_eq!(b.report.rejections[0].id, "panel row 1 (counting from 1)");
    // panels carry their own groups: a records option is an error, not ignored
    assert!(
        CohortBuilder::new()
            .group_by(GroupBy::Sex)
            .first_events(&panel)
            .is_err()
    );
}

#[test]
fn delayed_entry_in_a_panel() {
    // returned 2018.5, observed from 2020.5 (entry 2), seen 2021.5 (3) and 2022.5 (irregular: in (3, 4])
    let panel = WavePanel::new(
        vec![2021.5, 2022.5],
        ndarray::arr2(&[[1_u8, 2]]),
        vec![2018.5],
    )
    .unwrap()
    .with_entry(vec![2020.5])
    .unwrap();
    let built = CohortBuilder::new().first_events(&panel).unwrap();
    assert_eq!(built.rows, vec![spell(0, 2018, 2.0, 3.5, IRR)]);
    assert_eq!(built.report.delayed_entry, 1);
    let iv = built.intervals[0];
    assert_eq!((iv.lower, iv.upper), (3.0, 4.0));
}

#[test]
fn an_impossible_age_is_rejected_on_the_age_scale() {
    let mut r = vec![ReturneeRecord::new("A", y(2020)).seen_at(&[y(2021)])];
    r[0].age_at_return = Some(f64::NAN);
    let built = CohortBuilder::new()
        .time_scale(TimeScale::Age)
        .first_events(&r)
        .unwrap();
    assert_eq!(built.report.rejections[0].reason, RejectReason::MissingAge);
    assert!(built.report.rejections[0].detail.contains("NaN"));
}

#[test]
fn wave_panel_to_interval_data_without_imputation() {
    use WaveStatus::*;
    use return_migration::survival::{Censoring, Turnbull};
    // Waves 1, 2, 3 years after a return at 0: at home throughout
    // (censored at 3); legal seen at wave 3 after a missed wave 2 (in (1, 3]);
    // irregular seen at wave 2 (in (1, 2]); dropped out after wave 1
    // (censored at 1); irregular already at wave 1 (in (0, 1]).
    let codes = |row: [WaveStatus; 3]| row.map(|s| s as u8);
    let status = ndarray::arr2(&[
        codes([AtHome, AtHome, AtHome]),
        codes([AtHome, NotSeen, Legal]),
        codes([AtHome, Irregular, NotSeen]),
        codes([AtHome, NotSeen, NotSeen]),
        codes([Irregular, NotSeen, NotSeen]),
    ]);
    let panel = WavePanel::new(vec![1.0, 2.0, 3.0], status, vec![0.0; 5]).unwrap();
    let built = CohortBuilder::new().first_events(&panel).unwrap();
    let d = built.interval_data().unwrap();
    let inf = f64::INFINITY;
    assert_eq!(d.left(), &[3.0, 1.0, 1.0, 1.0, 0.0]);
    assert_eq!(d.right(), &[inf, 3.0, 2.0, inf, 1.0]);
    assert_eq!(d.censoring(4), Censoring::Left);
    // NPMLE by hand: innermost intervals (0,1], (1,2], (3,∞) with masses
    // p1, p2, p3; the likelihood is p3 · p2 · p2 · (p2 + p3) · p1. The
    // Kuhn–Tucker equations (gradient = 5 on every mass) give p1 = 1/5,
    // 2/p2 + 1/(4/5) = 5 → p2 = 8/15, p3 = 4/15.
    let fit = Turnbull::new().fit(&d).unwrap();
    let got: Vec<(f64, f64)> = fit.curves[0]
        .rows
        .iter()
        .map(|r| (r.time, r.survival))
        .collect();
    let want = [(0.0, 1.0), (1.0, 0.8), (2.0, 4.0 / 15.0), (3.0, 4.0 / 15.0)];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(g.0 == w.0 && (g.1 - w.1).abs() < 1e-12, "{got:?}");
    }
    // Delayed entry is refused, not ignored.
    let late = WavePanel::new(vec![2.0, 3.0], ndarray::arr2(&[[1_u8, 2]]), vec![0.0])
        .unwrap()
        .with_entry(vec![1.0])
        .unwrap();
    let err = CohortBuilder::new()
        .first_events(&late)
        .unwrap()
        .interval_data()
        .unwrap_err();
    assert!(err.to_string().contains("delayed entry"), "{err}");
}
