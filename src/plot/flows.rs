//! Returns against arrivals per year, as grouped bars, on the [`Svg`]
//! helpers and returned as a [`Figure`] like the other charts.

use super::Figure;
use super::svg::{Anchor, Stroke, Svg, nice_ceiling, nice_ticks};
use crate::display::number::count;
use crate::ratio::YearRatio;

const DENOMINATOR: &str = "#9e9e9e";
const NUMERATOR: &str = "#1f4e99";

/// A bar chart of a numerator flow (e.g. AVRR returns) against a
/// denominator flow (e.g. irregular arrivals) per year, from the rows of a
/// [`RatioReport`](crate::ratio::RatioReport). Each year shows both bars on
/// one linear scale and the yearly ratio in percent; a missing value is
/// written `no data` instead of a bar (never drawn as zero). The same input
/// gives the same bytes. [`FlowsChart`](super::FlowsChart) adds the ratio
/// panel with its intervals.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// use return_migration::plot::flows_chart;
/// use return_migration::ratio::EffectivenessRatio;
/// let r = YearSeries::from_values("returns", "persons", &[(2018, 1508.0)]).unwrap();
/// let a = YearSeries::from_values("arrivals", "persons", &[(2018, 64298.0), (2019, 32513.0)]).unwrap();
/// let report = EffectivenessRatio::new().window(2018, 2019).fit(&r, &a).unwrap();
/// let fig = flows_chart(&report.rows, "Returns vs arrivals", "AVRR returns", "Arrivals");
/// assert!(fig.svg().starts_with("<svg"));
/// assert!(fig.svg().contains("no data"));
/// ```
pub fn flows_chart(
    rows: &[YearRatio],
    title: &str,
    numerator_label: &str,
    denominator_label: &str,
) -> Figure {
    let (width, height) = (860.0, 500.0);
    let (left, right, top, bottom) = (90.0, 20.0, 96.0, 70.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = rows
        .iter()
        .flat_map(|r| [r.numerator, r.denominator])
        .flatten()
        .fold(0.0, f64::max);
    let ymax = nice_ceiling(max, 6);
    let y = |v: f64| top + plot_h * (1.0 - v / ymax);
    let group = plot_w / rows.len().max(1) as f64;
    let bar = group * 0.36;

    let mut svg = Svg::new(width, height, title);
    svg.text(width / 2.0, 28.0, 18.0, Anchor::Middle, "black", title);
    for (i, (colour, label)) in [
        (DENOMINATOR, denominator_label),
        (NUMERATOR, numerator_label),
    ]
    .into_iter()
    .enumerate()
    {
        let ky = 42.0 + 20.0 * i as f64;
        svg.rect([left, ky, 14.0, 14.0], colour, 1.0, "");
        svg.text(left + 20.0, ky + 12.0, 13.0, Anchor::Start, "black", label);
    }
    svg.text(
        width - right,
        74.0,
        13.0,
        Anchor::End,
        "black",
        "% = ratio in the year",
    );
    for tick in nice_ticks(0.0, ymax, 6) {
        let ty = y(tick);
        svg.line(left, ty, width - right, ty, Stroke::solid("#dddddd", 1.0));
        svg.text(
            left - 8.0,
            ty + 4.0,
            12.0,
            Anchor::End,
            "black",
            &count(tick),
        );
    }
    svg.vertical_text(20.0, top + plot_h / 2.0, 13.0, "persons per year");
    for (i, r) in rows.iter().enumerate() {
        let gx = left + group * i as f64 + group * 0.14;
        for (value, colour, x) in [
            (r.denominator, DENOMINATOR, gx),
            (r.numerator, NUMERATOR, gx + bar),
        ] {
            match value {
                Some(v) => svg.rect([x, y(v), bar, y(0.0) - y(v)], colour, 1.0, &count(v)),
                None => svg.text(
                    x + bar / 2.0,
                    y(0.0) - 6.0,
                    11.0,
                    Anchor::Middle,
                    colour,
                    "no data",
                ),
            }
        }
        if let Some(ratio) = r.ratio {
            let top_value = r.denominator.unwrap_or(0.0).max(r.numerator.unwrap_or(0.0));
            let label = format!("{:.1}%", ratio * 100.0);
            svg.text(
                gx + bar,
                y(top_value) - 6.0,
                12.0,
                Anchor::Middle,
                "black",
                &label,
            );
        }
        let derived = r.numerator_derived || r.denominator_derived;
        let year = format!("{}{}", r.year, if derived { "*" } else { "" });
        svg.text(
            gx + bar,
            y(0.0) + 20.0,
            13.0,
            Anchor::Middle,
            "black",
            &year,
        );
    }
    svg.line(
        left,
        y(0.0),
        width - right,
        y(0.0),
        Stroke::solid("black", 1.0),
    );
    if rows
        .iter()
        .any(|r| r.numerator_derived || r.denominator_derived)
    {
        svg.text(
            left,
            height - 14.0,
            12.0,
            Anchor::Start,
            "black",
            "* derived: the sum of published components, not a published total",
        );
    }
    Figure::new(title, width, height, svg.finish())
}

/// The SVG text of [`flows_chart`].
///
/// # Example
/// ```
/// #![allow(deprecated)]
/// use return_migration::plot::flows_chart_svg;
/// assert!(flows_chart_svg(&[], "none", "a", "b").starts_with("<svg"));
/// ```
#[deprecated(note = "use `flows_chart`, which returns a `Figure` like the other charts")]
pub fn flows_chart_svg(
    rows: &[YearRatio],
    title: &str,
    numerator_label: &str,
    denominator_label: &str,
) -> String {
    flows_chart(rows, title, numerator_label, denominator_label)
        .svg()
        .to_string()
}
