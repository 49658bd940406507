//! Cause codes of competing-risks input: the distinct non-zero status
//! codes, collected while the rows are validated.

use crate::error::{Result, invalid};

/// At most this many distinct causes: more almost always means that the
/// status column is not a status (an id, a time, a count).
pub const MAX_CAUSES: usize = 100;

/// The distinct causes seen so far, ascending.
#[derive(Default)]
pub(crate) struct Causes(pub Vec<u32>, u32);

impl Causes {
    /// Adds the status `s` of row `i` (0 = censored is not a cause); more
    /// than [`MAX_CAUSES`] is an error.
    #[inline]
    pub(crate) fn add(&mut self, i: usize, s: i64) -> Result<()> {
        let s = s as u32;
        if s == 0 || s == self.1 {
            return Ok(());
        }
        self.1 = s;
        if let Err(at) = self.0.binary_search(&s) {
            if self.0.len() == MAX_CAUSES {
                return Err(invalid(
                    "status",
                    format!(
                        "more than {MAX_CAUSES} distinct causes (row {} counting from 1 has cause {s}); \
                         is this the status column?",
                        i + 1
                    ),
                ));
            }
            self.0.insert(at, s);
        }
        Ok(())
    }
}
