//! SmartCal's storage layer.
//!
//! One code base for both backends: [`DbConn`] is a diesel `MultiConnection` over PostgreSQL
//! and SQLite, chosen explicitly from the URL scheme (never by trial). Repo functions take
//! `&mut DbConn` so callers compose them in one transaction. Migrations for both backends are
//! embedded and applied by [`connect`].
//!
//! **Prepared statements stay prepared** (SQLite). A statement whose plan SQLite chose by
//! looking at a bound value is compiled again every time that value is bound, which costs far
//! more than running it. Two query shapes do that: diesel's `.first()` (it binds `LIMIT 1` as a
//! parameter) and a bound value compared with a partial index's `WHERE`. So a lookup by a
//! unique key reads `.get_result()`, not `.first()`, and conditions that partial indexes name
//! are written as SQL text (`bookings::HoldsTime`). Measured in docs/BENCHMARKS.md.

pub mod agendas;
pub mod attendance;
pub mod bookings;
pub mod calendars;
pub mod hosts;
pub mod invites;
pub mod logins;
pub mod outbox;
pub mod password_resets;
pub mod schema;
pub mod teams;
pub mod webhooks;

use std::path::Path;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// Migrations for SQLite, compiled into the binary.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
/// Migrations for PostgreSQL, compiled into the binary.
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// A connection to either backend. Queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL: production and multi-process deployments.
    Pg(diesel::PgConnection),
    /// SQLite (WAL): the embedded default.
    Sqlite(diesel::SqliteConnection),
}

/// A pool of [`DbConn`]s.
pub type Pool = r2d2::Pool<Manager>;
/// A connection checked out of the [`Pool`].
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://path`, `sqlite:path` or `file:path`.
    Sqlite,
}

impl Backend {
    /// The backend a database URL names, if any.
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else if url.starts_with("sqlite:") || url.starts_with("file:") {
            Some(Backend::Sqlite)
        } else {
            None
        }
    }
}

/// What can go wrong in the storage layer, sorted by what the caller should tell the client.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No such row.
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write (e.g. an email or slug already taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database cannot be reached or is too busy right now; retrying later may work.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Anything else: a bug or a corrupted database.
    #[error("database error: {0}")]
    Other(#[source] DieselError),
}

impl From<DieselError> for DbError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => DbError::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                DbError::Conflict(info.message().to_owned())
            }
            DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => DbError::Unavailable(info.message().to_owned()),
            DieselError::BrokenTransactionManager => {
                DbError::Unavailable("the connection broke mid-transaction".into())
            }
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                DbError::Unavailable(info.message().to_owned())
            }
            DieselError::DatabaseError(_, ref info) if is_busy_or_readonly(info.message()) => {
                DbError::Unavailable(info.message().to_owned())
            }
            other => DbError::Other(other),
        }
    }
}

/// SQLite's "busy/locked/read-only/full" and PostgreSQL's connection losses: transient or
/// operational, not bugs.
fn is_busy_or_readonly(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "database is locked",
        "database is busy",
        "readonly database",
        "read-only",
        "disk is full",
        "disk i/o error",
        "server closed the connection",
        "terminating connection",
        "connection refused",
        "could not connect",
        "no connection to the server",
        "the database system is",
        "connection to server",
        "ssl connection has been closed",
        "ssl syscall error",
    ]
    .iter()
    .any(|p| m.contains(p))
}

impl From<r2d2::PoolError> for DbError {
    fn from(e: r2d2::PoolError) -> Self {
        DbError::Unavailable(e.to_string())
    }
}

/// Creates connections for the pool, choosing the backend from the URL scheme and setting
/// SQLite's PRAGMAs (WAL, busy timeout, foreign keys) on every new connection.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl Manager {
    /// The SQLite file path of a `sqlite:` URL (`sqlite://data/x.db` → `data/x.db`).
    fn sqlite_path(&self) -> &str {
        sqlite_path(&self.url)
    }
}

