//! An agenda's questions and a guest's answers (SPEC §9): which question lists an agenda may
//! have, and which answers a booking accepts, kept as asked.
//!
//! Both checks report every problem at once, each under the JSON path of the value that is
//! wrong (`questions[2].key`, `answers.company`), so a form can show them all inline.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use smartcal_types::{Answer, AnswerValue, Question, QuestionKind};

use crate::text::strip_bidi_controls;

/// One refused value: the field's JSON path (`questions[2].key`, `answers.company`) and why.
pub type FieldProblem = (String, String);

/// How many questions an agenda may ask.
pub const MAX_QUESTIONS: usize = 20;
/// The longest key, in characters.
pub const MAX_KEY_CHARS: usize = 40;
/// The longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// The fewest choices a select offers.
pub const MIN_OPTIONS: usize = 2;
/// The most choices a select offers.
pub const MAX_OPTIONS: usize = 50;
/// The longest choice, in characters.
pub const MAX_OPTION_CHARS: usize = 200;
/// The longest one-line answer (`short_text`, `email`, `phone`), in characters.
pub const MAX_SHORT_ANSWER_CHARS: usize = 200;
/// The longest `long_text` answer, in characters.
pub const MAX_LONG_ANSWER_CHARS: usize = 5000;

/// The question list as it is stored: labels and options without bidi formatting characters
/// and trimmed (like every other text a host types). Keys are kept exactly: a key with spaces
/// is refused by [`check_questions`], not quietly changed under an integrator's feet.
pub fn tidy_questions(questions: &[Question]) -> Vec<Question> {
    questions
        .iter()
        .map(|q| Question {
            key: q.key.clone(),
            label: tidy(&q.label),
            kind: q.kind,
            required: q.required,
            options: q
                .options
                .as_ref()
                .map(|o| o.iter().map(|s| tidy(s)).collect()),
        })
        .collect()
}

/// The problems of an agenda's question list (empty when it is acceptable). Labels and
/// options are judged as [`tidy_questions`] stores them.
pub fn check_questions(questions: &[Question]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if questions.len() > MAX_QUESTIONS {
        // Judging each of a thousand questions would only bury this one problem.
        problems.push((
            "questions".to_owned(),
            format!(
                "at most {MAX_QUESTIONS} questions (got {})",
                questions.len()
            ),
        ));
        return problems;
    }
    let mut first_with_key: HashMap<&str, usize> = HashMap::new();
    for (i, q) in questions.iter().enumerate() {
        let at = |field: &str| format!("questions[{i}].{field}");
        if !is_key(&q.key) {
            problems.push((
                at("key"),
                format!("must be 1–{MAX_KEY_CHARS} lowercase letters (a–z), digits or underscores"),
            ));
        } else if let Some(first) = first_with_key.get(q.key.as_str()) {
            problems.push((
                at("key"),
                format!("{:?} is already the key of questions[{first}]", q.key),
            ));
        } else {
            first_with_key.insert(&q.key, i);
        }
        let label = tidy(&q.label);
        let n = label.chars().count();
        if n == 0 {
            problems.push((at("label"), "must not be empty".to_owned()));
        } else if n > MAX_LABEL_CHARS {
            problems.push((
                at("label"),
                format!("must be at most {MAX_LABEL_CHARS} characters"),
            ));
        } else if label.chars().any(char::is_control) {
            problems.push((
                at("label"),
                "must not contain control characters".to_owned(),
            ));
        }
        match (&q.options, q.kind.has_options()) {
            (None, true) => problems.push((
                at("options"),
                format!(
                    "a {} question needs {MIN_OPTIONS}–{MAX_OPTIONS} options",
                    kind_name(q.kind)
                ),
            )),
            (Some(_), false) => problems.push((
                at("options"),
                format!(
                    "only select and multi_select questions have options, not {}",
                    kind_name(q.kind)
                ),
            )),
            (Some(options), true) => check_options(&at("options"), options, &mut problems),
            (None, false) => {}
        }
    }
    problems
}

