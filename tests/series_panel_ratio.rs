//! Year series, panels, effectiveness ratios and the stock-flow ledger, on
//! the shipped series and on small hand-computed examples, plus properties.

use std::collections::BTreeMap;

use proptest::prelude::*;
use return_migration::data::{Observation, Panel, YearSeries};
use return_migration::datasets::{avrr_returns_from_morocco, spain_arrivals_total};
use return_migration::error::Error;
use return_migration::flow::StockFlowLedger;
use return_migration::ratio::{EffectivenessRatio, poisson_ratio_interval};

fn ys(name: &str, values: &[(i32, f64)]) -> YearSeries {
    YearSeries::from_values(name, "persons", values).unwrap()
}

fn obs(value: f64, source: &str, derived: bool) -> Observation {
    Observation {
        value,
        source: source.to_string(),
        note: String::new(),
        derived,
    }
}

// ---------------------------------------------------------------- YearSeries windows

#[test]
fn shipped_returns_window_2015_2019() {
    let returns = avrr_returns_from_morocco().unwrap().series;
    let w = returns.window(2015, 2019).unwrap();
    assert_eq!((w.from, w.to), (2015, 2019));
    assert_eq!(w.years_used, vec![2015, 2016, 2017, 2018]);
    assert_eq!(w.years_missing, vec![2019]);
    assert_eq!(w.total, 1399.0 + 1269.0 + 1733.0 + 1508.0);
    assert_eq!(w.total, 5909.0);
    assert_eq!(w.mean, Some(1477.25));
}

#[test]
fn shipped_returns_window_2015_2021() {
    let returns = avrr_returns_from_morocco().unwrap().series;
    let w = returns.window(2015, 2021).unwrap();
    assert_eq!(w.years_used, vec![2015, 2016, 2017, 2018, 2021]);
    assert_eq!(w.years_missing, vec![2019, 2020]);
    assert_eq!(w.total, 8281.0);
    assert_eq!(w.mean, Some(8281.0 / 5.0));
}

#[test]
fn window_with_no_value_has_no_mean_and_reversed_window_is_an_error() {
    let returns = avrr_returns_from_morocco().unwrap().series;
    let w = returns.window(2019, 2020).unwrap();
    assert_eq!((w.total, w.mean), (0.0, None));
    assert_eq!(w.years_used, Vec::<i32>::new());
    assert_eq!(w.years_missing, vec![2019, 2020]);
    assert_eq!(
        returns.window(2019, 2015).unwrap_err(),
        Error::InvalidArgument {
            what: "years".into(),
            reason: "first year 2019 is after last year 2015".into()
        }
    );
}

#[test]
fn require_names_the_series_and_year() {
    let returns = avrr_returns_from_morocco().unwrap().series;
    assert_eq!(returns.require(2018).unwrap(), 1508.0);
    let err = returns.require(2019).unwrap_err();
    assert_eq!(
        err,
        Error::MissingYear {
            series: "avrr_returns_from_morocco".into(),
            year: 2019
        }
    );
    assert_eq!(
        err.to_string(),
        "series `avrr_returns_from_morocco` has no value for 2019"
    );
}

#[test]
fn restricted_sets_the_span_to_the_range() {
    let s = ys("x", &[(2014, 1.0), (2016, 2.0), (2019, 3.0)]);
    let r = s.restricted(2015, 2018);
    assert_eq!(r.known_years(), vec![2016]);
    assert_eq!(r.span(), Some((2015, 2018)));
    assert_eq!(r.missing_years(), vec![2015, 2017, 2018]);
}

// ---------------------------------------------------------------- shifted / lag alignment

#[test]
fn shifted_moves_values_later_by_k() {
    let arrivals = ys(
        "arrivals",
        &[(2017, 28349.0), (2018, 64298.0), (2019, 32513.0)],
    );
    for k in [-2, -1, 1, 2, 3] {
        let s = arrivals.shifted(k);
        for year in 2014..=2023 {
            assert_eq!(s.value(year), arrivals.value(year - k), "k = {k}, {year}");
        }
        assert_eq!(s.span(), Some((2017 + k, 2019 + k)));
        assert_eq!(s.name(), format!("arrivals (lag {k})"));
    }
    let same = arrivals.shifted(0);
    assert_eq!(same, arrivals);
}

