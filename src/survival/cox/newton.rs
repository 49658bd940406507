//! The Cox partial likelihood as an [`Objective`] of the crate's one
//! Newton–Raphson driver ([`crate::num::newton`]).

use super::sweep::{Derivs, Sweep};
use crate::num::newton::Objective;
pub(super) use crate::num::newton::{Failure, Newton};

impl Objective for Sweep<'_> {
    type Derivs = Derivs;
    fn evaluate(&mut self, beta: &[f64]) -> Derivs {
        Sweep::evaluate(self, beta)
    }
}
