//! Writes every kind of figure of the `plot` module to a folder, from shipped
//! data and from textbook or labelled synthetic inputs.
//!
//! Run: `cargo run --example figures [-- --out DIR]` (default `outputs/figures`).
//! Same input, same bytes: CI runs it twice and compares the folders.

use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use return_migration::datasets;
use return_migration::error::{Error, Result};
use return_migration::plot::{FlowsChart, Layout, StepChart, StepCurve};
use return_migration::ratio::EffectivenessRatio;
use return_migration::survival::{KaplanMeier, SurvData};

/// Freireich et al. (1963) leukaemia remission times in weeks (6-MP and
/// placebo arms): the textbook example of Kaplan–Meier curves by group.
fn leukaemia() -> Result<SurvData> {
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
    SurvData::builder(time, event).groups(group).build()
}

/// Labelled synthetic cumulative incidence curves of two re-migration
/// channels (not data: shapes chosen by hand to show the layouts).
fn synthetic_channels() -> Vec<StepCurve> {
    let at_risk: Vec<(f64, f64)> = (0..=36)
        .step_by(3)
        .map(|m| (f64::from(m), 200.0 - 4.0 * f64::from(m)))
        .collect();
    let irregular = StepCurve::new(
        "irregular route (synthetic)",
        0.0,
        &[
            (2.0, 0.01),
            (5.0, 0.03),
            (9.0, 0.05),
            (14.0, 0.08),
            (20.0, 0.10),
            (27.0, 0.12),
            (33.0, 0.13),
        ],
    )
    .at_risk(&at_risk)
    .end(36.0);
    let regular = StepCurve::new(
        "regular channel (synthetic)",
        0.0,
        &[
            (4.0, 0.005),
            (11.0, 0.015),
            (18.0, 0.03),
            (26.0, 0.04),
            (31.0, 0.05),
        ],
    )
    .at_risk(&at_risk)
    .end(36.0);
    vec![irregular, regular]
}

fn run(out: &PathBuf) -> Result<()> {
    let io = |e: std::io::Error| Error::InvalidArgument {
        what: format!("output {}", out.display()),
        reason: e.to_string(),
    };
    fs::create_dir_all(out).map_err(io)?;
    let fit = KaplanMeier::new().fit(&leukaemia()?)?;
    let km = StepChart::survival(&fit)
        .title("Remission by treatment (Freireich et al. 1963)")
        .x_label("weeks")
        .render()?;
    fs::write(out.join("km_by_group.svg"), km.svg()).map_err(io)?;

    let cumulative = StepChart::cumulative(&fit)
        .title("Cumulative relapse, 1 − Kaplan–Meier")
        .x_label("weeks")
        .render()?;
    fs::write(out.join("cumulative_by_group.svg"), cumulative.svg()).map_err(io)?;

    for (name, layout) in [
        ("stacked", Layout::Stacked),
        ("panels", Layout::Panels),
        ("overlay", Layout::Overlay),
    ] {
        let fig = StepChart::new(synthetic_channels())
            .layout(layout)
            .title("Re-migration by channel (synthetic curves)")
            .x_label("months since return")
            .y_label("cumulative incidence")
            .y_percent(true)
            .render()?;
        fs::write(out.join(format!("incidence_{name}.svg")), fig.svg()).map_err(io)?;
    }

    let returns = datasets::avrr_returns_from_morocco()?.series;
    let arrivals = datasets::spain_arrivals_total()?.series;
    let report = EffectivenessRatio::new()
        .window(2015, 2021)
        .fit(&returns, &arrivals)?;
    let flows = FlowsChart::new(&report)
        .title("AVRR returns from Morocco and irregular arrivals to Spain")
        .labels("AVRR returns from Morocco", "irregular arrivals to Spain")
        .ratio_label("returns per 100 arrivals")
        .render()?;
    fs::write(out.join("flows_with_ratio.svg"), flows.svg()).map_err(io)?;
    Ok(())
}

fn main() -> ExitCode {
    let mut out = PathBuf::from("outputs/figures");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--out", Some(dir)) => out = PathBuf::from(dir),
            _ => {
                eprintln!("usage: figures [--out DIR]");
                return ExitCode::FAILURE;
            }
        }
    }
    match run(&out) {
        Ok(()) => {
            println!(
                "wrote km_by_group.svg, cumulative_by_group.svg, incidence_{{stacked,panels,overlay}}.svg, flows_with_ratio.svg to {}",
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("figures: {e}");
            ExitCode::FAILURE
        }
    }
}
