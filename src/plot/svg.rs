//! SVG primitives shared by the figures: a writer with fixed number
//! formatting (so the same input gives the same bytes), a colour-blind-safe
//! palette with dash patterns for greyscale print, nice axis ticks, and a
//! mapping from data to the plot area.

use std::fmt::Write;

use crate::display::escape_html;
use crate::display::number::sig;

/// The font stack (DejaVu Sans ships with most Linux systems and is what
/// `rsvg-convert` uses; the others cover Windows and macOS).
pub(crate) const FONT: &str = "DejaVu Sans, Arial, Helvetica, sans-serif";

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
const PALETTE: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
];
/// Dash patterns, so that curves stay apart in greyscale print.
const DASHES: [&str; 4] = ["", "8 4", "2 3", "10 3 2 3"];

/// Font sizes in px on a 720 px wide figure: at 6.5 in wide the smallest is ≥ 9 pt.
pub(crate) const TITLE_SIZE: f64 = 18.0;
pub(crate) const LABEL_SIZE: f64 = 15.0;
pub(crate) const TICK_SIZE: f64 = 14.0;

pub(crate) fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

pub(crate) fn dash(i: usize) -> &'static str {
    DASHES[i % DASHES.len()]
}

/// A coordinate with 2 decimals, trailing zeros dropped, never `-0`.
pub(crate) fn n(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// An estimate of the width of `text` at `size` px (DejaVu Sans averages
/// about 0.56 em per character).
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// Horizontal text anchor.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Stroke of a line or path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stroke<'a> {
    pub colour: &'a str,
    pub width: f64,
    pub dash: &'a str,
}

impl<'a> Stroke<'a> {
    pub fn solid(colour: &'a str, width: f64) -> Self {
        Stroke {
            colour,
            width,
            dash: "",
        }
    }

    /// The line of the i-th series of a chart: its colour and dash, 2.5 px.
    pub fn series(i: usize) -> Stroke<'static> {
        Stroke {
            colour: colour(i),
            width: 2.5,
            dash: dash(i),
        }
    }

    fn attributes(&self) -> String {
        let mut a = format!(
            r#"stroke="{}" stroke-width="{}""#,
            self.colour,
            n(self.width)
        );
        if !self.dash.is_empty() {
            let _ = write!(a, r#" stroke-dasharray="{}""#, self.dash);
        }
        a
    }
}

/// An SVG document being written.
pub(crate) struct Svg {
    out: String,
}

impl Svg {
    /// A document of `width` × `height` px on a white background, with a
    /// `<title>` for screen readers.
    pub fn new(width: f64, height: f64, title: &str) -> Svg {
        let mut out = String::new();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}">"#,
            w = n(width),
            h = n(height)
        );
        let _ = writeln!(out, "<title>{}</title>", escape_html(title));
        let _ = writeln!(
            out,
            r#"<rect width="{}" height="{}" fill="white"/>"#,
            n(width),
            n(height)
        );
        Svg { out }
    }

    /// Text at (x, y) (y is the baseline).
    pub fn text(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, fill: &str, text: &str) {
        let _ = writeln!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="{fill}">{}</text>"#,
            n(x),
            n(y),
            n(size),
            anchor.name(),
            escape_html(text)
        );
    }

    /// Bold text (titles, table headings).
    pub fn bold(&mut self, x: f64, y: f64, size: f64, anchor: Anchor, text: &str) {
        let _ = writeln!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="{}" font-weight="bold">{}</text>"#,
            n(x),
            n(y),
            n(size),
            anchor.name(),
            escape_html(text)
        );
    }

    /// Text turned a quarter to the left, centred on (x, y): a y-axis label.
    pub fn vertical_text(&mut self, x: f64, y: f64, size: f64, text: &str) {
        let _ = writeln!(
            self.out,
            r#"<text x="{x}" y="{y}" font-size="{}" text-anchor="middle" transform="rotate(-90 {x} {y})">{}</text>"#,
            n(size),
            escape_html(text),
            x = n(x),
            y = n(y)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: Stroke<'_>) {
        let _ = writeln!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {}/>"#,
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            stroke.attributes()
        );
    }

    /// A filled rectangle `[x, y, width, height]`, with a tooltip when `tip` is not empty.
    pub fn rect(&mut self, [x, y, w, h]: [f64; 4], fill: &str, opacity: f64, tip: &str) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}""#,
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0))
        );
        if opacity < 1.0 {
            let _ = write!(self.out, r#" fill-opacity="{}""#, n(opacity));
        }
        if tip.is_empty() {
            self.out.push_str("/>\n");
        } else {
            let _ = writeln!(self.out, "><title>{}</title></rect>", escape_html(tip));
        }
    }

    /// A stroked, unfilled path.
    pub fn path(&mut self, d: &str, stroke: Stroke<'_>) {
        let _ = writeln!(
            self.out,
            r#"<path d="{d}" fill="none" {} stroke-linejoin="miter"/>"#,
            stroke.attributes()
        );
    }

    /// A filled area without stroke.
    pub fn area(&mut self, d: &str, fill: &str, opacity: f64) {
        let _ = writeln!(
            self.out,
            r#"<path d="{d}" fill="{fill}" fill-opacity="{}" stroke="none"/>"#,
            n(opacity)
        );
    }

    /// A filled circle.
    pub fn dot(&mut self, x: f64, y: f64, r: f64, fill: &str) {
        let _ = writeln!(
            self.out,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{fill}"/>"#,
            n(x),
            n(y),
            n(r)
        );
    }

    /// Opens a group with a comment naming what it holds (helps tests and readers).
    pub fn begin(&mut self, class: &str) {
        let _ = writeln!(self.out, r#"<g class="{}">"#, escape_html(class));
    }

    pub fn end(&mut self) {
        self.out.push_str("</g>\n");
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }
}

