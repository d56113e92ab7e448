//! The one place where the enums that are both stored and sent (a booking's status, a
//! notification's kind, recipient and delivery state, a calendar's kind) get their names.
//!
//! The names are the JSON names (serde's `rename_all`) and the database's text values alike, so
//! a value reads the same from table to type to wire. With the `diesel` feature (the storage
//! layer's) each enum is also a diesel `Text` column type: rows hold the enum, queries compare
//! with it, and an unknown stored name is a read error, not a silent default.

use crate::{
    Assignment, BookingStatus, CalendarKind, CancelledBy, NotificationKind, NotificationRecipient,
    NotificationState,
};

/// Gives each enum `as_str`, `from_name` and `ALL`, and (feature `diesel`) its text mapping.
macro_rules! named {
    ($($ty:ident { $($variant:ident => $name:literal),+ $(,)? })+) => {$(
        impl $ty {
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The stored and serialised name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            /// The value a stored or serialised name stands for.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $($name => Some($ty::$variant),)+
                    _ => None,
                }
            }
        }

        #[cfg(feature = "diesel")]
        $crate::stored_as_text!($ty);
    )+};
}

/// Makes a type with `as_str` and `from_name` a diesel `Text` column type on every backend
/// (the storage layer uses it for its own enums too).
#[cfg(feature = "diesel")]
#[macro_export]
macro_rules! stored_as_text {
    ($ty:ty) => {
        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB>
            for $ty
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB>
            for $ty
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let name = String::from_sql(bytes)?;
                <$ty>::from_name(&name)
                    .ok_or_else(|| format!("unknown {} {name:?}", stringify!($ty)).into())
            }
        }
    };
}

named! {
    BookingStatus {
        Pending => "pending",
        Confirmed => "confirmed",
        Declined => "declined",
        Cancelled => "cancelled",
    }
    NotificationKind {
        Request => "request",
        Confirmation => "confirmation",
        Cancellation => "cancellation",
        Reschedule => "reschedule",
        Decline => "decline",
        Reminder => "reminder",
        RescheduleRequest => "reschedule_request",
    }
    NotificationRecipient { Host => "host", Guest => "guest" }
    CancelledBy { Host => "host", Guest => "guest" }
    NotificationState { Pending => "pending", Sent => "sent", Failed => "failed" }
    CalendarKind { Ical => "ical", Caldav => "caldav" }
    Assignment { Collective => "collective", RoundRobin => "round_robin" }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored name is the JSON name, and every name reads back as its value.
    fn agrees_with_serde<T>(all: &[T], as_str: fn(T) -> &'static str, from: fn(&str) -> Option<T>)
    where
        T: Copy + PartialEq + std::fmt::Debug + serde::Serialize,
    {
        for &v in all {
            assert_eq!(serde_json::to_value(v).unwrap(), as_str(v), "{v:?}");
            assert_eq!(from(as_str(v)), Some(v));
        }
        assert_eq!(from("no such name"), None);
    }

    #[test]
    fn stored_names_are_the_wire_names() {
        agrees_with_serde(
            BookingStatus::ALL,
            BookingStatus::as_str,
            BookingStatus::from_name,
        );
        agrees_with_serde(
            NotificationKind::ALL,
            NotificationKind::as_str,
            NotificationKind::from_name,
        );
        agrees_with_serde(
            NotificationRecipient::ALL,
            NotificationRecipient::as_str,
            NotificationRecipient::from_name,
        );
        agrees_with_serde(
            NotificationState::ALL,
            NotificationState::as_str,
            NotificationState::from_name,
        );
        agrees_with_serde(
            CancelledBy::ALL,
            CancelledBy::as_str,
            CancelledBy::from_name,
        );
        agrees_with_serde(
            CalendarKind::ALL,
            CalendarKind::as_str,
            CalendarKind::from_name,
        );
    }
}
