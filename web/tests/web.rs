//! Component tests in headless Chromium (wasm-bindgen-test): mount the app, drive a control, and check the
//! memo and the table follow. Run by `cargo test --target wasm32-unknown-unknown --test web`; natively this
//! file is empty on purpose.
#![cfg(target_arch = "wasm32")]

use initscope_web::app::App;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_fresh(query: &str) -> (web_sys::Element, impl Drop) {
    // The test server has no worker script: the worker's own handler serves the requests on the page.
    initscope_web::worker::link::serve_on_page(initscope_web::worker::handler::handle);
    let w = window();
    let path = w.location().pathname().unwrap();
    w.history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        )
        .unwrap();
    let doc = document();
    let host = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), App);
    (host, handle)
}

/// Wait (up to 5 s, in 20 ms steps) until `cond` holds: runs arrive asynchronously from the worker — here
/// from its handler on the page (see [`mount_fresh`]).
async fn until(mut cond: impl FnMut() -> bool) {
    for _ in 0..250 {
        if cond() {
            return;
        }
        let p = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        tick().await;
    }
    assert!(cond(), "condition not met within 5 s");
}

fn rows(host: &web_sys::Element) -> u32 {
    host.query_selector_all("#layer-stats tbody tr")
        .unwrap()
        .length()
}

fn change(host: &web_sys::Element, selector: &str, value: &str) {
    let el: web_sys::HtmlInputElement = host
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.set_value(value);
    el.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn depth_box_changes_the_table_and_the_url() {
    let (host, _h) = mount_fresh("?depth=6&width=16&batch=4");
    until(|| rows(&host) == 6).await;
    change(&host, "#depth", "9");
    until(|| rows(&host) == 9).await;
    assert!(window().location().search().unwrap().contains("depth=9"));
    host.remove();
}

#[wasm_bindgen_test]
async fn rejected_value_is_explained_and_changes_nothing() {
    let (host, _h) = mount_fresh("?depth=5&width=16&batch=4");
    until(|| rows(&host) == 5).await;
    change(&host, "#depth", "500");
    tick().await;
    assert_eq!(rows(&host), 5, "an out-of-range depth is not applied");
    let err = host
        .query_selector("#depth-error")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(err.contains("1 to 200"), "{err}");
    host.remove();
}

#[wasm_bindgen_test]
async fn initializer_select_switches_the_verdict() {
    let (host, _h) = mount_fresh("?init=zero&depth=4&width=8&batch=4");
    let verdict = host.query_selector("#verdict").unwrap().unwrap();
    let kind = move || verdict.get_attribute("data-kind").unwrap_or_default();
    until(|| kind() == "collapsed").await;
    let sel: web_sys::HtmlSelectElement = host
        .query_selector("#init")
        .unwrap()
        .unwrap()
        .unchecked_into();
    sel.set_value("he-normal");
    sel.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    until(|| !kind().is_empty() && kind() != "collapsed").await;
    let cell = host
        .query_selector("tr[data-layer=\"1\"] td[data-field=\"distinct_units\"]")
        .unwrap()
        .unwrap();
    assert_eq!(
        cell.get_attribute("data-value").as_deref(),
        Some("8"),
        "random weights break the symmetry"
    );
    host.remove();
}

#[wasm_bindgen_test]
async fn bad_url_shows_a_notice() {
    let (host, _h) = mount_fresh("?depth=abc&depth=3&width=8&batch=2&oops=1");
    until(|| rows(&host) == 3).await;
    let notice = host
        .query_selector("#notice")
        .unwrap()
        .expect("notice shown");
    let text = notice.text_content().unwrap();
    assert!(
        text.contains("depth=abc") && text.contains("oops=1"),
        "{text}"
    );
    assert_eq!(rows(&host), 3);
    host.remove();
}
