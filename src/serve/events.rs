//! The live-reload event stream (Server-Sent Events): one small task per open page that turns
//! the latest notice into `reload`, `css`, `build-error` or `build-warning` events, with a
//! keep-alive comment.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame};
use tokio::sync::{OwnedSemaphorePermit, mpsc, watch};

use super::{Change, Notice};

/// How often a quiet stream sends a comment, so proxies and the browser keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A page that does not take an event for this long is gone; its stream ends.
const SEND_DEADLINE: Duration = Duration::from_secs(10);

/// A response body: a whole file, or an event stream that lasts while the page is open.
pub enum ResponseBody {
    Full(Option<Bytes>),
    Events(mpsc::Receiver<Bytes>),
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            ResponseBody::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            ResponseBody::Events(rx) => rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ResponseBody::Full(None))
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            ResponseBody::Full(Some(b)) => hyper::body::SizeHint::with_exact(b.len() as u64),
            ResponseBody::Full(None) => hyper::body::SizeHint::with_exact(0),
            ResponseBody::Events(_) => hyper::body::SizeHint::default(),
        }
    }
}

/// Starts the event stream of one page; `permit` counts it against the cap until it ends.
pub fn stream(notices: watch::Receiver<Notice>, permit: OwnedSemaphorePermit) -> ResponseBody {
    let (tx, rx) = mpsc::channel(4);
    tokio::spawn(feed(notices, tx, permit));
    ResponseBody::Events(rx)
}

async fn feed(
    mut notices: watch::Receiver<Notice>,
    tx: mpsc::Sender<Bytes>,
    _permit: OwnedSemaphorePermit,
) {
    let send = |message: String| {
        let tx = tx.clone();
        async move {
            matches!(
                tokio::time::timeout(SEND_DEADLINE, tx.send(Bytes::from(message))).await,
                Ok(Ok(()))
            )
        }
    };
    // A page opened while the build is broken shows the errors at once; one opened while the
    // content differs from its stored revision (a reload after a save) shows that warning.
    let current = notices.borrow_and_update().clone();
    let mut first = "retry: 500\n\n".to_string();
    match (&current.change, &current.warnings) {
        (Change::Errors(json), _) => {
            first.push_str(&format!("event: build-error\ndata: {json}\n\n"))
        }
        (_, Some(json)) => first.push_str(&warning(json)),
        _ => {}
    }
    if !send(first).await {
        return;
    }
    loop {
        // A closed page frees its place at once, not at the next event.
        let changed = tokio::select! {
            changed = tokio::time::timeout(KEEP_ALIVE, notices.changed()) => changed,
            () = tx.closed() => return,
        };
        let message = match changed {
            Err(_) => ": keep-alive\n\n".to_string(),
            Ok(Err(_)) => return,
            Ok(Ok(())) => {
                let notice = notices.borrow_and_update().clone();
                match notice.change {
                    Change::None => continue,
                    Change::Reload => "event: reload\ndata: \n\n".to_string(),
                    Change::Css => format!("event: css\ndata: {}\n\n", notice.generation),
                    Change::Errors(json) => format!("event: build-error\ndata: {json}\n\n"),
                    Change::Warnings => warning(notice.warnings.as_deref().unwrap_or("{}")),
                }
            }
        };
        if !send(message).await {
            return;
        }
    }
}

/// The revision warning as an event; `{}` (no errors listed) takes the panel away.
fn warning(json: &str) -> String {
    format!("event: build-warning\ndata: {json}\n\n")
}
