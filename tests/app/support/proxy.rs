//! A loopback HTTP proxy in front of moto, for what the emulator cannot show by itself:
//! a process killed after its N-th AWS call, and AWS errors on chosen operations.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A canned AWS error for requests whose body contains every string of `matches`
/// (e.g. `Action=CreateGroup&` and `GroupName=pm`).
#[derive(Clone)]
pub struct Fault {
    pub matches: Vec<String>,
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Answer with the fault this many times, then forward as usual (None: always).
    pub times: Option<usize>,
    /// A canned body to answer with instead of an error (e.g. one page of a listing).
    pub body: Option<String>,
}

#[derive(Default)]
struct Shared {
    calls: AtomicUsize,
    kill_after: AtomicUsize,
    victim: AtomicI32,
    faults: Mutex<Vec<Fault>>,
    /// Answer every N-th request with `Throttling` (0: never), counted in `requests`.
    throttle_every: AtomicUsize,
    requests: AtomicUsize,
    throttled: AtomicUsize,
}

pub struct Proxy {
    pub endpoint: String,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Forward to `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str) -> Proxy {
        let upstream = upstream.trim_start_matches("http://").to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (s, upstream) = (s.clone(), upstream.clone());
                std::thread::spawn(move || serve(client, &upstream, &s));
            }
        });
        Proxy { endpoint, shared }
    }

    /// SIGKILL `pid` once the N-th call has reached AWS, before its answer gets back.
    pub fn kill_after(&self, n: usize, pid: u32) {
        self.shared.calls.store(0, Ordering::SeqCst);
        self.shared.victim.store(pid as i32, Ordering::SeqCst);
        self.shared.kill_after.store(n, Ordering::SeqCst);
    }

    pub fn disarm(&self) {
        self.shared.kill_after.store(0, Ordering::SeqCst);
    }

    pub fn fault(&self, fault: Fault) {
        self.shared.faults.lock().unwrap().push(fault);
    }

    /// Answer every `n`-th request with HTTP 400 `Throttling`, as IAM does over its rate.
    pub fn throttle_every(&self, n: usize) {
        self.shared.throttle_every.store(n, Ordering::SeqCst);
    }

    /// How many requests were answered with `Throttling`.
    pub fn throttled(&self) -> usize {
        self.shared.throttled.load(Ordering::SeqCst)
    }

    pub fn clear_faults(&self) {
        self.shared.faults.lock().unwrap().clear();
    }
}

/// Read one HTTP/1.1 request: head and body (Content-Length framing).
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(Vec<String>, Vec<u8>)> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        head.push(line);
    }
    let len = head
        .iter()
        .find_map(|h| {
            let (k, v) = h.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some((head, body))
}

fn serve(client: TcpStream, upstream: &str, s: &Shared) {
    let mut writer = client.try_clone().unwrap();
    let mut reader = BufReader::new(client);
    while let Some((head, body)) = read_request(&mut reader) {
        let text = String::from_utf8_lossy(&body);
        let every = s.throttle_every.load(Ordering::SeqCst);
        let throttle =
            every > 0 && (s.requests.fetch_add(1, Ordering::SeqCst) + 1).is_multiple_of(every);
        if throttle {
            s.throttled.fetch_add(1, Ordering::SeqCst);
        }
        let fault = if throttle {
            Some(Fault {
                matches: vec![],
                status: 400,
                code: "Throttling".into(),
                message: "Rate exceeded".into(),
                times: None,
                body: None,
            })
        } else {
            let mut faults = s.faults.lock().unwrap();
            let hit = faults.iter_mut().find(|f| {
                f.times != Some(0) && f.matches.iter().all(|m| text.contains(m.as_str()))
            });
            hit.map(|f| {
                f.times = f.times.map(|n| n - 1);
                f.clone()
            })
        };
        if let Some(f) = fault {
            let xml = f.body.clone().unwrap_or_else(|| format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{}</Code><Message>{}</Message></Error>\
                 <RequestId>fault</RequestId></ErrorResponse>",
                f.code, f.message
            ));
            let resp = format!(
                "HTTP/1.1 {} Fault\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{xml}",
                f.status,
                xml.len()
            );
            if writer.write_all(resp.as_bytes()).is_err() {
                return;
            }
            continue;
        }
        let n = s.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let mut up = TcpStream::connect(upstream).unwrap();
        for h in &head {
            if !h.to_ascii_lowercase().starts_with("connection:") {
                up.write_all(h.as_bytes()).unwrap();
            }
        }
        up.write_all(b"Connection: close\r\n\r\n").unwrap();
        up.write_all(&body).unwrap();
        let mut response = Vec::new();
        let _ = up.read_to_end(&mut response);
        let limit = s.kill_after.load(Ordering::SeqCst);
        if limit > 0 && n >= limit {
            // SAFETY: sending a signal to a child process id we started.
            unsafe { libc::kill(s.victim.load(Ordering::SeqCst), libc::SIGKILL) };
            return;
        }
        if writer.write_all(&response).is_err() {
            return;
        }
        // The upstream closed after its answer; tell the client to reconnect too.
        return;
    }
}
