//! Drawing of a [`StepChart`](super::StepChart): legend, curves by layout, the risk table.

use super::Figure;
use super::step_parts::{ChartParts, Layout, stack_times};
use super::steps::StepCurve;
use super::svg::{
    Anchor, Area, LABEL_SIZE, Stroke, Svg, TICK_SIZE, TITLE_SIZE, axes, colour, n, nice_ticks,
    text_width,
};
use crate::display::number::count;

const PLOT_HEIGHT: f64 = 300.0;
const WIDTH: f64 = 720.0;
const RIGHT: f64 = 24.0;
const ROW: f64 = 22.0;

enum Key<'a> {
    Line(usize, &'a str),
    Filled(usize, &'a str),
    Band(&'a str),
    Censor,
}

impl Key<'_> {
    fn label(&self) -> &str {
        match self {
            Key::Line(_, l) | Key::Filled(_, l) | Key::Band(l) => l,
            Key::Censor => "censored",
        }
    }
}

/// Places legend keys left to right, wrapping at the right edge: (key, x, row).
fn place_keys<'a>(keys: Vec<Key<'a>>, left: f64, right: f64) -> Vec<(Key<'a>, f64, usize)> {
    let mut out = Vec::new();
    let (mut x, mut row) = (left, 0);
    for k in keys {
        let w = 34.0 + text_width(k.label(), TICK_SIZE) + 20.0;
        if x > left && x + w > right {
            x = left;
            row += 1;
        }
        out.push((k, x, row));
        x += w;
    }
    out
}

/// A closed step-shaped area over contiguous segments `(from, to, lower, upper)`.
fn band_path(area: &Area, segs: &[(f64, f64, f64, f64)]) -> String {
    let mut d = String::new();
    for (i, &(a, b, _, hi)) in segs.iter().enumerate() {
        if i == 0 {
            d.push_str(&format!("M{} {}", n(area.x(a)), n(area.y(hi))));
        } else {
            d.push_str(&format!("V{}", n(area.y(hi))));
        }
        d.push_str(&format!("H{}", n(area.x(b))));
    }
    for &(a, _, lo, _) in segs.iter().rev() {
        d.push_str(&format!("V{}H{}", n(area.y(lo)), n(area.x(a))));
    }
    d.push('Z');
    d
}

/// The curve's steps up to `x_hi` as segments `(from, to, step index)`.
fn segments(c: &StepCurve, x_hi: f64) -> Vec<(f64, f64, usize)> {
    let end = c.last_time().min(x_hi);
    let mut out = Vec::new();
    for (k, s) in c.steps.iter().enumerate() {
        if s.time > x_hi {
            break;
        }
        let to = c.steps.get(k + 1).map_or(end, |next| next.time.min(x_hi));
        if to >= s.time {
            out.push((s.time, to, k));
        }
    }
    out
}

fn draw_curve(svg: &mut Svg, area: &Area, p: &ChartParts<'_>, c: &StepCurve, i: usize) {
    let (x_lo, x_hi) = area.x_range;
    svg.begin(&format!("curve {}", c.label));
    if p.bands {
        let mut run: Vec<(f64, f64, f64, f64)> = Vec::new();
        let segs = segments(c, x_hi);
        for &(a, b, k) in &segs {
            match (c.steps[k].lower, c.steps[k].upper) {
                (Some(lo), Some(hi)) => run.push((a, b, lo, hi)),
                _ => {
                    if !run.is_empty() {
                        svg.area(&band_path(area, &run), colour(i), 0.15);
                        run.clear();
                    }
                }
            }
        }
        if !run.is_empty() {
            svg.area(&band_path(area, &run), colour(i), 0.15);
        }
    }
    let mut d = format!("M{} {}", n(area.x(x_lo)), n(area.y(c.start)));
    for s in c.steps.iter().filter(|s| s.time <= x_hi) {
        d.push_str(&format!("H{}V{}", n(area.x(s.time)), n(area.y(s.value))));
    }
    d.push_str(&format!("H{}", n(area.x(c.last_time().min(x_hi)))));
    svg.path(&d, Stroke::series(i));
    if p.censor_marks {
        for &t in c.censored.iter().filter(|&&t| t <= x_hi && t >= x_lo) {
            let (x, y) = (area.x(t), area.y(c.value_at(t)));
            svg.line(x, y - 6.0, x, y + 6.0, Stroke::solid(colour(i), 1.5));
        }
    }
    svg.end();
}

