//! The Cox partial likelihood as an [`Objective`] of the crate's one
//! Newton–Raphson driver ([`crate::num::newton`]).

use super::sweep::{Derivs, Sweep};
use crate::num::newton::{Derivatives, Objective};
pub(super) use crate::num::newton::{Failure, Newton};

impl Derivatives for Derivs {
    fn loglik(&self) -> f64 {
        self.loglik
    }
    fn score(&self) -> &[f64] {
        &self.score
    }
    fn info(&self) -> &[f64] {
        &self.info
    }
}

impl Objective for Sweep<'_> {
    type Derivs = Derivs;
    fn evaluate(&mut self, beta: &[f64]) -> Derivs {
        Sweep::evaluate(self, beta)
    }
}
