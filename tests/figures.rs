//! SVG figures: same input → same bytes, a golden file, and structural
//! checks (balanced tags, risk-table counts, censoring ticks, bands).
#![cfg(feature = "plot")]

use return_migration::data::YearSeries;
use return_migration::display::ToHtml;
use return_migration::plot::{FlowsChart, Layout, StepChart, StepCurve};
use return_migration::ratio::EffectivenessRatio;
use return_migration::survival::{KaplanMeier, KaplanMeierFit, SurvData};

/// Freireich et al. (1963), weeks: 6-MP arm (0 = censored) and placebo arm.
fn leukaemia_fit() -> KaplanMeierFit {
    let mp = [
        6., 6., 6., 6., 7., 9., 10., 10., 11., 13., 16., 17., 19., 20., 22., 23., 25., 32., 32.,
        34., 35.,
    ];
    let mp_event = [
        1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0,
    ];
    let placebo = [
        1., 1., 2., 2., 3., 4., 4., 5., 5., 8., 8., 8., 8., 11., 11., 12., 12., 15., 17., 22., 23.,
    ];
    let time: Vec<f64> = mp.iter().chain(&placebo).copied().collect();
    let event: Vec<i64> = mp_event.iter().copied().chain([1; 21]).collect();
    let group = (0..42)
        .map(|i| if i < 21 { "6-MP" } else { "placebo" }.to_string())
        .collect();
    KaplanMeier::new()
        .fit(
            &SurvData::builder(time, event)
                .groups(group)
                .build()
                .unwrap(),
        )
        .unwrap()
}

fn km_figure() -> String {
    StepChart::survival(&leukaemia_fit())
        .title("Remission by treatment (Freireich et al. 1963)")
        .x_label("weeks")
        .render()
        .unwrap()
        .svg()
        .to_string()
}

fn channels() -> Vec<StepCurve> {
    let at_risk = [(0.0, 100.0), (10.0, 80.0), (20.0, 60.0), (30.0, 40.0)];
    vec![
        StepCurve::new("irregular", 0.0, &[(5.0, 0.1), (15.0, 0.2)])
            .at_risk(&at_risk)
            .end(30.0),
        StepCurve::new("regular", 0.0, &[(10.0, 0.05), (25.0, 0.1)])
            .at_risk(&at_risk)
            .end(30.0),
    ]
}

fn stacked() -> String {
    StepChart::new(channels())
        .layout(Layout::Stacked)
        .y_percent(true)
        .render()
        .unwrap()
        .svg()
        .to_string()
}

fn flows() -> String {
    let r = YearSeries::from_values(
        "returns",
        "persons",
        &[(2015, 1399.0), (2016, 1269.0), (2018, 1508.0)],
    )
    .unwrap();
    let a = YearSeries::from_values(
        "arrivals",
        "persons",
        &[
            (2015, 16936.0),
            (2016, 14558.0),
            (2017, 28349.0),
            (2018, 64298.0),
        ],
    )
    .unwrap();
    let report = EffectivenessRatio::new()
        .window(2015, 2018)
        .fit(&r, &a)
        .unwrap();
    FlowsChart::new(&report).render().unwrap().svg().to_string()
}

/// Every opened element is closed in order; text never holds a raw `<` or `&`.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        assert!(!text.contains('>'), "raw '>' in text: {text}");
        let end = rest[i..].find('>').expect("unclosed tag") + i;
        let tag = &rest[i + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements {stack:?}");
    for bad in ["NaN", "inf", "-0 ", "\"-0\""] {
        assert!(!svg.contains(bad), "figure contains {bad}");
    }
}

/// The text contents of `<text>` elements inside the group `class`.
fn texts_in(svg: &str, class: &str) -> Vec<String> {
    let start = svg.find(&format!("<g class=\"{class}\">")).expect("group");
    let group = &svg[start..start + svg[start..].find("</g>").unwrap()];
    group
        .split("<text ")
        .skip(1)
        .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].to_string())
        .collect()
}

#[test]
fn same_input_same_bytes() {
    assert_eq!(km_figure(), km_figure());
    assert_eq!(stacked(), stacked());
    assert_eq!(flows(), flows());
    let panels = || {
        StepChart::new(channels())
            .layout(Layout::Panels)
            .render()
            .unwrap()
    };
    assert_eq!(panels(), panels());
}

#[test]
fn km_figure_matches_the_golden_file() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/plot/km_leukaemia.svg"
    );
    let svg = km_figure();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, &svg).unwrap();
    }
    let golden = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        svg, golden,
        "rerun with UPDATE_GOLDEN=1 after a deliberate change, and look at the figure"
    );
}

