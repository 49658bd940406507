//! The simulated cohort written out: as returnee records, or as a wave panel.

use super::panel::WavePanel;
use super::records::{EventTiming, Remigration, ReturneeRecord};
use super::simulate::{CohortSimulator, Latent};
use crate::error::Result;

impl CohortSimulator {
    /// The wave that first sees a person at or after `time`.
    fn reporting_wave(seen: u64, wave_times: &[f64], time: f64) -> Option<usize> {
        (0..wave_times.len()).find(|&k| seen & (1 << k) != 0 && wave_times[k] >= time)
    }

    /// The simulated cohort as records (ids `S001`, … with the width of the count).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// let r = CohortSimulator::new(120, 3).records()?;
    /// assert_eq!(r[0].id, "S001");
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn records(&self) -> Result<Vec<ReturneeRecord>> {
        let prepared = self.validate()?;
        let times = &prepared.wave_times;
        let width = self.persons.to_string().len();
        let mut l = Latent::new();
        let mut out = Vec::with_capacity(self.persons);
        for i in 0..self.persons {
            self.draw(i, &prepared, &mut l);
            let mut r = ReturneeRecord::new(&format!("S{:0width$}", i + 1), l.return_date);
            r.origin = self.origins[l.origin].0.clone();
            r.sex = if l.female { "F" } else { "M" }.to_string();
            r.age_at_return = Some(l.age);
            r.age_band = age_band(l.age).to_string();
            r.assistance = self.assistance[l.assistance].label.clone();
            r.waves_seen = (0..times.len())
                .filter(|&k| l.seen & (1 << k) != 0)
                .map(|k| self.waves[k])
                .collect();
            for &(date, time, channel, dated) in &l.events {
                if let Some(k) = Self::reporting_wave(l.seen, times, time) {
                    let timing = if dated {
                        EventTiming::Dated(date)
                    } else {
                        EventTiming::SeenAtWave(self.waves[k])
                    };
                    r.events.push(Remigration { timing, channel });
                }
            }
            out.push(r);
        }
        Ok(out)
    }

    /// The simulated cohort as a wave panel: a cell holds the channel of
    /// the first re-migration the wave reports (dates are not kept), groups
    /// are the assistance categories, ages are kept.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::CohortSimulator;
    /// let p = CohortSimulator::new(50, 3).panel()?;
    /// assert_eq!((p.persons(), p.wave_times().len()), (50, 3));
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn panel(&self) -> Result<WavePanel> {
        let prepared = self.validate()?;
        let times = prepared.wave_times.clone();
        let n = self.persons;
        let mut status = ndarray::Array2::<u8>::zeros((n, times.len()));
        let mut returns = Vec::with_capacity(n);
        let mut ages = Vec::with_capacity(n);
        let mut groups = Vec::with_capacity(n);
        // assistance labels in byte order
        let mut order: Vec<usize> = (0..self.assistance.len()).collect();
        order.sort_by(|&a, &b| {
            self.assistance[a]
                .label
                .as_bytes()
                .cmp(self.assistance[b].label.as_bytes())
        });
        let mut code = vec![0_u32; order.len()];
        for (c, &k) in order.iter().enumerate() {
            code[k] = c as u32;
        }
        let mut labels: Vec<String> = order
            .iter()
            .map(|&k| self.assistance[k].label.clone())
            .collect();
        labels.dedup();
        let mut l = Latent::new();
        for i in 0..n {
            self.draw(i, &prepared, &mut l);
            let mut row = status.row_mut(i);
            for k in 0..times.len() {
                if l.seen & (1 << k) != 0 {
                    row[k] = 1;
                }
            }
            for &(_, time, channel, _) in &l.events {
                if let Some(k) = Self::reporting_wave(l.seen, &times, time)
                    && row[k] == 1
                {
                    row[k] = 1 + channel.code();
                }
            }
            returns.push(l.return_time);
            ages.push(l.age);
            groups.push(code[l.assistance]);
        }
        WavePanel::new(times, status, returns)?
            .with_age(ages)?
            .with_groups(groups, labels)
    }
}

/// The age band of an age at return.
fn age_band(age: f64) -> &'static str {
    match age {
        a if a < 25.0 => "<25",
        a if a < 35.0 => "25-34",
        a if a < 45.0 => "35-44",
        _ => "45+",
    }
}
