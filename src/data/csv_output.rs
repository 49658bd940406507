//! The two rules every CSV the crate writes follows: a text field quoted
//! when it holds a comma, a quote or a line break; a number in Rust's
//! shortest round-trip form, a missing one as an empty field.

use super::ShortFloat;

/// A text value as a CSV field: quoted (quotes doubled) when it holds a
/// comma, a quote or a line break.
pub(crate) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A number as a CSV field (the text of `{}`: exact read-back, written
/// with [`ShortFloat`]), or empty when missing.
pub(crate) fn csv_number(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| ShortFloat(v).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(csv_field("MA"), "MA");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_number(None), "");
        assert_eq!(csv_number(Some(0.1)), "0.1");
    }
}
