//! Browser plumbing, each wrapped once: the clock, the URL, downloads, the clipboard, random seeds and the
//! panic panel. Nothing here computes science.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Whether a click on a link is a plain one (the main button, no modifier key), which the app may handle in
/// place; anything else asks the browser for a new tab or window, which the link's href does.
pub fn is_plain_click(ev: &web_sys::MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

/// Milliseconds since navigation (`performance.now()`), 0 when unavailable.
pub fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// The page's query string, with its `?`.
pub fn location_query() -> String {
    window().location().search().unwrap_or_default()
}

/// Whether a `key=value` pair of a query is a page-level flag: how to show the page (`embed=1`,
/// `controls=depth,init`, `tour=3`), not what to simulate — the config parser never sees them, and rewriting
/// the query keeps them. The list is the root crate's one list of page keys, [`initscope::state::PAGE_KEYS`].
fn is_page_flag(pair: &str) -> bool {
    let key = pair.split('=').next().unwrap_or_default();
    initscope::state::is_kept_page_flag(key)
}

/// The value of a page-level flag in the URL's query, if given.
pub fn page_flag(key: &str) -> Option<String> {
    initscope::state::query_pairs(&location_query())
        .into_iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// The URL's query without the page-level flags: what the config is read from.
pub fn config_query() -> String {
    location_query()
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !is_page_flag(p))
        .collect::<Vec<_>>()
        .join("&")
}

/// The page-level flags of the URL's query, as they were written.
fn page_flags_query() -> Vec<String> {
    location_query()
        .trim_start_matches('?')
        .split('&')
        .filter(|p| is_page_flag(p))
        .map(str::to_string)
        .collect()
}

/// [`set_page_flag`] in a new history entry, so that the browser's Back returns to the URL before it (the
/// guided tour's steps).
pub fn push_page_flag(key: &str, value: Option<&str>) {
    if let Ok(h) = window().history() {
        let here = current_href();
        let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&here));
    }
    set_page_flag(key, value);
}

/// Set (or, with `None`, remove) a page-level flag in the URL, keeping the settings and the other flags.
pub fn set_page_flag(key: &str, value: Option<&str>) {
    let mut flags: Vec<String> = page_flags_query()
        .into_iter()
        .filter(|p| p.split('=').next() != Some(key))
        .collect();
    if let Some(v) = value {
        flags.push(format!("{key}={v}"));
    }
    write_query(&join_query(config_query(), flags));
}

/// Settings first, then flags, `&`-joined.
fn join_query(settings: String, flags: Vec<String>) -> String {
    std::iter::once(settings)
        .chain(flags)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("&")
}

/// Replace the URL's query without adding a history entry; page-level flags already in it are kept.
pub fn replace_query(query: &str) {
    write_query(&join_query(query.to_string(), page_flags_query()));
}

/// Replace the URL's query as given, without adding a history entry.
fn write_query(query: &str) {
    let loc = window().location();
    let path = loc.pathname().unwrap_or_else(|_| "/".into());
    let hash = loc.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Replace the URL's fragment (without `#`) without adding a history entry or firing `hashchange`.
pub fn replace_hash(hash: &str) {
    let loc = window().location();
    let url = format!(
        "{}{}#{hash}",
        loc.pathname().unwrap_or_else(|_| "/".into()),
        loc.search().unwrap_or_default()
    );
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Go to the fragment `hash` (without `#`): a history entry and a `hashchange`, no reload.
pub fn set_hash(hash: &str) {
    let _ = window().location().set_hash(hash);
}

/// The full URL of the page as it is now.
pub fn current_href() -> String {
    window().location().href().unwrap_or_default()
}

/// A fresh random seed from the browser's generator (getrandom), kept below 2³² so it is easy to read.
pub fn random_seed() -> u64 {
    let mut b = [0u8; 4];
    match getrandom::fill(&mut b) {
        Ok(()) => u32::from_le_bytes(b) as u64,
        Err(_) => (now_ms() * 1000.0) as u64 % (1 << 32),
    }
}

/// Offer `href` (a data: or blob: URL) as a download named `name`.
pub fn download_href(href: &str, name: &str) {
    let doc = document();
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let a: web_sys::HtmlAnchorElement = a.unchecked_into();
    a.set_href(href);
    a.set_download(name);
    a.click();
}

/// Offer text as a file download.
pub fn download_text(text: &str, name: &str, mime: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) {
        if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
            download_href(&url, name);
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }
}

/// Copy text to the clipboard; `done` gets whether it worked.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let promise = window().navigator().clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Read a value from localStorage (`None` when absent or when storage is unavailable).
pub fn stored(key: &str) -> Option<String> {
    window()
        .local_storage()
        .ok()
        .flatten()?
        .get_item(key)
        .ok()
        .flatten()
}

/// Write a value to localStorage (silently skipped when storage is unavailable, e.g. private mode).
pub fn store(key: &str, value: &str) {
    if let Some(s) = window().local_storage().ok().flatten() {
        let _ = s.set_item(key, value);
    }
}

/// The URL's fragment without `#`.
pub fn location_hash() -> String {
    window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_string()
}

/// If anything ever panics, replace the frozen page with a readable panel and a way back to defaults.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
        let doc = document();
        let Some(body) = doc.body() else { return };
        let panel = doc.create_element("div").ok();
        if let Some(panel) = panel {
            panel.set_id("panic-panel");
            let _ = panel.set_attribute("role", "alert");
            let title = doc.create_element("h2").ok();
            let text = doc.create_element("p").ok();
            let link = doc.create_element("a").ok();
            if let (Some(t), Some(p), Some(a)) = (title, text, link) {
                t.set_text_content(Some("Initscope stopped with an internal error"));
                p.set_text_content(Some(&format!(
                    "This is a bug, not something you did. Details: {info}"
                )));
                a.set_text_content(Some("Reset to defaults and reload"));
                let _ = a.set_attribute("href", "?");
                let _ = panel.append_child(&t);
                let _ = panel.append_child(&p);
                let _ = panel.append_child(&a);
            }
            body.set_text_content(None);
            let _ = body.append_child(&panel);
        }
    }));
}