fn check_options(field: &str, options: &[String], problems: &mut Vec<FieldProblem>) {
    if options.len() < MIN_OPTIONS || options.len() > MAX_OPTIONS {
        problems.push((
            field.to_owned(),
            format!(
                "must have {MIN_OPTIONS}–{MAX_OPTIONS} options (got {})",
                options.len()
            ),
        ));
        if options.len() > MAX_OPTIONS {
            return;
        }
    }
    let mut seen = BTreeSet::new();
    for (k, o) in options.iter().enumerate() {
        let o = tidy(o);
        let n = o.chars().count();
        let problem = if n == 0 {
            Some(format!("option {} is empty", k + 1))
        } else if n > MAX_OPTION_CHARS {
            Some(format!(
                "option {} is longer than {MAX_OPTION_CHARS} characters",
                k + 1
            ))
        } else if o.chars().any(char::is_control) {
            Some(format!("option {} contains control characters", k + 1))
        } else if !seen.insert(o.clone()) {
            Some(format!("option {} repeats {o:?}", k + 1))
        } else {
            None
        };
        if let Some(message) = problem {
            problems.push((field.to_owned(), message));
        }
    }
}

/// The answers a booking keeps, in the questions' order, with each question's label as asked;
/// or every problem with `given`, each named `answers.{key}`.
///
/// Text is trimmed (bidi formatting characters dropped), and an empty text, an empty
/// `select` or an empty `multi_select` counts as unanswered; unanswered optional questions are
/// left out. A required `checkbox` is a consent box: it must be `true`; an optional one keeps
/// `false` as the answer "No". A `multi_select` keeps its choices once each, in the options'
/// order.
pub fn answers(
    questions: &[Question],
    given: &BTreeMap<String, AnswerValue>,
) -> Result<Vec<Answer>, Vec<FieldProblem>> {
    let mut kept = Vec::new();
    let mut problems = Vec::new();
    for q in questions {
        let field = format!("answers.{}", q.key);
        let value = match given.get(&q.key) {
            None => None,
            Some(v) => match answer(q, v) {
                Ok(v) => v,
                Err(message) => {
                    problems.push((field, message));
                    continue;
                }
            },
        };
        match value {
            Some(AnswerValue::Bool(false)) if q.required => {
                problems.push((field, "must be ticked to book".to_owned()));
            }
            Some(value) => kept.push(Answer {
                key: q.key.clone(),
                label: q.label.clone(),
                value,
            }),
            None if q.required => problems.push((field, required_message(q.kind).to_owned())),
            None => {}
        }
    }
    for key in given.keys() {
        if !questions.iter().any(|q| &q.key == key) {
            problems.push((
                format!("answers.{key}"),
                "is not a question of this agenda".to_owned(),
            ));
        }
    }
    if problems.is_empty() {
        Ok(kept)
    } else {
        Err(problems)
    }
}

/// One answer as kept (`None`: unanswered), or why it is refused.
fn answer(q: &Question, v: &AnswerValue) -> Result<Option<AnswerValue>, String> {
    let options: &[String] = q.options.as_deref().unwrap_or_default();
    match (q.kind, v) {
        (QuestionKind::Number, AnswerValue::Number(n)) => {
            if n.is_finite() {
                Ok(Some(AnswerValue::Number(*n)))
            } else {
                Err("must be a finite number".to_owned())
            }
        }
        (QuestionKind::Number, _) => Err("must be a number".to_owned()),
        (QuestionKind::Checkbox, AnswerValue::Bool(b)) => Ok(Some(AnswerValue::Bool(*b))),
        (QuestionKind::Checkbox, _) => Err("must be true or false".to_owned()),
        (QuestionKind::MultiSelect, AnswerValue::List(items)) => {
            let mut chosen = BTreeSet::new();
            for item in items {
                let item = tidy(item);
                match options.iter().position(|o| *o == item) {
                    Some(i) => {
                        chosen.insert(i);
                    }
                    None => return Err(format!("{item:?} is not one of the options")),
                }
            }
            if chosen.is_empty() {
                return Ok(None);
            }
            Ok(Some(AnswerValue::List(
                chosen.into_iter().map(|i| options[i].clone()).collect(),
            )))
        }
        (QuestionKind::MultiSelect, _) => Err("must be a list of the options".to_owned()),
        (kind, AnswerValue::Text(t)) => {
            let t = tidy(t);
            if t.is_empty() {
                return Ok(None);
            }
            text_answer(kind, &t, options)?;
            Ok(Some(AnswerValue::Text(t)))
        }
        (QuestionKind::Select, _) => Err("must be one of the options, as text".to_owned()),
        (_, _) => Err("must be text".to_owned()),
    }
}

