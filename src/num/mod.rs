//! The crate's numerics in one place: special functions, normal tails and
//! quantiles under one precision policy, double-double sums, one small dense
//! solver (Cholesky with a rank tolerance), the one Newton–Raphson driver
//! with step-halving, the one [`Convergence`] report of every iterative fit,
//! and the seeded, platform-independent random generator.
//!
//! Public: the generator ([`rng`]) and [`Convergence`]; the rest serves the
//! estimators.
//!
//! # Example
//! ```
//! use return_migration::num::rng::Rng;
//! let mut r = Rng::new(2023);
//! assert!((0.0..1.0).contains(&r.uniform()));
//! ```

pub(crate) mod chol;
mod convergence;
pub(crate) mod dd;
pub(crate) mod linalg;
pub(crate) mod newton;
pub(crate) mod normal;
pub(crate) mod radix;
pub(crate) mod repeat;
pub mod rng;
pub(crate) mod special;

pub use convergence::Convergence;
