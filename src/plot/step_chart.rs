//! Figures of step curves: Kaplan–Meier curves by group, cumulative
//! incidence by cause (overlaid, stacked or side by side), cohort curves.

use super::Figure;
use super::step_draw::draw;
pub use super::step_parts::Layout;
use super::step_parts::{ChartParts, stack_times};
use super::steps::StepCurve;
use super::svg::nice_ceiling;
use crate::error::{Result, invalid};
use crate::setters::setters;
use crate::survival::KaplanMeierFit;

/// A figure of labelled step curves, with confidence bands, censoring
/// ticks and a numbers-at-risk table under the x axis. Built with
/// [`StepChart::new`] (any curves), [`StepChart::survival`] or
/// [`StepChart::cumulative`] (from a Kaplan–Meier fit); checked and drawn by
/// [`StepChart::render`]. The same input always gives the same bytes.
///
/// # Example
/// ```
/// use return_migration::plot::{Layout, StepChart, StepCurve};
/// let return_home = StepCurve::new("onward to Europe", 0.0, &[(4.0, 0.05), (10.0, 0.11)]);
/// let elsewhere = StepCurve::new("to another country", 0.0, &[(7.0, 0.03)]);
/// let fig = StepChart::new(vec![return_home, elsewhere])
///     .layout(Layout::Stacked)
///     .title("Re-migration by destination (synthetic)")
///     .x_label("months since return")
///     .y_label("cumulative incidence")
///     .y_percent(true)
///     .render()?;
/// assert!(fig.svg().contains("onward to Europe"));
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StepChart {
    curves: Vec<StepCurve>,
    layout: Layout,
    title: String,
    x_label: String,
    y_label: String,
    y_range: Option<(f64, f64)>,
    x_max: Option<f64>,
    bands: bool,
    band_label: String,
    censor_marks: bool,
    risk_table: bool,
    y_percent: bool,
}

