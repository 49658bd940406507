//! Return flows against arrivals per year, with the yearly ratio, its exact
//! interval and the pooled ratio over the years used.

use super::Figure;
use super::svg::{
    Anchor, Area, LABEL_SIZE, Stroke, Svg, TICK_SIZE, TITLE_SIZE, axes, nice_ceiling, nice_ticks,
    text_width,
};
use crate::display::number::{count, percent, sig};
use crate::error::{Result, invalid};
use crate::ratio::{RatioReport, poisson_ratio_interval};

const NUMERATOR: &str = "#0072B2";
const DENOMINATOR: &str = "#9e9e9e";
const WIDTH: f64 = 720.0;
const LEFT: f64 = 96.0;
const RIGHT: f64 = 24.0;

/// A two-panel figure of a [`RatioReport`]: above, the two flows per year as
/// bars on one scale (a missing value is written `no data`, never drawn as
/// zero); below, the yearly ratio in percent with its exact interval (R's
/// `poisson.test(c(x, y), c(1, 1))` at the report's level) and the pooled
/// ratio over the years used as a line with its interval shaded.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// use return_migration::plot::FlowsChart;
/// use return_migration::ratio::EffectivenessRatio;
/// let r = YearSeries::from_values("returns", "persons", &[(2018, 1508.0), (2019, 900.0)])?;
/// let a = YearSeries::from_values("arrivals", "persons", &[(2018, 64298.0), (2019, 32513.0)])?;
/// let report = EffectivenessRatio::new().window(2018, 2020).fit(&r, &a)?;
/// let fig = FlowsChart::new(&report).labels("AVRR returns", "irregular arrivals").render()?;
/// assert!(fig.svg().contains("no data")); // 2020
/// assert!(fig.svg().contains("pooled 2018–2019"));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FlowsChart<'a> {
    report: &'a RatioReport,
    title: String,
    numerator_label: String,
    denominator_label: String,
    ratio_label: String,
}

fn whole(v: f64, what: &str, year: i32) -> Result<u64> {
    if v.fract() == 0.0 && (0.0..=9.0e15).contains(&v) {
        Ok(v as u64)
    } else {
        Err(invalid(
            what,
            format!("{v} in {year} is not a whole count, so the exact interval does not apply"),
        ))
    }
}

/// A panel across the plot width at `(top, height)` with a y axis from 0 to
/// a round number at or above `max`: its grid, tick labels (in percent when
/// `percent`) and vertical `label`.
fn panel(svg: &mut Svg, (top, height): (f64, f64), max: f64, percent: bool, label: &str) -> Area {
    let area = Area {
        left: LEFT,
        top,
        width: WIDTH - LEFT - RIGHT,
        height,
        x_range: (0.0, 1.0),
        y_range: (0.0, nice_ceiling(max, 6)),
    };
    let y_ticks = nice_ticks(0.0, area.y_range.1, 6);
    axes(svg, &area, &[], &y_ticks, true, percent);
    svg.vertical_text(20.0, top + height / 2.0, LABEL_SIZE, label);
    area
}

