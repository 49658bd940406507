//! Cox regression data from the columns of a CSV table, with located errors.

use super::builder::CoxDataBuilder;
use super::data::CoxData;
use crate::data::CsvTable;
use crate::error::Result;
use crate::frame::Design;
use crate::frame::FrameSpec;
use crate::survival::input::check::CodeRule;
use crate::survival::input::setters::columns_setters;
use crate::survival::input::table::{SharedNames, WithCovariates};

/// Column names of Cox regression data in a CSV table.
///
/// # Example
/// ```
/// use return_migration::survival::CoxColumns;
/// let c = CoxColumns::new("week", "arrest", &["fin", "age"]).strata("wave");
/// assert_eq!(c.covariates, vec!["fin".to_string(), "age".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CoxColumns {
    /// Exit time column.
    pub time: String,
    /// Event column (0/1).
    pub event: String,
    /// Numeric covariate columns, in the order of the coefficient table.
    pub covariates: Vec<String>,
    /// Optional entry time column.
    pub entry: Option<String>,
    /// Optional case weight column.
    pub weight: Option<String>,
    /// Optional stratum column (text).
    pub strata: Option<String>,
    /// Optional cluster column (text, e.g. a subject id).
    pub cluster: Option<String>,
    /// Covariates by a model frame (factors, interactions, a missing-value
    /// policy) instead of the numeric `covariates`.
    pub frame: Option<FrameSpec>,
}

impl CoxColumns {
    /// Time, event and covariate columns.
    ///
    /// # Example
    /// ```
    /// use return_migration::survival::CoxColumns;
    /// assert_eq!(CoxColumns::new("t", "d", &["x"]).event, "d");
    /// ```
    pub fn new(time: &str, event: &str, covariates: &[&str]) -> Self {
        CoxColumns {
            time: time.to_string(),
            event: event.to_string(),
            covariates: covariates.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }

    /// Takes the covariates from a model frame: numeric and categorical
    /// columns, interactions, a missing-value policy (rows dropped by it
    /// are left out of the data and listed by [`CoxData::dropped_rows`]).
    /// Give either this or the numeric `covariates` of [`CoxColumns::new`].
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::frame::FrameSpec;
    /// use return_migration::survival::{CoxColumns, CoxData};
    /// let t = CsvTable::from_text("in.csv", "t,d,grant\n1,1,yes\n2,0,no\n3,1,no\n4,1,yes\n").unwrap();
    /// let cols = CoxColumns::new("t", "d", &[]).frame(FrameSpec::new(&["grant"]));
    /// let d = CoxData::from_table(&t, &cols)?;
    /// assert_eq!(d.covariate_names(), &["grantyes".to_string()]);
    /// # Ok::<(), return_migration::error::Error>(())
    /// ```
    pub fn frame(mut self, spec: FrameSpec) -> Self {
        self.frame = Some(spec);
        self
    }
}

columns_setters!(
    CoxColumns,
    "CoxColumns::new(\"t\", \"d\", &[\"x\"])",
    "use return_migration::survival::CoxColumns;";
    entry, weight, strata, cluster
);

impl CoxData {
    /// Reads Cox data from CSV columns. Errors name the file, the line and
    /// the column: a missing column, an empty field, a covariate or time
    /// that is not a number, NaN or infinity, a negative time, an entry not
    /// strictly before its exit, an event other than 0 or 1, a negative weight.
    ///
    /// # Example
    /// ```
    /// use return_migration::data::CsvTable;
    /// use return_migration::survival::{CoxColumns, CoxData};
    /// let t = CsvTable::from_text("in.csv", "time,status,age\n5,1,40\n3,0,old\n").unwrap();
    /// let err = CoxData::from_table(&t, &CoxColumns::new("time", "status", &["age"])).unwrap_err();
    /// assert_eq!(err.to_string(), "in.csv, line 3, column `age`: cannot parse `old` as a number");
    /// ```
    pub fn from_table(table: &CsvTable, columns: &CoxColumns) -> Result<CoxData> {
        let names = shared_names(columns);
        let framed = names.frame_rows(
            table,
            &columns.covariates,
            columns.frame.as_ref(),
            "Cox columns",
        )?;
        let read = names.read_framed(table, &columns.covariates, framed)?;
        from_read(read)
    }

    /// As [`CoxData::from_table`], consuming the table: the columns only
    /// the model frame uses are freed once the frame is built, and the
    /// table once its columns are read, before the data are sorted (the
    /// `coxph` pipeline's memory).
    pub(crate) fn from_owned_table(mut table: CsvTable, columns: &CoxColumns) -> Result<CoxData> {
        let names = shared_names(columns);
        let framed = names.frame_rows(
            &table,
            &columns.covariates,
            columns.frame.as_ref(),
            "Cox columns",
        )?;
        if let Some(spec) = &columns.frame {
            for c in spec.columns() {
                if !names.uses(c) && !columns.covariates.iter().any(|n| n == c) {
                    table.release_column(c);
                }
            }
        }
        let read = names.read_framed_taking_time(&mut table, &columns.covariates, framed)?;
        drop(table);
        from_read(read)
    }
}

/// The shared column names of Cox columns.
fn shared_names(columns: &CoxColumns) -> SharedNames<'_> {
    SharedNames {
        entry: columns.entry.as_deref(),
        weight: columns.weight.as_deref(),
        strata: columns.strata.as_deref(),
        cluster: columns.cluster.as_deref(),
        ..SharedNames::new(&columns.time, &columns.event, CodeRule::ZeroOne)
    }
}

