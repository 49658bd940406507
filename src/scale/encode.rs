//! A compact binary form of a risk-set summary, for sending it between
//! sites or holding it as an aggregate state (the DataFusion aggregate):
//! little-endian, versioned, every length checked when read.
//!
//! Layout: `RSS1`, weighted (u8), number of cells (u64); per cell: stratum
//! and group (u32 length + UTF-8), the initial tally, number of times
//! (u64); per time: the time (f64), the entering and censored tallies,
//! number of causes (u32) and their tallies. A tally is the count (u64),
//! the number of partials of its weight sum (u32) and the partials (f64).

use super::exact_sum::ExactSum;
use super::summary::{CellSummary, RiskSetSummary, Tally, TimeTally};
use crate::error::{Result, invalid};

const MAGIC: &[u8; 4] = b"RSS1";

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let Some(end) = end else {
            return Err(invalid(
                "summary bytes",
                format!("truncated at byte {}", self.at),
            ));
        };
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn u32(&mut self) -> Result<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }

    fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }

    fn text(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| invalid("summary bytes", "a label is not UTF-8"))
    }

    fn tally(&mut self) -> Result<Tally> {
        let count = self.u64()?;
        let n = self.u32()? as usize;
        let mut weight = ExactSum::default();
        for _ in 0..n {
            weight.add(self.f64()?);
        }
        weight.normalize();
        Ok(Tally { count, weight })
    }

    /// A count that cannot exceed the bytes left (guards allocations).
    fn len(&mut self, min_bytes_each: usize) -> Result<usize> {
        let n = self.u64()?;
        let left = (self.bytes.len() - self.at) / min_bytes_each.max(1);
        if n > left as u64 {
            return Err(invalid(
                "summary bytes",
                format!("a length of {n} exceeds the bytes left"),
            ));
        }
        Ok(n as usize)
    }
}

fn put_tally(out: &mut Vec<u8>, t: &Tally) {
    out.extend(t.count.to_le_bytes());
    let parts = t.weight.partials();
    out.extend((parts.len() as u32).to_le_bytes());
    for p in parts {
        out.extend(p.to_bits().to_le_bytes());
    }
}

fn put_text(out: &mut Vec<u8>, s: &str) {
    out.extend((s.len() as u32).to_le_bytes());
    out.extend(s.as_bytes());
}

impl RiskSetSummary {
    /// The summary as bytes (see the layout in the module documentation).
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// let s = RiskSetSummary::from_columns(&[1.0, 2.0], &[1, 0], None, Some(&[0.5, 2.0]), None, None)?;
    /// assert_eq!(RiskSetSummary::from_bytes(&s.to_bytes())?, s);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(MAGIC);
        out.push(self.weighted as u8);
        out.extend((self.cells.len() as u64).to_le_bytes());
        for c in &self.cells {
            put_text(&mut out, &c.stratum);
            put_text(&mut out, &c.group);
            put_tally(&mut out, &c.initial);
            out.extend((c.times.len() as u64).to_le_bytes());
            for t in &c.times {
                out.extend(t.time.to_bits().to_le_bytes());
                put_tally(&mut out, &t.entering);
                put_tally(&mut out, &t.censored);
                out.extend((t.events.len() as u32).to_le_bytes());
                for e in &t.events {
                    put_tally(&mut out, e);
                }
            }
        }
        out
    }

    /// Reads [`RiskSetSummary::to_bytes`]; an error (never a panic) on
    /// truncated or malformed bytes.
    ///
    /// # Example
    /// ```
    /// use return_migration::scale::RiskSetSummary;
    /// assert!(RiskSetSummary::from_bytes(b"RSS1\x00\xff").is_err());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<RiskSetSummary> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != MAGIC {
            return Err(invalid("summary bytes", "not a risk-set summary (magic)"));
        }
        let weighted = match r.take(1)?[0] {
            0 => false,
            1 => true,
            b => return Err(invalid("summary bytes", format!("weighted flag {b}"))),
        };
        let ncells = r.len(8)?;
        let mut cells = Vec::with_capacity(ncells);
        for _ in 0..ncells {
            let stratum = r.text()?;
            let group = r.text()?;
            let initial = r.tally()?;
            let ntimes = r.len(36)?;
            let mut times = Vec::with_capacity(ntimes);
            for _ in 0..ntimes {
                let time = r.f64()?;
                let ordered = times.last().is_none_or(|p: &TimeTally| p.time < time);
                if !(time.is_finite() && time >= 0.0 && ordered) {
                    return Err(invalid(
                        "summary bytes",
                        format!("time {time} is not a non-negative time after the previous one"),
                    ));
                }
                let entering = r.tally()?;
                let censored = r.tally()?;
                let k = r.u32()? as usize;
                let mut events = Vec::new();
                for _ in 0..k {
                    events.push(r.tally()?);
                }
                times.push(TimeTally {
                    time,
                    entering,
                    events,
                    censored,
                });
            }
            cells.push(CellSummary {
                stratum,
                group,
                initial,
                times,
            });
        }
        if r.at != bytes.len() {
            return Err(invalid("summary bytes", "trailing bytes"));
        }
        let mut out = RiskSetSummary::default();
        // Merging into an empty summary checks the order and normalizes.
        for c in cells {
            out.merge(&RiskSetSummary {
                weighted,
                cells: vec![c],
            })?;
        }
        out.weighted = weighted;
        Ok(out)
    }
}