#[test]
fn shifted_keeps_provenance() {
    let mut s = YearSeries::new("a", "persons");
    s.insert(2015, obs(16936.0, "Interior", true)).unwrap();
    let shifted = s.shifted(1);
    assert_eq!(shifted.get(2016), Some(&obs(16936.0, "Interior", true)));
    assert_eq!(shifted.get(2015), None);
}

#[test]
fn lagged_ratio_equals_ratio_against_the_shifted_denominator() {
    let returns = avrr_returns_from_morocco().unwrap().series;
    let arrivals = spain_arrivals_total().unwrap().series;
    for k in 0..=2 {
        let lagged = EffectivenessRatio::new()
            .window(2015, 2022)
            .lag(k)
            .fit(&returns, &arrivals)
            .unwrap();
        let shifted = arrivals.shifted(k);
        let aligned = EffectivenessRatio::new()
            .window(2015, 2022)
            .fit(&returns, &shifted)
            .unwrap();
        assert_eq!(
            lagged.coverage.years_used, aligned.coverage.years_used,
            "k = {k}"
        );
        assert_eq!(lagged.numerator_total, aligned.numerator_total, "k = {k}");
        assert_eq!(
            lagged.denominator_total, aligned.denominator_total,
            "k = {k}"
        );
        assert_eq!(lagged.ratio, aligned.ratio, "k = {k}");
    }
}

#[test]
fn shipped_ratio_lag_1_uses_the_previous_years_arrivals() {
    let returns = avrr_returns_from_morocco().unwrap().series;
    let arrivals = spain_arrivals_total().unwrap().series;
    let r = EffectivenessRatio::new()
        .window(2015, 2021)
        .lag(1)
        .fit(&returns, &arrivals)
        .unwrap();
    assert_eq!(r.coverage.years_used, vec![2015, 2016, 2017, 2018, 2021]);
    assert_eq!(r.coverage.missing_numerator, vec![2019, 2020]);
    assert_eq!(r.coverage.missing_denominator, Vec::<i32>::new());
    assert_eq!(r.numerator_total, 8281.0);
    // arrivals of 2014, 2015, 2016, 2017 and 2020
    assert_eq!(
        r.denominator_total,
        12037.0 + 16936.0 + 14603.0 + 28349.0 + 41861.0
    );
    let y2015 = r.rows.iter().find(|row| row.year == 2015).unwrap();
    assert_eq!(y2015.denominator_year, 2014);
    assert!(y2015.denominator_derived);
    assert!(!y2015.numerator_derived);
}

// ---------------------------------------------------------------- sum_of_components / filled_from

#[test]
fn sum_of_components_only_where_every_component_is_present() {
    let mut sea = YearSeries::new("sea", "persons");
    sea.insert(2014, obs(4552.0, "Interior", false)).unwrap();
    sea.insert(2015, obs(5312.0, "Interior", false)).unwrap();
    sea.insert(2016, obs(8162.0, "UNHCR", false)).unwrap();
    let mut land = YearSeries::new("land", "persons");
    land.insert(2013, obs(1.0, "Interior", false)).unwrap();
    land.insert(2014, obs(7485.0, "Interior", false)).unwrap();
    land.insert(2015, obs(11624.0, "Other", false)).unwrap();
    let total = YearSeries::sum_of_components("total", &[&sea, &land]).unwrap();
    assert_eq!(total.known_years(), vec![2014, 2015]);
    assert_eq!(total.value(2014), Some(12037.0));
    assert_eq!(total.value(2015), Some(16936.0));
    assert_eq!(total.value(2013), None); // sea missing
    assert_eq!(total.value(2016), None); // land missing
    let o = total.get(2014).unwrap();
    assert!(o.derived);
    assert_eq!(o.note, "derived: sum of sea + land");
    assert_eq!(o.source, "Interior");
    assert_eq!(total.get(2015).unwrap().source, "Interior | Other");
    assert_eq!(total.span(), Some((2013, 2016)));
    assert_eq!(total.missing_years(), vec![2013, 2016]);
    assert_eq!(total.unit(), "persons");
}

#[test]
fn sum_of_components_of_three_and_of_none() {
    let a = ys("a", &[(2020, 1.0), (2021, 2.0)]);
    let b = ys("b", &[(2020, 10.0), (2021, 20.0)]);
    let c = ys("c", &[(2021, 100.0)]);
    let t = YearSeries::sum_of_components("t", &[&a, &b, &c]).unwrap();
    assert_eq!((t.value(2020), t.value(2021)), (None, Some(122.0)));
    assert!(matches!(
        YearSeries::sum_of_components("t", &[]),
        Err(Error::InvalidArgument { ref what, .. }) if what == "components"
    ));
}

