//! A strict `--name value` argument parser for the pipeline examples.

use std::collections::BTreeMap;

use crate::error::{Result, invalid};

/// Parsed `--name value` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    values: BTreeMap<String, String>,
}

impl Args {
    /// Parses `argv` (without the program name). Every option takes one
    /// value. Errors on an option not in `allowed`, an option given twice, a
    /// missing value, a stray positional argument, and a missing option of
    /// `required`.
    ///
    /// # Example
    /// ```
    /// use return_migration::pipeline::Args;
    /// let argv: Vec<String> = ["--input", "x.csv", "--rho", "1"].iter().map(|s| s.to_string()).collect();
    /// let a = Args::parse(&argv, &["input", "rho"], &["input"]).unwrap();
    /// assert_eq!(a.get("rho"), Some("1"));
    /// let twice: Vec<String> = ["--rho", "1", "--rho", "2"].iter().map(|s| s.to_string()).collect();
    /// assert!(Args::parse(&twice, &["rho"], &[]).is_err());
    /// ```
    pub fn parse(argv: &[String], allowed: &[&str], required: &[&str]) -> Result<Args> {
        let mut values = BTreeMap::new();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            let Some(name) = arg.strip_prefix("--") else {
                return Err(invalid(
                    "arguments",
                    format!("unexpected `{arg}` (options are --name value)"),
                ));
            };
            if !allowed.contains(&name) {
                return Err(invalid(
                    "arguments",
                    format!(
                        "unknown option --{name} (allowed: {})",
                        allowed
                            .iter()
                            .map(|a| format!("--{a}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            let value = it
                .next()
                .ok_or_else(|| invalid("arguments", format!("--{name} needs a value")))?;
            if values.insert(name.to_string(), value.clone()).is_some() {
                return Err(invalid("arguments", format!("--{name} is given twice")));
            }
        }
        for r in required {
            if !values.contains_key(*r) {
                return Err(invalid("arguments", format!("--{r} is required")));
            }
        }
        Ok(Args { values })
    }

    /// The value of an option, if given.
    ///
    /// # Example
    /// ```
    /// use return_migration::pipeline::Args;
    /// let a = Args::parse(&[], &["rho"], &[]).unwrap();
    /// assert_eq!(a.get("rho"), None);
    /// ```
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// A required option's value (checked at parse time; errors if absent).
    ///
    /// # Example
    /// ```
    /// use return_migration::pipeline::Args;
    /// let a = Args::parse(&[], &["rho"], &[]).unwrap();
    /// assert!(a.require("rho").is_err());
    /// ```
    pub fn require(&self, name: &str) -> Result<&str> {
        self.get(name)
            .ok_or_else(|| invalid("arguments", format!("--{name} is required")))
    }

    /// A finite number option, or `default` when absent.
    ///
    /// # Example
    /// ```
    /// use return_migration::pipeline::Args;
    /// let argv: Vec<String> = ["--rho", "x"].iter().map(|s| s.to_string()).collect();
    /// let a = Args::parse(&argv, &["rho"], &[]).unwrap();
    /// assert!(a.number("rho", 0.0).is_err());
    /// ```
    pub fn number(&self, name: &str, default: f64) -> Result<f64> {
        match self.get(name) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    invalid(
                        "arguments",
                        format!("--{name}: `{text}` is not a finite number"),
                    )
                }),
        }
    }

    /// An option with a fixed set of values, each with what it stands for;
    /// the first is the default. Errors on any other value, listing them.
    ///
    /// # Example
    /// ```
    /// use return_migration::pipeline::Args;
    /// let argv: Vec<String> = ["--table", "all"].iter().map(|s| s.to_string()).collect();
    /// let a = Args::parse(&argv, &["table", "ties"], &[]).unwrap();
    /// let table = [("coef", false), ("full", true)];
    /// let err = a.choice("table", &table).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid arguments: --table: `all` is not one of coef, full");
    /// assert_eq!(a.choice("ties", &[("efron", 1), ("breslow", 2)]).unwrap(), 1);
    /// ```
    pub fn choice<T: Copy>(&self, name: &str, values: &[(&str, T)]) -> Result<T> {
        let Some(given) = self.get(name) else {
            return values
                .first()
                .map(|&(_, v)| v)
                .ok_or_else(|| invalid("arguments", format!("--{name} has no value to take")));
        };
        match values.iter().find(|(text, _)| *text == given) {
            Some(&(_, v)) => Ok(v),
            None => Err(invalid(
                "arguments",
                format!(
                    "--{name}: `{given}` is not one of {}",
                    values
                        .iter()
                        .map(|(text, _)| *text)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}
