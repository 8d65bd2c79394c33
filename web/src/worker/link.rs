//! The page's side of the worker: [`WorkerLink::start`] is the one way to start a worker (the Lab and the
//! race each hold one). It posts [`Request`]s and hands every decoded [`Reply`] to one callback.
//!
//! When no worker can run (no `Worker` in this browser, a policy that forbids it, a script that fails), the
//! page computes nothing itself — its .wasm holds no engine run, which keeps it small — and [`missing`] says
//! why, for the banner the app shows. The component tests, whose server has no worker script, register the
//! worker's own [`handler`](super::handler) with [`serve_on_page`]; then requests are served on the page, a
//! task later. Either way the callback is never called from inside [`WorkerLink::post`] or
//! [`WorkerLink::restart`], so callers may hold their own state borrowed while posting.

use super::js::{from_js, to_js};
use initscope::protocol::{Reply, Request};
use leptos::prelude::{set_timeout, ArcRwSignal, Get, Set};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker's script, written by Trunk's loader shim.
const WORKER_URL: &str = "./initscope-worker_loader.js";

/// A handler that serves requests on the page (the worker's own [`handler::handle`](super::handler::handle)).
pub type LocalHandler = fn(Request, &mut dyn FnMut() -> f64, &mut dyn FnMut(Reply));

thread_local! {
    /// The on-page handler, when one is registered.
    static LOCAL: Cell<Option<LocalHandler>> = const { Cell::new(None) };
    /// Why no worker could start (`None` while every worker runs).
    static MISSING: ArcRwSignal<Option<String>> = ArcRwSignal::new(None);
}

/// Serve requests on the page with `handler` when no worker can start, instead of reporting [`missing`]. For
/// test pages: linking the handler puts the whole engine into the page's .wasm.
pub fn serve_on_page(handler: LocalHandler) {
    LOCAL.with(|l| l.set(Some(handler)));
}

/// Why this page has no worker, in words for the reader (reactive; `None` while workers run).
pub fn missing() -> Option<String> {
    MISSING.with(|m| m.get())
}

struct Inner {
    on_reply: Rc<dyn Fn(Reply)>,
    worker: RefCell<Option<web_sys::Worker>>,
    /// Requests are served on the page (no worker could run).
    local: Cell<bool>,
    /// Bumped by every spawn; messages from an older worker are ignored.
    epoch: Cell<u64>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(w) = self.worker.get_mut().take() {
            w.terminate();
        }
    }
}

/// A started worker (or its on-page stand-in). Cloning shares it; dropping the last clone terminates it.
#[derive(Clone)]
pub struct WorkerLink(Rc<Inner>);

impl WorkerLink {
    /// Start a worker whose replies go to `on_reply`. Its first reply is [`Reply::Ready`]; after a crash,
    /// `Ready` comes again (now from the page), and whatever was in flight must be sent again.
    pub fn start(on_reply: impl Fn(Reply) + 'static) -> WorkerLink {
        let link = WorkerLink(Rc::new(Inner {
            on_reply: Rc::new(on_reply),
            worker: RefCell::new(None),
            local: Cell::new(false),
            epoch: Cell::new(0),
        }));
        link.spawn();
        link
    }

    /// Whether requests are served on the page rather than by a worker.
    pub fn is_local(&self) -> bool {
        self.0.local.get()
    }

    /// Send a request. If the worker cannot take it, the link fails over (see [`WorkerLink::fail`]). Without
    /// a worker or an on-page handler the request is dropped ([`missing`] says why).
    pub fn post(&self, req: Request) {
        if self.is_local() {
            let Some(handle) = LOCAL.with(Cell::get) else {
                return;
            };
            let weak = Rc::downgrade(&self.0);
            set_timeout(
                move || {
                    if let Some(inner) = weak.upgrade() {
                        let on_reply = inner.on_reply.clone();
                        drop(inner);
                        handle(req, &mut now_ms, &mut |r| on_reply(r));
                    }
                },
                Duration::ZERO,
            );
            return;
        }
        let (msg, transfer) = to_js(&req.encode());
        let sent = self
            .0
            .worker
            .borrow()
            .as_ref()
            .map(|w| w.post_message_with_transfer(&msg, &transfer));
        match sent {
            Some(Ok(())) => {}
            Some(Err(e)) => self.fail(&e),
            None => self.fail(&"no worker".into()),
        }
    }

    /// Terminate the worker and start a fresh one, cancelling whatever it was computing; [`Reply::Ready`]
    /// follows. Returns `false` (and does nothing) when requests are served on the page.
    pub fn restart(&self) -> bool {
        if self.is_local() {
            return false;
        }
        if let Some(w) = self.0.worker.borrow_mut().take() {
            w.terminate();
        }
        self.spawn();
        true
    }

