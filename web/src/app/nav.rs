//! The three views, addressed by the URL's fragment (`#lab`, `#learn`, `#interview`) so they work on any
//! static host and leave the query string to the Lab's settings.

use super::dom;
use leptos::prelude::*;

/// A view of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The simulation lab.
    Lab,
    /// The tutorial content.
    Learn,
    /// Interview questions and flashcards.
    Interview,
    /// The training race.
    Race,
    /// The mean-field phase map.
    Phase,
    /// The Lab for projecting in class: large type, controls and chart only.
    Present,
}

impl Route {
    /// The routes the nav lists, in order.
    pub const NAV: [Route; 5] = [
        Route::Lab,
        Route::Phase,
        Route::Race,
        Route::Learn,
        Route::Interview,
    ];

    /// The fragment.
    pub fn hash(self) -> &'static str {
        match self {
            Route::Lab => "lab",
            Route::Learn => "learn",
            Route::Interview => "interview",
            Route::Race => "race",
            Route::Phase => "phase",
            Route::Present => "present",
        }
    }

    /// The nav label.
    pub fn label(self) -> &'static str {
        match self {
            Route::Lab => "Lab",
            Route::Learn => "Learn",
            Route::Interview => "Interview prep",
            Route::Race => "Training race",
            Route::Phase => "Phase map",
            Route::Present => "Present",
        }
    }

    /// The route for a fragment (what precedes any `?`); anything unknown is the Lab.
    pub fn from_hash(hash: &str) -> Route {
        let hash = hash.split('?').next().unwrap_or_default();
        Route::NAV
            .into_iter()
            .chain([Route::Present])
            .find(|r| r.hash() == hash)
            .unwrap_or(Route::Lab)
    }
}

/// The current route, following `hashchange`.
pub fn use_route() -> RwSignal<Route> {
    let route = RwSignal::new(Route::from_hash(&dom::location_hash()));
    let handle = window_event_listener_untyped("hashchange", move |_| {
        route.set(Route::from_hash(&dom::location_hash()));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || handle.remove());
    route
}

/// The site's navigation bar.
#[component]
pub fn Nav(
    /// The current route.
    route: RwSignal<Route>,
) -> impl IntoView {
    view! {
        <nav class="site-nav" aria-label="Views">
            {Route::NAV
                .into_iter()
                .map(|r| {
                    view! {
                        <a
                            href=format!("#{}", r.hash())
                            id=format!("nav-{}", r.hash())
                            aria-current=move || (route.get() == r).then_some("page")
                        >
                            {r.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