/// Cox data from the columns read: a frame's design matrix moves into the
/// builder whole.
fn from_read(read: WithCovariates) -> Result<CoxData> {
    let WithCovariates {
        core,
        covariates,
        rows,
        dropped,
    } = read;
    drop(rows);
    let mut b = CoxDataBuilder::from_core(core);
    match covariates {
        Design::Columns(columns) => {
            for (name, values) in columns {
                b = b.covariate(&name, values);
            }
        }
        Design::Matrix(names, x) => {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            b = b.covariates(&names, x);
        }
    }
    let mut data = b.build()?;
    data.dropped = dropped;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Missing;

    const TEXT: &str = "t0,t,d,x,g,s,id\n\
        0,5,1,1.5,u,p,a\n\
        1,8,0,-0.5,v,q,b\n\
        0,2,1,2.25,u,p,c\n\
        0.5,9,1,NA,w,q,d\n\
        0,4,1,0.75,v,q,e\n\
        2,7,0,1e-2,u,p,f\n\
        0,3,1,-1.25,w,p,g\n\
        0,6,1,0.5,v,q,h\n";

    /// Data (or the error) from a borrowed and from an owned table; the
    /// owned one is also read with its time column parsed as numbers
    /// (which then moves into the data), and must give the same.
    fn both(text: &str, columns: &CoxColumns) -> (Result<CoxData>, Result<CoxData>) {
        let table = CsvTable::from_text("in.csv", text).unwrap();
        let headers: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let options = crate::data::CsvOptions::new();
        let typed =
            CsvTable::from_reader_typed("in.csv", text.as_bytes(), &options, &headers, &["t"])
                .unwrap();
        let taken = CoxData::from_owned_table(typed, columns);
        let owned = CoxData::from_owned_table(table.clone(), columns);
        match (&taken, &owned) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            _ => panic!("typed: {taken:?}, text: {owned:?}"),
        }
        (CoxData::from_table(&table, columns), owned)
    }

    #[test]
    fn owned_table_reading_gives_the_same_data() {
        // The stratum column is also a covariate: it must not be freed
        // with the frame's own columns.
        let spec = FrameSpec::new(&["x", "g", "x:g", "s"])
            .factors(&["g", "s"])
            .missing(Missing::Drop {
                markers: vec!["NA".into()],
            });
        let columns = CoxColumns::new("t", "d", &[])
            .frame(spec)
            .entry("t0")
            .strata("s")
            .cluster("id");
        let (borrowed, owned) = both(TEXT, &columns);
        let owned = owned.unwrap();
        assert_eq!(owned, borrowed.unwrap());
        assert_eq!(owned.len(), 7);
        assert_eq!(owned.dropped_rows()[0].line, Some(5));
        // Numeric covariates without a frame.
        let columns = CoxColumns::new("t", "d", &["t0"]).strata("g");
        let (borrowed, owned) = both(TEXT, &columns);
        assert_eq!(owned.unwrap(), borrowed.unwrap());
    }

    #[test]
    fn owned_table_reading_gives_the_same_errors() {
        let frame = |spec: FrameSpec| CoxColumns::new("t", "d", &[]).frame(spec).strata("s");
        let cases = [
            // The frame fails at line 5 (NA without a policy), a time at line 7.
            (
                TEXT.replace("\n0,3,1", "\n0,-3,1"),
                frame(FrameSpec::new(&["x", "g"])),
            ),
            // A time fails at line 3, before the frame's line 5.
            (
                TEXT.replace("\n1,8,0", "\n1,z,0"),
                frame(FrameSpec::new(&["x", "g"])),
            ),
            // The frame fails at line 3 (a number), the event at line 4.
            (
                TEXT.replace("-0.5,", "oops,")
                    .replace("\n0,2,1,", "\n0,2,7,"),
                frame(FrameSpec::new(&["x"]).missing(Missing::Drop {
                    markers: vec!["NA".into()],
                })),
            ),
            // A missing frame column.
            (TEXT.to_string(), frame(FrameSpec::new(&["x", "nope"]))),
        ];
        for (text, columns) in &cases {
            let (borrowed, owned) = both(text, columns);
            let (b, o) = (borrowed.unwrap_err(), owned.unwrap_err());
            assert_eq!(o.to_string(), b.to_string());
        }
        let (b, _) = both(&cases[1].0, &cases[1].1);
        assert_eq!(
            b.unwrap_err().to_string(),
            "in.csv, line 3, column `t`: cannot parse `z` as a number"
        );
    }
}