fn draw_stacked(svg: &mut Svg, area: &Area, curves: &[StepCurve]) {
    let (x_lo, x_hi) = area.x_range;
    let end = curves
        .iter()
        .map(StepCurve::last_time)
        .fold(x_lo, f64::max)
        .min(x_hi);
    let mut bounds = vec![x_lo];
    bounds.extend(stack_times(curves, x_hi).into_iter().filter(|&t| t > x_lo));
    if end > bounds[bounds.len() - 1] {
        bounds.push(end);
    }
    let intervals = bounds.len() - 1;
    let mut below = vec![0.0; intervals];
    let mut tops = Vec::with_capacity(curves.len());
    for (i, c) in curves.iter().enumerate() {
        let top: Vec<f64> = (0..intervals)
            .map(|j| below[j] + c.value_at(bounds[j]))
            .collect();
        let segs: Vec<(f64, f64, f64, f64)> = (0..intervals)
            .map(|j| (bounds[j], bounds[j + 1], below[j], top[j]))
            .collect();
        if !segs.is_empty() {
            svg.begin(&format!("stack {}", c.label));
            svg.area(&band_path(area, &segs), colour(i), 0.55);
            svg.end();
        }
        below.clone_from(&top);
        tops.push(top);
    }
    for (i, top) in tops.iter().enumerate() {
        if top.is_empty() {
            continue;
        }
        let mut d = format!("M{} {}", n(area.x(bounds[0])), n(area.y(top[0])));
        for j in 0..intervals {
            if j > 0 {
                d.push_str(&format!("V{}", n(area.y(top[j]))));
            }
            d.push_str(&format!("H{}", n(area.x(bounds[j + 1]))));
        }
        svg.path(&d, Stroke::solid(colour(i), 1.5));
    }
}

/// One row of the risk table: (label, colour index or None for black, counts per panel).
type RiskRow<'a> = (String, Option<usize>, Vec<&'a StepCurve>);

fn risk_rows<'a>(p: &ChartParts<'a>) -> Vec<RiskRow<'a>> {
    if !p.risk_table {
        return Vec::new();
    }
    let with: Vec<(usize, &StepCurve)> = p
        .curves
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.at_risk.is_empty())
        .collect();
    match p.layout {
        Layout::Overlay => with
            .iter()
            .map(|&(i, c)| (c.label.clone(), Some(i), vec![c]))
            .collect(),
        Layout::Stacked => with
            .first()
            .map(|&(_, c)| ("at risk".to_string(), None, vec![c]))
            .into_iter()
            .collect(),
        Layout::Panels => {
            if with.len() == p.curves.len() {
                vec![("at risk".to_string(), None, p.curves.iter().collect())]
            } else {
                Vec::new()
            }
        }
    }
}

/// Draws the chart on the x range and y range decided by [`StepChart::render`](super::StepChart::render).
pub(crate) fn draw(p: &ChartParts<'_>, x_range: (f64, f64), y_range: (f64, f64)) -> Figure {
    let rows = risk_rows(p);
    let risk_labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let x_hi = x_range.1;
    let mut keys = Vec::new();
    match p.layout {
        Layout::Overlay => keys.extend(
            p.curves
                .iter()
                .enumerate()
                .map(|(i, c)| Key::Line(i, c.label.as_str())),
        ),
        Layout::Stacked => keys.extend(
            p.curves
                .iter()
                .enumerate()
                .map(|(i, c)| Key::Filled(i, c.label.as_str())),
        ),
        Layout::Panels => {}
    }
    if p.layout != Layout::Stacked {
        let banded = p.curves.iter().any(|c| {
            c.steps
                .iter()
                .any(|s| s.lower.is_some() && s.upper.is_some())
        });
        if p.bands && banded {
            keys.push(Key::Band(p.band_label));
        }
        let marked = p
            .curves
            .iter()
            .any(|c| c.censored.iter().any(|&t| t <= x_hi));
        if p.censor_marks && marked {
            keys.push(Key::Censor);
        }
    }
    let frame0 = Frame::new(p, &risk_labels, 0);
    let placed = place_keys(keys, frame0.left, frame0.right_edge());
    let legend_rows = placed.iter().map(|k| k.2 + 1).max().unwrap_or(0);
    let frame = Frame::new(p, &risk_labels, legend_rows);

    let panels = if p.layout == Layout::Panels {
        p.curves.len()
    } else {
        1
    };
    let gap = 24.0;
    let panel_w = (frame.right_edge() - frame.left - gap * (panels as f64 - 1.0)) / panels as f64;
    let areas: Vec<Area> = (0..panels)
        .map(|k| Area {
            left: frame.left + k as f64 * (panel_w + gap),
            top: frame.plot_top,
            width: panel_w,
            height: frame.plot_height(),
            x_range,
            y_range,
        })
        .collect();
    let bottom = areas[0].bottom();
    let table_top = bottom + 76.0;
    let height = if rows.is_empty() {
        bottom + 62.0
    } else {
        table_top + rows.len() as f64 * ROW + 12.0
    };

    let mut svg = Svg::new(
        frame.width,
        height,
        if p.title.is_empty() {
            "step curves"
        } else {
            p.title
        },
    );
    let x_ticks = nice_ticks(x_range.0, x_range.1, if panels > 1 { 5 } else { 9 });
    let y_ticks = nice_ticks(y_range.0, y_range.1, 6);
    for (k, area) in areas.iter().enumerate() {
        axes(&mut svg, area, &x_ticks, &y_ticks, k == 0, p.y_percent);
    }
    labels(&mut svg, p, &frame, &areas[0], &areas[panels - 1]);

    svg.begin("legend");
    for (key, x, row) in &placed {
        let y = frame.legend_top + *row as f64 * ROW + 12.0;
        match key {
            Key::Line(i, _) => swatch(&mut svg, *x, y, *i, false),
            Key::Filled(i, _) => swatch(&mut svg, *x, y, *i, true),
            Key::Band(_) => svg.rect([*x, y - 11.0, 28.0, 14.0], "#555555", 0.25, ""),
            Key::Censor => svg.line(
                x + 14.0,
                y - 11.0,
                x + 14.0,
                y + 3.0,
                Stroke::solid("black", 1.5),
            ),
        }
        svg.text(x + 34.0, y, TICK_SIZE, Anchor::Start, "black", key.label());
    }
    svg.end();

    match p.layout {
        Layout::Overlay => {
            for (i, c) in p.curves.iter().enumerate() {
                draw_curve(&mut svg, &areas[0], p, c, i);
            }
        }
        Layout::Stacked => draw_stacked(&mut svg, &areas[0], p.curves),
        Layout::Panels => {
            for (i, (c, area)) in p.curves.iter().zip(&areas).enumerate() {
                svg.bold(
                    area.left + area.width / 2.0,
                    area.top - 8.0,
                    TICK_SIZE,
                    Anchor::Middle,
                    &c.label,
                );
                draw_curve(&mut svg, area, p, c, i);
            }
        }
    }

    if !rows.is_empty() {
        svg.begin("risk table");
        svg.bold(
            12.0,
            table_top - ROW,
            TICK_SIZE,
            Anchor::Start,
            "Number at risk",
        );
        for (r, (label, colour_index, curves)) in rows.iter().enumerate() {
            let y = table_top + r as f64 * ROW;
            let fill = colour_index.map_or("black", colour);
            svg.text(frame.left - 30.0, y, TICK_SIZE, Anchor::End, fill, label);
            for (area, c) in areas.iter().zip(curves) {
                for &t in &x_ticks {
                    svg.text(
                        area.x(t),
                        y,
                        TICK_SIZE,
                        Anchor::Middle,
                        fill,
                        &count(c.at_risk_at(t)),
                    );
                }
            }
        }
        svg.end();
    }
    Figure::new(p.title, frame.width, height, svg.finish())
}