/// Whether a non-empty, trimmed text answers a question of `kind` (a text kind or `select`).
fn text_answer(kind: QuestionKind, t: &str, options: &[String]) -> Result<(), String> {
    let n = t.chars().count();
    let multiline = kind == QuestionKind::LongText;
    let most = if multiline {
        MAX_LONG_ANSWER_CHARS
    } else {
        MAX_SHORT_ANSWER_CHARS
    };
    if n > most {
        return Err(format!("must be at most {most} characters"));
    }
    if t.chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(if multiline {
            "must not contain control characters".to_owned()
        } else {
            "must be one line without control characters".to_owned()
        });
    }
    match kind {
        QuestionKind::Email if !is_email_shape(t) => {
            Err("must be an email address like name@example.com".to_owned())
        }
        QuestionKind::Phone if !is_phone(t) => Err(
            "must be a phone number: 5–30 digits, spaces and + - ( ) . with at least one digit"
                .to_owned(),
        ),
        QuestionKind::Select if !options.iter().any(|o| o == t) => {
            Err(format!("{t:?} is not one of the options"))
        }
        _ => Ok(()),
    }
}

fn required_message(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Select => "is required: choose one of the options",
        QuestionKind::MultiSelect => "is required: choose at least one option",
        QuestionKind::Checkbox => "must be ticked to book",
        _ => "is required",
    }
}

/// The kind's name as the API spells it.
fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::ShortText => "short_text",
        QuestionKind::LongText => "long_text",
        QuestionKind::Email => "email",
        QuestionKind::Phone => "phone",
        QuestionKind::Number => "number",
        QuestionKind::Select => "select",
        QuestionKind::MultiSelect => "multi_select",
        QuestionKind::Checkbox => "checkbox",
    }
}

