//! SmartCal's words in every language.
//!
//! **The catalogues.** Every user-facing sentence lives in a [Fluent](https://projectfluent.org)
//! file under `locales/<language>/`, never in code. The files of a language form three parts:
//! `email*.ftl` (the server's emails and invitations), `guest*.ftl` (a guest's pages) and
//! `app*.ftl` (the host's pages). The guest build of the SPA links only [`GUEST`], so a guest
//! downloads neither the dashboard's words nor the emails'. `locales/en` is the reference: a
//! test fails when another language lacks one of its messages or holds one it does not have,
//! and when a message is used by no code.
//!
//! **A new language** is a new folder: copy `locales/en` to `locales/<tag>`, translate every
//! message (keep the ids and the `{ $variables }`), set its `language-name`. The build finds it;
//! the test says what is missing.
//!
//! **Choosing one.** A [`Locale`] is a supported language with an optional region (`de`,
//! `de-AT`, `en-GB`): the language picks the catalogue, the whole tag picks date and time
//! patterns (CLDR). [`Locale::negotiate`] takes the first supported of a reader's preferred
//! tags (a browser's `navigator.languages`), else English.

use std::{borrow::Cow, fmt, str::FromStr};

use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource, FluentValue};
use unic_langid::{subtags::Region, LanguageIdentifier};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// One part of every catalogue: its text per language, in the order of [`LANGUAGES`].
#[derive(Clone, Copy, Debug)]
pub struct Part(pub &'static [&'static str]);

/// A language with a catalogue (an index into [`LANGUAGES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(u8);

impl Language {
    /// English, the reference catalogue and the fallback.
    pub fn english() -> Language {
        Language::from_tag("en").expect("locales/en exists")
    }

    /// Every language with a catalogue.
    pub fn all() -> impl Iterator<Item = Language> {
        (0..LANGUAGES.len()).map(|i| Language(i as u8))
    }

    /// The language of `tag`'s primary subtag (`de-AT` → `de`), if it has a catalogue.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next()?;
        LANGUAGES
            .iter()
            .position(|l| l.eq_ignore_ascii_case(primary))
            .map(|i| Language(i as u8))
    }

    /// Its tag: `en`, `de`, `fr`, `es`.
    pub fn tag(self) -> &'static str {
        LANGUAGES[self.0 as usize]
    }

    /// Its name in itself: `English`, `Deutsch`.
    pub fn own_name(self) -> &'static str {
        NAMES[self.0 as usize]
    }
}

/// A supported language and, optionally, a region: `en`, `en-GB`, `de-AT`. Written and parsed
/// as a BCP 47 tag; stored with bookings (`guest_locale`) and accounts (`locale`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Locale {
    language: Language,
    region: Option<Region>,
}

/// Why a tag is not a [`Locale`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocaleError {
    /// Not a BCP 47 language tag.
    Malformed,
    /// A well-formed tag of a language without a catalogue.
    Unsupported,
}

impl fmt::Display for LocaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocaleError::Malformed => write!(f, "is not a language tag such as en or de-AT"),
            LocaleError::Unsupported => {
                write!(f, "is not a supported language ({})", LANGUAGES.join(", "))
            }
        }
    }
}

impl std::error::Error for LocaleError {}

impl Locale {
    /// English without a region.
    pub fn english() -> Locale {
        Language::english().into()
    }

    /// The language, which picks the catalogue.
    pub fn language(self) -> Language {
        self.language
    }

    /// The first of `preferred` (most wanted first, e.g. `navigator.languages`) whose language
    /// has a catalogue, with its region; English when none has.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Locale {
        preferred
            .into_iter()
            .find_map(|tag| tag.parse().ok())
            .unwrap_or_else(Locale::english)
    }
}

impl From<Language> for Locale {
    fn from(language: Language) -> Locale {
        Locale {
            language,
            region: None,
        }
    }
}

impl FromStr for Locale {
    type Err = LocaleError;