#[test]
fn filled_from_keeps_own_values_and_takes_the_fallbacks_provenance() {
    let mut published = YearSeries::new("published", "persons");
    published
        .insert(2016, obs(14603.0, "UNHCR", false))
        .unwrap();
    published
        .insert(2018, obs(64298.0, "Interior", false))
        .unwrap();
    let mut derived = YearSeries::new("derived", "persons");
    derived
        .insert(2014, obs(12037.0, "Interior", true))
        .unwrap();
    derived.insert(2016, obs(1.0, "wrong", true)).unwrap();
    derived
        .insert(2020, obs(41861.0, "Interior", true))
        .unwrap();
    let filled = published.filled_from(&derived);
    assert_eq!(filled.known_years(), vec![2014, 2016, 2018, 2020]);
    assert_eq!(filled.get(2016), Some(&obs(14603.0, "UNHCR", false)));
    assert_eq!(filled.get(2014), Some(&obs(12037.0, "Interior", true)));
    assert_eq!(filled.get(2020), Some(&obs(41861.0, "Interior", true)));
    assert_eq!(filled.span(), Some((2014, 2020)));
    assert_eq!(filled.missing_years(), vec![2015, 2017, 2019]);
    assert_eq!(filled.name(), "published");
}

// ---------------------------------------------------------------- Panel

fn routes() -> Panel {
    let sea = ys("sea", &[(2018, 57498.0), (2019, 26168.0), (2020, 40106.0)]);
    let land = ys("land", &[(2018, 6800.0), (2020, 1755.0)]);
    Panel::from_series(&[sea, land]).unwrap()
}

#[test]
fn panel_from_series_layout() {
    let p = routes();
    assert_eq!(p.entities(), &["sea".to_string(), "land".to_string()]);
    assert_eq!(p.years(), vec![2018, 2019, 2020]);
    assert_eq!(p.values().dim(), (2, 3));
    assert_eq!(p.get("land", 2019), None);
    assert_eq!(p.get("land", 2020), Some(1755.0));
    assert_eq!(p.get("land", 2021), None);
    assert_eq!(p.get("air", 2018), None);
}

#[test]
fn panel_aligned_extends_and_crops() {
    let p = routes().aligned(2017, 2019).unwrap();
    assert_eq!(p.years(), vec![2017, 2018, 2019]);
    assert_eq!(p.get("sea", 2017), None);
    assert_eq!(p.get("sea", 2018), Some(57498.0));
    assert_eq!(p.get("sea", 2019), Some(26168.0));
    assert_eq!(p.get("sea", 2020), None); // cropped
    let outside = routes().aligned(2030, 2031).unwrap();
    assert_eq!(outside.values().iter().flatten().count(), 0);
    assert_eq!(
        routes().aligned(2020, 2018).unwrap_err(),
        Error::InvalidArgument {
            what: "years".into(),
            reason: "first year 2020 is after last year 2018".into()
        }
    );
}

#[test]
fn panel_lagged_moves_every_entity() {
    let p = routes().lagged(2);
    assert_eq!(p.years(), vec![2020, 2021, 2022]);
    assert_eq!(p.get("sea", 2020), Some(57498.0));
    assert_eq!(p.get("land", 2022), Some(1755.0));
    assert_eq!(p.get("land", 2021), None);
    let back = routes().lagged(-1);
    assert_eq!(back.get("sea", 2017), Some(57498.0));
}

#[test]
fn panel_year_totals_only_where_every_entity_has_a_value() {
    let t = routes().year_totals();
    assert_eq!(t.value(2018), Some(64298.0));
    assert_eq!(t.value(2019), None);
    assert_eq!(t.value(2020), Some(41861.0));
    assert!(t.get(2018).unwrap().derived);
    assert_eq!(t.get(2018).unwrap().note, "derived: sum of sea + land");
    assert_eq!(t.span(), Some((2018, 2020)));
    assert_eq!(t.missing_years(), vec![2019]);
}