/// Why a connection could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The server or file refused.
    #[error(transparent)]
    Connection(#[from] diesel::ConnectionError),
    /// A set-up statement failed.
    #[error(transparent)]
    Query(#[from] DieselError),
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConn, ConnectError> {
        match self.backend {
            Backend::Postgres => Ok(DbConn::Pg(diesel::PgConnection::establish(&self.url)?)),
            Backend::Sqlite => {
                let mut c = diesel::SqliteConnection::establish(self.sqlite_path())?;
                c.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                )?;
                Ok(DbConn::Sqlite(c))
            }
        }
    }

    /// Run on every checkout: a PostgreSQL connection may have died with its server (a restart,
    /// a failover), and a dead one is replaced before a request sees it. The check reads what
    /// the socket already holds (libpq's `PQconsumeInput`, no round trip): a server that went
    /// away has closed it or sent its farewell. A SQLite connection is a file handle in this
    /// process and needs no check.
    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectError> {
        match conn {
            DbConn::Pg(pg) => pg_socket_alive(pg).map_err(ConnectError::Query),
            DbConn::Sqlite(_) => Ok(()),
        }
    }

    /// Dead connections are found on checkout ([`Self::is_valid`]); replacing them as they are
    /// returned only made r2d2's worker thread reconnect more often.
    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Reads whatever the server sent on an idle connection (nothing is listened for on pooled
/// connections, so nothing is lost): an error when the connection is closed or broken.
fn pg_socket_alive(pg: &mut diesel::PgConnection) -> Result<(), DieselError> {
    // Twice: a server shutting down sends its error message, then closes; one read may only
    // get the message.
    for _ in 0..2 {
        for n in pg.notifications_iter() {
            n?;
        }
    }
    Ok(())
}

/// Options for [`connect`].
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Most connections held at once.
    pub max_size: u32,
    /// How long a request waits for a free connection before it gets "unavailable".
    pub connection_timeout: Duration,
    /// Idle connections the pool keeps ready, opening them in the background: 1 for a server;
    /// 0 for a command that runs and exits (a background connect still under way when the
    /// process exits can crash inside libpq's teardown).
    pub min_idle: u32,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_size: 10,
            connection_timeout: Duration::from_secs(2),
            min_idle: 1,
        }
    }
}

impl PoolOptions {
    /// The defaults for a database URL: SQLite gets 4 connections — it has one writer, and its
    /// readers only need the CPU, so more connections add page caches (2 MB each) and blocking
    /// threads but no throughput; PostgreSQL gets 10.
    pub fn for_url(url: &str) -> PoolOptions {
        let mut options = PoolOptions::default();
        if Backend::from_url(url) == Some(Backend::Sqlite) {
            options.max_size = 4;
        }
        options
    }

    /// For a command that runs once and exits (`smartcal admin`, `demo`, `migrate`): no
    /// connection is opened in the background.
    pub fn one_shot() -> PoolOptions {
        PoolOptions {
            min_idle: 0,
            ..PoolOptions::default()
        }
    }
}

