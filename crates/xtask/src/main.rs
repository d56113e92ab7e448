//! SmartCal's developer tasks, run as `cargo xtask <command>` (alias in `.cargo/config.toml`).
//!
//! One entry point for people and CI alike: it installs the tools the build needs (only those
//! missing, at the exact versions the project pins), builds the SPA with Trunk, builds and runs
//! the `smartcal` binary, and runs the tests. Every command runs from the workspace root.

mod bench;
mod fuzz;
mod spa_assets;

use std::{
    env,
    ffi::OsString,
    fmt,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
};

/// Trunk release the SPA is built with; `Trunk.toml` is written for it.
const TRUNK_VERSION: &str = "0.21.14";
/// Rust target the SPA compiles to.
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Debian's Chromium, the browser the end-to-end tests drive.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";

const USAGE: &str = "\
usage: cargo xtask <command> [args…]

commands:
  tools          install what is missing: the wasm32 target, trunk, wasm-bindgen-cli
  spa            tools, then build the SPA into dist/ and its guest pages into dist/guest/
                 (trunk build --release twice, wasm-opt from npm binaryen), with .br/.gz
                 siblings of their files
  build          spa, then build the server binary (cargo build --release -p smartcal-server)
  run [ARGS…]    build, then run `smartcal serve ARGS…` (default: 127.0.0.1:8080, data/smartcal.db)
  test           spa, then the workspace tests (cargo test), then the browser tests in e2e/
                 (release build, Debian chromium, npm ci, node --test)
  openapi        regenerate openapi.yaml from the server's routes
  screenshots    build, then regenerate docs/screenshots/*.png in Debian chromium (e2e/screenshots.mjs)
  bench          criterion + loopback load on SQLite and PostgreSQL + the guest pages' weight
                 and time in Chromium (e2e/guest_weight.test.mjs) into docs/BENCHMARKS.md
  fuzz           schemathesis (PyPI, in a venv) against the release binary from openapi.yaml
";

fn main() -> ExitCode {
    let mut args = env::args_os().skip(1);
    let command = args.next().map(|c| c.to_string_lossy().into_owned());
    let rest: Vec<OsString> = args.collect();
    let result = match command.as_deref() {
        None | Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(command) => Xtask::new().and_then(|x| x.dispatch(command, rest)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("xtask: error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Why a task stopped, and the exit code to stop with (a failed child's own code when known).
#[derive(Debug)]
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn new(message: impl fmt::Display) -> Self {
        Failure {
            message: message.to_string(),
            code: 1,
        }
    }
}

type Result<T = ()> = std::result::Result<T, Failure>;

/// Where the tasks run and which cargo they call.
struct Xtask {
    /// The workspace root (holds `Cargo.toml`, `Cargo.lock`, `Trunk.toml`).
    root: PathBuf,
    /// The cargo that started us (`$CARGO`), so the same toolchain builds everything.
    cargo: OsString,
    /// Where `cargo install` puts binaries (`$CARGO_HOME/bin`, by default `~/.cargo/bin`).
    cargo_bin: PathBuf,
}

impl Xtask {
    fn new() -> Result<Self> {
        // `cargo run` sets CARGO_MANIFEST_DIR at run time too; prefer it over the compile-time
        // value, which a binary reused from a shared target dir may carry from another checkout.
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
        let root = manifest_dir
            .join("../..")
            .canonicalize()
            .map_err(|e| Failure::new(format!("cannot find the workspace root: {e}")))?;
        let cargo_home = match env::var_os("CARGO_HOME") {
            Some(home) => PathBuf::from(home),
            None => env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(".cargo"))
                .ok_or_else(|| Failure::new("neither CARGO_HOME nor HOME is set"))?,
        };
        let cargo_bin = cargo_home.join("bin");
        // Tools installed by `cargo install` must be found by us and by every child (Trunk looks
        // for wasm-bindgen on PATH), even where the shell's PATH lacks ~/.cargo/bin.
        let path = env::var_os("PATH").unwrap_or_default();
        if !env::split_paths(&path).any(|p| p == cargo_bin) {
            let paths = std::iter::once(cargo_bin.clone()).chain(env::split_paths(&path));
            let joined = env::join_paths(paths).map_err(|e| {
                Failure::new(format!("cannot add {} to PATH: {e}", cargo_bin.display()))
            })?;
            // Still single-threaded here, so changing our own environment is sound.
            env::set_var("PATH", joined);
        }
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ok(Xtask {
            root,
            cargo,
            cargo_bin,
        })
    }

    fn dispatch(&self, command: &str, args: Vec<OsString>) -> Result {
        let takes_args = command == "run";
        if !takes_args && !args.is_empty() {
            return Err(Failure::new(format!(
                "`{command}` takes no arguments\n\n{USAGE}"
            )));
        }
        match command {
            "tools" => {
                let versions = self.tools()?;
                println!("xtask: tools ready ({versions})");
                Ok(())
            }
            "spa" => self.spa(),
            "build" => self.build(),
            "run" => self.run(args),
            "test" => self.test(),
            "openapi" => self.openapi(),
            "bench" => bench::run(self),
            "fuzz" => fuzz::run(self),
            "screenshots" => self.screenshots(),
            other => Err(Failure {
                message: format!("unknown command `{other}`\n\n{USAGE}"),
                code: 2,
            }),
        }
    }

    /// Installs what the SPA build needs and is missing; silent when all is there.
    /// Returns a summary of the versions in place.
    fn tools(&self) -> Result<String> {
        self.ensure_wasm_target()?;
        self.ensure_tool(
            "trunk",
            TRUNK_VERSION,
            &["install", "--locked", &format!("trunk@{TRUNK_VERSION}")],
            "~5 min",
        )?;
        let bindgen = self.locked_wasm_bindgen_version()?;
        // Not --locked: wasm-bindgen-cli's own lock file pins crates that newer compilers reject.
        self.ensure_tool(
            "wasm-bindgen",
            &bindgen,
            &[
                "install",
                "wasm-bindgen-cli",
                "--version",
                &format!("={bindgen}"),
            ],
            "~2 min",
        )?;
        Ok(format!(
            "{WASM_TARGET}, trunk {TRUNK_VERSION}, wasm-bindgen {bindgen}"
        ))
    }

    /// Builds the SPA into `dist/`, where the server embeds it from.
    fn spa(&self) -> Result {
        self.tools()?;
        // Trunk.toml says `offline = true` (so Trunk never downloads a tool of its own), which
        // makes Trunk run `cargo build --offline`: fetch the crates first.
        step("fetching crates for the SPA (cargo fetch)");
        self.run_cargo(&["fetch", "--quiet", "--target", WASM_TARGET])?;
        let path = spa_assets::binaryen_path(self)?;
        // Two builds in one target dir: the second reuses every dependency the first compiled
        // and only links its own binary. The full app first: Trunk empties its dist folder,
        // and the guest build's folder lies inside it.
        step("building the SPA into dist/ (trunk build --release)");
        let started = std::time::Instant::now();
        self.run_checked(
            self.command("trunk")
                .args(["build", "--release"])
                .env("PATH", &path),
        )?;
        let full = started.elapsed();
        step(
            "building the guest pages into dist/guest/ (trunk build frontend/guest.html --release)",
        );
        let started = std::time::Instant::now();
        self.run_checked(
            self.command("trunk")
                .args(["build", "frontend/guest.html", "--release"])
                .args(["--dist", "dist/guest", "--public-url", "/guest/"])
                .env("PATH", &path),
        )?;
        eprintln!(
            "xtask:   trunk: full app {:.0} s, guest pages {:.0} s",
            full.as_secs_f64(),
            started.elapsed().as_secs_f64()
        );
        step("writing .br and .gz siblings of the SPA's files");
        for s in spa_assets::precompress(&self.root.join("dist"))? {
            let name = s.path.strip_prefix(&self.root).unwrap_or(&s.path);
            eprintln!(
                "xtask:   {}: {} raw, {} gzip, {} brotli",
                name.display(),
                spa_assets::human(s.raw),
                spa_assets::human(s.gzip),
                spa_assets::human(s.brotli)
            );
        }
        Ok(())
    }

    /// Builds the release server binary, which embeds `dist/`.
    fn build(&self) -> Result {
        self.spa()?;
        step("building the server (cargo build --release -p smartcal-server)");
        self.run_cargo(&["build", "--release", "-p", "smartcal-server"])
    }

    /// Builds, then runs `smartcal serve ARGS…` in the foreground with our stdio.
    fn run(&self, args: Vec<OsString>) -> Result {
        self.build()?;
        let binary = self.target_dir().join("release").join("smartcal");
        step(&format!("running {} serve", binary.display()));
        let mut command = Command::new(&binary);
        command.arg("serve").args(args).current_dir(&self.root);
        exec(command, &binary)
    }

    /// Runs every test of the default members; the SPA is built first because the server's
    /// SPA-fallback tests serve `dist/`.
    fn test(&self) -> Result {
        self.spa()?;
        step("running the tests (cargo test)");
        // Plain `cargo test` tests the default members: all native crates, not the wasm SPA.
        self.run_cargo(&["test"])?;
        self.browser_tests()
    }

    /// End-to-end tests of the SPA (`e2e/`): Debian's headless Chromium, driven by the npm
    /// package `playwright-core` (never a browser download), against the release binary, which
    /// each test run starts itself on a free port with a fresh SQLite database.
    fn browser_tests(&self) -> Result {
        step("building the server (cargo build --release -p smartcal-server)");
        self.run_cargo(&["build", "--release", "-p", "smartcal-server"])?;
        self.ensure_chromium()?;
        self.ensure_e2e_packages()?;
        step("running the browser tests (node --test in e2e/)");
        let binary = self.target_dir().join("release").join("smartcal");
        self.run_checked(
            self.command("node")
                .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
                .current_dir(self.root.join("e2e"))
                .env("SMARTCAL_BIN", &binary)
                .env("CHROMIUM_PATH", CHROMIUM)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        )
    }

    /// Regenerates the README's screenshots (`docs/screenshots/`) with `e2e/screenshots.mjs`.
    fn screenshots(&self) -> Result {
        self.build()?;
        self.ensure_chromium()?;
        self.ensure_e2e_packages()?;
        step("taking the screenshots (node e2e/screenshots.mjs)");
        self.run_checked(
            self.command("node")
                .arg("e2e/screenshots.mjs")
                .env(
                    "SMARTCAL_BIN",
                    self.target_dir().join("release").join("smartcal"),
                )
                .env("CHROMIUM_PATH", CHROMIUM),
        )
    }

    /// Installs Debian's Chromium (`apt-get install chromium`, as root) unless it is there.
    pub(crate) fn ensure_chromium(&self) -> Result {
        if Path::new(CHROMIUM).exists() {
            return Ok(());
        }
        step(&format!(
            "installing chromium ({CHROMIUM} is missing; apt-get install -y chromium)"
        ));
        self.run_checked(
            self.command("apt-get")
                .arg("update")
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        self.run_checked(
            self.command("apt-get")
                .args(["install", "-y", "--no-install-recommends", "chromium"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )?;
        if Path::new(CHROMIUM).exists() {
            Ok(())
        } else {
            Err(Failure::new(format!(
                "installed chromium, but {CHROMIUM} is still missing"
            )))
        }
    }

    /// `npm ci` in `e2e/` when `node_modules` is missing or `package-lock.json` changed since.
    pub(crate) fn ensure_e2e_packages(&self) -> Result {
        let e2e = self.root.join("e2e");
        let lock_path = e2e.join("package-lock.json");
        let lock = std::fs::read(&lock_path)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", lock_path.display())))?;
        // What the last `npm ci` installed from; npm ci empties node_modules, so it goes too.
        let stamp = e2e.join("node_modules").join(".xtask-package-lock.json");
        if std::fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
            return Ok(());
        }
        step("installing the browser test packages (npm ci in e2e/)");
        self.run_checked(
            self.command("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&e2e)
                .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"),
        )?;
        std::fs::write(&stamp, &lock)
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", stamp.display())))
    }

    /// Regenerates `openapi.yaml` from the server's routes (the spec sync test rewrites it).
    fn openapi(&self) -> Result {
        step("regenerating openapi.yaml (UPDATE_OPENAPI=1 cargo test -p smartcal-server --test api openapi)");
        self.run_checked(
            self.cargo_command()
                .args(["test", "-p", "smartcal-server", "--test", "api", "openapi"])
                .env("UPDATE_OPENAPI", "1"),
        )
    }

    /// Adds the wasm32 target to the active toolchain unless it is there.
    fn ensure_wasm_target(&self) -> Result {
        let output = self
            .command("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .map_err(|e| {
                Failure::new(format!(
                    "cannot run rustup ({e}); install the {WASM_TARGET} target for your toolchain"
                ))
            })?;
        if !output.status.success() {
            return Err(Failure::new(format!(
                "`rustup target list --installed` failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        if String::from_utf8_lossy(&output.stdout)
            .lines()
            .any(|line| line.trim() == WASM_TARGET)
        {
            return Ok(());
        }
        step(&format!(
            "adding the {WASM_TARGET} target (rustup target add)"
        ));
        self.run_checked(self.command("rustup").args(["target", "add", WASM_TARGET]))
    }

    /// Makes sure `program --version` reports exactly `version`, else runs `cargo <install>`.
    fn ensure_tool(&self, program: &str, version: &str, install: &[&str], takes: &str) -> Result {
        let found = self.tool_version(program);
        if found.as_deref() == Some(version) {
            return Ok(());
        }
        let why = match &found {
            Some(other) => format!("found {other}"),
            None => "first run only".to_owned(),
        };
        step(&format!("installing {program} {version} ({why}, {takes})"));
        self.run_cargo(install)?;
        match self.tool_version(program) {
            Some(v) if v == version => Ok(()),
            Some(other) => Err(Failure::new(format!(
                "installed {program} {version}, but `{program} --version` on PATH reports {other}; \
                 remove the other copy or put {} first on PATH",
                self.cargo_bin.display()
            ))),
            None => Err(Failure::new(format!(
                "installed {program} {version}, but cannot run `{program} --version`"
            ))),
        }
    }

    /// The version `program --version` prints (its last word: `trunk 0.21.14` → `0.21.14`).
    fn tool_version(&self, program: &str) -> Option<String> {
        let output = self.command(program).arg("--version").output().ok()?;
        if !output.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&output.stdout);
        text.split_whitespace()
            .nth(1)
            .map(|v| v.trim_start_matches('v').to_owned())
    }

    /// The one version of the `wasm-bindgen` crate in `Cargo.lock`: the CLI must match it.
    fn locked_wasm_bindgen_version(&self) -> Result<String> {
        // Brings Cargo.lock up to date with the manifests (writes it if missing).
        let mut resolve = self.cargo_command();
        resolve
            .args(["metadata", "--format-version", "1"])
            .stdout(std::process::Stdio::null());
        self.run_checked(&mut resolve)?;
        let lock_path = self.root.join("Cargo.lock");
        let lock = std::fs::read_to_string(&lock_path)
            .map_err(|e| Failure::new(format!("cannot read {}: {e}", lock_path.display())))?;
        let versions = locked_versions(&lock, "wasm-bindgen");
        match versions.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(Failure::new(
                "Cargo.lock has no `wasm-bindgen` package; the frontend crate pins it",
            )),
            many => Err(Failure::new(format!(
                "Cargo.lock has several `wasm-bindgen` versions ({}); pin one in frontend/Cargo.toml",
                many.join(", ")
            ))),
        }
    }

    /// The target directory cargo builds into (`$CARGO_TARGET_DIR`, else `target/`).
    fn target_dir(&self) -> PathBuf {
        match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// A command for `program`, run at the workspace root.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root);
        command
    }

    fn cargo_command(&self) -> Command {
        let mut command = Command::new(&self.cargo);
        command.current_dir(&self.root);
        command
    }

    fn run_cargo(&self, args: &[&str]) -> Result {
        self.run_checked(self.cargo_command().args(args))
    }

    /// Runs a command with our stdio; a failure carries its exit code.
    fn run_checked(&self, command: &mut Command) -> Result {
        let shown = describe(command);
        let status = command
            .status()
            .map_err(|e| Failure::new(format!("cannot start `{shown}`: {e}")))?;
        if status.success() {
            return Ok(());
        }
        Err(Failure {
            message: format!("`{shown}` failed ({status})"),
            code: status
                .code()
                .and_then(|c| u8::try_from(c).ok())
                .filter(|&c| c != 0)
                .unwrap_or(1),
        })
    }
}

/// Prints the one line that says what the next step does.
fn step(what: &str) {
    eprintln!("xtask: {what}");
}

/// `program arg…`, for messages.
fn describe(command: &Command) -> String {
    let mut shown = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    shown
}

/// Every `version` recorded for the package `name` in a `Cargo.lock`.
fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    let wanted = format!("name = \"{name}\"");
    let mut versions = Vec::new();
    let mut lines = lock.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line != wanted {
            continue;
        }
        if let Some(version) = lines
            .next()
            .and_then(|l| l.strip_prefix("version = \""))
            .and_then(|l| l.strip_suffix('"'))
        {
            versions.push(version.to_owned());
        }
    }
    versions
}

/// Replaces this process with `command` (Unix), so signals, stdio and the exit code are the
/// server's own.
#[cfg(unix)]
fn exec(mut command: Command, binary: &Path) -> Result {
    use std::os::unix::process::CommandExt;
    let error = command.exec();
    Err(Failure::new(format!(
        "cannot start {}: {error}",
        binary.display()
    )))
}

/// Runs `command` to its end and exits with its code (where `exec` is not available).
#[cfg(not(unix))]
fn exec(mut command: Command, binary: &Path) -> Result {
    let status = command
        .status()
        .map_err(|e| Failure::new(format!("cannot start {}: {e}", binary.display())))?;
    std::process::exit(status.code().unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_locked_version_of_a_package() {
        let lock = r#"
[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
"#;
        assert_eq!(locked_versions(lock, "wasm-bindgen"), ["0.2.130"]);
        assert!(locked_versions(lock, "trunk").is_empty());
    }
}
