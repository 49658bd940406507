//! A seeded cohort simulator: returns, covariates, re-migration hazards by
//! channel, recurrences, wave observation and dropout.
//!
//! The model, per person (each person draws from its own generator,
//! seeded from the simulator's seed and the person's position, so persons
//! do not depend on one another and every output is reproducible bit for
//! bit across runs and platforms; see [`rng`](super::rng)):
//!
//! 1. return year by the given weights, return day uniform in that year;
//! 2. sex (female with the given share), origin, age at return (whole
//!    years, uniform on [min, max)), assistance category;
//! 3. re-migrations: a hazard piecewise constant by year since return
//!    (the last value continuing), multiplied by the hazard ratios of sex
//!    and assistance, and by `recurrence_ratio` after each re-migration;
//!    the person stays under observation after a re-migration (total
//!    time). Each re-migration is irregular with probability
//!    `irregular_share`, else legal. A departure is dated on the first day
//!    starting at or after its continuous time (so within a day of it);
//! 4. observation: each wave after the return misses the person with
//!    probability `missed_wave`; after each wave seen, the person drops out
//!    with probability `dropout`. A re-migration is observed when a later
//!    wave sees the person: its date is known with probability `dated`,
//!    otherwise only the wave that reported it.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::records::Channel;
use crate::error::{Result, invalid};
use crate::num::rng::{Rng, SplitMix64};

/// A category of a covariate with its share and hazard ratio.
///
/// # Example
/// ```
/// use return_migration::cohort::Category;
/// let c = Category::new("reintegration grant", 0.4, 0.8);
/// assert_eq!(c.hazard_ratio, 0.8);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Label.
    pub label: String,
    /// Relative share (weights need not sum to 1).
    pub share: f64,
    /// Hazard ratio of re-migration.
    pub hazard_ratio: f64,
}

impl Category {
    /// A category.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Category;
    /// assert_eq!(Category::new("none", 1.0, 1.0).label, "none");
    /// ```
    pub fn new(label: &str, share: f64, hazard_ratio: f64) -> Self {
        Category {
            label: label.to_string(),
            share,
            hazard_ratio,
        }
    }
}

/// Validated parameters in the form the draws use.
pub(super) struct Prepared {
    pub(super) wave_times: Vec<f64>,
    year_weights: Vec<f64>,
    origin_weights: Vec<f64>,
    assistance_weights: Vec<f64>,
}

impl Latent {
    pub(super) fn new() -> Self {
        Latent {
            return_date: Date::Year(2000),
            return_time: 0.0,
            female: false,
            origin: 0,
            age: 0.0,
            assistance: 0,
            seen: 0,
            events: Vec::new(),
        }
    }
}

/// The simulator's parameters (see the module documentation).
///
/// # Example
/// ```
/// use return_migration::cohort::{CohortBuilder, CohortSimulator, Date};
/// let sim = CohortSimulator::new(500, 7)
///     .hazard_by_year(vec![0.2, 0.1])
///     .waves((2021..=2024).map(|y| Date::ymd(y, 6, 30).unwrap()).collect());
/// let records = sim.records()?;
/// assert_eq!(records, sim.records()?); // same seed, same cohort
/// let built = CohortBuilder::new().first_events(&records)?;
/// assert_eq!(built.report.accounted(), 500);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortSimulator {
    /// Number of persons.
    pub persons: usize,
    /// Seed.
    pub seed: u64,
    /// Return years with weights.
    pub return_years: Vec<(i32, f64)>,
    /// Origins with weights.
    pub origins: Vec<(String, f64)>,
    /// Share of women.
    pub female_share: f64,
    /// Hazard ratio of women against men.
    pub female_hazard_ratio: f64,
    /// Ages at return: uniform on [min, max), floored to whole years.
    pub age_range: (f64, f64),
    /// Assistance categories.
    pub assistance: Vec<Category>,
    /// Hazard of re-migration per year, in year 1, 2, … since return (the last continues).
    pub hazard_by_year: Vec<f64>,
    /// Probability that a re-migration is irregular.
    pub irregular_share: f64,
    /// Hazard multiplier after each re-migration.
    pub recurrence_ratio: f64,
    /// Most re-migrations per person (a recurrence ratio above 1 would
    /// otherwise make the process explode: ever shorter gaps).
    pub max_events: u32,
    /// Dates of the waves (at most 64).
    pub waves: Vec<Date>,
    /// Probability of missing a wave.
    pub missed_wave: f64,
    /// Probability of dropping out after a wave seen.
    pub dropout: f64,
    /// Probability that an observed re-migration is dated.
    pub dated: f64,
}

