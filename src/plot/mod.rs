//! SVG figures, written directly: deterministic bytes, no plotting or font
//! dependency (the `plot` feature, on by default).
//!
//! - [`StepChart`]: Kaplan–Meier curves by group with confidence bands,
//!   censoring ticks and a numbers-at-risk table; cumulative incidence by
//!   cause overlaid, stacked or side by side ([`Layout`]); cohort curves
//!   by return year — any labelled step functions ([`StepCurve`]).
//! - [`FlowsChart`]: return flows against arrivals per year, with the yearly
//!   ratio, its exact interval and the pooled ratio.
//! - [`flows_chart_svg`]: a single-panel bar chart of two flows (`reproduce_barone` now draws [`FlowsChart`], which adds the ratio panel).
//! - [`ZphChart`]: β(t) of a proportional-hazards test (scaled Schoenfeld
//!   residuals, their spline smooth and band), as R's `plot(cox.zph(fit))`.
//!
//! Every figure is a [`Figure`]: its SVG text, shown inline in a notebook.
//! Fonts are 14–18 px on a 720 px wide canvas (9 pt and up when printed
//! 6.5 inches wide); colours are the Okabe–Ito palette and curves also
//! differ by dash pattern, so they stay apart in greyscale. Coordinates are
//! written with two decimals and nothing depends on time, randomness or
//! hash order: the same input gives the same bytes.

mod flows;
mod flows_share;
mod step_chart;
mod step_draw;
mod steps;
mod steps_from;
mod svg;
mod zph_chart;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use flows::flows_chart_svg;
pub use flows_share::FlowsChart;
pub use step_chart::{Layout, StepChart};
pub use steps::{Step, StepCurve};
pub use zph_chart::ZphChart;

use crate::display::{ToHtml, rich_display};

/// A rendered figure: an SVG document with its title and size in px.
///
/// # Example
/// ```
/// use return_migration::plot::{StepChart, StepCurve};
/// let fig = StepChart::new(vec![StepCurve::new("a", 1.0, &[(1.0, 0.5)])]).title("T").render()?;
/// assert_eq!(fig.title(), "T");
/// std::fs::write(std::env::temp_dir().join("figure.svg"), fig.svg()).unwrap();
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    title: String,
    width: f64,
    height: f64,
    svg: String,
}

impl Figure {
    pub(crate) fn new(title: &str, width: f64, height: f64, svg: String) -> Figure {
        Figure {
            title: title.to_string(),
            width,
            height,
            svg,
        }
    }

    /// The SVG document (write it to a `.svg` file, or convert it with
    /// `rsvg-convert -o figure.png figure.svg`).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::{StepChart, StepCurve};
    /// let fig = StepChart::new(vec![StepCurve::new("a", 1.0, &[])]).render()?;
    /// assert!(fig.svg().ends_with("</svg>\n"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn svg(&self) -> &str {
        &self.svg
    }

    /// The title.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::{StepChart, StepCurve};
    /// let fig = StepChart::new(vec![StepCurve::new("a", 1.0, &[])]).title("KM").render()?;
    /// assert_eq!(fig.title(), "KM");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Width and height in px.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::{StepChart, StepCurve};
    /// let fig = StepChart::new(vec![StepCurve::new("a", 1.0, &[])]).render()?;
    /// assert_eq!(fig.size().0, 720.0);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }
}

impl fmt::Debug for Figure {
    /// Short: the SVG text is summarised by its length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Figure")
            .field("title", &self.title)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("svg_bytes", &self.svg.len())
            .finish()
    }
}

impl fmt::Display for Figure {
    /// A one-line description (terminals cannot show the figure).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "figure \"{}\": {}×{} px SVG, {} bytes (write figure.svg() to a .svg file to view it)",
            self.title,
            self.width,
            self.height,
            self.svg.len()
        )
    }
}

impl ToHtml for Figure {
    /// The SVG document itself, shown inline.
    fn to_html(&self) -> String {
        self.svg.clone()
    }

    fn mime(&self) -> &'static str {
        "image/svg+xml"
    }
}

rich_display!(Figure);
