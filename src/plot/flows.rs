//! Returns against arrivals per year, as grouped bars.

use std::fmt::Write;

use crate::ratio::YearRatio;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Formats a whole number with thin-space-free comma thousands separators.
fn thousands(v: f64) -> String {
    let s = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if v < 0.0 { format!("-{out}") } else { out }
}

/// A "nice" axis maximum and tick step covering `max`.
fn axis(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| s * 5.0 >= max)
        .unwrap_or(10.0 * magnitude);
    ((max / step).ceil() * step, step)
}

/// An SVG bar chart of a numerator flow (e.g. AVRR returns) against a
/// denominator flow (e.g. irregular arrivals) per year, from the rows of a
/// [`RatioReport`](crate::ratio::RatioReport). Each year shows both bars on
/// one linear scale and the yearly ratio in percent; a missing value is
/// written `no data` instead of a bar (never drawn as zero). The output is
/// plain text, the same bytes for the same input.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// use return_migration::plot::flows_chart_svg;
/// use return_migration::ratio::EffectivenessRatio;
/// let r = YearSeries::from_values("returns", "persons", &[(2018, 1508.0)]).unwrap();
/// let a = YearSeries::from_values("arrivals", "persons", &[(2018, 64298.0), (2019, 32513.0)]).unwrap();
/// let report = EffectivenessRatio::new(&r, &a).window(2018, 2019).compute().unwrap();
/// let svg = flows_chart_svg(&report.rows, "Returns vs arrivals", "AVRR returns", "Arrivals");
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("no data"));
/// ```
pub fn flows_chart_svg(
    rows: &[YearRatio],
    title: &str,
    numerator_label: &str,
    denominator_label: &str,
) -> String {
    let (width, height) = (860.0, 500.0);
    let (left, right, top, bottom) = (90.0, 20.0, 96.0, 70.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = rows
        .iter()
        .flat_map(|r| [r.numerator, r.denominator])
        .flatten()
        .fold(0.0, f64::max);
    let (ymax, step) = axis(max);
    let y = |v: f64| top + plot_h * (1.0 - v / ymax);
    let n = rows.len().max(1) as f64;
    let group = plot_w / n;
    let bar = group * 0.36;

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="{width}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="28" font-size="18" text-anchor="middle">{}</text>"#,
        width / 2.0,
        escape(title)
    );
    // legend
    let _ = writeln!(
        s,
        r##"<rect x="{left}" y="42" width="14" height="14" fill="#9e9e9e"/><text x="{:.1}" y="54" font-size="13">{}</text>"##,
        left + 20.0,
        escape(denominator_label)
    );
    let _ = writeln!(
        s,
        r##"<rect x="{left}" y="62" width="14" height="14" fill="#1f4e99"/><text x="{:.1}" y="74" font-size="13">{}</text>"##,
        left + 20.0,
        escape(numerator_label)
    );
    let _ = writeln!(
        s,
        r#"<text x="{:.1}" y="74" font-size="13" text-anchor="end">% = ratio in the year</text>"#,
        width - right
    );
    // grid and y axis
    let mut tick = 0.0;
    while tick <= ymax + step * 1e-9 {
        let ty = y(tick);
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{ty:.1}" x2="{:.1}" y2="{ty:.1}" stroke="#dddddd"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text>"##,
            width - right,
            left - 8.0,
            ty + 4.0,
            thousands(tick)
        );
        tick += step;
    }
    let _ = writeln!(
        s,
        r#"<text x="20" y="{:.1}" font-size="13" text-anchor="middle" transform="rotate(-90 20 {:.1})">persons per year</text>"#,
        top + plot_h / 2.0,
        top + plot_h / 2.0
    );
    for (i, r) in rows.iter().enumerate() {
        let gx = left + group * i as f64 + group * 0.14;
        let bars = [
            (r.denominator, "#9e9e9e", gx),
            (r.numerator, "#1f4e99", gx + bar),
        ];
        for (value, colour, x) in bars {
            match value {
                Some(v) => {
                    let _ = writeln!(
                        s,
                        r#"<rect x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{:.1}" fill="{colour}"><title>{}</title></rect>"#,
                        y(v),
                        y(0.0) - y(v),
                        thousands(v)
                    );
                }
                None => {
                    let _ = writeln!(
                        s,
                        r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="{colour}">no data</text>"#,
                        x + bar / 2.0,
                        y(0.0) - 6.0
                    );
                }
            }
        }
        if let Some(ratio) = r.ratio {
            let top_value = r.denominator.unwrap_or(0.0).max(r.numerator.unwrap_or(0.0));
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{:.1}%</text>"#,
                gx + bar,
                y(top_value) - 6.0,
                ratio * 100.0
            );
        }
        let derived = r.numerator_derived || r.denominator_derived;
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle">{}{}</text>"#,
            gx + bar,
            y(0.0) + 20.0,
            r.year,
            if derived { "*" } else { "" }
        );
    }
    let _ = writeln!(
        s,
        r#"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="black"/>"#,
        y(0.0),
        width - right,
        y(0.0)
    );
    if rows
        .iter()
        .any(|r| r.numerator_derived || r.denominator_derived)
    {
        let _ = writeln!(
            s,
            r#"<text x="{left}" y="{:.1}" font-size="12">* derived: the sum of published components, not a published total</text>"#,
            height - 14.0
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(64298.0), "64,298");
        assert_eq!(thousands(100.0), "100");
        assert_eq!(thousands(1000000.0), "1,000,000");
    }

    #[test]
    fn axis_covers_maximum() {
        assert_eq!(axis(64298.0), (80000.0, 20000.0));
        assert_eq!(axis(2377.0), (2500.0, 500.0));
    }
}