    fn spawn(&self) {
        let epoch = self.0.epoch.get() + 1;
        self.0.epoch.set(epoch);
        match new_worker(Rc::downgrade(&self.0), epoch) {
            Ok(w) => *self.0.worker.borrow_mut() = Some(w),
            Err(e) => self.fail(&e),
        }
    }

    /// The worker cannot run: from now on requests go to the on-page handler, which says [`Reply::Ready`] (a
    /// task later); without one, [`missing`] explains why nothing is computed.
    fn fail(&self, why: &JsValue) {
        web_sys::console::warn_2(&"initscope: no web worker:".into(), why);
        self.0.local.set(true);
        self.0.epoch.set(self.0.epoch.get() + 1);
        if let Some(w) = self.0.worker.borrow_mut().take() {
            w.terminate();
        }
        if LOCAL.with(Cell::get).is_none() {
            let reason = reason(why);
            MISSING.with(|m| m.set(Some(reason)));
            return;
        }
        let weak = Rc::downgrade(&self.0);
        set_timeout(
            move || {
                if let Some(inner) = weak.upgrade() {
                    let on_reply = inner.on_reply.clone();
                    drop(inner);
                    on_reply(Reply::Ready);
                }
            },
            Duration::ZERO,
        );
    }
}

/// What went wrong, in a few words: an error's or an error event's message, else a plain cause.
fn reason(why: &JsValue) -> String {
    let message = if let Some(e) = why.dyn_ref::<js_sys::Error>() {
        String::from(e.message())
    } else if let Some(e) = why.dyn_ref::<web_sys::ErrorEvent>() {
        e.message()
    } else {
        why.as_string().unwrap_or_default()
    };
    if message.is_empty() {
        "the worker's script could not be loaded".to_string()
    } else {
        message
    }
}

/// Milliseconds on the page's clock.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// The global under which index.html's inline script leaves the worker it started before the page's own
/// WebAssembly loaded: `{ worker, early }`, `early` the events it sent meanwhile.
const EARLY: &str = "initscopeEarlyWorker";

/// The worker index.html started, with the message and error events it sent so far (once: the first link
/// to ask takes it). The two compile in parallel, so the first run is not queued behind the page's start.
fn adopt_early() -> Option<(web_sys::Worker, js_sys::Array)> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(EARLY);
    let early = js_sys::Reflect::get(&window, &key).ok()?;
    js_sys::Reflect::delete_property(&window, &key).ok()?;
    let get = |name: &str| js_sys::Reflect::get(&early, &JsValue::from_str(name)).ok();
    Some((
        get("worker")?.dyn_into().ok()?,
        get("early")?.dyn_into().ok()?,
    ))
}

/// Start a worker whose messages go to the link (while it is alive and this is its current worker): the one
/// index.html started, if no link took it yet, else a new one.
fn new_worker(link: Weak<Inner>, epoch: u64) -> Result<web_sys::Worker, JsValue> {
    let (worker, early) = match adopt_early() {
        Some((worker, early)) => (worker, Some(early)),
        None => (web_sys::Worker::new(WORKER_URL)?, None),
    };
    let current = {
        let link = link.clone();
        move || link.upgrade().filter(|l| l.epoch.get() == epoch)
    };
    let on_message = {
        let current = current.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(on_reply) = current().map(|l| l.on_reply.clone()) else {
                return;
            };
            match from_js(&ev.data()).and_then(|f| Reply::decode(&f)) {
                Ok(reply) => on_reply(reply),
                Err(e) => {
                    web_sys::console::error_1(&format!("initscope: {e}").into());
                    on_reply(Reply::Error {
                        id: None,
                        message: e.to_string(),
                    });
                }
            }
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        if let Some(inner) = current() {
            WorkerLink(inner).fail(&ev);
        }
    });
    let (on_message, on_error): (js_sys::Function, js_sys::Function) = (
        on_message.into_js_value().unchecked_into(),
        on_error.into_js_value().unchecked_into(),
    );
    let adopted = early.is_some();
    let attach = {
        let worker = worker.clone();
        move || {
            worker.set_onmessage(Some(&on_message));
            worker.set_onerror(Some(&on_error));
            // What an adopted worker said before: in order, a task after the link started (the callback is
            // never called from inside `start`); its early listener kept collecting until now.
            for ev in early.iter().flat_map(|e| e.iter()) {
                let handler = if ev.has_type::<web_sys::MessageEvent>() {
                    &on_message
                } else {
                    &on_error
                };
                let _ = handler.call1(&JsValue::NULL, &ev);
            }
        }
    };
    if adopted {
        set_timeout(attach, Duration::ZERO);
    } else {
        attach();
    }
    Ok(worker)
}
