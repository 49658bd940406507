//! The shared columns of every kind of survival input, as given to a
//! builder, and their one validation: shape (empty input, lengths, group
//! labels XOR codes, factor labels) and rows (time, code, entry, weight,
//! group code), in that order, the first bad value being the error.

use super::check::{
    CodeRule, check_code, check_factor_labels, check_len, invalid_at, validate_entry,
    validate_time, validate_weight,
};
use super::codes::Codes;
use super::labels::encode_labels;
use crate::error::{Error, Result, invalid};

/// The columns shared by survival inputs: exit time (or stop), an
/// event/status code, entry (or start), case weights, groups (labels or
/// codes into labels), strata and clusters. Covariates stay with the view
/// that uses them (Cox blocks, Fine–Gray columns, AFT frame).
#[derive(Debug, Clone, Default)]
pub(crate) struct Core {
    pub time: Vec<f64>,
    pub code: Codes,
    pub entry: Option<Vec<f64>>,
    pub weight: Option<Vec<f64>>,
    pub group: Option<Vec<String>>,
    pub group_codes: Option<(Vec<u32>, Vec<String>)>,
    pub strata: Option<Vec<String>>,
    pub cluster: Option<Vec<String>>,
    /// Strata read from a table, already encoded (instead of `strata`).
    pub strata_codes: Option<(Vec<u32>, Vec<String>)>,
    /// Clusters read from a table, already encoded (instead of `cluster`).
    pub cluster_codes: Option<(Vec<u32>, Vec<String>)>,
}

/// Dense codes (none when every row is in the one level) and the labels.
pub(crate) type Encoded = (Option<Vec<u32>>, Vec<String>);

impl Core {
    /// Exit times and codes; nothing optional.
    pub(crate) fn new(time: Vec<f64>, code: Vec<i64>) -> Core {
        Core {
            time,
            code: Codes::Wide(code),
            ..Default::default()
        }
    }

    /// Number of rows (the length of the time column).
    pub(crate) fn len(&self) -> usize {
        self.time.len()
    }

    /// Rows present and not too many for `u32` row indices.
    pub(crate) fn check_rows(&self, limit: usize, what: &str) -> Result<()> {
        let n = self.len();
        if n == 0 {
            return Err(Error::EmptyInput);
        }
        if n > limit {
            return Err(invalid("time", what));
        }
        Ok(())
    }

    /// Every column as long as the time column, in the order code, entry,
    /// weight, group, strata, cluster; then group labels XOR codes and the
    /// labels of group codes.
    pub(crate) fn check_lengths(&self, rule: CodeRule) -> Result<()> {
        let n = self.len();
        check_len(rule.column(), self.code.len(), n)?;
        for (column, len) in [
            ("entry", self.entry.as_ref().map(Vec::len)),
            ("weight", self.weight.as_ref().map(Vec::len)),
            ("group", self.group.as_ref().map(Vec::len)),
            ("strata", self.strata.as_ref().map(Vec::len)),
            ("cluster", self.cluster.as_ref().map(Vec::len)),
            ("strata", self.strata_codes.as_ref().map(|c| c.0.len())),
            ("cluster", self.cluster_codes.as_ref().map(|c| c.0.len())),
        ] {
            if let Some(len) = len {
                check_len(column, len, n)?;
            }
        }
        if let Some((codes, labels)) = &self.group_codes {
            if self.group.is_some() {
                return Err(invalid(
                    "groups",
                    "give either group labels or group codes, not both",
                ));
            }
            check_len("group", codes.len(), n)?;
            check_factor_labels("group labels", labels)?;
        }
        Ok(())
    }

    /// Checks row `i`, whose code is `c`: time, code (then `after_code`),
    /// entry, weight, group code (`groups`: codes and the number of labels).
    #[inline(always)]
    fn check_row(
        &self,
        i: usize,
        c: i64,
        rule: CodeRule,
        groups: Option<(&[u32], usize)>,
        after_code: &mut impl FnMut(usize, i64) -> Result<()>,
    ) -> Result<()> {
        let t = self.time[i];
        validate_time(t).map_err(|p| invalid_at(i, "time", p))?;
        rule.check(c).map_err(|p| invalid_at(i, rule.column(), p))?;
        after_code(i, c)?;
        if let Some(entry) = &self.entry {
            validate_entry(entry[i], t).map_err(|p| invalid_at(i, "entry", p))?;
        }
        if let Some(weight) = &self.weight {
            validate_weight(weight[i]).map_err(|p| invalid_at(i, "weight", p))?;
        }
        if let Some((codes, k)) = groups {
            check_code(codes[i], k).map_err(|p| invalid_at(i, "group", p))?;
        }
        Ok(())
    }

