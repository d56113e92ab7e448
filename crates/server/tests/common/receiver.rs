//! A webhook receiver for tests: a real HTTP/1.1 server on loopback that records every request
//! and answers from a script (a status, or silence past the sender's timeout).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How to answer one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// This HTTP status.
    Status(u16),
    /// Nothing for this long (longer than the sender's timeout), then 200.
    Hang(Duration),
}

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Header names lowercased.
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// A running receiver; stops when dropped.
pub struct Receiver {
    pub port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    task: JoinHandle<()>,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Receiver {
    /// Answers the n-th request with `script[n]`, and every later one with the last entry.
    pub async fn start(script: Vec<Answer>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests: Arc<Mutex<Vec<Request>>> = Arc::default();
        let seen = requests.clone();
        let script = Arc::new(script);
        let task = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (seen, script) = (seen.clone(), script.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, seen, script).await;
                });
            }
        });
        Receiver {
            port,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:{port}{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Requests so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// Waits up to `secs` seconds until `pred` holds for the requests; returns them.
    pub async fn wait_until(&self, secs: u64, pred: impl Fn(&[Request]) -> bool) -> Vec<Request> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let got = self.requests();
            if pred(&got) || tokio::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn serve(
    socket: tokio::net::TcpStream,
    seen: Arc<Mutex<Vec<Request>>>,
    script: Arc<Vec<Answer>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).await?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        let len: usize = headers
            .get("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).await?;
        let answer = {
            let mut seen = seen.lock().unwrap();
            let n = seen.len();
            seen.push(Request {
                method,
                path,
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            script
                .get(n)
                .or(script.last())
                .copied()
                .unwrap_or(Answer::Status(200))
        };
        let status = match answer {
            Answer::Status(s) => s,
            Answer::Hang(d) => {
                tokio::time::sleep(d).await;
                200
            }
        };
        let response = format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\n\r\nok");
        write.write_all(response.as_bytes()).await?;
    }
}
