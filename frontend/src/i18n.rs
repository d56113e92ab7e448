//! The page's language: every word the SPA shows comes from the catalogues of `smartcal-i18n`
//! through [`t`], [`tf`] or the [`tr!`](crate::tr) macro, never from a literal in a view.
//!
//! **Which language.** A guest: the one chosen with the switcher on a guest page (remembered in
//! this browser), else the first of `navigator.languages` with a catalogue, else English. A
//! host: their account's `locale`, set when the dashboard reads `/me`. The `<html lang>`
//! follows, and dates and times ([`crate::time`]) are written in the same locale.
//!
//! **Which words.** The guest build knows only the guest part of the catalogues; the full app
//! adds the host's part ([`install`]). A language's messages are parsed when first shown.

use std::{cell::RefCell, rc::Rc};

use leptos::prelude::{ArcRwSignal, Get, GetUntracked, Set, Signal};
use smartcal_i18n::{Language, Locale, Messages, Part};

pub use smartcal_i18n::Arg;

/// Where a guest's choice of language is remembered (`localStorage`, per browser).
const LOCALE_KEY: &str = "smartcal.locale";

thread_local! {
    static PARTS: RefCell<&'static [Part]> = const { RefCell::new(&[smartcal_i18n::GUEST]) };
    static LOCALE: ArcRwSignal<Locale> = ArcRwSignal::new(first_locale());
    static LOADED: RefCell<Vec<Rc<Messages>>> = const { RefCell::new(Vec::new()) };
}

/// Which parts of the catalogues this build shows: the guest build only the guest part, the
/// full app the host's too. Call before the first page is drawn.
pub fn install(parts: &'static [Part]) {
    PARTS.with(|p| *p.borrow_mut() = parts);
    LOADED.with(|l| l.borrow_mut().clear());
    set_document_language(LOCALE.with(|l| l.get_untracked()));
}

/// The locale in use (tracked: a view reading it is redrawn when it changes).
pub fn locale() -> Locale {
    LOCALE.with(|l| l.get())
}

/// The locale in use, read once (not tracked).
pub fn locale_untracked() -> Locale {
    LOCALE.with(|l| l.get_untracked())
}

/// Switches every word and date on the page to `locale`.
pub fn set_locale(locale: Locale) {
    set_document_language(locale);
    LOCALE.with(|l| l.set(locale));
}

/// A guest's choice on the switcher: shown at once and remembered in this browser. The
/// browser's own region is kept when it speaks that language (`de-AT` for German in Austria).
pub fn choose_language(language: Language) {
    let locale = preferred_languages()
        .iter()
        .filter_map(|tag| tag.parse::<Locale>().ok())
        .find(|l| l.language() == language)
        .unwrap_or_else(|| language.into());
    crate::dom::storage_set(LOCALE_KEY, &locale.to_string());
    set_locale(locale);
}

/// The message `id` in the page's language (tracked).
pub fn t(id: &str) -> String {
    messages(locale().language()).text(id)
}

/// The message `id` with its variables (tracked).
pub fn tf(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    messages(locale().language()).format(id, args)
}

/// A view's text that follows the page's language: `t("id")` or, with variables,
/// `tf("id", &[("name", value.into())])`, as a `Signal<String>`. One type for every text, so
/// the page's code renders them all with one function (a closure per text instantiated
/// Leptos's rendering code at each call site: 7.7 KB gzip more of the guest page's wasm).
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::text($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        ::leptos::prelude::Signal::derive(move || {
            $crate::i18n::tf($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
        })
    };
}

/// The message `id` as a text that follows the page's language (see [`tr!`](crate::tr)).
pub fn text(id: &'static str) -> Signal<String> {
    Signal::derive(move || t(id))
}

/// A message shown on a page opened from a link: one of the catalogue's (redrawn in the page's
/// language when it changes) or the server's own words (shown as they come).
#[derive(Clone, Debug)]
pub enum Said {
    /// A message id.
    Ours(&'static str),
    /// The server's text.
    Theirs(String),
}

impl Said {
    /// Its text in the page's language (tracked).
    pub fn text(&self) -> String {
        match self {
            Said::Ours(id) => t(id),
            Said::Theirs(text) => text.clone(),
        }
    }
}

/// A piece of a message whose variables are drawn as markup (a link, `<strong>`, `<bdi>`).
pub enum Piece {
    /// Text, as the catalogue writes it.
    Text(String),
    /// Where the variable `names[i]` stands.
    Var(usize),
}

/// The message `id` in the page's language (tracked), cut where its variables `names` stand,
/// so that a translation keeps the whole sentence, in its own word order, while the page draws
/// each variable as markup.
pub fn pieces(id: &str, names: &[&str]) -> Vec<Piece> {
    // A private-use character marks each variable's place.
    const FIRST: u32 = 0xE000;
    let marks: Vec<String> = (0..names.len() as u32)
        .filter_map(|i| char::from_u32(FIRST + i))
        .map(String::from)
        .collect();
    let args: Vec<(&str, Arg<'_>)> = names
        .iter()
        .zip(&marks)
        .map(|(name, mark)| (*name, Arg::from(mark)))
        .collect();
    let mut found = Vec::new();
    let mut text = String::new();
    for c in tf(id, &args).chars() {
        match (c as u32).checked_sub(FIRST) {
            Some(i) if (i as usize) < names.len() => {
                if !text.is_empty() {
                    found.push(Piece::Text(std::mem::take(&mut text)));
                }
                found.push(Piece::Var(i as usize));
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        found.push(Piece::Text(text));
    }
    found
}

/// Stands in for the element of [`around`].
const MARK: &str = "\u{E000}";

/// The text of message `id` before and after its variable `at`, where the caller puts an
/// element (a `<time>`, a `<code>`) wherever the language places it in the sentence; `args`
/// are the message's other variables (tracked).
pub fn around(id: &str, at: &'static str, args: &[(&'static str, Arg<'_>)]) -> (String, String) {
    let mut all = vec![(at, Arg::from(MARK))];
    all.extend(args.iter().cloned());
    let text = tf(id, &all);
    match text.split_once(MARK) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text, String::new()),
    }
}

fn messages(language: Language) -> Rc<Messages> {
    LOADED.with(|loaded| {
        if let Some(found) = loaded.borrow().iter().find(|m| m.language() == language) {
            return found.clone();
        }
        let made = Rc::new(Messages::new(language, PARTS.with(|p| *p.borrow())));
        loaded.borrow_mut().push(made.clone());
        made
    })
}

/// `navigator.languages`, most wanted first (`navigator.language` where there is no list).
fn preferred_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

fn first_locale() -> Locale {
    crate::dom::storage_get(LOCALE_KEY)
        .and_then(|tag| tag.parse().ok())
        .unwrap_or_else(|| {
            let preferred = preferred_languages();
            Locale::negotiate(preferred.iter().map(String::as_str))
        })
}

fn set_document_language(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", &locale.to_string());
    }
}