    /// True when every row is valid by [`check_row`](Self::check_row)
    /// without groups (time, code, entry, weight), found by one pass over
    /// each column without a branch per row; false when some value is
    /// bad (the row-by-row check then locates the first).
    pub(crate) fn rows_valid(&self, rule: CodeRule) -> bool {
        // Finite and not negative (NaN fails both comparisons).
        let time_ok = |ok: bool, t: &f64| ok & (0.0..=f64::MAX).contains(t);
        let mut ok = self.time.iter().fold(true, time_ok);
        ok &= self.code.all(|c| rule.accepts(c));
        if let Some(entry) = &self.entry {
            ok &= entry
                .iter()
                .zip(&self.time)
                .fold(true, |ok, (a, &t)| time_ok(ok, a) & (*a < t));
        }
        if let Some(weight) = &self.weight {
            ok &= weight.iter().fold(true, time_ok);
        }
        ok
    }

    /// Checks every row in order; `after_row(i)` runs once row `i` passed
    /// (a view's own checks and counts, in the same pass).
    pub(crate) fn validate(
        &self,
        rule: CodeRule,
        groups: Option<(&[u32], usize)>,
        mut after_code: impl FnMut(usize, i64) -> Result<()>,
        mut after_row: impl FnMut(usize) -> Result<()>,
    ) -> Result<()> {
        // One loop (the views' closures inline into it); the code's storage
        // is tested per row, a branch always taken the same way.
        for i in 0..self.len() {
            self.check_row(i, self.code.get(i), rule, groups, &mut after_code)?;
            after_row(i)?;
        }
        Ok(())
    }

    /// Takes the groups out, encoded: labels in byte order, or the codes
    /// as given; one empty label without groups.
    pub(crate) fn take_groups(&mut self) -> Encoded {
        match (self.group.take(), self.group_codes.take()) {
            (Some(g), _) => {
                let (ids, labels) = encode_labels(&g);
                (Some(ids), labels)
            }
            (None, Some((codes, labels))) => (Some(codes), labels),
            (None, None) => (None, vec![String::new()]),
        }
    }

    /// Takes the strata out, encoded; one empty label without strata.
    pub(crate) fn take_strata(&mut self) -> Encoded {
        if let Some((codes, labels)) = self.strata_codes.take() {
            return (Some(codes), labels);
        }
        take_labels(&mut self.strata, vec![String::new()])
    }

    /// Takes the clusters out, encoded; no label without clusters.
    pub(crate) fn take_clusters(&mut self) -> Encoded {
        if let Some((codes, labels)) = self.cluster_codes.take() {
            return (Some(codes), labels);
        }
        take_labels(&mut self.cluster, Vec::new())
    }
}

fn take_labels(labels: &mut Option<Vec<String>>, none: Vec<String>) -> Encoded {
    match labels.take() {
        Some(s) => {
            let (ids, labels) = encode_labels(&s);
            (Some(ids), labels)
        }
        None => (None, none),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The branch-free pass accepts exactly the cores the row-by-row check
    /// accepts: each kind of bad value, alone, makes both refuse.
    #[test]
    fn rows_valid_agrees_with_the_row_by_row_check() {
        let good = || {
            let mut c = Core::new(vec![3.0, -0.0, 5.5, 2.0], vec![1, 0, 1, 1]);
            c.entry = Some(vec![1.0, -1.0, 0.0, 1.5]);
            c.weight = Some(vec![1.0, 0.0, 2.5, 1.0]);
            c
        };
        // entry −1 before exit −0: the entry's own check (not negative) refuses it
        let mut fixed = good();
        fixed.entry = Some(vec![1.0, 0.0, 0.0, 1.5]);
        fixed.time[1] = 0.5;
        let mut cases = vec![(fixed.clone(), true), (good(), false)];
        let bad: [fn(&mut Core); 8] = [
            |c| c.time[2] = -1.0,
            |c| c.time[0] = f64::NAN,
            |c| c.time[3] = f64::INFINITY,
            |c| c.code = Codes::Wide(vec![1, 0, 2, 1]),
            |c| c.code = Codes::Byte(vec![1, 0, 1, 7]),
            |c| c.entry.as_mut().unwrap()[3] = 2.0,
            |c| c.weight.as_mut().unwrap()[0] = -0.5,
            |c| c.weight.as_mut().unwrap()[2] = f64::NAN,
        ];
        for spoil in bad {
            let mut c = fixed.clone();
            spoil(&mut c);
            cases.push((c, false));
        }
        for (k, (core, valid)) in cases.iter().enumerate() {
            let checked = core
                .validate(CodeRule::ZeroOne, None, |_, _| Ok(()), |_| Ok(()))
                .is_ok();
            assert_eq!(checked, *valid, "case {k}");
            assert_eq!(core.rows_valid(CodeRule::ZeroOne), *valid, "case {k}");
        }
    }
}
