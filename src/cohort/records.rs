//! Person-level records of returnees: who returned when, which waves saw
//! them, and their re-migrations.

use serde::{Deserialize, Serialize};

use super::date::Date;

/// How a person re-migrated.
///
/// # Example
/// ```
/// use return_migration::cohort::Channel;
/// assert_eq!(Channel::parse("irregular"), Some(Channel::Irregular));
/// assert_eq!(Channel::Legal.code(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    /// Irregular routes (cause code 1).
    Irregular,
    /// A legal channel: visa, work permit, family reunion, study (cause code 2).
    Legal,
}

impl Channel {
    /// The cause code used in competing-risks data: 1 irregular, 2 legal
    /// (0 is reserved for censored).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Channel;
    /// assert_eq!(Channel::Irregular.code(), 1);
    /// ```
    pub fn code(self) -> u8 {
        match self {
            Channel::Irregular => 1,
            Channel::Legal => 2,
        }
    }

    /// The name written in files: `irregular` or `legal`.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Channel;
    /// assert_eq!(Channel::Legal.name(), "legal");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Channel::Irregular => "irregular",
            Channel::Legal => "legal",
        }
    }

    /// Parses `irregular` or `legal` (exactly, after trimming blanks).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::Channel;
    /// assert_eq!(Channel::parse(" legal "), Some(Channel::Legal));
    /// assert_eq!(Channel::parse("Legal"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Channel> {
        match text.trim() {
            "irregular" => Some(Channel::Irregular),
            "legal" => Some(Channel::Legal),
            _ => None,
        }
    }
}

/// When a re-migration happened, as far as it is known.
///
/// # Example
/// ```
/// use return_migration::cohort::{Date, EventTiming};
/// let t = EventTiming::SeenAtWave(Date::Year(2022));
/// assert!(matches!(t, EventTiming::SeenAtWave(_)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventTiming {
    /// The date of departure is known.
    Dated(Date),
    /// Known only from the wave (given by its date) at which it was first
    /// reported: it happened after the previous contact and by this wave.
    SeenAtWave(Date),
}

/// One re-migration of a returnee.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, Date, EventTiming, Remigration};
/// let r = Remigration { timing: EventTiming::Dated(Date::ymd(2021, 5, 1)?), channel: Channel::Irregular };
/// assert_eq!(r.channel.code(), 1);
/// # Ok::<(), return_migration::error::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remigration {
    /// When.
    pub timing: EventTiming,
    /// How.
    pub channel: Channel,
}

/// One returnee: the return, the follow-up and the re-migrations.
///
/// Observation starts at `follow_up_start` (the return when absent; later
/// means delayed entry) and ends at `end_of_follow_up`, or, when that is
/// absent, at the last wave in which the person was seen (censoring at the
/// last wave seen). Descriptive fields may be empty.
///
/// # Example
/// ```
/// use return_migration::cohort::{Channel, Date, ReturneeRecord};
/// let r = ReturneeRecord::new("A1", Date::Year(2020))
///     .seen_at(&[Date::Year(2021), Date::Year(2022)])
///     .remigrated_seen_at(Date::Year(2022), Channel::Irregular);
/// assert_eq!(r.waves_seen.len(), 2);
/// assert_eq!(r.events.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturneeRecord {
    /// Identifier, unique in a data set.
    pub id: String,
    /// Date of the return.
    pub return_date: Date,
    /// Country of origin (the country returned to).
    pub origin: String,
    /// Sex as recorded.
    pub sex: String,
    /// Age band as recorded.
    pub age_band: String,
    /// Age in years at the return, when known (needed for the age time scale).
    pub age_at_return: Option<f64>,
    /// Assistance received (e.g. `reintegration grant`, `training`, `none`).
    pub assistance: String,
    /// Start of observation when later than the return (delayed entry).
    pub follow_up_start: Option<Date>,
    /// Dates of the waves in which the person was seen (any order).
    pub waves_seen: Vec<Date>,
    /// End of observation when known independently of the waves
    /// (administrative records); otherwise the last wave seen.
    pub end_of_follow_up: Option<Date>,
    /// Re-migrations, in any order.
    pub events: Vec<Remigration>,
    /// The first line of the record in its CSV file, when read from one.
    pub line: Option<u64>,
    /// Further columns of the records CSV (name, text of the person's
    /// first row), in file order: covariates a model can use by name.
    #[serde(default)]
    pub extra: Vec<(String, String)>,
}

impl ReturneeRecord {
    /// A record with an id and a return date; every other field empty.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Date, ReturneeRecord};
    /// let r = ReturneeRecord::new("A1", Date::Year(2020));
    /// assert!(r.events.is_empty() && r.waves_seen.is_empty());
    /// ```
    pub fn new(id: &str, return_date: Date) -> Self {
        ReturneeRecord {
            id: id.to_string(),
            return_date,
            origin: String::new(),
            sex: String::new(),
            age_band: String::new(),
            age_at_return: None,
            assistance: String::new(),
            follow_up_start: None,
            waves_seen: Vec::new(),
            end_of_follow_up: None,
            events: Vec::new(),
            line: None,
            extra: Vec::new(),
        }
    }

    /// Adds waves in which the person was seen.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Date, ReturneeRecord};
    /// let r = ReturneeRecord::new("A1", Date::Year(2020)).seen_at(&[Date::Year(2021)]);
    /// assert_eq!(r.waves_seen, vec![Date::Year(2021)]);
    /// ```
    pub fn seen_at(mut self, waves: &[Date]) -> Self {
        self.waves_seen.extend_from_slice(waves);
        self
    }

    /// Adds a dated re-migration.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, Date, ReturneeRecord};
    /// let r = ReturneeRecord::new("A1", Date::Year(2020)).remigrated_on(Date::Year(2021), Channel::Legal);
    /// assert_eq!(r.events[0].channel, Channel::Legal);
    /// ```
    pub fn remigrated_on(mut self, date: Date, channel: Channel) -> Self {
        self.events.push(Remigration {
            timing: EventTiming::Dated(date),
            channel,
        });
        self
    }

    /// Adds a re-migration known only from the wave that first reported it.
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Channel, Date, EventTiming, ReturneeRecord};
    /// let r = ReturneeRecord::new("A1", Date::Year(2020)).remigrated_seen_at(Date::Year(2022), Channel::Irregular);
    /// assert_eq!(r.events[0].timing, EventTiming::SeenAtWave(Date::Year(2022)));
    /// ```
    pub fn remigrated_seen_at(mut self, wave: Date, channel: Channel) -> Self {
        self.events.push(Remigration {
            timing: EventTiming::SeenAtWave(wave),
            channel,
        });
        self
    }

    /// Sets the start of observation (delayed entry).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Date, ReturneeRecord};
    /// let r = ReturneeRecord::new("A1", Date::Year(2018)).observed_from(Date::Year(2020));
    /// assert_eq!(r.follow_up_start, Some(Date::Year(2020)));
    /// ```
    pub fn observed_from(mut self, start: Date) -> Self {
        self.follow_up_start = Some(start);
        self
    }

    /// Sets the end of observation (administrative censoring date).
    ///
    /// # Example
    /// ```
    /// use return_migration::cohort::{Date, ReturneeRecord};
    /// let r = ReturneeRecord::new("A1", Date::Year(2018)).observed_until(Date::Year(2023));
    /// assert_eq!(r.end_of_follow_up, Some(Date::Year(2023)));
    /// ```
    pub fn observed_until(mut self, end: Date) -> Self {
        self.end_of_follow_up = Some(end);
        self
    }
}
