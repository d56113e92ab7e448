//! The catalogues are complete and used: every language has exactly English's messages, with
//! the same variables, every catalogue parses, and every English message is named by code.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

use fluent_bundle::FluentResource;
use smartcal_i18n::{Language, Messages, Part, APP, EMAIL, GUEST, LANGUAGES};

const PARTS: [(&str, Part); 3] = [("email", EMAIL), ("guest", GUEST), ("app", APP)];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Message id → the variables its text names (`{ $name }`), of one language's part.
fn messages(text: &str, what: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = FluentResource::try_new(text.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{what} does not parse: {errors:?}"));
    let mut found = BTreeMap::new();
    for entry in resource.entries() {
        if let fluent_syntax::ast::Entry::Message(m) = entry {
            let id = m.id.name.to_owned();
            assert!(m.value.is_some(), "{what}: {id} has no text");
            assert!(!found.contains_key(&id), "{what}: {id} is given twice");
            found.insert(id, variables(text, m.id.name));
        }
    }
    found
}

/// The `$variables` in the source lines of message `id` (its first line up to the next
/// message or comment at the line start).
fn variables(text: &str, id: &str) -> BTreeSet<String> {
    let mut lines = text
        .lines()
        .skip_while(|l| l.split('=').next().map(str::trim) != Some(id) || l.starts_with(' '));
    let mut source = lines.next().unwrap_or_default().to_owned();
    for line in lines {
        if line.starts_with(' ') || line.is_empty() {
            source.push_str(line);
        } else {
            break;
        }
    }
    let mut vars = BTreeSet::new();
    let mut rest = source.as_str();
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        vars.insert(name);
    }
    vars
}

#[test]
fn every_language_has_exactly_the_english_messages_with_the_same_variables() {
    let english = LANGUAGES.iter().position(|l| *l == "en").unwrap();
    for (name, part) in PARTS {
        let reference = messages(part.0[english], &format!("en/{name}"));
        assert!(!reference.is_empty(), "en/{name} is empty");
        for (i, language) in LANGUAGES.iter().enumerate() {
            let what = format!("{language}/{name}");
            let these = messages(part.0[i], &what);
            let missing: Vec<_> = reference
                .keys()
                .filter(|k| !these.contains_key(*k))
                .collect();
            let extra: Vec<_> = these
                .keys()
                .filter(|k| !reference.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{what} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{what} has messages English does not: {extra:?}"
            );
            for (id, vars) in &reference {
                assert_eq!(
                    &these[id], vars,
                    "{what}: {id} names other variables than in English"
                );
            }
        }
    }
}

#[test]
fn the_four_languages_are_there_and_every_message_formats() {
    for tag in ["en", "de", "fr", "es"] {
        assert!(LANGUAGES.contains(&tag), "{tag}");
    }
    let english = LANGUAGES.iter().position(|l| *l == "en").unwrap();
    for language in Language::all() {
        for (name, part) in PARTS {
            let m = Messages::new(language, &[part]);
            for (id, vars) in messages(part.0[english], name) {
                assert!(m.has(&id), "{} lacks {id}", language.tag());
                let args: Vec<(&str, smartcal_i18n::Arg)> =
                    vars.iter().map(|v| (v.as_str(), 2i64.into())).collect();
                let text = m.format(&id, &args);
                assert!(!text.trim().is_empty(), "{}/{id} is empty", language.tag());
                assert!(!text.contains("{$"), "{}/{id}: {text}", language.tag());
            }
        }
    }
}

/// Every Rust file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_english_message_is_used_by_code() {
    let root = root();
    let mut files = Vec::new();
    for dir in ["crates/domain/src", "crates/server/src", "frontend/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let code: String = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let english = LANGUAGES.iter().position(|l| *l == "en").unwrap();
    let mut unused = Vec::new();
    for (name, part) in PARTS {
        for id in messages(part.0[english], name).keys() {
            // `language-name` is read by the build (the switcher's names).
            if id != "language-name" && !code.contains(&format!("\"{id}\"")) {
                unused.push(format!("{name}: {id}"));
            }
        }
    }
    assert!(unused.is_empty(), "messages no code uses: {unused:#?}");
}
