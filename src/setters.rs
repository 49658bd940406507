//! The builder setters of the crate's parameter structs, written once.

/// Builder setters that store their argument in the field of the same name
/// and return the builder, `pub fn name(mut self, name: T) -> Self`. Each
/// keeps its own doc comment and example, written above its `name: T`.
///
/// ```text
/// impl KaplanMeier {
///     setters! {
///         /// Sets the interval type.
///         conf_type: ConfType,
///     }
/// }
/// ```
macro_rules! setters {
    ($($(#[$doc:meta])* $field:ident: $ty:ty),+ $(,)?) => {$(
        $(#[$doc])*
        pub fn $field(mut self, $field: $ty) -> Self {
            self.$field = $field;
            self
        }
    )+};
}
pub(crate) use setters;
