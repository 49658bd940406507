//! Stock-flow accounting of a transit country's population in an irregular situation.
//!
//! The ledger applies, year by year,
//!
//! ```text
//! stock(t+1) = stock(t) + inflows(t) − assisted_returns(t) − onward_departures(t)
//! ```
//!
//! with stock(t) the stock on 1 January of year t. Its inputs are rarely
//! observed directly (e.g. onward departures are proxied by irregular
//! arrivals to Spain), so every ledger carries its assumptions in words and
//! the report states them. A year that would end with a negative stock is an
//! [`Error::Contradiction`]: the data contradict each other or the
//! assumptions, and no number is printed for it.

mod ledger;

pub use ledger::{LedgerRow, StockFlowLedger, StockFlowReport};

#[doc(no_inline)]
pub use crate::error::Error;
