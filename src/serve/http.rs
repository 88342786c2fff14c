//! The preview's HTTP side, on hyper: conformant answers to malformed requests (hyper's 400,
//! 408, 431 and 505; ours for a missing `Host`, 405 and 421), a `Host` allow-list so a web page
//! cannot read the preview through DNS rebinding, caps on connections and event streams, and
//! deadlines for reading a request and for writing an answer.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Version};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::Semaphore;

use super::events::{self, ResponseBody};
use super::{Files, Shared};

/// Connections served at once; more wait in the listen queue until one ends.
const MAX_CONNECTIONS: usize = 64;
/// Open pages with live reload at once; more are told to come back later (503).
const MAX_EVENT_STREAMS: usize = 16;
/// The request line and headers must arrive within this (else 408).
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// A client that takes no bytes of an answer for this long is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The most a request's line and headers may take (else 431); browsers send 1–2 KB.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How many folders deep a 404 page is looked for: the sub-path's and a language's.
const MAX_404_DEPTH: usize = 8;

const EVENTS: &str = "/__planverk/events";
const SCRIPT: &str = "/__planverk/live.js";
const LIVE_JS: &str = include_str!("live-reload.js");

/// Serves on `listener` until the process ends.
pub fn run(listener: TcpListener, shared: Arc<Shared>) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("planverk-http")
        .enable_all()
        .build()?;
    runtime.block_on(accept(listener, shared))
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let bound = listener.local_addr()?;
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let streams = Arc::new(Semaphore::new(MAX_EVENT_STREAMS));
    loop {
        let Ok(permit) = connections.clone().acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or a connection reset before it was taken: wait a
                // moment instead of spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (shared, streams) = (shared.clone(), streams.clone());
        tokio::spawn(async move {
            let mut stream = Deadline::new(stream, WRITE_TIMEOUT);
            let head = match read_head(&mut stream).await {
                Head::Complete(head) => head,
                Head::Refused(answer) => {
                    let _ = stream.write_all(answer.as_bytes()).await;
                    let _ = stream.shutdown().await;
                    return;
                }
                Head::Gone => return,
            };
            let service = hyper::service::service_fn(move |request| {
                let answer = answer(&request, &shared, &streams, bound);
                async move { Ok::<_, Infallible>(answer) }
            });
            // One request a connection: every request passes `read_head`'s deadline.
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD_BYTES)
                .keep_alive(false)
                .serve_connection(TokioIo::new(Prefixed { head, stream }), service)
                .await;
            drop(permit);
        });
    }
}