#[test]
fn panel_entity_windows() {
    let w = routes().entity_windows(2018, 2021).unwrap();
    assert_eq!(w.len(), 2);
    assert_eq!(w[0].0, "sea");
    assert_eq!(w[0].1.years_used, vec![2018, 2019, 2020]);
    assert_eq!(w[0].1.years_missing, vec![2021]);
    assert_eq!(w[0].1.total, 57498.0 + 26168.0 + 40106.0);
    assert_eq!(w[1].0, "land");
    assert_eq!(w[1].1.years_used, vec![2018, 2020]);
    assert_eq!(w[1].1.years_missing, vec![2019, 2021]);
    assert_eq!(w[1].1.total, 8555.0);
    assert_eq!(w[1].1.mean, Some(4277.5));
}

#[test]
fn panel_series_round_trip() {
    let s = routes().series("land").unwrap();
    assert_eq!(s.known_years(), vec![2018, 2020]);
    assert_eq!(s.span(), Some((2018, 2020)));
    assert!(matches!(
        routes().series("air"),
        Err(Error::InvalidArgument { ref what, .. }) if what == "entity"
    ));
}

// ---------------------------------------------------------------- EffectivenessRatio

/// numerator: 2010..=2013 with 2012 missing; denominator: 2008..=2012.
fn hand_pair() -> (YearSeries, YearSeries) {
    let num = ys("returns", &[(2010, 10.0), (2011, 20.0), (2013, 40.0)]);
    let den = ys(
        "arrivals",
        &[
            (2008, 100.0),
            (2009, 200.0),
            (2010, 300.0),
            (2011, 400.0),
            (2012, 500.0),
        ],
    );
    (num, den)
}

#[test]
fn ratio_lag_0_by_hand() {
    let (num, den) = hand_pair();
    let r = EffectivenessRatio::new()
        .window(2010, 2013)
        .fit(&num, &den)
        .unwrap();
    assert_eq!(r.coverage.years_requested, vec![2010, 2011, 2012, 2013]);
    assert_eq!(r.coverage.years_used, vec![2010, 2011]);
    assert_eq!(r.coverage.missing_numerator, vec![2012]);
    assert_eq!(r.coverage.missing_denominator, vec![2013]);
    assert_eq!((r.numerator_total, r.denominator_total), (30.0, 700.0));
    assert_eq!(r.ratio.estimate, 30.0 / 700.0);
    assert_eq!(r.ratio, poisson_ratio_interval(30, 700, 0.95).unwrap());
    assert!(r.ratio.lower < r.ratio.estimate && r.ratio.estimate < r.ratio.upper);
    assert_eq!((r.lag, r.from, r.to), (0, 2010, 2013));
    let ratios: Vec<Option<f64>> = r.rows.iter().map(|row| row.ratio).collect();
    assert_eq!(
        ratios,
        vec![Some(10.0 / 300.0), Some(20.0 / 400.0), None, None]
    );
    assert_eq!(
        r.rows
            .iter()
            .map(|row| row.denominator_year)
            .collect::<Vec<_>>(),
        vec![2010, 2011, 2012, 2013]
    );
    assert_eq!(
        (r.numerator_name.as_str(), r.denominator_name.as_str()),
        ("returns", "arrivals")
    );
}

#[test]
fn ratio_lag_1_by_hand() {
    let (num, den) = hand_pair();
    let r = EffectivenessRatio::new()
        .window(2010, 2013)
        .lag(1)
        .fit(&num, &den)
        .unwrap();
    assert_eq!(r.coverage.years_used, vec![2010, 2011, 2013]);
    assert_eq!(r.coverage.missing_numerator, vec![2012]);
    assert_eq!(r.coverage.missing_denominator, Vec::<i32>::new());
    // 10/200 (2009), 20/300 (2010), 40/500 (2012)
    assert_eq!((r.numerator_total, r.denominator_total), (70.0, 1000.0));
    assert_eq!(r.ratio.estimate, 0.07);
    assert_eq!(r.ratio, poisson_ratio_interval(70, 1000, 0.95).unwrap());
    assert_eq!(
        r.rows
            .iter()
            .map(|row| row.denominator_year)
            .collect::<Vec<_>>(),
        vec![2009, 2010, 2011, 2012]
    );
    assert_eq!(r.rows[2].denominator, Some(400.0));
    assert_eq!(r.rows[2].ratio, None);
    assert_eq!(r.rows[3].ratio, Some(40.0 / 500.0));
}