/// `[a-z0-9_]{1,40}`.
fn is_key(k: &str) -> bool {
    (1..=MAX_KEY_CHARS).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A plain `x@y.z` shape: no spaces, one `@`, something before it, and a domain with a dot
/// that neither starts nor ends it. Only a hint that the guest typed an address: nothing is
/// ever sent to it.
fn is_email_shape(s: &str) -> bool {
    if s.chars().any(char::is_whitespace) {
        return false;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

/// 5–30 characters of digits, spaces and `+-().`, at least one of them a digit.
fn is_phone(s: &str) -> bool {
    (5..=30).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && s.chars().any(|c| c.is_ascii_digit())
}

fn tidy(s: &str) -> String {
    strip_bidi_controls(s).trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(key: &str, kind: QuestionKind, required: bool) -> Question {
        Question {
            key: key.into(),
            label: format!("Label of {key}"),
            kind,
            required,
            options: kind
                .has_options()
                .then(|| vec!["Red".into(), "Green".into(), "Blue".into()]),
        }
    }

    fn every_kind(required: bool) -> Vec<Question> {
        use QuestionKind::*;
        [
            ("short", ShortText),
            ("long", LongText),
            ("mail", Email),
            ("phone", Phone),
            ("count", Number),
            ("colour", Select),
            ("colours", MultiSelect),
            ("consent", Checkbox),
        ]
        .into_iter()
        .map(|(k, kind)| q(k, kind, required))
        .collect()
    }

    fn text(s: &str) -> AnswerValue {
        AnswerValue::Text(s.into())
    }

    fn list(items: &[&str]) -> AnswerValue {
        AnswerValue::List(items.iter().map(|s| s.to_string()).collect())
    }

    fn given(pairs: &[(&str, AnswerValue)]) -> BTreeMap<String, AnswerValue> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|(f, _)| f.as_str()).collect()
    }

    fn valid_answers() -> BTreeMap<String, AnswerValue> {
        given(&[
            ("short", text("ACME")),
            ("long", text("line one\nline two")),
            ("mail", text("ceo@acme.example")),
            ("phone", text("+49 (30) 123-456.7")),
            ("count", AnswerValue::Number(12.5)),
            ("colour", text("Green")),
            ("colours", list(&["Blue", "Red"])),
            ("consent", AnswerValue::Bool(true)),
        ])
    }

    #[test]
    fn every_kind_is_an_acceptable_question() {
        assert_eq!(check_questions(&every_kind(true)), vec![]);
        assert_eq!(check_questions(&every_kind(false)), vec![]);
        assert_eq!(check_questions(&[]), vec![]);
    }

    #[test]
    fn at_most_twenty_questions() {
        let list: Vec<_> = (0..20)
            .map(|i| q(&format!("q{i}"), QuestionKind::ShortText, false))
            .collect();
        assert_eq!(check_questions(&list), vec![]);
        let list: Vec<_> = (0..21)
            .map(|i| q(&format!("q{i}"), QuestionKind::ShortText, false))
            .collect();
        assert_eq!(fields(&check_questions(&list)), ["questions"]);
    }

    #[test]
    fn keys_are_short_lowercase_and_unique() {
        for bad in [
            "",
            "Company",
            "com-pany",
            "com pany",
            " company",
            "é",
            &"k".repeat(41),
        ] {
            let problems = check_questions(&[q(bad, QuestionKind::ShortText, false)]);
            assert_eq!(fields(&problems), ["questions[0].key"], "{bad:?}");
        }
        for good in ["a", "company_size", "q_1", "_", &"k".repeat(40)] {
            assert_eq!(
                check_questions(&[q(good, QuestionKind::ShortText, false)]),
                vec![],
                "{good:?}"
            );
        }
        let list = [
            q("a", QuestionKind::ShortText, false),
            q("b", QuestionKind::Number, false),
            q("a", QuestionKind::Email, false),
        ];
        let problems = check_questions(&list);
        assert_eq!(fields(&problems), ["questions[2].key"]);
        assert!(problems[0].1.contains("questions[0]"), "{problems:?}");
    }

    #[test]
    fn labels_are_one_to_two_hundred_characters_of_one_line() {
        let with_label = |label: &str| {
            let mut question = q("a", QuestionKind::ShortText, false);
            question.label = label.into();
            check_questions(&[question])
        };
        for bad in [
            "",
            "   ",
            "\u{202E}",
            "two\nlines",
            "tab\there",
            &"x".repeat(201),
        ] {
            assert_eq!(fields(&with_label(bad)), ["questions[0].label"], "{bad:?}");
        }
        for good in ["?", "  Your company  ", &"ü".repeat(200), "שלום"] {
            assert_eq!(with_label(good), vec![], "{good:?}");
        }
    }

    #[test]
    fn options_belong_to_the_selects_only() {
        for kind in [QuestionKind::Select, QuestionKind::MultiSelect] {
            let mut question = q("a", kind, false);
            question.options = None;
            assert_eq!(
                fields(&check_questions(&[question])),
                ["questions[0].options"]
            );
        }
        for kind in [
            QuestionKind::ShortText,
            QuestionKind::LongText,
            QuestionKind::Email,
            QuestionKind::Phone,
            QuestionKind::Number,
            QuestionKind::Checkbox,
        ] {
            for options in [vec![], vec!["a".to_owned(), "b".to_owned()]] {
                let mut question = q("a", kind, false);
                question.options = Some(options);
                assert_eq!(
                    fields(&check_questions(&[question])),
                    ["questions[0].options"],
                    "{kind:?}"
                );
            }
        }
    }

    #[test]
    fn options_are_two_to_fifty_distinct_non_empty_short_strings() {
        let with_options = |options: Vec<String>| {
            let mut question = q("a", QuestionKind::Select, false);
            question.options = Some(options);
            check_questions(&[question])
        };
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for bad in [
            strings(&[]),
            strings(&["only"]),
            strings(&["a", ""]),
            strings(&["a", "  "]),
            strings(&["a", "a"]),
            strings(&["a", " a "]),
            strings(&["a", "b\nc"]),
            vec!["a".into(), "x".repeat(201)],
            (0..51).map(|i| i.to_string()).collect(),
        ] {
            let problems = with_options(bad.clone());
            assert!(!problems.is_empty(), "{bad:?}");
            assert!(
                problems.iter().all(|(f, _)| f == "questions[0].options"),
                "{problems:?}"
            );
        }
        for good in [
            strings(&["a", "b"]),
            strings(&["Yes", "yes"]),
            vec!["a".into(), "x".repeat(200)],
            (0..50).map(|i| i.to_string()).collect(),
        ] {
            assert_eq!(with_options(good.clone()), vec![], "{good:?}");
        }
    }

    #[test]
    fn every_problem_of_a_list_is_reported_under_its_index() {
        let mut bad_label = q("ok", QuestionKind::ShortText, false);
        bad_label.label = String::new();
        let mut no_options = q("sel", QuestionKind::Select, false);
        no_options.options = None;
        let problems =
            check_questions(&[q("Bad", QuestionKind::Number, false), bad_label, no_options]);
        assert_eq!(
            fields(&problems),
            [
                "questions[0].key",
                "questions[1].label",
                "questions[2].options"
            ]
        );
    }

    #[test]
    fn tidy_trims_labels_and_options_but_not_keys() {
        let mut question = q(" k ", QuestionKind::Select, true);
        question.label = "  Size \u{202E}?  ".into();
        question.options = Some(vec![" S ".into(), "M\u{200F}".into()]);
        let tidy = tidy_questions(&[question]);
        assert_eq!(tidy[0].key, " k ");
        assert_eq!(tidy[0].label, "Size ?");
        assert_eq!(tidy[0].options, Some(vec!["S".into(), "M".into()]));
    }

    #[test]
    fn valid_answers_of_every_kind_are_kept_in_the_questions_order_with_labels() {
        let questions = every_kind(true);
        let kept = answers(&questions, &valid_answers()).unwrap();
        let keys: Vec<_> = kept.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(
            keys,
            ["short", "long", "mail", "phone", "count", "colour", "colours", "consent"]
        );
        for (a, question) in kept.iter().zip(&questions) {
            assert_eq!(a.label, question.label);
        }
        // A multi_select keeps its choices in the options' order.
        assert_eq!(kept[6].value, list(&["Red", "Blue"]));
        assert_eq!(kept[3].value, text("+49 (30) 123-456.7"));
    }

    #[test]
    fn text_is_trimmed_and_empty_text_is_unanswered() {
        let questions = every_kind(false);
        let kept = answers(
            &questions,
            &given(&[
                ("short", text("  ACME \u{202E} ")),
                ("long", text("   ")),
                ("mail", text("")),
                ("colour", text(" ")),
                ("colours", list(&[])),
            ]),
        )
        .unwrap();
        assert_eq!(
            kept,
            vec![Answer {
                key: "short".into(),
                label: "Label of short".into(),
                value: text("ACME"),
            }]
        );
        assert_eq!(answers(&questions, &BTreeMap::new()), Ok(vec![]));
    }

    #[test]
    fn missing_required_answers_are_each_refused() {
        let questions = every_kind(true);
        let problems = answers(
            &questions,
            &given(&[
                ("short", text("  ")),
                ("colours", list(&[])),
                ("consent", AnswerValue::Bool(false)),
            ]),
        )
        .unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "answers.short",
                "answers.long",
                "answers.mail",
                "answers.phone",
                "answers.count",
                "answers.colour",
                "answers.colours",
                "answers.consent"
            ]
        );
        assert!(problems.iter().all(|(_, m)| !m.is_empty()));
    }

    #[test]
    fn an_optional_checkbox_keeps_no() {
        let kept = answers(
            &[q("news", QuestionKind::Checkbox, false)],
            &given(&[("news", AnswerValue::Bool(false))]),
        )
        .unwrap();
        assert_eq!(kept[0].value, AnswerValue::Bool(false));
        assert_eq!(kept[0].value.display(), "No");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let problems = answers(
            &every_kind(false),
            &given(&[
                ("short", text("x")),
                ("nope", text("x")),
                ("Short", text("x")),
            ]),
        )
        .unwrap_err();
        assert_eq!(fields(&problems), ["answers.Short", "answers.nope"]);
    }

    #[test]
    fn wrong_types_are_refused_for_every_kind() {
        let questions = every_kind(false);
        let wrong = given(&[
            ("short", AnswerValue::Number(1.0)),
            ("long", AnswerValue::Bool(true)),
            ("mail", list(&["a@b.c"])),
            ("phone", AnswerValue::Number(12345.0)),
            ("count", text("12")),
            ("colour", list(&["Red"])),
            ("colours", text("Red")),
            ("consent", text("yes")),
        ]);
        let problems = answers(&questions, &wrong).unwrap_err();
        assert_eq!(problems.len(), 8, "{problems:?}");
        assert_eq!(
            fields(&problems),
            questions
                .iter()
                .map(|q| format!("answers.{}", q.key))
                .collect::<Vec<_>>()
        );
        let problems = answers(
            &questions,
            &given(&[("count", AnswerValue::Number(f64::NAN))]),
        )
        .unwrap_err();
        assert_eq!(fields(&problems), ["answers.count"]);
        let problems = answers(
            &questions,
            &given(&[("count", AnswerValue::Number(f64::INFINITY))]),
        )
        .unwrap_err();
        assert_eq!(fields(&problems), ["answers.count"]);
    }

    #[test]
    fn unknown_options_are_refused() {
        let questions = every_kind(false);
        for (key, value) in [
            ("colour", text("Purple")),
            ("colour", text("red")),
            ("colours", list(&["Red", "Purple"])),
            ("colours", list(&[""])),
        ] {
            let problems = answers(&questions, &given(&[(key, value.clone())])).unwrap_err();
            assert_eq!(fields(&problems), [format!("answers.{key}")], "{value:?}");
        }
        let kept = answers(
            &questions,
            &given(&[("colours", list(&[" Red ", "Red", "Blue"]))]),
        )
        .unwrap();
        assert_eq!(kept[0].value, list(&["Red", "Blue"]));
    }

    #[test]
    fn emails_need_a_plain_address_shape() {
        let questions = [q("mail", QuestionKind::Email, false)];
        for bad in [
            "ceo",
            "ceo@",
            "@acme.com",
            "ceo@acme",
            "ceo@.com",
            "ceo@acme.",
            "c eo@acme.com",
            "a@b@c.d",
        ] {
            assert!(
                answers(&questions, &given(&[("mail", text(bad))])).is_err(),
                "{bad:?}"
            );
        }
        for good in ["a@b.c", "First.Last+tag@sub.example.org", " x@y.z "] {
            assert!(
                answers(&questions, &given(&[("mail", text(good))])).is_ok(),
                "{good:?}"
            );
        }
    }

    #[test]
    fn phones_are_five_to_thirty_digits_spaces_and_punctuation() {
        let questions = [q("phone", QuestionKind::Phone, false)];
        for bad in [
            "1234",
            "+49 30 abc",
            "-----",
            &"1".repeat(31),
            "12345\n6",
            "12345#",
        ] {
            assert!(
                answers(&questions, &given(&[("phone", text(bad))])).is_err(),
                "{bad:?}"
            );
        }
        for good in ["12345", "+1 (555) 010-9999", "030.123.456", &"1".repeat(30)] {
            assert!(
                answers(&questions, &given(&[("phone", text(good))])).is_ok(),
                "{good:?}"
            );
        }
    }

    #[test]
    fn text_lengths_are_bounded_by_kind() {
        let questions = every_kind(false);
        let ok = |key: &str, n: usize| {
            answers(&questions, &given(&[(key, text(&"é".repeat(n)))])).is_ok()
        };
        assert!(ok("short", 200));
        assert!(!ok("short", 201));
        assert!(ok("long", 5000));
        assert!(!ok("long", 5001));
        let long_mail = format!("{}@x.io", "a".repeat(196));
        assert!(answers(&questions, &given(&[("mail", text(&long_mail))])).is_err());
    }

    #[test]
    fn only_long_text_may_span_lines() {
        let questions = every_kind(false);
        assert!(answers(&questions, &given(&[("long", text("a\r\nb\tc"))])).is_ok());
        for key in ["short", "long"] {
            assert!(answers(&questions, &given(&[(key, text("a\u{7}b"))])).is_err());
        }
        assert!(answers(&questions, &given(&[("short", text("a\nb"))])).is_err());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut wrong = valid_answers();
        wrong.insert("mail".into(), text("nope"));
        wrong.insert("colour".into(), text("Purple"));
        wrong.remove("count");
        wrong.insert("extra".into(), AnswerValue::Bool(true));
        let problems = answers(&every_kind(true), &wrong).unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "answers.mail",
                "answers.count",
                "answers.colour",
                "answers.extra"
            ]
        );
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::BoxedStrategy;

    const KINDS: [QuestionKind; 8] = [
        QuestionKind::ShortText,
        QuestionKind::LongText,
        QuestionKind::Email,
        QuestionKind::Phone,
        QuestionKind::Number,
        QuestionKind::Select,
        QuestionKind::MultiSelect,
        QuestionKind::Checkbox,
    ];

    /// A single-line text as it is kept: non-empty, trimmed.
    const LINE: &str = "[A-Za-z0-9äßé?]([A-Za-z0-9äßé ,.?!-]{0,60}[A-Za-z0-9äßé?])?";

    fn question(i: usize) -> impl Strategy<Value = Question> {
        (
            "[a-z0-9_]{1,30}",
            LINE,
            proptest::sample::select(KINDS.to_vec()),
            any::<bool>(),
            proptest::collection::btree_set(LINE, MIN_OPTIONS..8),
        )
            .prop_map(move |(key, label, kind, required, options)| Question {
                // Unique: the index makes it so, and stays within 40 characters.
                key: format!("{key}_{i}"),
                label,
                kind,
                required,
                options: kind.has_options().then(|| options.into_iter().collect()),
            })
    }

    fn questions() -> impl Strategy<Value = Vec<Question>> {
        (0..=MAX_QUESTIONS).prop_flat_map(|n| (0..n).map(question).collect::<Vec<_>>())
    }

    /// A valid answer as it is kept (already tidy), or `None` for an optional question left
    /// unanswered.
    fn valid_value(q: &Question) -> BoxedStrategy<Option<AnswerValue>> {
        let options = q.options.clone().unwrap_or_default();
        let value: BoxedStrategy<AnswerValue> = match q.kind {
            QuestionKind::ShortText => LINE.prop_map(AnswerValue::Text).boxed(),
            QuestionKind::LongText => proptest::collection::vec(LINE, 1..5)
                .prop_map(|lines| AnswerValue::Text(lines.join("\n")))
                .boxed(),
            QuestionKind::Email => "[a-z0-9.+_]{1,20}@[a-z0-9-]{1,20}\\.[a-z]{2,6}"
                .prop_map(AnswerValue::Text)
                .boxed(),
            QuestionKind::Phone => "\\+?[0-9]{2,4}( [0-9]{3,6}){1,3}"
                .prop_map(AnswerValue::Text)
                .boxed(),
            QuestionKind::Number => prop_oneof![
                (-1e12f64..1e12).boxed(),
                any::<i32>().prop_map(f64::from).boxed(),
                proptest::num::f64::NORMAL.boxed(),
            ]
            .prop_map(AnswerValue::Number)
            .boxed(),
            QuestionKind::Select => proptest::sample::select(options)
                .prop_map(AnswerValue::Text)
                .boxed(),
            QuestionKind::MultiSelect => {
                let n = options.len();
                proptest::sample::subsequence((0..n).collect::<Vec<_>>(), 1..=n)
                    .prop_map(move |picked| {
                        AnswerValue::List(picked.into_iter().map(|i| options[i].clone()).collect())
                    })
                    .boxed()
            }
            QuestionKind::Checkbox if q.required => Just(AnswerValue::Bool(true)).boxed(),
            QuestionKind::Checkbox => any::<bool>().prop_map(AnswerValue::Bool).boxed(),
        };
        if q.required {
            value.prop_map(Some).boxed()
        } else {
            proptest::option::of(value).boxed()
        }
    }

    fn questions_and_valid_answers(
    ) -> impl Strategy<Value = (Vec<Question>, Vec<Option<AnswerValue>>)> {
        questions().prop_flat_map(|qs| {
            let values: Vec<_> = qs.iter().map(valid_value).collect();
            (Just(qs), values)
        })
    }

    fn any_value() -> impl Strategy<Value = AnswerValue> {
        prop_oneof![
            any::<bool>().prop_map(AnswerValue::Bool),
            any::<f64>().prop_map(AnswerValue::Number),
            ".{0,30}".prop_map(AnswerValue::Text),
            proptest::collection::vec(".{0,10}", 0..4).prop_map(AnswerValue::List),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn generated_question_lists_are_acceptable(qs in questions()) {
            prop_assert_eq!(check_questions(&qs), vec![]);
            prop_assert_eq!(tidy_questions(&qs), qs);
        }

        #[test]
        fn valid_answers_are_accepted_and_round_trip((qs, values) in questions_and_valid_answers()) {
            let given: BTreeMap<String, AnswerValue> = qs
                .iter()
                .zip(&values)
                .filter_map(|(q, v)| v.clone().map(|v| (q.key.clone(), v)))
                .collect();
            let kept = answers(&qs, &given);
            prop_assert!(kept.is_ok(), "{:?}", kept);
            let expected: Vec<Answer> = qs
                .iter()
                .zip(&values)
                .filter_map(|(q, v)| {
                    v.clone().map(|value| Answer { key: q.key.clone(), label: q.label.clone(), value })
                })
                .collect();
            let kept = kept.unwrap();
            prop_assert_eq!(&kept, &expected);
            // Kept answers, given again, are kept unchanged (a booking's answers survive
            // a second check).
            let again: BTreeMap<String, AnswerValue> =
                kept.iter().map(|a| (a.key.clone(), a.value.clone())).collect();
            prop_assert_eq!(answers(&qs, &again), Ok(kept));
        }

        #[test]
        fn an_unknown_key_is_always_refused(
            (qs, values) in questions_and_valid_answers(),
            unknown in "[A-Za-z0-9_ .-]{1,45}",
            value in any_value(),
        ) {
            prop_assume!(!qs.iter().any(|q| q.key == unknown));
            let mut given: BTreeMap<String, AnswerValue> = qs
                .iter()
                .zip(&values)
                .filter_map(|(q, v)| v.clone().map(|v| (q.key.clone(), v)))
                .collect();
            given.insert(unknown.clone(), value);
            let problems = answers(&qs, &given).unwrap_err();
            prop_assert_eq!(problems, vec![(format!("answers.{unknown}"), "is not a question of this agenda".to_owned())]);
        }

        #[test]
        fn results_name_only_the_questions_and_the_given_keys(
            qs in questions(),
            raw in proptest::collection::btree_map("[a-z0-9_]{1,6}", any_value(), 0..10),
            reuse in proptest::collection::vec((any::<proptest::sample::Index>(), any_value()), 0..10),
        ) {
            let mut given = raw;
            if !qs.is_empty() {
                for (i, v) in reuse {
                    given.insert(qs[i.index(qs.len())].key.clone(), v);
                }
            }
            match answers(&qs, &given) {
                Ok(kept) => {
                    // Only known keys, at most once each, in the questions' order.
                    let positions: Vec<usize> = kept
                        .iter()
                        .map(|a| qs.iter().position(|q| q.key == a.key).expect("a known key"))
                        .collect();
                    prop_assert!(positions.windows(2).all(|w| w[0] < w[1]));
                    for a in &kept {
                        prop_assert!(given.contains_key(&a.key));
                        let q = qs.iter().find(|q| q.key == a.key).unwrap();
                        prop_assert_eq!(&a.label, &q.label);
                    }
                }
                Err(problems) => {
                    prop_assert!(!problems.is_empty());
                    for (field, message) in &problems {
                        let key = field.strip_prefix("answers.").expect("answers.{key}");
                        prop_assert!(
                            given.contains_key(key) || qs.iter().any(|q| q.key == key),
                            "{}", field
                        );
                        prop_assert!(!message.is_empty());
                    }
                }
            }
        }

        #[test]
        fn question_list_problems_name_real_fields(
            raw in proptest::collection::vec(
                (".{0,8}", ".{0,8}", proptest::sample::select(KINDS.to_vec()), any::<bool>(),
                 proptest::option::of(proptest::collection::vec(".{0,4}", 0..5))),
                0..25,
            )
        ) {
            let qs: Vec<Question> = raw
                .into_iter()
                .map(|(key, label, kind, required, options)| Question { key, label, kind, required, options })
                .collect();
            let problems = check_questions(&qs);
            for (field, _) in &problems {
                let ok = field == "questions"
                    || (0..qs.len()).any(|i| {
                        ["key", "label", "options"]
                            .iter()
                            .any(|f| *field == format!("questions[{i}].{f}"))
                    });
                prop_assert!(ok, "{}", field);
            }
            prop_assert_eq!(problems.iter().any(|(f, _)| f == "questions"), qs.len() > MAX_QUESTIONS);
        }
    }
}
