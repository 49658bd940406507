//! The lookup shared by fits with one curve per group.

use crate::error::{Result, invalid};

/// The curve of `group` among `curves` (`group_of` gives a curve's label);
/// errors naming the group when the fit has no such curve.
pub(crate) fn curve_of_group<'a, C>(
    curves: &'a [C],
    group: &str,
    group_of: impl Fn(&C) -> &str,
) -> Result<&'a C> {
    curves
        .iter()
        .find(|c| group_of(c) == group)
        .ok_or_else(|| invalid("group", format!("`{group}` is not in the fit")))
}
