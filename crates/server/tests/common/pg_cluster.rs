//! A private PostgreSQL server for tests that must stop and start it: `initdb` into a temporary
//! folder and `pg_ctl` on a random loopback port, with the binaries of the PostgreSQL that the
//! suite already talks to (on `PATH`, or Debian's `/usr/lib/postgresql/{version}/bin`). As
//! root (CI), every step runs as the `postgres` user, since PostgreSQL refuses to run as root.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

/// The folder holding `initdb` and `pg_ctl`.
fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
    {
        let p = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !p.is_empty() {
            let real = std::fs::canonicalize(&p).unwrap_or_else(|_| PathBuf::from(&p));
            return real.parent().unwrap().to_path_buf();
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions
        .pop()
        .filter(|p| p.join("initdb").exists())
        .expect("PostgreSQL's initdb and pg_ctl (package postgresql) for the restart test")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl PgCluster {
    /// A new server with a database `smartcal`, running. `None` when the PostgreSQL suite is
    /// off (`SMARTCAL_TEST_POSTGRES_URL` unset), like every other PostgreSQL test.
    pub fn start_new() -> Option<PgCluster> {
        std::env::var("SMARTCAL_TEST_POSTGRES_URL").ok()?;
        let dir = tempfile::tempdir().unwrap();
        if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap()
                .success();
            assert!(ok, "chown to postgres");
        }
        let cluster = PgCluster {
            bin: bin_dir(),
            port: super::free_port(),
            dir,
        };
        cluster.run(
            "initdb",
            &[
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
                "-D",
            ],
            &[&cluster.data()],
        );
        cluster.start();
        cluster.run(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-q",
                "-c",
            ],
            &[Path::new("CREATE DATABASE smartcal")],
        );
        Some(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `postgres://postgres@127.0.0.1:{port}/smartcal`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/smartcal", self.port)
    }

    /// A PostgreSQL program, run as `postgres` when we are root.
    fn command(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    /// Runs a PostgreSQL program and insists it succeeds.
    fn run(&self, program: &str, args: &[&str], paths: &[&Path]) {
        let mut cmd = self.command(program);
        cmd.args(args)
            .args(paths)
            .env("PGPORT", self.port.to_string())
            .current_dir(self.dir.path());
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts the server and waits until it accepts connections.
    pub fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60",
            self.port,
            self.dir.path().display()
        );
        let log = self.dir.path().join("server.log");
        self.run(
            "pg_ctl",
            &["start", "-w", "-t", "30", "-o", &options, "-l"],
            &[&log, Path::new("-D"), &self.data()],
        );
    }

    /// A fast shutdown: open sessions are terminated, new connections refused.
    pub fn stop(&self) {
        self.run(
            "pg_ctl",
            &["stop", "-w", "-m", "fast", "-D"],
            &[&self.data()],
        );
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["stop", "-m", "immediate", "-D"])
            .arg(self.data())
            .output();
    }
}
