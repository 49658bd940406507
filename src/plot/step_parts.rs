//! The settings of a step chart as the drawing reads them: the layout, the
//! borrowed parts of a [`StepChart`](super::StepChart), the stacked jump times.

use super::steps::StepCurve;

/// How several curves share a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// All curves on one pair of axes.
    Overlay,
    /// Curves added on top of each other as filled areas (cumulative
    /// incidence by cause: the top edge is the incidence of any cause).
    /// Bands and censoring marks are not drawn.
    Stacked,
    /// One panel per curve, side by side, on shared axes.
    Panels,
}

/// The settings of a chart, borrowed for drawing.
pub(crate) struct ChartParts<'a> {
    pub curves: &'a [StepCurve],
    pub layout: Layout,
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub bands: bool,
    pub band_label: &'a str,
    pub censor_marks: bool,
    pub risk_table: bool,
    pub y_percent: bool,
}

/// Every jump time up to `x_hi`, ascending, without repeats, after the x start.
pub(crate) fn stack_times(curves: &[StepCurve], x_hi: f64) -> Vec<f64> {
    let mut t: Vec<f64> = curves
        .iter()
        .flat_map(|c| c.steps.iter().map(|s| s.time))
        .filter(|&t| t <= x_hi)
        .collect();
    t.sort_by(f64::total_cmp);
    t.dedup();
    t
}