/// Geometry shared by the layouts.
struct Frame {
    pub width: f64,
    pub left: f64,
    pub legend_top: f64,
    pub plot_top: f64,
}

impl Frame {
    pub fn new(p: &ChartParts<'_>, risk_labels: &[String], legend_rows: usize) -> Frame {
        let label_w = risk_labels
            .iter()
            .map(|l| text_width(l, TICK_SIZE))
            .fold(0.0, f64::max);
        let left = (label_w + 44.0).max(84.0);
        let panels = if p.layout == Layout::Panels {
            p.curves.len() as f64
        } else {
            1.0
        };
        let width = (left + RIGHT + panels * 260.0 + (panels - 1.0) * 24.0).max(WIDTH);
        let legend_top = if p.title.is_empty() { 16.0 } else { 44.0 };
        let panel_titles = if p.layout == Layout::Panels { ROW } else { 0.0 };
        let plot_top = legend_top + legend_rows as f64 * ROW + 12.0 + panel_titles;
        Frame {
            width,
            left,
            legend_top,
            plot_top,
        }
    }

    pub fn plot_height(&self) -> f64 {
        PLOT_HEIGHT
    }

    pub fn right_edge(&self) -> f64 {
        self.width - RIGHT
    }
}

/// Writes the title and axis labels around the plot areas.
fn labels(svg: &mut Svg, p: &ChartParts<'_>, frame: &Frame, first: &Area, last: &Area) {
    if !p.title.is_empty() {
        svg.bold(frame.width / 2.0, 28.0, TITLE_SIZE, Anchor::Middle, p.title);
    }
    let mid_x = (first.left + last.right()) / 2.0;
    svg.text(
        mid_x,
        first.bottom() + 46.0,
        LABEL_SIZE,
        Anchor::Middle,
        "black",
        p.x_label,
    );
    svg.vertical_text(
        (first.left - 64.0).max(20.0),
        first.top + first.height / 2.0,
        LABEL_SIZE,
        p.y_label,
    );
}

/// A legend swatch: a short line (with the curve's dash) or a filled square.
fn swatch(svg: &mut Svg, x: f64, y: f64, i: usize, filled: bool) {
    if filled {
        svg.rect([x, y - 11.0, 28.0, 14.0], colour(i), 0.55, "");
    } else {
        let d = format!("M{} {}H{}", n(x), n(y - 4.0), n(x + 28.0));
        svg.path(&d, Stroke::series(i));
    }
}
