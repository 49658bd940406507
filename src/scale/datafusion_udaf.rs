//! The risk-set summary as a DataFusion aggregate (feature `datafusion`):
//! `risk_set_summary(time, status [, entry])` in a SQL `GROUP BY` returns,
//! per group of rows, the [`RiskSetSummary`] of those rows as bytes
//! ([`RiskSetSummary::to_bytes`]). Partial aggregates (per file, per
//! partition, per Ballista executor) merge exactly, so the plan can be
//! split anywhere.
//!
//! Arguments: `time` and `entry` any numeric type (read as f64), `status`
//! any integer or boolean type (0 = censored, k ≥ 1 = an event of cause
//! k). A null, a negative or non-finite time, an entry not strictly before
//! its exit or a negative status is an execution error that names the
//! argument. Grouping columns (strata, groups, sites) are SQL's: the
//! summary's own stratum and group labels stay empty and are set by the
//! caller from the `GROUP BY` keys.
//!
//! Case weights: `risk_set_summary_weighted(time, status, weight [, entry])`
//! ([`risk_set_summary_weighted_udaf`]) adds each row's weight (any numeric
//! type; a null, negative or non-finite weight is an error) to the
//! summary's weight sums, which are exact sums: the merged weighted summary
//! is the same bit for bit however DataFusion splits the rows.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Field, FieldRef, Float64Type, Int64Type};
use datafusion::common::{DataFusionError, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDF, AggregateUDFImpl, Signature, TypeSignature, Volatility,
};

use super::summary::RiskSetSummary;

type DfResult<T> = datafusion::common::Result<T>;

fn exec(message: String) -> DataFusionError {
    DataFusionError::Execution(format!("risk_set_summary: {message}"))
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct RiskSetSummaryUdaf {
    signature: Signature,
    weighted: bool,
}

/// The aggregate `risk_set_summary(time, status [, entry])`, to register
/// with `SessionContext::register_udaf`.
///
/// # Example
/// ```
/// let udaf = return_migration::scale::risk_set_summary_udaf();
/// assert_eq!(udaf.name(), "risk_set_summary");
/// ```
pub fn risk_set_summary_udaf() -> AggregateUDF {
    AggregateUDF::from(RiskSetSummaryUdaf {
        signature: Signature::one_of(
            vec![TypeSignature::Any(2), TypeSignature::Any(3)],
            Volatility::Immutable,
        ),
        weighted: false,
    })
}

/// The weighted aggregate `risk_set_summary_weighted(time, status, weight
/// [, entry])`: as [`risk_set_summary_udaf`], with a case-weight column
/// whose sums per time are kept exactly.
///
/// # Example
/// ```
/// let udaf = return_migration::scale::risk_set_summary_weighted_udaf();
/// assert_eq!(udaf.name(), "risk_set_summary_weighted");
/// ```
pub fn risk_set_summary_weighted_udaf() -> AggregateUDF {
    AggregateUDF::from(RiskSetSummaryUdaf {
        signature: Signature::one_of(
            vec![TypeSignature::Any(3), TypeSignature::Any(4)],
            Volatility::Immutable,
        ),
        weighted: true,
    })
}

impl AggregateUDFImpl for RiskSetSummaryUdaf {
    fn name(&self) -> &str {
        if self.weighted {
            "risk_set_summary_weighted"
        } else {
            "risk_set_summary"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _arg_types: &[DataType]) -> DfResult<DataType> {
        Ok(DataType::Binary)
    }

    fn accumulator(&self, _args: AccumulatorArgs) -> DfResult<Box<dyn Accumulator>> {
        Ok(Box::new(SummaryAccumulator {
            summary: RiskSetSummary::default(),
            weighted: self.weighted,
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> DfResult<Vec<FieldRef>> {
        Ok(vec![Arc::new(Field::new(
            format!("{}[summary]", args.name),
            DataType::Binary,
            true,
        ))])
    }
}

#[derive(Debug)]
struct SummaryAccumulator {
    summary: RiskSetSummary,
    weighted: bool,
}

fn floats(array: &ArrayRef, what: &str) -> DfResult<Vec<f64>> {
    let cast = arrow::compute::cast(array, &DataType::Float64)?;
    let a = cast.as_primitive::<Float64Type>();
    if a.null_count() > 0 {
        return Err(exec(format!("a null {what}")));
    }
    Ok(a.values().to_vec())
}

fn statuses(array: &ArrayRef) -> DfResult<Vec<u32>> {
    let cast = arrow::compute::cast(array, &DataType::Int64)?;
    let a = cast.as_primitive::<Int64Type>();
    if a.null_count() > 0 {
        return Err(exec("a null status".to_string()));
    }
    a.values()
        .iter()
        .map(|&s| u32::try_from(s).map_err(|_| exec(format!("status {s} is not 0, 1, 2, ..."))))
        .collect()
}

impl Accumulator for SummaryAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> DfResult<()> {
        let time = floats(&values[0], "time")?;
        let status = statuses(&values[1])?;
        let (weight, entry) = if self.weighted {
            let weight = floats(&values[2], "weight")?;
            let entry = values.get(3).map(|e| floats(e, "entry")).transpose()?;
            (Some(weight), entry)
        } else {
            (None, values.get(2).map(|e| floats(e, "entry")).transpose()?)
        };
        let part = RiskSetSummary::from_columns(
            &time,
            &status,
            entry.as_deref(),
            weight.as_deref(),
            None,
            None,
        )
        .map_err(|e| exec(e.to_string()))?;
        self.summary.merge(&part).map_err(|e| exec(e.to_string()))
    }

    fn evaluate(&mut self) -> DfResult<ScalarValue> {
        Ok(ScalarValue::Binary(Some(self.summary.to_bytes())))
    }

    fn size(&self) -> usize {
        std::mem::size_of_val(self)
            + self
                .summary
                .cells
                .iter()
                .map(|c| c.times.len() * 96 + 64)
                .sum::<usize>()
    }

    fn state(&mut self) -> DfResult<Vec<ScalarValue>> {
        Ok(vec![self.evaluate()?])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> DfResult<()> {
        let a = states[0].as_binary::<i32>();
        for i in 0..a.len() {
            if a.is_null(i) {
                continue;
            }
            let other = RiskSetSummary::from_bytes(a.value(i)).map_err(|e| exec(e.to_string()))?;
            self.summary
                .merge(&other)
                .map_err(|e| exec(e.to_string()))?;
        }
        Ok(())
    }
}