    /// `de`, `de-AT`, `en_GB` (any case); scripts and variants are dropped, as no catalogue
    /// depends on them.
    fn from_str(tag: &str) -> Result<Locale, LocaleError> {
        let id: LanguageIdentifier = tag
            .trim()
            .replace('_', "-")
            .parse()
            .map_err(|_| LocaleError::Malformed)?;
        if id.language.is_empty() {
            return Err(LocaleError::Malformed);
        }
        let language = Language::from_tag(id.language.as_str()).ok_or(LocaleError::Unsupported)?;
        Ok(Locale {
            language,
            region: id.region,
        })
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.region {
            Some(region) => write!(f, "{}-{}", self.language.tag(), region.as_str()),
            None => f.write_str(self.language.tag()),
        }
    }
}

/// A value for a message's `{ $variable }`.
#[derive(Clone, Debug)]
pub enum Arg<'a> {
    /// Text, put in as it is.
    Text(Cow<'a, str>),
    /// A number, which also selects plural forms (`[one]`, `[other]`).
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Number(n.into())
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(n as i64)
    }
}

/// The messages of one language, from one or more parts; built once and kept (parsing the
/// catalogue costs far more than formatting a message). `Send + Sync`.
pub struct Messages {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

impl fmt::Debug for Messages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Messages")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

impl Messages {
    /// The messages of `language` in `parts`. A catalogue that does not parse keeps the
    /// messages that do (the catalogue test fails on any error).
    pub fn new(language: Language, parts: &[Part]) -> Messages {
        let id: LanguageIdentifier = language.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Emails, attributes and tests want the text itself, without Unicode isolation marks
        // around each value.
        bundle.set_use_isolating(false);
        for part in parts {
            let text = part.0[language.0 as usize];
            let resource =
                FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, _)| partial);
            // A message given twice keeps its first text; the test reports it.
            let _ = bundle.add_resource(resource);
        }
        Messages { language, bundle }
    }

    /// The language these messages are in.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Whether the message `id` exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id` without variables; its id where it is missing (never empty, and a
    /// missing message shows where it is).
    pub fn text(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// The message `id` with its `{ $variable }`s from `args`.
    pub fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent_args.set(*name, FluentValue::from(text.as_ref())),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_languages_have_catalogues() {
        let tags: Vec<_> = Language::all().map(Language::tag).collect();
        for tag in ["en", "de", "fr", "es"] {
            assert!(tags.contains(&tag), "{tag} in {tags:?}");
        }
        assert_eq!(Language::english().tag(), "en");
        assert_eq!(Language::from_tag("de").unwrap().own_name(), "Deutsch");
    }

    #[test]
    fn tags_parse_with_their_region_and_write_back() {
        for (tag, written) in [
            ("de", "de"),
            ("de-AT", "de-AT"),
            ("en_gb", "en-GB"),
            ("FR-ca", "fr-CA"),
            ("es-419", "es-419"),
            ("de-Latn-CH", "de-CH"),
        ] {
            let locale: Locale = tag.parse().unwrap();
            assert_eq!(locale.to_string(), written, "{tag}");
        }
        assert_eq!("pt-BR".parse::<Locale>(), Err(LocaleError::Unsupported));
        for bad in ["", "-", "d", "toolongtag-x", "de--AT", "12"] {
            assert_eq!(
                bad.parse::<Locale>(),
                Err(LocaleError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn negotiation_takes_the_first_supported_else_english() {
        let pick = |tags: &[&str]| Locale::negotiate(tags.iter().copied()).to_string();
        assert_eq!(pick(&["pt-BR", "de-CH", "en-US"]), "de-CH");
        assert_eq!(pick(&["fr"]), "fr");
        assert_eq!(pick(&["ja", "zh-Hant"]), "en");
        assert_eq!(pick(&[]), "en");
    }

    #[test]
    fn messages_fill_variables_and_plurals_per_language() {
        let en = Messages::new(Language::english(), &[EMAIL]);
        let de = Messages::new(Language::from_tag("de").unwrap(), &[EMAIL]);
        let one = en.format("email-minutes", &[("minutes", 1u32.into())]);
        let many = en.format("email-minutes", &[("minutes", 45u32.into())]);
        assert_eq!((one.as_str(), many.as_str()), ("1 minute", "45 minutes"));
        assert_eq!(
            de.format("email-minutes", &[("minutes", 1u32.into())]),
            "1 Minute"
        );
        assert_eq!(en.text("no-such-message"), "no-such-message");
    }
}