/// Ticks at 1, 2, 2.5 or 5 × 10^k covering [lo, hi] with at most `max` ticks
/// (at least 2 when hi > lo). Each tick is computed as i·step (no drift).
pub(crate) fn nice_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return vec![lo];
    }
    let step = nice_step(hi - lo, max.max(2));
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// The smallest step of 1, 2, 2.5, 5 × 10^k giving at most `max` ticks from 0 within `span`.
pub(crate) fn nice_step(span: f64, max: usize) -> f64 {
    let raw = span / (max as f64 - 1.0);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| (span / s + 1e-9).floor() <= max as f64 - 1.0)
        .unwrap_or(10.0 * magnitude)
}

/// The smallest multiple of a nice step at or above `hi` (an axis maximum).
pub(crate) fn nice_ceiling(hi: f64, max_ticks: usize) -> f64 {
    if !hi.is_finite() || hi <= 0.0 {
        return 1.0;
    }
    let step = nice_step(hi, max_ticks);
    (hi / step - 1e-9).ceil() * step
}

/// A tick label: the value to 6 significant digits, or a percentage.
pub(crate) fn tick_label(v: f64, percent: bool) -> String {
    if percent {
        format!("{}%", sig(100.0 * v, 6))
    } else {
        sig(v, 6)
    }
}

/// A rectangle of the figure and the data ranges it shows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Area {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

impl Area {
    /// The x pixel of a data value (clamped to the area).
    pub fn x(&self, v: f64) -> f64 {
        let (a, b) = self.x_range;
        let f = if b > a { (v - a) / (b - a) } else { 0.0 };
        self.left + self.width * f.clamp(0.0, 1.0)
    }

    /// The y pixel of a data value (clamped to the area).
    pub fn y(&self, v: f64) -> f64 {
        let (a, b) = self.y_range;
        let f = if b > a { (v - a) / (b - a) } else { 0.0 };
        self.top + self.height * (1.0 - f.clamp(0.0, 1.0))
    }

    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }

    pub fn right(&self) -> f64 {
        self.left + self.width
    }
}

/// Grid lines and tick labels of the y axis, the frame's left and bottom
/// lines, and the x ticks; y labels only when `y_labels`.
pub(crate) fn axes(
    svg: &mut Svg,
    area: &Area,
    x_ticks: &[f64],
    y_ticks: &[f64],
    y_labels: bool,
    y_percent: bool,
) {
    svg.begin("axes");
    let grid = Stroke::solid("#e0e0e0", 1.0);
    for &t in y_ticks {
        let y = area.y(t);
        svg.line(area.left, y, area.right(), y, grid);
        if y_labels {
            svg.text(
                area.left - 8.0,
                y + 5.0,
                TICK_SIZE,
                Anchor::End,
                "black",
                &tick_label(t, y_percent),
            );
        }
    }
    let axis = Stroke::solid("black", 1.0);
    svg.line(area.left, area.top, area.left, area.bottom(), axis);
    svg.line(area.left, area.bottom(), area.right(), area.bottom(), axis);
    for &t in x_ticks {
        let x = area.x(t);
        svg.line(x, area.bottom(), x, area.bottom() + 5.0, axis);
        svg.text(
            x,
            area.bottom() + 21.0,
            TICK_SIZE,
            Anchor::Middle,
            "black",
            &tick_label(t, false),
        );
    }
    svg.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_fixed_and_signless() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(12.345), "12.35");
        assert_eq!(n(0.1 + 0.2), "0.3");
    }

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 1.0, 6),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(
            nice_ticks(0.0, 36.0, 8),
            vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0]
        );
        assert_eq!(nice_ticks(2015.0, 2021.0, 8).len(), 7);
        assert_eq!(nice_ceiling(0.17, 6), 0.2);
        assert_eq!(nice_ceiling(64298.0, 6), 80000.0);
        assert_eq!(tick_label(0.6000000000000001, true), "60%");
    }

    #[test]
    fn area_maps_and_clamps() {
        let a = Area {
            left: 10.0,
            top: 0.0,
            width: 100.0,
            height: 50.0,
            x_range: (0.0, 10.0),
            y_range: (0.0, 1.0),
        };
        assert_eq!(a.x(5.0), 60.0);
        assert_eq!(a.x(20.0), 110.0);
        assert_eq!(a.y(1.0), 0.0);
        assert_eq!(a.y(-1.0), 50.0);
    }
}
