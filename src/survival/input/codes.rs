//! Event or status codes as the input core holds them: the `i64`s a
//! builder was given, or, read from a CSV table, one byte a row while
//! every code fits in one (0/1 events, small cause numbers, counts below
//! 256): eight times less memory for the one column every row has.

/// The code column of [`Core`](super::core::Core).
#[derive(Debug, Clone)]
pub(crate) enum Codes {
    /// As given to a builder (moved in, not copied).
    Wide(Vec<i64>),
    /// Every code within `0..=255`, one byte each.
    Byte(Vec<u8>),
}

impl Default for Codes {
    fn default() -> Self {
        Codes::Wide(Vec::new())
    }
}

impl Codes {
    /// Byte codes with room for `n` rows (they widen when a code does
    /// not fit).
    pub(crate) fn with_capacity(n: usize) -> Codes {
        Codes::Byte(Vec::with_capacity(n))
    }

    /// Number of rows.
    pub(crate) fn len(&self) -> usize {
        match self {
            Codes::Wide(v) => v.len(),
            Codes::Byte(v) => v.len(),
        }
    }

    /// The code of row `i`.
    #[inline(always)]
    pub(crate) fn get(&self, i: usize) -> i64 {
        match self {
            Codes::Wide(v) => v[i],
            Codes::Byte(v) => i64::from(v[i]),
        }
    }

    /// True when `accepts` holds for every code (one pass without a branch
    /// per code).
    pub(crate) fn all(&self, accepts: impl Fn(i64) -> bool) -> bool {
        match self {
            Codes::Wide(v) => v.iter().fold(true, |ok, &c| ok & accepts(c)),
            Codes::Byte(v) => v.iter().fold(true, |ok, &c| ok & accepts(i64::from(c))),
        }
    }

    /// Appends a code, widening every code to `i64` the first time one
    /// does not fit in a byte.
    #[inline]
    pub(crate) fn push(&mut self, code: i64) {
        match self {
            Codes::Wide(v) => v.push(code),
            Codes::Byte(v) => match u8::try_from(code) {
                Ok(b) => v.push(b),
                Err(_) => {
                    let mut wide: Vec<i64> = Vec::with_capacity(v.capacity());
                    wide.extend(v.iter().map(|&b| i64::from(b)));
                    wide.push(code);
                    *self = Codes::Wide(wide);
                }
            },
        }
    }

    /// The buffer of `i64` codes, to be written over (none for byte codes).
    pub(crate) fn into_wide_buffer(self) -> Option<Vec<i64>> {
        match self {
            Codes::Wide(v) => Some(v),
            Codes::Byte(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_codes_widen_once_a_code_does_not_fit_and_keep_every_value() {
        let given = [0_i64, 1, 255, 0, 256, 1, -3, i64::MAX, 7];
        let mut c = Codes::with_capacity(2);
        for (k, &v) in given.iter().enumerate() {
            c.push(v);
            // byte storage exactly while every code so far fits
            let fits = given[..=k].iter().all(|&x| (0..=255).contains(&x));
            assert_eq!(matches!(c, Codes::Byte(_)), fits, "after {k}");
        }
        assert_eq!(c.len(), given.len());
        assert_eq!(
            (0..given.len()).map(|i| c.get(i)).collect::<Vec<_>>(),
            given
        );
        assert!(c.all(|x| x != 2) && !c.all(|x| x >= 0));
        assert_eq!(c.into_wide_buffer(), Some(given.to_vec()));
    }

    #[test]
    fn byte_codes_read_back_as_i64_and_have_no_wide_buffer() {
        let mut c = Codes::with_capacity(3);
        for v in [1, 0, 1] {
            c.push(v);
        }
        assert!(matches!(c, Codes::Byte(_)));
        assert_eq!((0..3).map(|i| c.get(i)).collect::<Vec<_>>(), [1, 0, 1]);
        assert_eq!(c.get(2), 1);
        assert!(c.all(|x| x <= 1) && !c.all(|x| x == 1));
        assert_eq!(c.into_wide_buffer(), None);
        assert_eq!(Codes::default().len(), 0);
    }
}
