//! SVG figures, written directly (no plotting dependency, deterministic bytes).

mod flows;

pub use flows::flows_chart_svg;