impl<'a> FlowsChart<'a> {
    /// A chart of the report with labels from its series names.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::plot::FlowsChart;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let s = YearSeries::from_values("r", "persons", &[(2020, 1.0)])?;
    /// let t = YearSeries::from_values("a", "persons", &[(2020, 10.0)])?;
    /// let report = EffectivenessRatio::new().fit(&s, &t)?;
    /// assert!(FlowsChart::new(&report).render().is_ok());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn new(report: &'a RatioReport) -> FlowsChart<'a> {
        FlowsChart {
            report,
            title: format!(
                "{} and {} per year",
                report.numerator_name, report.denominator_name
            ),
            numerator_label: report.numerator_name.clone(),
            denominator_label: report.denominator_name.clone(),
            ratio_label: "ratio (%)".to_string(),
        }
    }

    /// Sets the title.
    ///
    /// # Example
    /// ```
    /// # use return_migration::data::YearSeries;
    /// # use return_migration::ratio::EffectivenessRatio;
    /// # let s = YearSeries::from_values("r", "p", &[(2020, 1.0)])?;
    /// # let report = EffectivenessRatio::new().fit(&s, &s)?;
    /// let _ = return_migration::plot::FlowsChart::new(&report).title("Returns vs arrivals");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn title(mut self, title: &str) -> Self {
        self.title = title.to_string();
        self
    }

    /// Sets the legend labels of the numerator and denominator flows.
    ///
    /// # Example
    /// ```
    /// # use return_migration::data::YearSeries;
    /// # use return_migration::ratio::EffectivenessRatio;
    /// # let s = YearSeries::from_values("r", "p", &[(2020, 1.0)])?;
    /// # let report = EffectivenessRatio::new().fit(&s, &s)?;
    /// let _ = return_migration::plot::FlowsChart::new(&report).labels("AVRR returns", "arrivals");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn labels(mut self, numerator: &str, denominator: &str) -> Self {
        self.numerator_label = numerator.to_string();
        self.denominator_label = denominator.to_string();
        self
    }

    /// Sets the y label of the ratio panel (default `ratio (%)`).
    ///
    /// # Example
    /// ```
    /// # use return_migration::data::YearSeries;
    /// # use return_migration::ratio::EffectivenessRatio;
    /// # let s = YearSeries::from_values("r", "p", &[(2020, 1.0)])?;
    /// # let report = EffectivenessRatio::new().fit(&s, &s)?;
    /// let _ = return_migration::plot::FlowsChart::new(&report).ratio_label("returns per 100 arrivals");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn ratio_label(mut self, label: &str) -> Self {
        self.ratio_label = label.to_string();
        self
    }

    /// Computes the yearly intervals and draws the figure. Errors when a
    /// value is not a whole count or the report has no rows.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::YearSeries;
    /// use return_migration::plot::FlowsChart;
    /// use return_migration::ratio::EffectivenessRatio;
    /// let r = YearSeries::from_values("r", "persons", &[(2020, 1.0)])?;
    /// let a = YearSeries::from_values("a", "persons", &[(2020, 10.0)])?;
    /// let mut report = EffectivenessRatio::new().fit(&r, &a)?;
    /// assert!(FlowsChart::new(&report).render().is_ok());
    /// report.rows[0].denominator = Some(10.5); // edited by hand: not a count
    /// assert!(FlowsChart::new(&report).render().is_err());
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn render(&self) -> Result<Figure> {
        let rows = &self.report.rows;
        if rows.is_empty() {
            return Err(invalid("ratio report", "it has no year to draw"));
        }
        let level = self.report.ratio.conf_level;
        let mut yearly = Vec::with_capacity(rows.len());
        for r in rows {
            yearly.push(match (r.numerator, r.denominator) {
                (Some(x), Some(y)) if y > 0.0 => {
                    let x = whole(x, &self.report.numerator_name, r.year)?;
                    let y = whole(y, &self.report.denominator_name, r.denominator_year)?;
                    Some(poisson_ratio_interval(x, y, level)?)
                }
                _ => None,
            });
        }
        let pooled = &self.report.ratio;
        let mut notes = Vec::new();
        if self.report.lag != 0 {
            notes.push(format!(
                "{} in year t against {} in year t − {}",
                self.numerator_label, self.denominator_label, self.report.lag
            ));
        }
        if rows
            .iter()
            .any(|r| r.numerator_derived || r.denominator_derived)
        {
            notes.push("* derived: the sum of published components".to_string());
        }
        notes.push("no data: no published value (not zero)".to_string());
        let (top1, h1, top2, h2) = (76.0, 240.0, 372.0, 190.0);
        let height = top2 + h2 + 72.0 + 24.0 + 20.0 * notes.len() as f64;
        let mut svg = Svg::new(WIDTH, height, &self.title);
        svg.bold(WIDTH / 2.0, 28.0, TITLE_SIZE, Anchor::Middle, &self.title);
        let plot_w = WIDTH - LEFT - RIGHT;
        let group = plot_w / rows.len() as f64;
        let centre = |i: usize| LEFT + group * (i as f64 + 0.5);

        // Panel 1: flows.
        let max_flow = rows
            .iter()
            .flat_map(|r| [r.numerator, r.denominator])
            .flatten()
            .fold(0.0, f64::max);
        let a1 = panel(&mut svg, (top1, h1), max_flow, false, "persons per year");
        svg.rect([LEFT, 42.0, 14.0, 14.0], DENOMINATOR, 1.0, "");
        svg.text(
            LEFT + 20.0,
            54.0,
            TICK_SIZE,
            Anchor::Start,
            "black",
            &self.denominator_label,
        );
        let second = LEFT + 40.0 + text_width(&self.denominator_label, TICK_SIZE);
        svg.rect([second, 42.0, 14.0, 14.0], NUMERATOR, 1.0, "");
        svg.text(
            second + 20.0,
            54.0,
            TICK_SIZE,
            Anchor::Start,
            "black",
            &self.numerator_label,
        );
        let bar = group * 0.36;
        svg.begin("flows");
        for (i, r) in rows.iter().enumerate() {
            let bars = [
                (
                    r.denominator,
                    DENOMINATOR,
                    centre(i) - bar,
                    r.denominator_year,
                ),
                (r.numerator, NUMERATOR, centre(i), r.year),
            ];
            for (value, fill, x, year) in bars {
                match value {
                    Some(v) => svg.rect(
                        [x, a1.y(v), bar, a1.y(0.0) - a1.y(v)],
                        fill,
                        1.0,
                        &format!("{year}: {}", count(v)),
                    ),
                    None => svg.text(
                        x + bar / 2.0,
                        a1.y(0.0) - 6.0,
                        13.0,
                        Anchor::Middle,
                        fill,
                        "no data",
                    ),
                }
            }
            let derived = if r.numerator_derived || r.denominator_derived {
                "*"
            } else {
                ""
            };
            svg.text(
                centre(i),
                a1.bottom() + 21.0,
                TICK_SIZE,
                Anchor::Middle,
                "black",
                &format!("{}{derived}", r.year),
            );
        }
        svg.end();

        // Panel 2: yearly ratio with interval, pooled ratio with interval.
        let max_ratio = yearly
            .iter()
            .flatten()
            .map(|iv| iv.upper)
            .chain([pooled.upper])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        let a2 = panel(&mut svg, (top2, h2), max_ratio, true, &self.ratio_label);
        let used = &self.report.coverage.years_used;
        let index = |year: i32| rows.iter().position(|r| r.year == year);
        if let (Some(first), Some(last)) = (
            used.first().and_then(|&y| index(y)),
            used.last().and_then(|&y| index(y)),
        ) {
            let (x1, x2) = (centre(first) - group * 0.45, centre(last) + group * 0.45);
            svg.begin("pooled");
            svg.rect(
                [
                    x1,
                    a2.y(pooled.upper),
                    x2 - x1,
                    a2.y(pooled.lower) - a2.y(pooled.upper),
                ],
                NUMERATOR,
                0.15,
                "",
            );
            svg.line(
                x1,
                a2.y(pooled.estimate),
                x2,
                a2.y(pooled.estimate),
                Stroke {
                    colour: NUMERATOR,
                    width: 2.0,
                    dash: "8 4",
                },
            );
            svg.end();
        }
        svg.begin("yearly ratios");
        for (i, iv) in yearly.iter().enumerate() {
            let x = centre(i);
            match iv {
                Some(iv) => {
                    let s = Stroke::solid("black", 1.5);
                    svg.line(x, a2.y(iv.lower), x, a2.y(iv.upper), s);
                    svg.line(x - 6.0, a2.y(iv.lower), x + 6.0, a2.y(iv.lower), s);
                    svg.line(x - 6.0, a2.y(iv.upper), x + 6.0, a2.y(iv.upper), s);
                    svg.dot(x, a2.y(iv.estimate), 4.5, "black");
                    svg.text(
                        x + 9.0,
                        a2.y(iv.estimate) - 6.0,
                        13.0,
                        Anchor::Start,
                        "black",
                        &percent(iv.estimate),
                    );
                }
                None => svg.text(
                    x,
                    a2.y(0.0) - 6.0,
                    13.0,
                    Anchor::Middle,
                    "#555555",
                    "no ratio",
                ),
            }
            svg.text(
                x,
                a2.bottom() + 21.0,
                TICK_SIZE,
                Anchor::Middle,
                "black",
                &rows[i].year.to_string(),
            );
        }
        svg.end();

        // Key of panel 2 and notes.
        let lv = format!("{}%", sig(100.0 * level, 4));
        let y = a2.bottom() + 50.0;
        svg.dot(LEFT + 7.0, y - 5.0, 4.5, "black");
        svg.line(
            LEFT + 7.0,
            y - 13.0,
            LEFT + 7.0,
            y + 3.0,
            Stroke::solid("black", 1.5),
        );
        svg.text(
            LEFT + 20.0,
            y,
            TICK_SIZE,
            Anchor::Start,
            "black",
            &format!("yearly ratio, {lv} exact interval"),
        );
        let years_used = match (used.first(), used.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
            (Some(a), _) => a.to_string(),
            _ => "no year".to_string(),
        };
        let y = y + 22.0;
        svg.rect([LEFT, y - 11.0, 28.0, 14.0], NUMERATOR, 0.15, "");
        svg.line(
            LEFT,
            y - 4.0,
            LEFT + 28.0,
            y - 4.0,
            Stroke {
                colour: NUMERATOR,
                width: 2.0,
                dash: "8 4",
            },
        );
        svg.text(
            LEFT + 34.0,
            y,
            TICK_SIZE,
            Anchor::Start,
            "black",
            &format!(
                "pooled {years_used} over {} years used: {} ({lv} CI {}–{})",
                used.len(),
                percent(pooled.estimate),
                percent(pooled.lower),
                percent(pooled.upper)
            ),
        );
        for (k, note) in notes.iter().enumerate() {
            svg.text(
                LEFT,
                y + 24.0 + 20.0 * k as f64,
                TICK_SIZE,
                Anchor::Start,
                "#333333",
                note,
            );
        }
        Ok(Figure::new(&self.title, WIDTH, height, svg.finish()))
    }
}
