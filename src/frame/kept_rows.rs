//! The input rows a reading visits: every row of the table, or the rows a
//! model frame kept (ascending). Every row needs no list, so a frame that
//! drops nothing costs no index per row.

/// Rows `0..n`, or the listed ones.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeptRows {
    /// Every row of a table of this many rows.
    All(usize),
    /// The rows kept, ascending (some rows dropped).
    Listed(Vec<usize>),
}

impl KeptRows {
    /// The rows a frame kept of a table of `n` rows: `All` when it kept
    /// every one (an ascending list of n distinct rows below n is 0..n).
    pub(crate) fn from_listed(rows: Vec<usize>, n: usize) -> KeptRows {
        if rows.len() == n {
            KeptRows::All(n)
        } else {
            KeptRows::Listed(rows)
        }
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            KeptRows::All(n) => *n,
            KeptRows::Listed(v) => v.len(),
        }
    }

    /// True when every row of the table is kept.
    pub(crate) fn is_all(&self) -> bool {
        matches!(self, KeptRows::All(_))
    }

    /// The rows, ascending.
    pub(crate) fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let listed = match self {
            KeptRows::All(_) => None,
            KeptRows::Listed(v) => Some(v),
        };
        (0..self.len()).map(move |k| listed.map_or(k, |v| v[k]))
    }

    /// The rows as a list.
    pub(crate) fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_list_is_all_rows_and_a_shorter_one_stays_listed() {
        let all = KeptRows::from_listed(vec![0, 1, 2], 3);
        assert_eq!(all, KeptRows::All(3));
        assert!(all.is_all());
        assert_eq!(all.to_vec(), vec![0, 1, 2]);
        let some = KeptRows::from_listed(vec![0, 2], 3);
        assert!(!some.is_all());
        assert_eq!((some.len(), some.to_vec()), (2, vec![0, 2]));
        assert_eq!(KeptRows::All(0).to_vec(), Vec::<usize>::new());
    }
}
