//! The β(t) plot of a proportional-hazards test: scaled Schoenfeld
//! residuals against transformed time, their spline smooth and its ±2 se
//! band, as R's `plot(cox.zph(fit))` draws them.

use super::Figure;
use super::svg::{
    Anchor, Area, LABEL_SIZE, Stroke, Svg, TICK_SIZE, TITLE_SIZE, axes, colour, n, nice_ticks,
};
use crate::error::Result;
use crate::survival::CoxZph;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 460.0;

/// The β(t) plot of one covariate of a [`CoxZph`].
///
/// # Example
/// ```
/// use return_migration::plot::ZphChart;
/// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
/// let time: Vec<f64> = (1..=30).map(|k| k as f64).collect();
/// let x: Vec<f64> = (0..30).map(|k| ((k * 7) % 11) as f64 / 10.0).collect();
/// let event: Vec<i64> = (0..30).map(|k| i64::from(k % 4 != 3)).collect();
/// let d = CoxData::builder(time, event).covariate("x", x).build()?;
/// let zph = CoxPh::new().fit(&d)?.zph(&d, ZphTransform::Km)?;
/// let fig = ZphChart::new(&zph, "x").render()?;
/// assert_eq!(fig.svg().matches("<circle").count(), zph.time.len());
/// # Ok::<(), return_migration::error::Error>(())
/// ```
pub struct ZphChart<'a> {
    zph: &'a CoxZph,
    term: String,
    title: String,
}

impl<'a> ZphChart<'a> {
    /// The plot of covariate `term` (the title says which).
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::ZphChart;
    /// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
    /// let d = CoxData::builder(vec![1., 2., 3., 4., 5., 6.], vec![1, 1, 0, 1, 1, 1])
    ///     .covariate("x", vec![1., 0., 1., 0., 0.5, 2.]).build()?;
    /// let zph = CoxPh::new().fit(&d)?.zph(&d, ZphTransform::Rank)?;
    /// assert!(ZphChart::new(&zph, "age").render().is_err()); // no such covariate
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn new(zph: &'a CoxZph, term: &str) -> ZphChart<'a> {
        ZphChart {
            zph,
            term: term.to_string(),
            title: format!("Beta(t) for {term}"),
        }
    }

    /// Sets the title.
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::ZphChart;
    /// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
    /// let d = CoxData::builder(vec![1., 2., 3., 4., 5., 6.], vec![1, 1, 0, 1, 1, 1])
    ///     .covariate("x", vec![1., 0., 1., 0., 0.5, 2.]).build()?;
    /// let zph = CoxPh::new().fit(&d)?.zph(&d, ZphTransform::Rank)?;
    /// let _ = ZphChart::new(&zph, "x").title("Deportation effect over time");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn title(mut self, title: &str) -> Self {
        self.title = title.to_string();
        self
    }

    /// Draws the residuals, the smooth (natural spline, 4 df, as R) and its
    /// band. Errors on an unknown covariate, or when the smooth cannot be
    /// fitted (fewer than 4 distinct event times): see [`CoxZph::smooth`].
    ///
    /// # Example
    /// ```
    /// use return_migration::plot::ZphChart;
    /// use return_migration::survival::{CoxData, CoxPh, ZphTransform};
    /// let time: Vec<f64> = (1..=20).map(|k| k as f64).collect();
    /// let x: Vec<f64> = (0..20).map(|k| (k % 3) as f64).collect();
    /// let d = CoxData::builder(time, vec![1; 20]).covariate("x", x).build()?;
    /// let zph = CoxPh::new().fit(&d)?.zph(&d, ZphTransform::Identity)?;
    /// assert!(ZphChart::new(&zph, "x").render()?.svg().starts_with("<svg"));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn render(&self) -> Result<Figure> {
        let j = self.zph.term_index(&self.term)?;
        let smooth = self.zph.smooth(&self.term, 4, 40)?;
        let points: Vec<(f64, f64)> = (0..self.zph.x.len())
            .map(|e| (self.zph.x[e], self.zph.y[[e, j]]))
            .filter(|p| p.1.is_finite())
            .collect();
        let ys = points
            .iter()
            .map(|p| p.1)
            .chain(smooth.lower.iter().copied())
            .chain(smooth.upper.iter().copied());
        let (ylo, yhi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let (xlo, xhi) = (smooth.x[0], smooth.x[smooth.x.len() - 1]);
        let y_ticks = nice_ticks(ylo, yhi, 7);
        let x_ticks = nice_ticks(xlo, xhi, 8);
        let area = Area {
            left: 90.0,
            top: 60.0,
            width: WIDTH - 120.0,
            height: HEIGHT - 140.0,
            x_range: (
                x_ticks.first().copied().unwrap_or(xlo).min(xlo),
                x_ticks.last().copied().unwrap_or(xhi).max(xhi),
            ),
            y_range: (
                y_ticks.first().copied().unwrap_or(ylo).min(ylo),
                y_ticks.last().copied().unwrap_or(yhi).max(yhi),
            ),
        };
        let mut svg = Svg::new(WIDTH, HEIGHT, &self.title);
        svg.bold(WIDTH / 2.0, 30.0, TITLE_SIZE, Anchor::Middle, &self.title);
        axes(&mut svg, &area, &x_ticks, &y_ticks, true, false);
        svg.text(
            area.left + area.width / 2.0,
            area.bottom() + 50.0,
            LABEL_SIZE,
            Anchor::Middle,
            "black",
            &format!("time ({} transform)", self.zph.transform.name()),
        );
        svg.vertical_text(28.0, area.top + area.height / 2.0, LABEL_SIZE, &self.title);
        svg.begin("residuals");
        for &(x, y) in &points {
            svg.dot(area.x(x), area.y(y), 2.5, "#999999");
        }
        svg.end();
        let line = |v: &[f64]| {
            let mut d = String::new();
            for (i, (&x, &y)) in smooth.x.iter().zip(v).enumerate() {
                d += &format!(
                    "{}{},{}",
                    if i == 0 { "M" } else { " L" },
                    n(area.x(x)),
                    n(area.y(y))
                );
            }
            d
        };
        svg.begin("smooth");
        let band = Stroke {
            colour: colour(0),
            width: 1.5,
            dash: "8 4",
        };
        svg.path(&line(&smooth.lower), band);
        svg.path(&line(&smooth.upper), band);
        svg.path(&line(&smooth.fit), Stroke::solid(colour(0), 2.5));
        svg.end();
        svg.text(
            area.right(),
            area.top - 10.0,
            TICK_SIZE,
            Anchor::End,
            "black",
            "natural spline (4 df) ± 2 se",
        );
        Ok(Figure::new(&self.title, WIDTH, HEIGHT, svg.finish()))
    }
}