/// What came of waiting for a request's head.
enum Head {
    /// The bytes read so far (the whole head, or more than a head may be), for hyper to parse.
    Complete(Bytes),
    /// An answer hyper does not give: 408 for a head that came too slowly, 505 for an HTTP
    /// version other than 1.0 and 1.1.
    Refused(&'static str),
    /// The client left or never sent a byte.
    Gone,
}

const TIMEOUT_408: &str =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
const VERSION_505: &str = "HTTP/1.1 505 HTTP Version Not Supported\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 27\r\n\r\nOnly HTTP/1.0 and HTTP/1.1.\n";

/// Reads until the end of the request's head (a blank line) within `HEADER_TIMEOUT`. Only the
/// version at the end of the request line is looked at here; hyper parses the rest.
async fn read_head(stream: &mut Deadline) -> Head {
    let mut buffer = Vec::with_capacity(1024);
    let reading = async {
        let mut chunk = [0u8; 4096];
        loop {
            let n = stream.read(&mut chunk).await.unwrap_or(0);
            if n == 0 {
                return false;
            }
            buffer.extend_from_slice(&chunk[..n]);
            let ended = buffer.windows(4).any(|w| w == b"\r\n\r\n")
                || buffer.windows(2).any(|w| w == b"\n\n");
            if ended || buffer.len() > MAX_HEAD_BYTES {
                return true;
            }
        }
    };
    let complete = match tokio::time::timeout(HEADER_TIMEOUT, reading).await {
        Ok(complete) => complete,
        Err(_) if buffer.is_empty() => return Head::Gone,
        Err(_) => return Head::Refused(TIMEOUT_408),
    };
    if !complete && buffer.is_empty() {
        return Head::Gone;
    }
    let line_end = buffer
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(buffer.len());
    let line = String::from_utf8_lossy(&buffer[..line_end]);
    let version = line.split_whitespace().nth(2).unwrap_or("");
    let other_version = version.strip_prefix("HTTP/").is_some_and(|v| {
        !matches!(v, "1.0" | "1.1") && v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    });
    if other_version {
        return Head::Refused(VERSION_505);
    }
    Head::Complete(Bytes::from(buffer))
}

/// The answer to one request.
fn answer(
    request: &Request<Incoming>,
    shared: &Shared,
    streams: &Arc<Semaphore>,
    bound: SocketAddr,
) -> Response<ResponseBody> {
    let hosts = request.headers().get_all(header::HOST);
    let mut hosts = hosts.iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => Some(host.to_str().unwrap_or("")),
        (None, _) => None,
        (Some(_), Some(_)) => return plain(StatusCode::BAD_REQUEST, "More than one Host.\n"),
    };
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is answered 400.
    if host.is_none() && request.version() == Version::HTTP_11 {
        return plain(StatusCode::BAD_REQUEST, "Host is required.\n");
    }
    let authority = request.uri().authority().map(|a| a.as_str());
    if host
        .into_iter()
        .chain(authority)
        .any(|name| !is_allowed_host(name, bound))
    {
        return plain(
            StatusCode::MISDIRECTED_REQUEST,
            "This preview answers only to localhost.\n",
        );
    }
    let head_only = match *request.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => {
            let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD.\n");
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
    };
    let path = request.uri().path();
    if path == EVENTS {
        let Ok(permit) = streams.clone().try_acquire_owned() else {
            let mut response = plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "Too many open pages with live reload.\n",
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            return response;
        };
        let mut response = Response::new(events::stream(shared.notices.subscribe(), permit));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return response;
    }
    if path == SCRIPT {
        return file(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            Bytes::from_static(LIVE_JS.as_bytes()),
            head_only,
        );
    }
    let files = shared.snapshot();
    if files.is_empty() {
        // No build has succeeded yet: every address shows what to fix, and reloads once fixed.
        let page = match &shared.notices.borrow().change {
            super::Change::Errors(report) => super::failure_page(report),
            _ => super::failure_page("{}"),
        };
        return file(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            with_live_reload(page.as_bytes()),
            head_only,
        );
    }
    match resolve(path, &files) {
        Resolved::File(key) => {
            let body = files[&key].clone();
            let mime = content_type(&key);
            let body = if mime.starts_with("text/html") {
                with_live_reload(&body)
            } else {
                body
            };
            file(StatusCode::OK, mime, body, head_only)
        }
        Resolved::Redirect(location) => {
            let mut response = file(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                Bytes::new(),
                head_only,
            );
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound(page) => {
            let body = page
                .and_then(|p| files.get(&p))
                .map(|b| with_live_reload(b))
                .unwrap_or_else(|| Bytes::from_static(b"Not found\n"));
            file(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                body,
                head_only,
            )
        }
    }
}

/// Whether `authority` (`host` or `host:port`) names this preview: `localhost`, a loopback
/// address or the address it is bound to, on its port. A DNS name that an attacker points at
/// 127.0.0.1 is none of these, so a page of theirs gets nothing.
fn is_allowed_host(authority: &str, bound: SocketAddr) -> bool {
    let (name, port) = match authority.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => (name, Some(port)),
        _ => (authority, None),
    };
    let port_ok = match port {
        Some(port) => port.parse::<u16>() == Ok(bound.port()),
        None => bound.port() == 80,
    };
    let ip = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
        .parse::<IpAddr>();
    let name_ok = name.eq_ignore_ascii_case("localhost")
        || match ip {
            // Any address of this machine when bound to all of them (`--bind 0.0.0.0`).
            Ok(ip) => ip.is_loopback() || ip == bound.ip() || bound.ip().is_unspecified(),
            Err(_) => false,
        };
    // An IPv6 literal must be in brackets in an authority.
    let bracketed = !matches!(ip, Ok(IpAddr::V6(_))) || name.starts_with('[');
    port_ok && name_ok && bracketed
}