#[test]
fn ratio_lag_2_by_hand() {
    let (num, den) = hand_pair();
    let r = EffectivenessRatio::new()
        .window(2010, 2013)
        .lag(2)
        .fit(&num, &den)
        .unwrap();
    assert_eq!(r.coverage.years_used, vec![2010, 2011, 2013]);
    assert_eq!(r.coverage.missing_numerator, vec![2012]);
    assert_eq!(r.coverage.missing_denominator, Vec::<i32>::new());
    // 10/100 (2008), 20/200 (2009), 40/400 (2011)
    assert_eq!((r.numerator_total, r.denominator_total), (70.0, 700.0));
    assert_eq!(r.ratio.estimate, 0.1);
    assert_eq!(r.lag, 2);
    assert_eq!(r.ratio, poisson_ratio_interval(70, 700, 0.95).unwrap());
}

#[test]
fn ratio_default_window_is_the_numerators_span() {
    let (num, den) = hand_pair();
    let r = EffectivenessRatio::new().fit(&num, &den).unwrap();
    assert_eq!((r.from, r.to), (2010, 2013));
    assert_eq!(r.coverage.years_used, vec![2010, 2011]);
}

#[test]
fn ratio_conf_level_changes_the_interval_only() {
    let (num, den) = hand_pair();
    let r90 = EffectivenessRatio::new()
        .conf_level(0.90)
        .fit(&num, &den)
        .unwrap();
    let r95 = EffectivenessRatio::new().fit(&num, &den).unwrap();
    assert_eq!(r90.ratio.estimate, r95.ratio.estimate);
    assert_eq!(r90.ratio.conf_level, 0.90);
    assert!(r90.ratio.lower > r95.ratio.lower && r90.ratio.upper < r95.ratio.upper);
}

#[test]
fn ratio_zero_denominator_year_is_used_without_a_yearly_ratio() {
    let num = ys("n", &[(2020, 5.0), (2021, 6.0)]);
    let den = ys("d", &[(2020, 0.0), (2021, 60.0)]);
    let r = EffectivenessRatio::new().fit(&num, &den).unwrap();
    assert_eq!(r.coverage.years_used, vec![2020, 2021]);
    assert_eq!(r.rows[0].ratio, None);
    assert_eq!(r.rows[1].ratio, Some(0.1));
    assert_eq!((r.numerator_total, r.denominator_total), (11.0, 60.0));
}

#[test]
fn ratio_errors() {
    let (num, den) = hand_pair();
    // no common year
    let err = EffectivenessRatio::new()
        .window(2013, 2013)
        .fit(&num, &den)
        .unwrap_err();
    assert_eq!(
        err,
        Error::NoData {
            what: "no year in 2013-2013 has both `returns` and `arrivals` (lag 0)".into()
        }
    );
    // reversed window
    assert_eq!(
        EffectivenessRatio::new()
            .window(2013, 2010)
            .fit(&num, &den)
            .unwrap_err(),
        Error::InvalidArgument {
            what: "years".into(),
            reason: "first year 2013 is after last year 2010".into()
        }
    );
    // a value that is not a whole count
    let half = ys("half", &[(2010, 2.5)]);
    assert!(matches!(
        EffectivenessRatio::new().fit(&half, &den),
        Err(Error::InvalidArgument { ref what, .. }) if what == "count"
    ));
    // a level outside (0, 1)
    for level in [0.0, 1.0, 1.5] {
        assert!(matches!(
            EffectivenessRatio::new().conf_level(level).fit(&num, &den),
            Err(Error::InvalidArgument { ref what, .. }) if what == "conf_level"
        ));
    }
    // an empty numerator
    let empty = YearSeries::new("empty", "persons");
    assert!(matches!(
        EffectivenessRatio::new().fit(&empty, &den),
        Err(Error::NoData { .. })
    ));
}

// ---------------------------------------------------------------- StockFlowLedger

fn flows() -> (YearSeries, YearSeries, YearSeries) {
    (
        ys("inflows", &[(2018, 500.0), (2019, 300.0), (2020, 200.0)]),
        ys("returns", &[(2018, 100.0), (2019, 50.0), (2020, 25.0)]),
        ys("onward", &[(2018, 200.0), (2019, 600.0), (2020, 100.0)]),
    )
}