impl StepChart {
    /// A chart of these curves, overlaid, with bands, censoring marks and a
    /// risk table where the curves carry them; axes `time` and `value`.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::{StepChart, StepCurve};
    /// let fig = StepChart::new(vec![StepCurve::new("a", 1.0, &[(1.0, 0.5)])]).render()?;
    /// assert!(fig.svg().starts_with("<svg"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn new(curves: Vec<StepCurve>) -> StepChart {
        StepChart {
            curves,
            layout: Layout::Overlay,
            title: String::new(),
            x_label: "time".to_string(),
            y_label: "value".to_string(),
            y_range: None,
            x_max: None,
            bands: true,
            band_label: "confidence band".to_string(),
            censor_marks: true,
            risk_table: true,
            y_percent: false,
        }
    }

    /// Kaplan–Meier curves of every group of a fit, with their pointwise
    /// confidence bands, a tick at each censoring, and the numbers at risk;
    /// y from 0 to 1.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepChart;
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![2., 3., 5., 8.], vec![1, 0, 1, 1]).build()?;
    /// let fig = StepChart::survival(&KaplanMeier::new().fit(&d)?).render()?;
    /// assert!(fig.svg().contains("Number at risk"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn survival(fit: &KaplanMeierFit) -> StepChart {
        let mut chart = StepChart::new(fit.curves.iter().map(StepCurve::survival).collect());
        chart.title = "Kaplan–Meier estimate".to_string();
        chart.y_label = "survival probability".to_string();
        chart.y_range = Some((0.0, 1.0));
        chart.band_label = band_label(fit);
        chart
    }

    /// The cumulative share with the event, 1 − S(t), of every group of a
    /// Kaplan–Meier fit (e.g. re-migration of return-year cohorts), with
    /// bands, marks and numbers at risk; y in percent from 0.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::StepChart;
    /// use return_migration::survival::{KaplanMeier, SurvData};
    /// let d = SurvData::builder(vec![2., 3., 5.], vec![1, 0, 1])
    ///     .groups(vec!["2019".into(), "2019".into(), "2020".into()]).build()?;
    /// let fig = StepChart::cumulative(&KaplanMeier::new().fit(&d)?).render()?;
    /// assert!(fig.svg().contains(">2020<"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn cumulative(fit: &KaplanMeierFit) -> StepChart {
        let mut chart = StepChart::new(fit.curves.iter().map(StepCurve::cumulative).collect());
        chart.title = "Cumulative incidence (1 − Kaplan–Meier)".to_string();
        chart.y_label = "cumulative share with the event".to_string();
        chart.y_percent = true;
        chart.band_label = band_label(fit);
        chart
    }

    setters! {
        /// Sets the layout (default [`Layout::Overlay`]).
        ///
        /// # Example
        /// ```
        /// use return_migration::plot::{Layout, StepChart};
        /// let _ = StepChart::new(vec![]).layout(Layout::Panels);
        /// ```
        layout: Layout,
    }

    /// Sets the title.
    ///
    /// # Example
    /// ```
    /// let _ = return_migration::plot::StepChart::new(vec![]).title("T");
    /// ```
    pub fn title(mut self, title: &str) -> StepChart {
        self.title = title.to_string();
        self
    }

    /// Sets the x-axis label.
    ///
    /// # Example
    /// ```
    /// let _ = return_migration::plot::StepChart::new(vec![]).x_label("months since return");
    /// ```
    pub fn x_label(mut self, label: &str) -> StepChart {
        self.x_label = label.to_string();
        self
    }

    /// Sets the y-axis label.
    ///
    /// # Example
    /// ```
    /// let _ = return_migration::plot::StepChart::new(vec![]).y_label("share re-migrated");
    /// ```
    pub fn y_label(mut self, label: &str) -> StepChart {
        self.y_label = label.to_string();
        self
    }

    /// Fixes the y range (default: from 0, or the lowest value, to a round
    /// number above the highest value or limit).
    ///
    /// # Example
    /// ```
    /// let _ = return_migration::plot::StepChart::new(vec![]).y_range(0.0, 0.5);
    /// ```
    pub fn y_range(mut self, lo: f64, hi: f64) -> StepChart {
        self.y_range = Some((lo, hi));
        self
    }

    /// Cuts the x axis at this time (default: the longest follow-up).
    ///
    /// # Example
    /// ```
    /// let _ = return_migration::plot::StepChart::new(vec![]).x_max(36.0);
    /// ```
    pub fn x_max(mut self, x_max: f64) -> StepChart {
        self.x_max = Some(x_max);
        self
    }

    setters! {
        /// Draws confidence bands (default true) and names them in the legend.
        ///
        /// # Example
        /// ```
        /// let _ = return_migration::plot::StepChart::new(vec![]).bands(false);
        /// ```
        bands: bool,

        /// Draws a tick at each censoring (default true).
        ///
        /// # Example
        /// ```
        /// let _ = return_migration::plot::StepChart::new(vec![]).censor_marks(false);
        /// ```
        censor_marks: bool,

        /// Prints the numbers at risk under the x axis (default true; only
        /// curves that carry them).
        ///
        /// # Example
        /// ```
        /// let _ = return_migration::plot::StepChart::new(vec![]).risk_table(false);
        /// ```
        risk_table: bool,

        /// Labels the y axis in percent (default false).
        ///
        /// # Example
        /// ```
        /// let _ = return_migration::plot::StepChart::new(vec![]).y_percent(true);
        /// ```
        y_percent: bool,
    }

    /// Checks the input and draws the figure. Errors on no curves, a curve
    /// with a non-finite number or descending times, or a bad range.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::{StepChart, StepCurve};
    /// assert!(StepChart::new(vec![]).render().is_err());
    /// let bad = StepCurve::new("a", 0.0, &[(2.0, 0.1), (1.0, 0.2)]);
    /// assert!(StepChart::new(vec![bad]).render().is_err());
    /// ```
    pub fn render(&self) -> Result<Figure> {
        if self.curves.is_empty() {
            return Err(invalid("curves", "there is no curve to draw"));
        }
        for c in &self.curves {
            c.validate()?;
        }
        let x_lo = self
            .curves
            .iter()
            .flat_map(|c| c.steps.iter().map(|s| s.time))
            .fold(0.0, f64::min);
        let x_hi = match self.x_max {
            Some(x) if x.is_finite() && x > x_lo => x,
            Some(x) => {
                return Err(invalid(
                    "x_max",
                    format!("{x} must be finite and above {x_lo}"),
                ));
            }
            None => {
                let hi = self
                    .curves
                    .iter()
                    .map(StepCurve::last_time)
                    .fold(x_lo, f64::max);
                if hi > x_lo { hi } else { x_lo + 1.0 }
            }
        };
        let y_range = match self.y_range {
            Some((lo, hi)) if lo.is_finite() && hi.is_finite() && hi > lo => (lo, hi),
            Some((lo, hi)) => {
                return Err(invalid(
                    "y_range",
                    format!("({lo}, {hi}) must be finite and increasing"),
                ));
            }
            None => self.auto_y_range(x_hi),
        };
        Ok(draw(&self.parts(), (x_lo, x_hi), y_range))
    }

    fn auto_y_range(&self, x_hi: f64) -> (f64, f64) {
        let mut lo = 0.0_f64;
        let mut hi = 0.0_f64;
        if self.layout == Layout::Stacked {
            let times = stack_times(&self.curves, x_hi);
            for &t in &times {
                let total: f64 = self.curves.iter().map(|c| c.value_at(t)).sum();
                hi = hi.max(total);
                lo = lo.min(total);
            }
        } else {
            for c in &self.curves {
                hi = hi.max(c.start);
                lo = lo.min(c.start);
                for s in c.steps.iter().filter(|s| s.time <= x_hi) {
                    hi = hi.max(s.value);
                    lo = lo.min(s.value);
                    if self.bands {
                        hi = s.upper.map_or(hi, |u| hi.max(u));
                        lo = s.lower.map_or(lo, |l| lo.min(l));
                    }
                }
            }
        }
        let hi = nice_ceiling(hi, 6);
        let lo = if lo < 0.0 { -nice_ceiling(-lo, 6) } else { 0.0 };
        (lo, hi)
    }
}

/// "95% CI (log)" from a fit's level and interval type.
fn band_label(fit: &KaplanMeierFit) -> String {
    format!(
        "{}% pointwise CI ({})",
        crate::display::number::sig(100.0 * fit.conf_level, 4),
        fit.conf_type.name()
    )
}

/// Read access for the drawing code.
impl StepChart {
    pub(crate) fn parts(&self) -> ChartParts<'_> {
        ChartParts {
            curves: &self.curves,
            layout: self.layout,
            title: &self.title,
            x_label: &self.x_label,
            y_label: &self.y_label,
            bands: self.bands,
            band_label: &self.band_label,
            censor_marks: self.censor_marks,
            risk_table: self.risk_table,
            y_percent: self.y_percent,
        }
    }
}
