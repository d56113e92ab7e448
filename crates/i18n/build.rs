//! Gathers the catalogues: every `locales/<language>/<part>*.ftl` joins its language's text of
//! that part (`email`, `guest` or `app`). A new language is a new folder; a new file of a part
//! needs no code. Writes `catalogue.rs` (the languages and, per part, one text per language).

use std::{env, fmt::Write as _, fs, path::Path};

const PARTS: [(&str, &str); 3] = [("EMAIL", "email"), ("GUEST", "guest"), ("APP", "app")];

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut languages: Vec<String> = fs::read_dir(&root)
        .expect("locales/")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    languages.sort();
    assert!(
        languages.iter().any(|l| l == "en"),
        "locales/en is the reference catalogue"
    );
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    let mut code = String::new();
    writeln!(code, "/// The languages with a catalogue, by tag, sorted.").unwrap();
    writeln!(code, "pub const LANGUAGES: &[&str] = &{languages:?};").unwrap();
    // Each language's own name (`language-name` in its guest part), for the language switcher.
    let names: Vec<String> = languages
        .iter()
        .map(|language| own_name(&root.join(language)))
        .collect();
    writeln!(
        code,
        "/// Each language's name in that language, in the order of [`LANGUAGES`].\n\
         pub const NAMES: &[&str] = &{names:?};"
    )
    .unwrap();
    for (constant, part) in PARTS {
        let mut texts = Vec::new();
        for language in &languages {
            let dir = root.join(language);
            println!("cargo:rerun-if-changed={}", dir.display());
            let mut files: Vec<_> = fs::read_dir(&dir)
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().unwrap().to_string_lossy();
                    name.starts_with(part) && name.ends_with(".ftl")
                })
                .collect();
            files.sort();
            let mut text = String::new();
            for file in files {
                println!("cargo:rerun-if-changed={}", file.display());
                text.push_str(&fs::read_to_string(&file).unwrap());
                text.push('\n');
            }
            let name = format!("{language}.{part}.ftl");
            fs::write(out.join(&name), text).unwrap();
            texts.push(format!(
                "include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))"
            ));
        }
        writeln!(
            code,
            "/// The `{part}` part of every catalogue, in the order of [`LANGUAGES`].\n\
             pub const {constant}: Part = Part(&[{}]);",
            texts.join(", ")
        )
        .unwrap();
    }
    fs::write(out.join("catalogue.rs"), code).unwrap();
}

/// The value of `language-name = …` in the folder's `guest*.ftl` files.
fn own_name(dir: &Path) -> String {
    for entry in fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("guest") && name.ends_with(".ftl")) {
            continue;
        }
        for line in fs::read_to_string(entry.path()).unwrap().lines() {
            if let Some(value) = line.strip_prefix("language-name") {
                if let Some(value) = value.trim_start().strip_prefix('=') {
                    return value.trim().to_owned();
                }
            }
        }
    }
    panic!("{}: no `language-name = …` in a guest*.ftl", dir.display())
}