#[test]
fn ledger_identity_holds_on_every_row() {
    let (inflows, returns, onward) = flows();
    let observed = ys("observed", &[(2019, 900.0)]);
    let report = StockFlowLedger::new(2018, 1000.0)
        .inflows(&inflows)
        .assisted_returns(&returns)
        .onward_departures(&onward)
        .observed_stock_end(&observed)
        .assume("hand-made flows")
        .run(2020)
        .unwrap();
    assert_eq!(report.assumptions, vec!["hand-made flows".to_string()]);
    assert_eq!(report.rows.len(), 3);
    let ends: Vec<f64> = report.rows.iter().map(|r| r.stock_end).collect();
    assert_eq!(ends, vec![1200.0, 850.0, 925.0]);
    for r in &report.rows {
        assert_eq!(
            r.stock_end,
            r.stock_start + r.inflows - r.assisted_returns - r.onward_departures,
            "{}",
            r.year
        );
    }
    assert_eq!(report.rows[0].stock_start, 1000.0);
    for w in report.rows.windows(2) {
        assert_eq!(w[1].stock_start, w[0].stock_end);
        assert_eq!(w[1].year, w[0].year + 1);
    }
    assert_eq!(report.rows[1].observed_stock_end, Some(900.0));
    assert_eq!(report.rows[1].discrepancy, Some(50.0));
    assert_eq!(report.rows[0].discrepancy, None);
    assert_eq!(report.rows[2].observed_stock_end, None);
}

#[test]
fn ledger_negative_stock_is_a_contradiction_in_that_year() {
    let (inflows, returns, _) = flows();
    let onward = ys("onward", &[(2018, 200.0), (2019, 1500.0), (2020, 100.0)]);
    let err = StockFlowLedger::new(2018, 1000.0)
        .inflows(&inflows)
        .assisted_returns(&returns)
        .onward_departures(&onward)
        .run(2020)
        .unwrap_err();
    match &err {
        Error::Contradiction { year, detail } => {
            assert_eq!(*year, 2019);
            // 1200 + 300 − 50 − 1500 = −50
            assert!(
                detail.contains("1200") && detail.contains("1500"),
                "{detail}"
            );
            assert!(detail.contains("-50"), "{detail}");
        }
        other => panic!("expected a contradiction, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("data contradict each other in 2019: "),
        "{err}"
    );
    // the year before is fine
    assert_eq!(
        StockFlowLedger::new(2018, 1000.0)
            .inflows(&inflows)
            .assisted_returns(&returns)
            .onward_departures(&onward)
            .run(2018)
            .unwrap()
            .rows[0]
            .stock_end,
        1200.0
    );
}

#[test]
fn ledger_stock_exactly_zero_is_not_a_contradiction() {
    let inflows = ys("inflows", &[(2018, 0.0)]);
    let returns = ys("returns", &[(2018, 4.0)]);
    let onward = ys("onward", &[(2018, 6.0)]);
    let report = StockFlowLedger::new(2018, 10.0)
        .inflows(&inflows)
        .assisted_returns(&returns)
        .onward_departures(&onward)
        .run(2018)
        .unwrap();
    assert_eq!(report.rows[0].stock_end, 0.0);
}

#[test]
fn ledger_missing_year_names_the_series() {
    let (inflows, returns, onward) = flows();
    let short_inflows = ys("inflows", &[(2018, 500.0), (2019, 300.0)]);
    let err = StockFlowLedger::new(2018, 1000.0)
        .inflows(&short_inflows)
        .assisted_returns(&returns)
        .onward_departures(&onward)
        .run(2020)
        .unwrap_err();
    assert_eq!(
        err,
        Error::MissingYear {
            series: "inflows".into(),
            year: 2020
        }
    );
    assert_eq!(err.to_string(), "series `inflows` has no value for 2020");

    let gappy_returns = ys("AVRR returns", &[(2018, 100.0), (2020, 25.0)]);
    let err = StockFlowLedger::new(2018, 1000.0)
        .inflows(&inflows)
        .assisted_returns(&gappy_returns)
        .onward_departures(&onward)
        .run(2020)
        .unwrap_err();
    assert_eq!(
        err,
        Error::MissingYear {
            series: "AVRR returns".into(),
            year: 2019
        }
    );
}

#[test]
fn ledger_argument_errors() {
    let (inflows, returns, onward) = flows();
    assert_eq!(
        StockFlowLedger::new(2018, 1000.0)
            .inflows(&inflows)
            .assisted_returns(&returns)
            .run(2018)
            .unwrap_err(),
        Error::InvalidArgument {
            what: "onward departures".into(),
            reason: "series not given to the ledger".into()
        }
    );
    let negative = ys("returns", &[(2018, -1.0)]);
    assert_eq!(
        StockFlowLedger::new(2018, 1000.0)
            .inflows(&inflows)
            .assisted_returns(&negative)
            .onward_departures(&onward)
            .run(2018)
            .unwrap_err(),
        Error::InvalidArgument {
            what: "returns".into(),
            reason: "negative flow -1 in 2018".into()
        }
    );
    for stock in [-1.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            StockFlowLedger::new(2018, stock)
                .inflows(&inflows)
                .assisted_returns(&returns)
                .onward_departures(&onward)
                .run(2018),
            Err(Error::InvalidArgument { ref what, .. }) if what == "initial stock"
        ));
    }
    assert!(matches!(
        StockFlowLedger::new(2018, 1000.0)
            .inflows(&inflows)
            .assisted_returns(&returns)
            .onward_departures(&onward)
            .run(2017),
        Err(Error::InvalidArgument { ref what, .. }) if what == "last year"
    ));
}