/// One person's latent history, reusing its buffers.
#[derive(Debug)]
pub(super) struct Latent {
    pub(super) return_date: Date,
    pub(super) return_time: f64,
    pub(super) female: bool,
    pub(super) origin: usize,
    pub(super) age: f64,
    pub(super) assistance: usize,
    /// Bit k set: seen at wave k.
    pub(super) seen: u64,
    /// (date, calendar time, channel, dated) of each re-migration, in time order.
    pub(super) events: Vec<(Date, f64, Channel, bool)>,
}

impl CohortSimulator {
    /// Defaults: returns in 2020, one origin `X`, half women, hazard ratios
    /// 1, ages 18–45, one assistance category `none`, hazard 0.1 per year,
    /// all re-migrations irregular, recurrence ratio 1, at most 100
    /// re-migrations per person, yearly waves on 31 December 2020–2022, everyone seen,
    /// no dropout, every re-migration dated.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// assert_eq!(CohortSimulator::new(10, 1).records()?.len(), 10);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn new(persons: usize, seed: u64) -> Self {
        CohortSimulator {
            persons,
            seed,
            return_years: vec![(2020, 1.0)],
            origins: vec![("X".to_string(), 1.0)],
            female_share: 0.5,
            female_hazard_ratio: 1.0,
            age_range: (18.0, 45.0),
            assistance: vec![Category::new("none", 1.0, 1.0)],
            hazard_by_year: vec![0.1],
            irregular_share: 1.0,
            recurrence_ratio: 1.0,
            max_events: 100,
            waves: (2020..=2022)
                .map(|y| Date::Day {
                    year: y,
                    month: 12,
                    day: 31,
                })
                .collect(),
            missed_wave: 0.0,
            dropout: 0.0,
            dated: 1.0,
        }
    }

    /// Sets the hazard per year since return (see the field).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// assert_eq!(CohortSimulator::new(1, 1).hazard_by_year(vec![0.3]).hazard_by_year, vec![0.3]);
    /// ```
    pub fn hazard_by_year(mut self, hazard: Vec<f64>) -> Self {
        self.hazard_by_year = hazard;
        self
    }

    /// Sets the wave dates.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{CohortSimulator, Date};
    /// assert_eq!(CohortSimulator::new(1, 1).waves(vec![Date::Year(2021)]).waves.len(), 1);
    /// ```
    pub fn waves(mut self, waves: Vec<Date>) -> Self {
        self.waves = waves;
        self
    }

    /// Sets the return years and their weights.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// let s = CohortSimulator::new(1, 1).return_years(vec![(2019, 1.0), (2020, 2.0)]);
    /// assert_eq!(s.return_years.len(), 2);
    /// ```
    pub fn return_years(mut self, years: Vec<(i32, f64)>) -> Self {
        self.return_years = years;
        self
    }

    /// Sets the observation process: probabilities of missing a wave, of
    /// dropping out after a wave seen, and of a re-migration being dated.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// let s = CohortSimulator::new(1, 1).observation(0.1, 0.05, 0.5);
    /// assert_eq!((s.missed_wave, s.dropout, s.dated), (0.1, 0.05, 0.5));
    /// ```
    pub fn observation(mut self, missed_wave: f64, dropout: f64, dated: f64) -> Self {
        self.missed_wave = missed_wave;
        self.dropout = dropout;
        self.dated = dated;
        self
    }

    pub(super) fn validate(&self) -> Result<Prepared> {
        let prob = |what: &str, p: f64| {
            if (0.0..=1.0).contains(&p) {
                Ok(())
            } else {
                Err(invalid(what, format!("{p} is not a probability in [0, 1]")))
            }
        };
        prob("female_share", self.female_share)?;
        prob("irregular_share", self.irregular_share)?;
        prob("missed_wave", self.missed_wave)?;
        prob("dropout", self.dropout)?;
        prob("dated", self.dated)?;
        let nonneg = |what: &str, v: &[f64]| match v.iter().find(|x| !(x.is_finite() && **x >= 0.0))
        {
            Some(x) => Err(invalid(what, format!("{x} must be finite and >= 0"))),
            None => Ok(()),
        };
        nonneg("hazard_by_year", &self.hazard_by_year)?;
        if self.hazard_by_year.is_empty() {
            return Err(invalid("hazard_by_year", "needs at least one value"));
        }
        nonneg("female_hazard_ratio", &[self.female_hazard_ratio])?;
        nonneg("recurrence_ratio", &[self.recurrence_ratio])?;
        let weights = |what: &str, w: Vec<f64>| {
            nonneg(what, &w)?;
            if w.iter().sum::<f64>() > 0.0 {
                Ok(())
            } else {
                Err(invalid(what, "weights sum to 0"))
            }
        };
        weights(
            "return_years",
            self.return_years.iter().map(|y| y.1).collect(),
        )?;
        weights("origins", self.origins.iter().map(|o| o.1).collect())?;
        weights(
            "assistance",
            self.assistance.iter().map(|c| c.share).collect(),
        )?;
        nonneg(
            "assistance hazard ratios",
            &self
                .assistance
                .iter()
                .map(|c| c.hazard_ratio)
                .collect::<Vec<_>>(),
        )?;
        for (y, _) in &self.return_years {
            Date::year(*y)?;
        }
        let (lo, hi) = self.age_range;
        if !(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo < hi) {
            return Err(invalid(
                "age_range",
                format!("({lo}, {hi}) needs 0 <= min < max"),
            ));
        }
        if self.waves.is_empty() || self.waves.len() > 64 {
            return Err(invalid("waves", "give 1 to 64 wave dates"));
        }
        let times: Vec<f64> = self.waves.iter().map(Date::decimal_year).collect();
        if times.windows(2).any(|w| w[0] >= w[1]) {
            return Err(invalid("waves", "wave dates must be strictly increasing"));
        }
        Ok(Prepared {
            wave_times: times,
            year_weights: self.return_years.iter().map(|y| y.1).collect(),
            origin_weights: self.origins.iter().map(|o| o.1).collect(),
            assistance_weights: self.assistance.iter().map(|c| c.share).collect(),
        })
    }

    /// Draws person `i`'s history into `l`.
    pub(super) fn draw(&self, i: usize, p: &Prepared, l: &mut Latent) {
        let wave_times = &p.wave_times;
        let seed =
            SplitMix64::new(self.seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).next_u64();
        let mut rng = Rng::new(seed);
        let year = self.return_years[rng.categorical(&p.year_weights)].0;
        let first = Date::Day {
            year,
            month: 1,
            day: 1,
        }
        .day_number()
        .unwrap_or(0);
        let length = if Date::ymd(year, 2, 29).is_ok() {
            366
        } else {
            365
        };
        l.return_date =
            Date::from_day_number(first + rng.below(length) as i64).unwrap_or(Date::Year(year));
        l.return_time = l.return_date.decimal_year();
        l.female = rng.bernoulli(self.female_share);
        l.origin = rng.categorical(&p.origin_weights);
        let (lo, hi) = self.age_range;
        l.age = (lo + rng.uniform() * (hi - lo)).floor();
        l.assistance = rng.categorical(&p.assistance_weights);
        // observation: two draws per wave, always, so that the draws of
        // re-migrations do not depend on the observation parameters
        l.seen = 0;
        let mut present = true;
        for (k, &w) in wave_times.iter().enumerate() {
            let (miss, leave) = (rng.uniform(), rng.uniform());
            if w > l.return_time && present && miss >= self.missed_wave {
                l.seen |= 1 << k;
                present = leave >= self.dropout;
            }
        }
        // re-migrations up to the last wave
        l.events.clear();
        let horizon = wave_times[wave_times.len() - 1] - l.return_time;
        let mut mult = self.assistance[l.assistance].hazard_ratio
            * if l.female {
                self.female_hazard_ratio
            } else {
                1.0
            };
        let mut t = 0.0;
        let mut last_day = l.return_date.day_number().unwrap_or(0);
        while (l.events.len() as u64) < u64::from(self.max_events) {
            let (e, u_channel, u_dated) = (rng.exponential(1.0), rng.uniform(), rng.uniform());
            let Some(next) = self.invert(t, e, mult, horizon) else {
                break;
            };
            t = next;
            let day = self.day_at_or_after(l.return_time + t).max(last_day + 1);
            last_day = day;
            let date = Date::from_day_number(day).unwrap_or(l.return_date);
            let channel = if u_channel < self.irregular_share {
                Channel::Irregular
            } else {
                Channel::Legal
            };
            l.events
                .push((date, date.decimal_year(), channel, u_dated < self.dated));
            mult *= self.recurrence_ratio;
        }
    }

    /// The time T > t at which the cumulative hazard from t reaches `e`, or
    /// `None` beyond `horizon`.
    fn invert(&self, mut t: f64, e: f64, mult: f64, horizon: f64) -> Option<f64> {
        let h = &self.hazard_by_year;
        let mut left = e;
        while t < horizon {
            let k = (t.floor() as usize).min(h.len() - 1);
            let end = if k + 1 < h.len() {
                (k + 1) as f64
            } else {
                f64::INFINITY
            };
            let rate = h[k] * mult;
            if rate > 0.0 && left <= rate * (end - t) {
                let time = t + left / rate;
                return (time <= horizon).then_some(time);
            }
            left -= rate * (end - t);
            t = end;
        }
        None
    }

    /// The day number of the first day starting at or after decimal time `x`.
    fn day_at_or_after(&self, x: f64) -> i64 {
        let year = x.floor() as i32;
        let length = if Date::ymd(year, 2, 29).is_ok() {
            366.0
        } else {
            365.0
        };
        let offset = ((x - f64::from(year)) * length).ceil() as i64;
        Date::Day {
            year,
            month: 1,
            day: 1,
        }
        .day_number()
        .unwrap_or(0)
            + offset
    }
}