#[test]
fn km_risk_table_matches_r_summary_at_the_ticks() {
    let svg = km_figure();
    assert_well_formed(&svg);
    // R: summary(survfit(Surv(time, status) ~ group), times = seq(0, 35, 5))$n.risk
    let t = texts_in(&svg, "risk table");
    let expected = [
        "Number at risk",
        "6-MP",
        "21",
        "21",
        "15",
        "11",
        "8",
        "5",
        "4",
        "1",
        "placebo",
        "21",
        "14",
        "8",
        "4",
        "2",
        "0",
        "0",
        "0",
    ];
    assert_eq!(t, expected);
}

#[test]
fn km_figure_marks_every_censoring_time_and_draws_bands() {
    let svg = km_figure();
    let curve = |label: &str| {
        let start = svg.find(&format!("<g class=\"curve {label}\">")).unwrap();
        svg[start..start + svg[start..].find("</g>").unwrap()].to_string()
    };
    // 6-MP censored at 6, 9, 10, 11, 17, 19, 20, 25, 32, 34, 35: 11 distinct times
    assert_eq!(curve("6-MP").matches("<line ").count(), 11);
    assert_eq!(curve("placebo").matches("<line ").count(), 0);
    // one band per arm (placebo's ends where S reaches 0)
    assert_eq!(curve("6-MP").matches("fill-opacity=\"0.15\"").count(), 1);
    assert_eq!(curve("placebo").matches("fill-opacity=\"0.15\"").count(), 1);
    for label in [
        "6-MP",
        "placebo",
        "95% pointwise CI (log)",
        "censored",
        "weeks",
        "survival probability",
    ] {
        assert!(svg.contains(&format!(">{label}<")), "missing {label}");
    }
}

#[test]
fn stacked_areas_add_up() {
    let svg = stacked();
    assert_well_formed(&svg);
    assert_eq!(svg.matches("<g class=\"stack ").count(), 2); // one filled area per cause
    assert_eq!(svg.matches("fill-opacity=\"0.55\"").count(), 2 + 2); // areas and legend keys
    // total at the end is 0.2 + 0.1 = 30%: the y axis reaches a round 30% or more
    assert!(svg.contains(">30%<"));
    assert_eq!(
        texts_in(&svg, "risk table"),
        [
            "Number at risk",
            "at risk",
            "100",
            "80",
            "80",
            "60",
            "60",
            "40",
            "40"
        ]
    );
}

#[test]
fn panels_have_one_title_per_curve() {
    let svg = StepChart::new(channels())
        .layout(Layout::Panels)
        .render()
        .unwrap();
    let svg = svg.svg();
    assert_well_formed(svg);
    assert!(
        svg.contains("font-weight=\"bold\">irregular<")
            && svg.contains("font-weight=\"bold\">regular<")
    );
    assert_eq!(svg.matches("<g class=\"axes\">").count(), 2);
}

#[test]
fn flows_figure_shows_yearly_intervals_and_gaps() {
    let svg = flows();
    assert_well_formed(&svg);
    assert_eq!(svg.matches("<circle").count(), 3 + 1); // 3 yearly ratios + the key
    assert!(svg.contains(">no data<") && svg.contains(">no ratio<")); // 2017 returns
    assert!(svg.contains(">8.26%<")); // 1399 / 16936
    assert!(svg.contains("pooled 2015–2018 over 3 years used"));
}

#[test]
fn figures_are_rich_values() {
    let fig = StepChart::new(channels()).render().unwrap();
    assert_eq!(fig.to_html(), fig.svg());
    assert_eq!(fig.mime(), "image/svg+xml");
    assert!(fig.to_string().starts_with("figure \"\": 720×"));
}

#[test]
fn bad_input_is_an_error() {
    let nan = StepCurve::new("x", 0.0, &[(1.0, f64::NAN)]);
    let e = StepChart::new(vec![nan]).render().unwrap_err().to_string();
    assert!(e.contains("curve `x`"), "{e}");
    assert!(StepChart::new(channels()).x_max(-1.0).render().is_err());
    assert!(
        StepChart::new(channels())
            .y_range(1.0, 0.0)
            .render()
            .is_err()
    );
    // compute() refuses fractional counts; a report edited by hand is checked again
    let r = YearSeries::from_values("r", "persons", &[(2020, 1.0)]).unwrap();
    let a = YearSeries::from_values("a", "persons", &[(2020, 10.0)]).unwrap();
    let mut report = EffectivenessRatio::new().fit(&r, &a).unwrap();
    report.rows[0].numerator = Some(1.5);
    let e = FlowsChart::new(&report).render().unwrap_err().to_string();
    assert!(e.contains("1.5 in 2020 is not a whole count"), "{e}");
}
