//! A claim of the content with its "Show me" links, and the link itself: shared by Learn and Interview.

use initscope::content::architecture::Claim;
use initscope::content::Demo;
use leptos::prelude::*;

/// A "try it" link that opens the Lab on a demonstration.
pub fn demo_link(d: Demo, label: &'static str) -> impl IntoView {
    view! {
        <a
            class="demo-link"
            href=d.href()
            data-demo=d.query
            data-expect=d.expect.id()
            on:click=super::lab::link::lab_link_click(d.query)
            title=format!("Opens the Lab: {}", d.what)
        >
            {label}
            " "
            <span class="demo-what">{d.what}</span>
        </a>
    }
}

/// A claim with its "Show me" links.
pub fn claim(c: Claim) -> impl IntoView {
    view! {
        <dt>{c.title}</dt>
        <dd>
            {c.text}" "
            <span class="demo-row">
                {c.demos.iter().map(|d| demo_link(*d, "Show me:")).collect_view()}
            </span>
        </dd>
    }
}
