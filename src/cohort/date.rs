//! Dates of returns, waves and re-migrations: a year, or a full date.
//!
//! Every date becomes a point on one continuous time axis in years, the
//! decimal year: a full date is `year + (day of year − 1) / days in year`
//! (1 January 2020 is 2020.0, 2 July 2020 is 2020.5), and a date known only
//! to the year stands for the middle of that year, `year + 0.5`. So two
//! dates known to the year are a whole number of years apart, and a year-only
//! date is never more than half a year from the truth.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};

/// A calendar date known to the year or to the day.
///
/// # Example
/// ```
/// use return_migration::cohort::Date;
/// assert_eq!(Date::parse("2020").unwrap().decimal_year(), 2020.5);
/// assert_eq!(Date::parse("2020-07-02").unwrap().decimal_year(), 2020.5); // day 184 of 366
/// assert_eq!(Date::parse("2021-01-01").unwrap().decimal_year(), 2021.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Date {
    /// Only the year is known.
    Year(i32),
    /// A full date.
    Day {
        /// Year, 1000–9999.
        year: i32,
        /// Month, 1–12.
        month: u8,
        /// Day of the month.
        day: u8,
    },
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

fn days_in_year(year: i32) -> u16 {
    if is_leap(year) { 366 } else { 365 }
}

/// Days from 1970-01-01 to a civil date (proleptic Gregorian).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (days from 1970-01-01).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

impl Date {
    /// A date known only to the year (1000–9999).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert!(Date::year(2020).is_ok());
    /// assert!(Date::year(20).is_err());
    /// ```
    pub fn year(year: i32) -> Result<Date> {
        if !(1000..=9999).contains(&year) {
            return Err(invalid("year", format!("{year} is outside 1000-9999")));
        }
        Ok(Date::Year(year))
    }

    /// A full date; errors on a year outside 1000–9999 or a day that does not exist.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert!(Date::ymd(2020, 2, 29).is_ok());
    /// assert_eq!(Date::ymd(2021, 2, 29).unwrap_err().to_string(), "invalid date: 2021-02-29 does not exist");
    /// ```
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Date> {
        Date::year(year)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(invalid(
                "date",
                format!("{year:04}-{month:02}-{day:02} does not exist"),
            ));
        }
        Ok(Date::Day { year, month, day })
    }

    /// Parses `YYYY` or `YYYY-MM-DD` (surrounding blanks ignored); `None`
    /// for anything else, including dates that do not exist.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert_eq!(Date::parse(" 2021-03-15 "), Some(Date::ymd(2021, 3, 15).unwrap()));
    /// assert_eq!(Date::parse("2021-13-01"), None);
    /// assert_eq!(Date::parse("15/03/2021"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match t.len() {
            4 if digits(t) => Date::year(t.parse().ok()?).ok(),
            10 if t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-' => {
                let (y, m, d) = (&t[0..4], &t[5..7], &t[8..10]);
                if !(digits(y) && digits(m) && digits(d)) {
                    return None;
                }
                Date::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
            }
            _ => None,
        }
    }

    /// The calendar year.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert_eq!(Date::ymd(2019, 12, 31).unwrap().calendar_year(), 2019);
    /// ```
    pub fn calendar_year(&self) -> i32 {
        match *self {
            Date::Year(y) | Date::Day { year: y, .. } => y,
        }
    }

    /// True when only the year is known.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert!(Date::Year(2020).is_year_only());
    /// ```
    pub fn is_year_only(&self) -> bool {
        matches!(self, Date::Year(_))
    }

    /// The date on the decimal-year axis (see the module documentation).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert_eq!(Date::ymd(2021, 1, 1).unwrap().decimal_year(), 2021.0);
    /// assert_eq!(Date::Year(2021).decimal_year(), 2021.5);
    /// ```
    pub fn decimal_year(&self) -> f64 {
        match *self {
            Date::Year(y) => f64::from(y) + 0.5,
            Date::Day { year, month, day } => {
                let doy = days_from_civil(year, month, day) - days_from_civil(year, 1, 1);
                f64::from(year) + doy as f64 / f64::from(days_in_year(year))
            }
        }
    }

    /// The day number (days since 1970-01-01) of a full date; `None` for a
    /// year-only date.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert_eq!(Date::ymd(1970, 1, 2).unwrap().day_number(), Some(1));
    /// assert_eq!(Date::Year(1970).day_number(), None);
    /// ```
    pub fn day_number(&self) -> Option<i64> {
        match *self {
            Date::Year(_) => None,
            Date::Day { year, month, day } => Some(days_from_civil(year, month, day)),
        }
    }

    /// The full date of a day number (days since 1970-01-01); errors when
    /// its year is outside 1000–9999.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Date;
    /// assert_eq!(Date::from_day_number(18_628).unwrap().to_string(), "2021-01-01");
    /// ```
    pub fn from_day_number(days: i64) -> Result<Date> {
        let (y, m, d) = civil_from_days(days);
        Date::ymd(y, m, d)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Date::Year(y) => write!(f, "{y:04}"),
            Date::Day { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_over_four_centuries() {
        let start = days_from_civil(1900, 1, 1);
        let mut prev = None;
        for z in start..start + 146_097 + 400 {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
            assert!(d >= 1 && d <= days_in_month(y, m));
            if let Some(p) = prev {
                assert!(Date::ymd(y, m, d).unwrap() > p);
            }
            prev = Some(Date::ymd(y, m, d).unwrap());
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn decimal_years_are_exact_at_year_starts_and_increase_by_day() {
        assert_eq!(
            Date::ymd(2020, 12, 31).unwrap().decimal_year(),
            2020.0 + 365.0 / 366.0
        );
        assert_eq!(
            Date::ymd(2019, 12, 31).unwrap().decimal_year(),
            2019.0 + 364.0 / 365.0
        );
        assert_eq!(
            Date::Year(2022).decimal_year() - Date::Year(2019).decimal_year(),
            3.0
        );
    }

    #[test]
    fn parse_rejects_malformed_text() {
        for bad in [
            "",
            "20",
            "2020-1-01",
            "2020-02-30",
            "0999",
            "2020/01/01",
            "+202",
            "2020-01-0x",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(Date::parse("2020").unwrap().to_string(), "2020");
    }
}