/// Opens a pool on `url` (`postgres://…` or `sqlite://path`), creating the SQLite file's folder
/// if needed, and applies pending migrations.
pub fn connect(url: &str, options: &PoolOptions) -> Result<Pool, DbError> {
    let backend = Backend::from_url(url).ok_or_else(|| {
        DbError::Unavailable(format!(
            "unsupported database URL {url:?}: use postgres://… or sqlite://path"
        ))
    })?;
    let manager = Manager {
        url: url.to_owned(),
        backend,
    };
    if backend == Backend::Sqlite {
        if let Some(dir) = Path::new(manager.sqlite_path()).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    DbError::Unavailable(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
    }
    let pool = r2d2::Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(options.min_idle))
        .connection_timeout(options.connection_timeout)
        .build(manager)
        .map_err(|e| DbError::Unavailable(e.to_string()))?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

/// Applies every pending migration of the connection's backend.
pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbError> {
    let result = match conn {
        DbConn::Pg(c) => {
            // Several processes may start at once: one migrates, the others wait for it.
            c.batch_execute("SELECT pg_advisory_lock(7353012)")?;
            let r = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            c.batch_execute("SELECT pg_advisory_unlock(7353012)")?;
            r
        }
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Unavailable(format!("migrations failed: {e}")))
}

/// Reverts every applied migration (used by the up/down/up test and by operators).
pub fn revert_all_migrations(conn: &mut DbConn) -> Result<(), DbError> {
    let result = match conn {
        DbConn::Pg(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbError::Unavailable(format!("reverting migrations failed: {e}")))
}

/// Whether every migration this binary knows is applied (a round trip: it also shows the
/// database answers).
pub fn migrations_current(conn: &mut DbConn) -> Result<bool, DbError> {
    let pending = match conn {
        DbConn::Pg(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
    };
    pending
        .map(|p| !p)
        .map_err(|e| DbError::Unavailable(format!("cannot read the migrations: {e}")))
}

/// Readiness (`GET /readyz`): the database answers within `wait` and no migration is pending.
/// PostgreSQL is asked through the pool (whose checkout finds dead connections). SQLite is
/// asked on a new connection to the configured file, opened without creating it: pooled
/// connections hold the file open and keep working on it even after it was moved away or
/// deleted, which is exactly what readiness must notice.
pub fn check_ready(pool: &Pool, url: &str, wait: Duration) -> Result<(), DbError> {
    let current = match Backend::from_url(url) {
        Some(Backend::Sqlite) => {
            let mut c = diesel::SqliteConnection::establish(&sqlite_uri_no_create(url))
                .map_err(|e| DbError::Unavailable(format!("cannot open the database: {e}")))?;
            c.batch_execute(&format!("PRAGMA busy_timeout = {}", wait.as_millis()))?;
            migrations_current(&mut DbConn::Sqlite(c))?
        }
        _ => {
            let mut c = pool.get_timeout(wait)?;
            migrations_current(&mut c)?
        }
    };
    if current {
        Ok(())
    } else {
        Err(DbError::Unavailable(
            "the database lacks migrations: run `smartcal migrate`".into(),
        ))
    }
}

/// The SQLite file path of a `sqlite:` URL (`sqlite://data/x.db` → `data/x.db`).
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// A `file:` URI that opens the database read-write but never creates it.
fn sqlite_uri_no_create(url: &str) -> String {
    let path = sqlite_path(url);
    if path.starts_with("file:") {
        let sep = if path.contains('?') { '&' } else { '?' };
        return format!("{path}{sep}mode=rw");
    }
    let escaped = path
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    format!("file:{escaped}?mode=rw")
}

/// What [`backup_sqlite`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// Size of the copy in bytes.
    pub bytes: u64,
    /// Bookings in the copy.
    pub bookings: i64,
}

/// An online copy of a SQLite database (`VACUUM INTO`): one read transaction, so the copy is
/// the database exactly as it was when the copy began, while other connections — a running
/// server included — go on reading and writing. `dest` must not exist. The copy is checked
/// with `PRAGMA integrity_check` before this returns.
pub fn backup_sqlite(url: &str, dest: &Path) -> Result<BackupReport, DbError> {
    if Backend::from_url(url) != Some(Backend::Sqlite) {
        return Err(DbError::Unavailable(
            "online backup is for SQLite; back PostgreSQL up with pg_dump".into(),
        ));
    }
    if dest.exists() {
        return Err(DbError::Unavailable(format!(
            "{} exists already; choose a new file",
            dest.display()
        )));
    }
    let dest_text = dest
        .to_str()
        .ok_or_else(|| DbError::Unavailable("the backup path is not valid UTF-8".into()))?;
    let mut c = diesel::SqliteConnection::establish(&sqlite_uri_no_create(url))
        .map_err(|e| DbError::Unavailable(format!("cannot open the database: {e}")))?;
    c.batch_execute("PRAGMA busy_timeout = 10000")?;
    c.batch_execute(&format!("VACUUM INTO '{}'", dest_text.replace('\'', "''")))?;
    drop(c);
    let mut copy = diesel::SqliteConnection::establish(&sqlite_uri_no_create(dest_text))
        .map_err(|e| DbError::Unavailable(format!("cannot open the copy: {e}")))?;
    let check = sqlite_integrity_check(&mut copy)?;
    if check != "ok" {
        return Err(DbError::Unavailable(format!(
            "the copy failed PRAGMA integrity_check: {check}"
        )));
    }
    let bookings = schema::bookings::table
        .count()
        .get_result::<i64>(&mut copy)?;
    let bytes = std::fs::metadata(dest)
        .map(|m| m.len())
        .map_err(|e| DbError::Unavailable(format!("cannot read {}: {e}", dest.display())))?;
    Ok(BackupReport { bytes, bookings })
}

#[derive(QueryableByName)]
struct IntegrityCheck {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// `PRAGMA integrity_check`'s answer: `ok`, or the problems found, one a line.
pub fn sqlite_integrity_check(c: &mut diesel::SqliteConnection) -> Result<String, DbError> {
    let rows: Vec<IntegrityCheck> = diesel::sql_query("PRAGMA integrity_check").load(c)?;
    Ok(rows
        .into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("\n"))
}

/// A PostgreSQL connection of its own that `LISTEN`s on one channel and `NOTIFY`s on it.
pub struct Listener {
    conn: diesel::PgConnection,
    channel: String,
    /// This connection's server process: what it sent itself is not news.
    pid: i32,
}

#[derive(QueryableByName)]
struct BackendPid {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pid: i32,
}

impl Listener {
    /// Connects to `url` (PostgreSQL only) and listens on `channel` (an identifier).
    pub fn connect(url: &str, channel: &str) -> Result<Listener, DbError> {
        if Backend::from_url(url) != Some(Backend::Postgres) {
            return Err(DbError::Unavailable("LISTEN needs PostgreSQL".into()));
        }
        let mut conn = diesel::PgConnection::establish(url)
            .map_err(|e| DbError::Unavailable(e.to_string()))?;
        conn.batch_execute(&format!("LISTEN {channel}"))?;
        let BackendPid { pid } =
            diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result(&mut conn)?;
        Ok(Listener {
            conn,
            channel: channel.to_owned(),
            pid,
        })
    }

    /// The payloads other connections sent since the last poll (never waits). An error means
    /// the connection is lost, and with it any notification sent meanwhile.
    pub fn poll(&mut self) -> Result<Vec<String>, DbError> {
        let mut heard = Vec::new();
        for n in self.conn.notifications_iter() {
            let n = n?;
            if n.process_id != self.pid {
                heard.push(n.payload);
            }
        }
        Ok(heard)
    }

    /// Sends every payload to the channel's listeners, in one statement.
    pub fn notify(&mut self, payloads: &[String]) -> Result<(), DbError> {
        use diesel::sql_types::{Array, Text};
        diesel::sql_query("SELECT pg_notify($1, p)::text FROM unnest($2) AS p")
            .bind::<Text, _>(&self.channel)
            .bind::<Array<Text>, _>(payloads)
            .execute(&mut self.conn)?;
        Ok(())
    }

    /// A round trip, to find out that a quiet connection is dead.
    pub fn ping(&mut self) -> Result<(), DbError> {
        Ok(self.conn.batch_execute("SELECT 1")?)
    }
}

/// This process's SQLite writers queue here before `BEGIN IMMEDIATE`: SQLite allows one
/// writer at a time anyway, and a writer waiting in its busy handler sleeps in growing steps
/// (tens of milliseconds) instead of starting the moment the lock is free. Correctness never
/// depends on it — other processes are still kept out by SQLite's own lock.
static SQLITE_WRITERS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs one writing statement `f`: on SQLite in this process's writers' queue (see
/// [`write_transaction`]) rather than in SQLite's sleeping busy handler, on PostgreSQL as it is
/// (one statement is atomic; a transaction around it would only add round trips).
pub fn write_statement<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<DbError>,
{
    match conn {
        DbConn::Sqlite(_) => write_transaction(conn, f),
        DbConn::Pg(_) => f(conn),
    }
}

/// Runs `f` in a transaction that holds the write lock from its first statement: SQLite's
/// `BEGIN IMMEDIATE` (one writer at a time, waiting up to the busy timeout instead of failing
/// half-way), PostgreSQL's ordinary `BEGIN` (callers take row locks, see
/// [`hosts::lock_host`]). Commits when `f` returns `Ok`, rolls back otherwise.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<DbError>,
{
    let _queue = match conn {
        DbConn::Sqlite(_) => Some(SQLITE_WRITERS.lock().unwrap_or_else(|p| p.into_inner())),
        DbConn::Pg(_) => None,
    };
    let DbConn::Sqlite(inner) = conn else {
        return conn
            .transaction::<T, TxError<E>, _>(|c| f(c).map_err(TxError::App))
            .map_err(|e| match e {
                TxError::App(e) => e,
                TxError::Db(d) => E::from(d.into()),
            });
    };
    AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
        .map_err(|e| E::from(e.into()))?;
    let result = f(conn);
    let DbConn::Sqlite(inner) = conn else {
        unreachable!("the connection is SQLite: matched above")
    };
    match result {
        Ok(value) => match AnsiTransactionManager::commit_transaction(inner) {
            Ok(()) => Ok(value),
            Err(e) => {
                // Diesel has already dealt with a failed top-level COMMIT: it rolls back a
                // transaction the COMMIT left open, or finds that SQLite ended it. Nothing is
                // left to roll back unless diesel still counts a transaction.
                roll_back_if_open(inner);
                Err(E::from(e.into()))
            }
        },
        Err(err) => {
            roll_back_if_open(inner);
            Err(err)
        }
    }
}

/// Rolls back after a failure if the transaction is still open; a rollback error is logged,
/// the original error is what counts.
///
/// The transaction may be over already, and a ROLLBACK then only fails with diesel's
/// `NotInTransaction` ("Cannot perform this operation outside of a transaction"): diesel's
/// `commit_transaction` rolls back a top-level COMMIT that failed itself, and SQLite ends the
/// whole transaction on some statement failures (`ON CONFLICT ROLLBACK`, `RAISE(ROLLBACK)`,
/// an I/O error, a full disk…), which diesel notices when the failing statement ran through
/// `batch_execute` (it checks `sqlite3_get_autocommit`). So diesel's transaction depth decides.
/// A prepared statement's failure is not checked that way: diesel still counts the
/// transaction, the ROLLBACK fails with "no transaction is active", and diesel then resets its
/// count from SQLite's state — no transaction is open, the connection is clean, nothing failed.
fn roll_back_if_open(inner: &mut diesel::SqliteConnection) {
    match open_transaction_depth(inner) {
        Ok(None) => return,
        Ok(Some(_)) => {}
        Err(e) => {
            // An earlier ROLLBACK failed (e.g. the one inside diesel's `commit_transaction`):
            // the transaction state is unknown, and diesel refuses another ROLLBACK.
            tracing::warn!(error = %e, "cannot roll back: the transaction state is lost");
            return;
        }
    }
    if let Err(e) = AnsiTransactionManager::rollback_transaction(inner) {
        if let Ok(None) = open_transaction_depth(inner) {
            tracing::debug!(error = %e, "SQLite had already ended the transaction");
        } else {
            tracing::warn!(error = %e, "rollback failed");
        }
    }
}

/// How many transactions (and savepoints) diesel counts as open on the connection; an error
/// when its transaction manager is broken (a rollback failed).
fn open_transaction_depth(
    inner: &mut diesel::SqliteConnection,
) -> Result<Option<std::num::NonZeroU32>, DieselError> {
    AnsiTransactionManager::transaction_manager_status_mut(inner).transaction_depth()
}

/// A transaction's failure: the caller's error, or the database's.
enum TxError<E> {
    App(E),
    Db(DieselError),
}

impl<E> From<DieselError> for TxError<E> {
    fn from(e: DieselError) -> Self {
        TxError::Db(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::{Arc, Mutex};

    /// A SQLite file of its own in a fresh temporary folder, removed on drop.
    struct TempDb {
        dir: PathBuf,
        /// The folder is a tmpfs of its own, unmounted on drop.
        mounted: bool,
    }

    impl TempDb {
        fn new() -> TempDb {
            let dir =
                std::env::temp_dir().join(format!("smartcal-db-test-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&dir).expect("temporary folder");
            TempDb {
                dir,
                mounted: false,
            }
        }

        /// In a tmpfs of `size` (e.g. "1m"), to fill up; `None` where mounting is not
        /// allowed (it needs root, which CI is).
        fn on_tmpfs(size: &str) -> Option<TempDb> {
            let mut db = TempDb::new();
            db.mounted = std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(&db.dir)
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            db.mounted.then_some(db)
        }

        /// Fills the folder's file system: a file grows until the disk says no.
        fn fill(&self) -> PathBuf {
            use std::io::Write;
            let path = self.dir.join("filler");
            let mut f = std::fs::File::create(&path).unwrap();
            let block = vec![0u8; 64 * 1024];
            while f.write_all(&block).is_ok() {}
            let _ = f.sync_all();
            path
        }

        /// A connection as the pool makes them (WAL, foreign keys, busy timeout).
        fn conn(&self) -> DbConn {
            let manager = Manager {
                url: format!("sqlite://{}", self.dir.join("test.db").display()),
                backend: Backend::Sqlite,
            };
            manager.connect().expect("SQLite connection")
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            if self.mounted {
                let _ = std::process::Command::new("umount")
                    .arg("-l")
                    .arg(&self.dir)
                    .status();
            }
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    /// The WARN and ERROR events logged on this thread while `f` runs.
    fn warnings_during<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let subscriber = Warnings(Arc::clone(&seen));
        let value = tracing::subscriber::with_default(subscriber, f);
        let seen = seen.lock().unwrap().clone();
        (value, seen)
    }

    /// A subscriber that keeps the text of WARN and ERROR events.
    struct Warnings(Arc<Mutex<Vec<String>>>);

    impl tracing::Subscriber for Warnings {
        fn enabled(&self, meta: &tracing::Metadata<'_>) -> bool {
            *meta.level() <= tracing::Level::WARN
        }
        fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
            tracing::span::Id::from_u64(1)
        }
        fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
        fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
        fn event(&self, event: &tracing::Event<'_>) {
            struct Text(String);
            impl tracing::field::Visit for Text {
                fn record_debug(
                    &mut self,
                    field: &tracing::field::Field,
                    value: &dyn std::fmt::Debug,
                ) {
                    self.0.push_str(&format!("{}={value:?} ", field.name()));
                }
            }
            let mut text = Text(String::new());
            event.record(&mut text);
            self.0.lock().unwrap().push(text.0);
        }
        fn enter(&self, _: &tracing::span::Id) {}
        fn exit(&self, _: &tracing::span::Id) {}
    }

    fn depth(conn: &mut DbConn) -> Option<std::num::NonZeroU32> {
        let DbConn::Sqlite(inner) = conn else {
            unreachable!("SQLite")
        };
        open_transaction_depth(inner).expect("the transaction manager is not broken")
    }

    fn count(conn: &mut DbConn, table: &str) -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
            .get_result::<N>(conn)
            .expect("count")
            .n
    }

    fn insert(conn: &mut DbConn, sql: &str) -> Result<(), DbError> {
        diesel::sql_query(sql).execute(conn)?;
        Ok(())
    }

    /// After a failure: no transaction open, and the next write transaction commits.
    fn assert_usable(conn: &mut DbConn) {
        assert_eq!(depth(conn), None, "still in a transaction");
        let before = count(conn, "t");
        write_transaction(conn, |c| insert(c, "INSERT INTO t (v) VALUES ('after')"))
            .expect("the connection takes a new transaction");
        assert_eq!(count(conn, "t"), before + 1);
        assert_eq!(depth(conn), None);
    }

    fn db_with_table() -> (TempDb, DbConn) {
        let db = TempDb::new();
        let mut conn = db.conn();
        conn.batch_execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)")
            .unwrap();
        (db, conn)
    }

    #[test]
    fn commits_on_ok_and_rolls_back_on_err() {
        let (_db, mut conn) = db_with_table();
        let ((), warnings) = warnings_during(|| {
            write_transaction(&mut conn, |c| insert(c, "INSERT INTO t (v) VALUES ('a')")).unwrap();
            // A refusal after writes and reads (a booking answered 409/422): rolled back.
            let err = write_transaction(&mut conn, |c| {
                insert(c, "INSERT INTO t (v) VALUES ('b')")?;
                count(c, "t");
                Err::<(), _>(DbError::Conflict("slot taken".into()))
            })
            .unwrap_err();
            assert!(matches!(err, DbError::Conflict(m) if m == "slot taken"));
            // A UNIQUE violation: SQLite undoes the statement, the rollback the rest.
            let err = write_transaction(&mut conn, |c| {
                insert(c, "INSERT INTO t (v) VALUES ('c')")?;
                insert(c, "INSERT INTO t (v) VALUES ('a')")
            })
            .unwrap_err();
            assert!(matches!(err, DbError::Conflict(_)), "{err:?}");
        });
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(count(&mut conn, "t"), 1);
        assert_usable(&mut conn);
    }

    /// A COMMIT that fails (here a deferred foreign key) is rolled back by diesel's
    /// `commit_transaction` itself; rolling back again only failed with `NotInTransaction`.
    #[test]
    fn a_failed_commit_is_not_rolled_back_twice() {
        let (_db, mut conn) = db_with_table();
        conn.batch_execute(
            "CREATE TABLE child (id INTEGER PRIMARY KEY, \
             parent INTEGER NOT NULL REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED)",
        )
        .unwrap();
        let (result, warnings) = warnings_during(|| {
            write_transaction(&mut conn, |c| {
                insert(c, "INSERT INTO t (v) VALUES ('kept only if committed')")?;
                insert(c, "INSERT INTO child (parent) VALUES (4242)")
            })
        });
        let err = result.expect_err("the deferred foreign key fails the COMMIT");
        assert!(
            matches!(
                &err,
                DbError::Other(DieselError::DatabaseError(
                    DatabaseErrorKind::ForeignKeyViolation,
                    _
                ))
            ),
            "{err:?}"
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(count(&mut conn, "t"), 0);
        assert_eq!(count(&mut conn, "child"), 0);
        assert_usable(&mut conn);
    }

    /// The case the server's full-disk test hit: the COMMIT fails (SQLITE_FULL: in WAL mode the
    /// pages are written at COMMIT), diesel's `commit_transaction` deals with it, and the
    /// ROLLBACK that followed only failed with `NotInTransaction`.
    #[test]
    fn a_commit_on_a_full_disk_is_unavailable_and_not_rolled_back_twice() {
        let Some(db) = TempDb::on_tmpfs("1m") else {
            eprintln!("SKIPPED: mounting a tmpfs needs root (CI runs as root)");
            return;
        };
        let mut conn = db.conn();
        conn.batch_execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)")
            .unwrap();
        let filler = db.fill();
        let (result, warnings) = warnings_during(|| {
            write_transaction(&mut conn, |c| {
                insert(c, "INSERT INTO t (v) VALUES (hex(randomblob(200000)))")
            })
        });
        let err = result.expect_err("the disk is full");
        assert!(
            matches!(&err, DbError::Unavailable(m) if m.contains("full")),
            "{err:?}"
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(depth(&mut conn), None, "still in a transaction");
        std::fs::remove_file(filler).unwrap();
        assert_eq!(count(&mut conn, "t"), 0, "nothing half-written");
        assert_usable(&mut conn);
    }

    /// SQLite ends the whole transaction on some failures (here `ON CONFLICT ROLLBACK`); run
    /// through `batch_execute`, diesel sees it and counts no transaction any more.
    #[test]
    fn a_transaction_sqlite_ended_is_not_rolled_back() {
        let (_db, mut conn) = db_with_table();
        let (result, warnings) = warnings_during(|| {
            write_transaction(&mut conn, |c| {
                insert(c, "INSERT INTO t (v) VALUES ('x')")?;
                c.batch_execute("INSERT OR ROLLBACK INTO t (v) VALUES ('x')")?;
                Ok::<_, DbError>(())
            })
        });
        let err = result.expect_err("the UNIQUE violation");
        assert!(matches!(err, DbError::Conflict(_)), "{err:?}");
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(count(&mut conn, "t"), 0);
        assert_usable(&mut conn);
    }

    /// The same through a prepared statement: diesel still counts the transaction, its
    /// ROLLBACK finds none in SQLite, and diesel resets its count. Not a failure to report.
    #[test]
    fn a_transaction_sqlite_ended_under_a_prepared_statement_is_not_reported() {
        let (_db, mut conn) = db_with_table();
        let (result, warnings) = warnings_during(|| {
            write_transaction(&mut conn, |c| {
                insert(c, "INSERT INTO t (v) VALUES ('x')")?;
                insert(c, "INSERT OR ROLLBACK INTO t (v) VALUES ('x')")
            })
        });
        let err = result.expect_err("the UNIQUE violation");
        assert!(matches!(err, DbError::Conflict(_)), "{err:?}");
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(count(&mut conn, "t"), 0);
        assert_usable(&mut conn);
    }

    /// Another process holds the write lock: `BEGIN IMMEDIATE` fails as "unavailable", and
    /// nothing is rolled back (nothing was begun).
    #[test]
    fn a_busy_database_is_unavailable_and_leaves_no_transaction() {
        let (db, mut conn) = db_with_table();
        conn.batch_execute("PRAGMA busy_timeout = 0").unwrap();
        let mut other = db.conn();
        other.batch_execute("BEGIN IMMEDIATE").unwrap();
        let (result, warnings) = warnings_during(|| {
            write_transaction(&mut conn, |c| insert(c, "INSERT INTO t (v) VALUES ('x')"))
        });
        let err = result.expect_err("the database is locked");
        assert!(matches!(err, DbError::Unavailable(_)), "{err:?}");
        assert_eq!(warnings, Vec::<String>::new());
        other.batch_execute("ROLLBACK").unwrap();
        assert_usable(&mut conn);
    }
}
