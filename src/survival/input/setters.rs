//! The shared setters of every survival builder and `*Columns`, written
//! once. Each generated method keeps its own rustdoc with a runnable
//! example naming the concrete type.
//!
//! `builder_setters!(Builder, "one-row start", "two-row start"; entry, weights, ...)`
//! adds to `Builder` (which holds a `core: Core`) the listed setters; the
//! one-row start is a builder of one row with exit 2 and an event, the
//! two-row start one of two rows with exits 1 and 2 and two events.
//! `columns_setters!(Columns, "start"; entry, weight, ...)` adds the
//! column-name setters to a `*Columns` with the same-named fields.

macro_rules! builder_setters {
    ($builder:ty, $one:literal, $two:literal, $use:literal; $($setter:ident),* $(,)?) => {
        impl $builder {
            $( $crate::survival::input::setters::builder_setters!(@ $setter, $one, $two, $use); )*
        }
    };
    (@ entry, $one:literal, $two:literal, $use:literal) => {
        /// Entry times (delayed entry / left truncation): a subject is at
        /// risk on (entry, exit]; one entering at t is not at risk at t.
        /// Without entries, every subject enters at 0.
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let err = ", $one, ".entry(vec![2.0]).build().unwrap_err();")]
        /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `entry`: entry 2 is not strictly before exit 2");
        /// ```
        pub fn entry(mut self, entry: Vec<f64>) -> Self {
            self.core.entry = Some(entry);
            self
        }
    };
    (@ weights, $one:literal, $two:literal, $use:literal) => {
        /// Case weights (finite, not negative).
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let err = ", $one, ".weights(vec![-1.0]).build().unwrap_err();")]
        /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `weight`: negative weight -1");
        /// ```
        pub fn weights(mut self, weight: Vec<f64>) -> Self {
            self.core.weight = Some(weight);
            self
        }
    };
    (@ groups, $one:literal, $two:literal, $use:literal) => {
        /// Group labels; results are reported by group in byte order of
        /// the label. Give either labels or [codes](Self::group_codes).
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let d = ", $two, ".groups(vec![\"g2\".into(), \"g10\".into()]).build()?;")]
        /// assert_eq!(d.group_labels(), &["g10".to_string(), "g2".to_string()]);
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        pub fn groups(mut self, group: Vec<String>) -> Self {
            self.core.group = Some(group);
            self
        }
    };
    (@ group_codes, $one:literal, $two:literal, $use:literal) => {
        /// Groups given as codes into `labels` (as a factor: code `c` is
        /// group `labels[c]`), which must be distinct and in byte order;
        /// avoids handling one string per subject. A code outside the
        /// labels is an error of the `group` column.
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let d = ", $two, ".group_codes(vec![1, 0], vec![\"a\".into(), \"b\".into()]).build()?;")]
        /// assert_eq!(d.group_labels(), &["a".to_string(), "b".to_string()]);
        #[doc = concat!("let err = ", $one, ".group_codes(vec![2], vec![\"a\".into()]).build().unwrap_err();")]
        /// assert_eq!(err.to_string(), "row 1 (counting from 1), column `group`: code `2` is not below 1");
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        pub fn group_codes(mut self, codes: Vec<u32>, labels: Vec<String>) -> Self {
            self.core.group_codes = Some((codes, labels));
            self
        }
    };
    (@ strata, $one:literal, $two:literal, $use:literal) => {
        /// Stratum labels: each stratum has its own baseline (stratified
        /// tests and models); reported in byte order of the label.
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let d = ", $two, ".strata(vec![\"b\".into(), \"a\".into()]).build()?;")]
        /// assert_eq!(d.strata_labels(), &["a".to_string(), "b".to_string()]);
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        pub fn strata(mut self, strata: Vec<String>) -> Self {
            self.core.strata = Some(strata);
            self
        }
    };
    (@ clusters, $one:literal, $two:literal, $use:literal) => {
        /// Cluster labels (e.g. a subject id): the fit then reports the
        /// robust (sandwich) variance with the score residuals summed by
        /// cluster.
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let d = ", $two, ".clusters(vec![\"id7\".into(), \"id7\".into()]).build()?;")]
        /// assert_eq!(d.cluster_labels(), Some(&["id7".to_string()][..]));
        /// # Ok::<(), return_migration::error::Error>(())
        /// ```
        pub fn clusters(mut self, cluster: Vec<String>) -> Self {
            self.core.cluster = Some(cluster);
            self
        }
    };
}

macro_rules! columns_setters {
    ($columns:ty, $new:literal, $use:literal; $($setter:ident),* $(,)?) => {
        impl $columns {
            $( $crate::survival::input::setters::columns_setters!(@ $setter, $new, $use); )*
        }
    };
    (@ $field:ident, $new:literal, $use:literal) => {
        #[doc = concat!("Sets the `", stringify!($field), "` column.")]
        ///
        /// # Example
        /// ```
        #[doc = $use]
        #[doc = concat!("let c = ", $new, ".", stringify!($field), "(\"c\");")]
        #[doc = concat!("assert_eq!(c.", stringify!($field), ".as_deref(), Some(\"c\"));")]
        /// ```
        pub fn $field(mut self, column: &str) -> Self {
            self.$field = Some(column.to_string());
            self
        }
    };
}

pub(crate) use builder_setters;
pub(crate) use columns_setters;
