//! Rich display of results in Jupyter notebooks (the evcxr Rust kernel).
//!
//! Every result a researcher reads — series, panels, breakdowns, ratios with
//! intervals, the stock-flow ledger, survival tables, tests, summaries, Cox
//! fits, cumulative incidence and mean cumulative functions, cohort
//! validation reports and measures, net effectiveness, figures — renders in
//! a notebook as an HTML table (or an inline SVG figure) and keeps its
//! plain-text [`Display`](std::fmt::Display) for the terminal. evcxr calls `value.evcxr_display()` on a cell's final value;
//! these types have that method as an *inherent* method, so a notebook needs
//! no import. Collections of summary rows (`Vec<QuantileRow>`,
//! `Vec<RestrictedMean>`, `Vec<AtTime>`) get it from the [`EvcxrDisplay`]
//! trait: `use return_migration::display::EvcxrDisplay;`.
//!
//! The method prints evcxr's display protocol on standard output:
//!
//! ```text
//! EVCXR_BEGIN_CONTENT text/html
//! <div class="rm-display"><table>…</table></div>
//! EVCXR_END_CONTENT
//! EVCXR_BEGIN_CONTENT text/plain
//! …the Display text…
//! EVCXR_END_CONTENT
//! ```
//!
//! Tables are built with [`HtmlTable`] (text escaped) and rounded by the
//! policy of [`number`]; the structs themselves keep full precision.
//!
//! ## Adding a type
//! Implement [`ToHtml`] and [`Display`](std::fmt::Display), then in the
//! type's module write `crate::display::rich_display!(MyResult);`.
//!
//! # Example
//! ```
//! use return_migration::display::ToHtml;
//! use return_migration::ratio::{BinomialMethod, binomial_interval};
//! let share = binomial_interval(11, 65, 0.95, BinomialMethod::ClopperPearson)?;
//! let html = share.to_html();
//! assert!(html.contains("16.92%")); // 11/65
//! assert!(html.contains("0.08763")); // lower limit, 4 significant digits
//! # Ok::<(), return_migration::error::Error>(())
//! ```

mod aft;
mod cohort;
mod competing;
mod cox;
mod data;
mod interval;
mod net;
pub mod number;
mod ratio;
mod survival;
mod table;

pub use table::{Cell, HtmlTable, escape_html};

/// A result that renders as an HTML fragment in a notebook.
///
/// # Example
/// ```
/// use return_migration::data::YearSeries;
/// use return_migration::display::ToHtml;
/// let s = YearSeries::from_values("returns", "persons", &[(2018, 1508.0), (2021, 2372.0)])?;
/// let html = s.to_html();
/// assert!(html.contains("1,508") && html.contains("missing")); // 2019, 2020
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub trait ToHtml {
    /// The HTML fragment (a table, or an `<svg>` element for a figure).
    fn to_html(&self) -> String;

    /// The MIME type under which the fragment is shown: `text/html` for
    /// tables, `image/svg+xml` for figures.
    ///
    /// # Example
    /// ```
    /// use return_migration::display::ToHtml;
    /// use return_migration::ratio::Interval;
    /// let i = Interval { estimate: 0.5, lower: 0.2, upper: 0.8, conf_level: 0.95, method: "m".into() };
    /// assert_eq!(i.mime(), "text/html");
    /// ```
    fn mime(&self) -> &'static str {
        "text/html"
    }
}

/// Shows a value in a notebook; implemented (besides the inherent methods)
/// for collections of summary rows, which have no inherent method.
///
/// # Example
/// ```
/// use return_migration::display::EvcxrDisplay;
/// use return_migration::survival::{KaplanMeier, SurvData};
/// let d = SurvData::builder(vec![1., 2., 3., 4.], vec![1, 1, 1, 1]).build()?;
/// let q = KaplanMeier::new().fit(&d)?.quantiles(&[0.5])?;
/// q.evcxr_display(); // prints an EVCXR_BEGIN_CONTENT block
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub trait EvcxrDisplay {
    /// Prints the value in evcxr's display protocol.
    fn evcxr_display(&self);
}

/// The text of evcxr's display protocol for alternative representations of
/// one value (`(mime type, content)` pairs, richest first).
///
/// # Example
/// ```
/// use return_migration::display::evcxr_bundle;
/// let b = evcxr_bundle(&[("text/html", "<b>x</b>"), ("text/plain", "x")]);
/// assert_eq!(b, "EVCXR_BEGIN_CONTENT text/html\n<b>x</b>\nEVCXR_END_CONTENT\n\
///                EVCXR_BEGIN_CONTENT text/plain\nx\nEVCXR_END_CONTENT\n");
/// ```
pub fn evcxr_bundle(parts: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (mime, content) in parts {
        out.push_str("EVCXR_BEGIN_CONTENT ");
        out.push_str(mime);
        out.push('\n');
        out.push_str(content.trim_end_matches('\n'));
        out.push_str("\nEVCXR_END_CONTENT\n");
    }
    out
}

