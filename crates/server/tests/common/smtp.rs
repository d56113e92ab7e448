//! A small SMTP server for tests: real SMTP over TCP on loopback (EHLO/HELO, MAIL, RCPT, DATA
//! with dot-unstuffing, RSET, NOOP, QUIT). It can accept, reject every message with a
//! permanent 554, or stall after DATA (to catch a sender mid-delivery).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How the sink answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 250 to everything: messages are kept.
    Accept,
    /// 554 to MAIL FROM: a permanent failure.
    Reject,
    /// 354 to DATA, then silence: the sender waits for the final reply forever.
    Stall,
}

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: Vec<u8>,
}

/// A running sink; stops when dropped.
pub struct Sink {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    /// MAIL FROM commands seen (delivery attempts).
    attempts: Arc<AtomicUsize>,
    /// DATA commands seen.
    data_started: Arc<AtomicUsize>,
    /// TCP connections accepted.
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Sink {
    /// Listens on `port` (0 = any free port).
    pub async fn start(port: u16, mode: Mode) -> Sink {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let attempts: Arc<AtomicUsize> = Arc::default();
        let data_started: Arc<AtomicUsize> = Arc::default();
        let connections: Arc<AtomicUsize> = Arc::default();
        let (r, a, d) = (received.clone(), attempts.clone(), data_started.clone());
        let accepted = connections.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                accepted.fetch_add(1, Ordering::SeqCst);
                let (r, a, d) = (r.clone(), a.clone(), d.clone());
                tokio::spawn(async move {
                    let _ = session(socket, mode, r, a, d).await;
                });
            }
        });
        Sink {
            port,
            received,
            attempts,
            data_started,
            connections,
            task,
        }
    }

    /// `smtp://127.0.0.1:{port}`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// MAIL FROM commands seen so far.
    pub fn attempts(&self) -> usize {
        self.attempts.load(Ordering::SeqCst)
    }

    /// DATA commands seen so far.
    pub fn data_started(&self) -> usize {
        self.data_started.load(Ordering::SeqCst)
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Waits up to `secs` seconds until at least `n` messages arrived; returns them all.
    pub async fn wait_for(&self, n: usize, secs: u64) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let got = self.received();
            if got.len() >= n || tokio::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    mode: Mode,
    received: Arc<Mutex<Vec<Received>>>,
    attempts: Arc<AtomicUsize>,
    data_started: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP ready\r\n").await?;
    let mut current = Received {
        mail_from: String::new(),
        rcpt_to: vec![],
        data: vec![],
    };
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
            "HELO" | "NOOP" => b"250 OK\r\n",
            "RSET" => {
                current.rcpt_to.clear();
                b"250 OK\r\n"
            }
            "MAIL" => {
                attempts.fetch_add(1, Ordering::SeqCst);
                if mode == Mode::Reject {
                    b"554 5.7.1 Rejected: this sink refuses all mail\r\n"
                } else {
                    current.mail_from = command.clone();
                    current.rcpt_to.clear();
                    b"250 OK\r\n"
                }
            }
            "RCPT" => {
                current.rcpt_to.push(address(&command));
                b"250 OK\r\n"
            }
            "DATA" => {
                data_started.fetch_add(1, Ordering::SeqCst);
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                if mode == Mode::Stall {
                    std::future::pending::<()>().await;
                }
                let mut data = Vec::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                    data.extend_from_slice(unstuffed.as_bytes());
                }
                current.data = data;
                received.lock().unwrap().push(current.clone());
                b"250 OK queued\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}

/// `RCPT TO:<a@b>` → `a@b`.
fn address(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(a, _)| a.to_owned())
        .unwrap_or_default()
}