fn plain(status: StatusCode, text: &'static str) -> Response<ResponseBody> {
    file(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(text.as_bytes()),
        false,
    )
}

fn file(
    status: StatusCode,
    mime: &'static str,
    body: Bytes,
    head_only: bool,
) -> Response<ResponseBody> {
    let length = body.len();
    let mut response = Response::new(ResponseBody::Full((!head_only).then_some(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

enum Resolved {
    File(String),
    Redirect(String),
    /// With the 404 page to show, if the site has one.
    NotFound(Option<String>),
}

/// Maps a request path to a file of the site. Anything that could climb out (`..`, encoded or
/// not, backslashes, NUL) is simply not found: the site is a map of its own paths.
fn resolve(raw: &str, files: &Files) -> Resolved {
    let not_found = || {
        // The deepest folder of the address with a 404 page of its own: a language's
        // (`sma/404.html`), also under a sub-path (`utviklingsplan/sma/404.html`), else the site's.
        let folders: Vec<usize> = raw
            .match_indices('/')
            .map(|(at, _)| at)
            .take(MAX_404_DEPTH)
            .collect();
        let page = folders
            .iter()
            .rev()
            .map(|&at| format!("{}404.html", &raw[1..=at]))
            .find(|p| files.contains_key(p));
        Resolved::NotFound(page)
    };
    let Some(path) = percent_decode(raw) else {
        return not_found();
    };
    if !path.starts_with('/')
        || path.contains(['\\', '\0'])
        || path.split('/').any(|s| s == ".." || s == ".")
    {
        return not_found();
    }
    let key = path.trim_start_matches('/');
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if files.contains_key(&index) {
            Resolved::File(index)
        } else {
            not_found()
        };
    }
    if files.contains_key(key) {
        Resolved::File(key.to_string())
    } else if files.contains_key(&format!("{key}/index.html")) {
        Resolved::Redirect(format!("{path}/"))
    } else {
        not_found()
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn with_live_reload(html: &[u8]) -> Bytes {
    let tag = format!("<script src=\"{SCRIPT}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    Bytes::from(match text.find("</head>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]),
        None => format!("{text}{tag}"),
    })
}

pub fn content_type(path: &str) -> &'static str {
    if path.ends_with("atom.xml") {
        return "application/atom+xml";
    }
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A connection with a write deadline: when the client takes no bytes for `WRITE_TIMEOUT`,
/// writing fails and the connection is dropped, so a slow reader cannot hold it for ever.
struct Deadline<S = tokio::net::TcpStream> {
    stream: S,
    timeout: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> Deadline<S> {
    fn new(stream: S, timeout: Duration) -> Deadline<S> {
        Deadline {
            stream,
            timeout,
            stalled: None,
        }
    }

    /// Passes a write's result through, arming the deadline while it is pending.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let timeout = self.timeout;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Deadline<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Deadline<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.watch(cx, poll)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.stream).poll_flush(cx);
        this.watch(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// The connection with the head `read_head` took from it put back in front, for hyper.
struct Prefixed {
    head: Bytes,
    stream: Deadline,
}

impl AsyncRead for Prefixed {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.head.is_empty() {
            let n = this.head.len().min(buf.remaining());
            buf.put_slice(&this.head.split_to(n));
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Prefixed {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Files {
        [
            "index.html",
            "404.html",
            "kapittel-4/index.html",
            "assets/style.css",
            "sma/404.html",
        ]
        .into_iter()
        .map(|p| (p.to_string(), Bytes::new()))
        .collect()
    }

    #[test]
    fn paths_resolve_to_site_files_only() {
        let files = site();
        assert!(matches!(resolve("/", &files), Resolved::File(p) if p == "index.html"));
        assert!(
            matches!(resolve("/kapittel-4/", &files), Resolved::File(p) if p == "kapittel-4/index.html")
        );
        assert!(
            matches!(resolve("/kapittel-4", &files), Resolved::Redirect(p) if p == "/kapittel-4/")
        );
        assert!(matches!(
            resolve("/assets/style.css", &files),
            Resolved::File(_)
        ));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/assets/..%2f..%2fetc/passwd",
            "//etc/passwd",
            "/assets\\..\\x",
            "/%00",
            "/%zz",
        ] {
            assert!(
                matches!(resolve(bad, &files), Resolved::NotFound(_)),
                "{bad}"
            );
        }
        assert!(
            matches!(resolve("/sma/finnes-ikke/", &files), Resolved::NotFound(Some(p)) if p == "sma/404.html")
        );
        assert!(
            matches!(resolve("/finnes-ikke/", &files), Resolved::NotFound(Some(p)) if p == "404.html")
        );
        // Under a sub-path, each language keeps its own.
        let mounted: Files = ["utviklingsplan/404.html", "utviklingsplan/sma/404.html"]
            .into_iter()
            .map(|p| (p.to_string(), Bytes::new()))
            .collect();
        for (path, page) in [
            (
                "/utviklingsplan/sma/finnes-ikke/",
                "utviklingsplan/sma/404.html",
            ),
            ("/utviklingsplan/sma/a/b/c", "utviklingsplan/sma/404.html"),
            ("/utviklingsplan/finnes-ikke/", "utviklingsplan/404.html"),
            ("/utviklingsplan/smaa/", "utviklingsplan/404.html"),
        ] {
            assert!(
                matches!(resolve(path, &mounted), Resolved::NotFound(Some(p)) if p == page),
                "{path}"
            );
        }
        assert!(matches!(
            resolve("/annet/", &mounted),
            Resolved::NotFound(None)
        ));
    }

    #[test]
    fn the_reload_script_goes_into_the_head() {
        let html = with_live_reload(b"<html><head><title>x</title></head><body></body></html>");
        let text = String::from_utf8(html.to_vec()).unwrap();
        assert!(
            text.contains("<script src=\"/__planverk/live.js\" defer></script></head>"),
            "{text}"
        );
    }

    #[test]
    fn a_client_that_stops_reading_is_dropped_at_the_write_deadline() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            // The other end never reads, so a tiny pipe fills at once.
            let (ours, _theirs) = tokio::io::duplex(64);
            let mut stream = Deadline::new(ours, Duration::from_millis(200));
            let start = std::time::Instant::now();
            let error = stream.write_all(&[0u8; 4096]).await.unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::TimedOut);
            assert!(start.elapsed() < Duration::from_secs(2));
        });
    }

    #[test]
    fn only_loopback_names_on_the_bound_port_are_allowed() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for ok in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
        ] {
            assert!(is_allowed_host(ok, loopback), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1:80",
            "localhost",
            "192.168.1.9:1111",
            "::1:1111",
            "",
            "localhost:1111:1111",
        ] {
            assert!(!is_allowed_host(bad, loopback), "{bad}");
        }
        let all: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(is_allowed_host("192.168.1.9:1111", all));
        assert!(!is_allowed_host("rebind.evil.example:1111", all));
        let lan: SocketAddr = "192.168.1.9:8080".parse().unwrap();
        assert!(is_allowed_host("192.168.1.9:8080", lan));
        assert!(!is_allowed_host("192.168.1.10:8080", lan));
    }
}
