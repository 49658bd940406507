//! The Fine–Gray log pseudo-likelihood as an [`Objective`] of the crate's
//! one Newton–Raphson driver ([`crate::num::newton`]).

use super::sweep::{Derivs, Design};
use crate::num::newton::Objective;
pub(super) use crate::num::newton::{Failure, Newton};

impl Objective for Design<'_> {
    type Derivs = Derivs;
    fn evaluate(&mut self, beta: &[f64]) -> Derivs {
        Design::evaluate(self, beta)
    }
}
