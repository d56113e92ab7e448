//! Questions an agenda asks its guests, and the answers a booking keeps (SPEC §9).

use serde::{Deserialize, Serialize};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One line of text.
    ShortText,
    /// Several lines of text.
    LongText,
    /// An email address.
    Email,
    /// A phone number.
    Phone,
    /// A number (answered as a JSON number).
    Number,
    /// One of `options`.
    Select,
    /// Any of `options` (answered as an array of strings).
    MultiSelect,
    /// Yes or no (answered as a JSON boolean).
    Checkbox,
}

impl QuestionKind {
    /// Whether the kind offers `options` (the two selects).
    pub fn has_options(self) -> bool {
        matches!(self, QuestionKind::Select | QuestionKind::MultiSelect)
    }
}

/// One question of an agenda's booking form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// `[a-z0-9_]{1,40}`, unique per agenda: the key of its answer in `POST /bookings`.
    #[cfg_attr(feature = "openapi", schema(example = "company"))]
    pub key: String,
    /// What the booking page shows, 1–200 characters.
    pub label: String,
    /// How it is answered.
    pub kind: QuestionKind,
    /// Whether a booking needs an answer (default false).
    #[serde(default)]
    pub required: bool,
    /// 2–50 choices for `select` and `multi_select`; refused for the other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// A guest's answer: a string (text kinds, `email`, `phone`, `select`), a number (`number`),
/// a boolean (`checkbox`) or an array of strings (`multi_select`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AnswerValue {
    /// `checkbox`.
    Bool(bool),
    /// `number`.
    Number(f64),
    /// Text kinds and `select`.
    Text(String),
    /// `multi_select`.
    List(Vec<String>),
    /// Anything else (`null`, an object, a list that is not all strings): never accepted, but
    /// read, so that the refusal names the answer (`answers.{key}`) like every other bad answer.
    Other(serde_json::Value),
}

impl Eq for AnswerValue {}

impl AnswerValue {
    /// The answer as one line a person reads (emails, the invitation): `Yes`/`No`, the
    /// number, the text, or the choices joined by commas.
    pub fn display(&self) -> String {
        match self {
            AnswerValue::Bool(true) => "Yes".to_owned(),
            AnswerValue::Bool(false) => "No".to_owned(),
            AnswerValue::Number(n) => n.to_string(),
            AnswerValue::Text(t) => t.clone(),
            AnswerValue::List(items) => items.join(", "),
            AnswerValue::Other(v) => v.to_string(),
        }
    }
}

/// An answer as the booking keeps it: with the question's label as it was asked, so editing
/// the agenda later never changes a past booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    /// The question's key.
    pub key: String,
    /// The question's label when the guest answered.
    pub label: String,
    /// The answer.
    pub value: AnswerValue,
}