// ---------------------------------------------------------------- properties

fn series_strategy() -> impl Strategy<Value = BTreeMap<i32, u32>> {
    prop::collection::btree_map(1990i32..2030, 0u32..100_000, 0..25)
}

fn to_series(name: &str, map: &BTreeMap<i32, u32>) -> YearSeries {
    let values: Vec<(i32, f64)> = map.iter().map(|(&y, &v)| (y, f64::from(v))).collect();
    YearSeries::from_values(name, "persons", &values).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn window_total_is_the_sum_over_years_used(
        map in series_strategy(),
        from in 1985i32..2035,
        len in 0i32..20,
    ) {
        let s = to_series("s", &map);
        let to = from + len;
        let w = s.window(from, to).unwrap();
        let sum: f64 = w.years_used.iter().map(|&y| s.value(y).unwrap()).sum();
        prop_assert_eq!(w.total, sum);
        // used ∪ missing = the window, disjoint and in order
        let mut all: Vec<i32> = w.years_used.iter().chain(&w.years_missing).copied().collect();
        all.sort_unstable();
        prop_assert_eq!(all, (from..=to).collect::<Vec<_>>());
        let expected_used: Vec<i32> = (from..=to).filter(|y| map.contains_key(y)).collect();
        prop_assert_eq!(&w.years_used, &expected_used);
        prop_assert_eq!(
            w.mean,
            (!expected_used.is_empty()).then(|| sum / expected_used.len() as f64)
        );
    }

    #[test]
    fn ratio_uses_exactly_the_years_where_both_have_values(
        num in prop::collection::btree_map(1995i32..2025, 1u32..10_000, 0..20),
        den in series_strategy(),
        from in 1995i32..2025,
        len in 0i32..12,
        lag in -3i32..=3,
    ) {
        let (n, d) = (to_series("n", &num), to_series("d", &den));
        let to = from + len;
        let expected: Vec<i32> = (from..=to)
            .filter(|&y| num.contains_key(&y) && den.contains_key(&(y - lag)))
            .collect();
        let result = EffectivenessRatio::new().window(from, to).lag(lag).fit(&n, &d);
        if expected.is_empty() {
            prop_assert!(matches!(result, Err(Error::NoData { .. })), "{:?}", result);
        } else {
            let r = result.unwrap();
            prop_assert_eq!(&r.coverage.years_used, &expected);
            prop_assert_eq!(&r.coverage.years_requested, &(from..=to).collect::<Vec<_>>());
            let missing_n: Vec<i32> = (from..=to).filter(|y| !num.contains_key(y)).collect();
            let missing_d: Vec<i32> =
                (from..=to).filter(|&y| !den.contains_key(&(y - lag))).collect();
            prop_assert_eq!(&r.coverage.missing_numerator, &missing_n);
            prop_assert_eq!(&r.coverage.missing_denominator, &missing_d);
            let x: u64 = expected.iter().map(|y| u64::from(num[y])).sum();
            let y: u64 = expected.iter().map(|y| u64::from(den[&(y - lag)])).sum();
            prop_assert_eq!(r.numerator_total, x as f64);
            prop_assert_eq!(r.denominator_total, y as f64);
            prop_assert_eq!(r.rows.len(), (len + 1) as usize);
        }
    }
}
