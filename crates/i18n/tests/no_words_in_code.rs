//! No user-facing words are written in code: the SPA's views and the email renderer take every
//! sentence from the catalogues.
//!
//! What counts as words (a lint over the Rust syntax, not a full parser of `view!`):
//! - inside a `view!`, a text node with a letter (`<p>"Hello"</p>`), and an attribute value that
//!   a reader sees (`title`, `placeholder`, `aria-label`, `alt`, `label`…) or that starts with a
//!   capital letter (a component's prop such as `confirm_label="Delete"`);
//! - anywhere else in the checked files, a string literal that reads as a sentence: a capital
//!   letter, then a lowercase one, and a space or a closing `.…!?:`.
//!
//! Tests (`#[cfg(test)]`), doc comments and the arguments of `expect`/`panic!`-like calls are
//! not read. A literal that only looks like words (a JS API name such as `DateTimeFormat`)
//! passes by having no space.

use std::{
    fs,
    path::{Path, PathBuf},
};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::visit::Visit;

/// The files whose words must all come from the catalogues.
const CHECKED: &[&str] = &[
    "frontend/src",
    "crates/domain/src/email.rs",
    "crates/domain/src/account_email.rs",
];

/// Attributes whose value a reader sees or hears.
const SEEN_ATTRIBUTES: &[&str] = &[
    "title",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "alt",
    "label",
];

/// Calls whose text is for developers (a panic's message).
const DEVELOPER_CALLS: &[&str] = &[
    "expect",
    "panic",
    "unreachable",
    "assert",
    "debug_assert",
    "assert_eq",
    "log",
    "warn",
    "error",
    "console_log",
];

fn reads_as_sentence(text: &str) -> bool {
    let mut chars = text.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return false;
    };
    first.is_uppercase()
        && second.is_lowercase()
        && (text.contains(' ') || text.ends_with(['.', '…', '!', '?', ':']))
}

fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

struct Finding {
    file: String,
    line: usize,
    text: String,
    why: &'static str,
}

struct Lint<'a> {
    file: &'a str,
    found: Vec<Finding>,
}

impl Lint<'_> {
    fn report(&mut self, lit: &proc_macro2::Literal, text: String, why: &'static str) {
        self.found.push(Finding {
            file: self.file.to_owned(),
            line: lit.span().start().line,
            text,
            why,
        });
    }

    /// The tokens of a `view!`: its text nodes and attribute values are checked; Rust blocks
    /// inside it are code again.
    fn view(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Literal(lit) => {
                    let Some(text) = string_value(lit) else {
                        continue;
                    };
                    let after_equals = i > 0
                        && matches!(&tokens[i - 1], TokenTree::Punct(p) if p.as_char() == '=');
                    if !after_equals {
                        if has_letter(&text) {
                            self.report(lit, text, "text in a view");
                        }
                        continue;
                    }
                    let attribute = attribute_name(&tokens[..i - 1]);
                    let seen = SEEN_ATTRIBUTES.contains(&attribute.as_str());
                    if (seen && has_letter(&text))
                        || text.chars().next().is_some_and(char::is_uppercase)
                    {
                        self.report(lit, text, "attribute a reader sees");
                    }
                }
                TokenTree::Group(group) => self.code(group.stream()),
                _ => {}
            }
        }
    }

    /// Rust tokens (a block in a view, a macro's arguments): nested `view!`s are views, other
    /// string literals must not read as sentences.
    fn code(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let is_macro = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    let next_group = |at: usize| match tokens.get(at) {
                        Some(TokenTree::Group(g)) => Some(g.clone()),
                        _ => None,
                    };
                    if name == "view" && is_macro {
                        if let Some(g) = next_group(i + 2) {
                            self.view(g.stream());
                            i += 3;
                            continue;
                        }
                    }
                    if DEVELOPER_CALLS.contains(&name.as_str()) {
                        // `expect(…)`, `panic!(…)`: skip the call's arguments.
                        let at = if is_macro { i + 2 } else { i + 1 };
                        if next_group(at).is_some_and(|g| g.delimiter() != Delimiter::Brace) {
                            i = at + 1;
                            continue;
                        }
                    }
                }
                TokenTree::Literal(lit) => {
                    if let Some(text) = string_value(lit) {
                        if reads_as_sentence(&text) {
                            self.report(lit, text, "a sentence in code");
                        }
                    }
                }
                TokenTree::Group(group) => self.code(group.stream()),
                TokenTree::Punct(_) => {}
            }
            i += 1;
        }
    }
}