/// Prints a bundle in one write, so that no other output interleaves.
pub(crate) fn print_bundle(parts: &[(&str, &str)]) {
    use std::io::Write;
    let text = evcxr_bundle(parts);
    let mut out = std::io::stdout().lock();
    // A closed stdout cannot be reported from a display method; nothing to do.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Gives each listed type (which implements [`ToHtml`] and `Display`) an
/// inherent `evcxr_display` method and the [`EvcxrDisplay`] trait.
macro_rules! rich_display {
    ($($t:ty),+ $(,)?) => {$(
        impl $t {
            /// Shows the value in a Jupyter notebook run by the evcxr kernel
            /// (called by evcxr when the value ends a cell): the HTML table or
            /// SVG figure of [`ToHtml`](crate::display::ToHtml), with the
            /// plain-text `Display` as the alternative for text front ends.
            pub fn evcxr_display(&self) {
                let rich = $crate::display::ToHtml::to_html(self);
                let mime = $crate::display::ToHtml::mime(self);
                $crate::display::print_bundle(&[(mime, &rich), ("text/plain", &self.to_string())]);
            }
        }

        impl $crate::display::EvcxrDisplay for $t {
            fn evcxr_display(&self) {
                <$t>::evcxr_display(self)
            }
        }
    )+};
}
pub(crate) use rich_display;

/// Gives a slice of rows the [`ToHtml`] and [`EvcxrDisplay`] traits from a
/// function that builds its table.
macro_rules! rows_display {
    ($row:ty, $table:path) => {
        impl $crate::display::ToHtml for [$row] {
            fn to_html(&self) -> String {
                $table(self).to_html()
            }
        }

        impl $crate::display::EvcxrDisplay for [$row] {
            fn evcxr_display(&self) {
                let table = $table(self);
                $crate::display::print_bundle(&[
                    ("text/html", &table.to_html()),
                    ("text/plain", &table.to_text()),
                ]);
            }
        }
    };
}
pub(crate) use rows_display;

/// Rows shown in full up to this many; longer tables show the first
/// [`HEAD_ROWS`] and the last [`TAIL_ROWS`] with a count of the rows left out.
pub(crate) const MAX_ROWS: usize = 40;
pub(crate) const HEAD_ROWS: usize = 25;
pub(crate) const TAIL_ROWS: usize = 10;

/// A confidence level as a percentage heading: `95%`.
pub(crate) fn level(conf_level: f64) -> String {
    format!("{}%", number::sig(100.0 * conf_level, 4))
}

/// The headings of the two confidence limits at a level: `lower 95%`, `upper 95%`.
pub(crate) fn limit_headings(level: &str) -> [String; 2] {
    [format!("lower {level}"), format!("upper {level}")]
}

/// A list of years, `none` when empty.
pub(crate) fn years(list: &[i32]) -> String {
    if list.is_empty() {
        return "none".to_string();
    }
    list.iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row of a survival-type table: its time, number at risk, events and
/// censorings, the first columns of every such table.
pub(crate) trait StepRow {
    /// `[time, at risk, events, censored]`.
    fn step(&self) -> [f64; 4];
}

impl StepRow for crate::survival::SurvRow {
    fn step(&self) -> [f64; 4] {
        [self.time, self.n_risk, self.n_event, self.n_censor]
    }
}

impl StepRow for crate::survival::CumIncRow {
    fn step(&self) -> [f64; 4] {
        [self.time, self.n_risk, self.n_event, self.n_censor]
    }
}

impl StepRow for crate::survival::McfRow {
    fn step(&self) -> [f64; 4] {
        [self.time, self.n_risk, self.n_event, self.n_censor]
    }
}

/// The heading row of one group of a survival-type table: its label, the
/// number at risk at its first time and its total events.
pub(crate) fn group_heading<R: StepRow>(table: &mut HtmlTable, group: &str, rows: &[R]) {
    let first_at_risk = rows.first().map_or(0.0, |r| r.step()[1]);
    let events: f64 = rows.iter().map(|r| r.step()[2]).sum();
    table.span(format!(
        "group {group} (at risk at first time {}, events {})",
        number::count(first_at_risk),
        number::count(events)
    ));
}

/// The first cells of a row of a survival-type table: time, at risk,
/// events, censored.
pub(crate) fn step_cells<R: StepRow>(row: &R) -> Vec<Cell> {
    let [time, n_risk, n_event, n_censor] = row.step();
    vec![
        Cell::num(number::time(time)),
        Cell::num(number::count(n_risk)),
        Cell::num(number::count(n_event)),
        Cell::num(number::count(n_censor)),
    ]
}

/// Appends one curve of a survival-type table: its group heading when
/// `heading`, then its rows (the middle of long curves elided), each the
/// [`step_cells`] followed by `estimates(index, row)`.
pub(crate) fn push_curve<R: StepRow>(
    table: &mut HtmlTable,
    heading: bool,
    group: &str,
    rows: &[R],
    estimates: impl Fn(usize, &R) -> Vec<Cell>,
) {
    if heading {
        group_heading(table, group, rows);
    }
    let index: Vec<usize> = (0..rows.len()).collect();
    push_elided(table, &index, |&j| {
        let mut cells = step_cells(&rows[j]);
        cells.extend(estimates(j, &rows[j]));
        cells
    });
}

/// Appends `rows` to `table` through `cells`, eliding the middle of long tables.
pub(crate) fn push_elided<T>(table: &mut HtmlTable, rows: &[T], cells: impl Fn(&T) -> Vec<Cell>) {
    if rows.len() <= MAX_ROWS {
        for r in rows {
            table.row(cells(r));
        }
        return;
    }
    for r in &rows[..HEAD_ROWS] {
        table.row(cells(r));
    }
    table.span(format!(
        "… {} rows not shown (the value holds all of them) …",
        rows.len() - HEAD_ROWS - TAIL_ROWS
    ));
    for r in &rows[rows.len() - TAIL_ROWS..] {
        table.row(cells(r));
    }
}