/// The attribute an `=` belongs to: the idents and `-`/`:` before it (`aria-label`,
/// `attr:title`, `on:click`), written without the `attr:` prefix.
fn attribute_name(before: &[TokenTree]) -> String {
    let mut parts = Vec::new();
    for token in before.iter().rev() {
        match token {
            TokenTree::Ident(i) => parts.push(i.to_string()),
            TokenTree::Punct(p) if p.as_char() == '-' || p.as_char() == ':' => {
                parts.push(p.as_char().to_string())
            }
            _ => break,
        }
    }
    parts.reverse();
    let name = parts.concat();
    name.strip_prefix("attr:").unwrap_or(&name).to_owned()
}

/// The value of a string literal token, or `None` for other literals.
fn string_value(lit: &proc_macro2::Literal) -> Option<String> {
    let s: syn::LitStr = syn::parse_str(&lit.to_string()).ok()?;
    Some(s.value())
}

impl<'ast> Visit<'ast> for Lint<'_> {
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let is_test = m.attrs.iter().any(|a| {
            a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test")
        });
        if !is_test {
            syn::visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !f.attrs.iter().any(|a| a.path().is_ident("test")) {
            syn::visit::visit_item_fn(self, f);
        }
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        match name.as_deref() {
            Some("view") => self.view(m.tokens.clone()),
            Some(n) if DEVELOPER_CALLS.contains(&n) => {}
            _ => self.code(m.tokens.clone()),
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "expect" {
            self.visit_expr(&call.receiver);
        } else {
            syn::visit::visit_expr_method_call(self, call);
        }
    }

    fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
        let text = lit.value();
        if reads_as_sentence(&text) {
            self.found.push(Finding {
                file: self.file.to_owned(),
                line: lit.span().start().line,
                text,
                why: "a sentence in code",
            });
        }
    }
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_owned());
        return;
    }
    for entry in fs::read_dir(path).unwrap().filter_map(Result::ok) {
        let p = entry.path();
        if p.is_dir() || p.extension().is_some_and(|e| e == "rs") {
            rust_files(&p, out);
        }
    }
}

/// Every finding in `files` (paths relative to the repository).
fn lint(files: &[&str]) -> Vec<Finding> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths = Vec::new();
    for f in files {
        rust_files(&root.join(f), &mut paths);
    }
    paths.sort();
    let mut found = Vec::new();
    for path in paths {
        let source = fs::read_to_string(&path).unwrap();
        let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut lint = Lint {
            file: &name,
            found: Vec::new(),
        };
        lint.visit_file(&file);
        found.extend(lint.found);
    }
    found
}

#[test]
fn no_user_facing_words_in_the_spa_or_the_email_renderer() {
    let found = lint(CHECKED);
    let report: Vec<String> = found
        .iter()
        .map(|f| format!("{}:{}: {} {:?}", f.file, f.line, f.why, f.text))
        .collect();
    assert!(
        report.is_empty(),
        "{} user-facing strings in code; move them to crates/i18n/locales/*/:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn the_lint_finds_words_where_a_reader_sees_them() {
    let dir = std::env::temp_dir().join(format!("smartcal-lint-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sample.rs");
    fs::write(
        &file,
        r#"
        fn page() -> impl IntoView {
            let key = "smartcal.locale";
            let shown = "Something went wrong.";
            view! {
                <p class="lead" id="x">"Pick a time"</p>
                <input placeholder="Your name" type="text" />
                <Dialog confirm_label="Delete" />
                <p>{move || t("book-heading")}</p>
                {move || view! { <span title="Close">"×"</span> }}
            }
        }
        #[cfg(test)]
        mod tests { fn f() { let s = "Not checked here."; } }
        "#,
    )
    .unwrap();
    let found = lint(&[file.to_str().unwrap()]);
    let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Something went wrong.",
            "Pick a time",
            "Your name",
            "Delete",
            "Close"
        ],
    );
    fs::remove_dir_all(&dir).unwrap();
}
