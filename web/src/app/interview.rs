//! Interview prep: every question with its one-line and full answer and "Show me" links, or as flashcards —
//! question first, Space/Enter reveals the one-line answer and then the full one, arrows move, K/R tally
//! "knew it"/"review again" (kept in localStorage), a "review again only" deck, shuffle. The mode, the deck
//! and the card are remembered (localStorage) across visits and reloads.

use super::claims::demo_link;
use super::dom;
use initscope::content::interview::{questions, Question};
use leptos::prelude::*;

/// localStorage key of the flashcard tally: `id=k` or `id=r`, comma-separated.
const TALLY_KEY: &str = "initscope.flashcards.v1";

/// localStorage key of the place: `cards=1&deck=review&q=<question id>`.
const PLACE_KEY: &str = "initscope.flashcards.place.v1";

/// Where the learner was: flashcard mode, the review-again deck, and the current card's id.
#[derive(Clone, Debug, Default, PartialEq)]
struct Place {
    cards: bool,
    review: bool,
    card: String,
}

fn load_place() -> Place {
    let mut p = Place::default();
    for kv in dom::stored(PLACE_KEY).unwrap_or_default().split('&') {
        match kv.split_once('=') {
            Some(("cards", v)) => p.cards = v == "1",
            Some(("deck", v)) => p.review = v == "review",
            Some(("q", v)) => p.card = v.to_string(),
            _ => {}
        }
    }
    p
}

fn save_place(update: impl FnOnce(&mut Place)) {
    let mut p = load_place();
    update(&mut p);
    let deck = if p.review { "review" } else { "all" };
    dom::store(
        PLACE_KEY,
        &format!("cards={}&deck={deck}&q={}", u8::from(p.cards), p.card),
    );
}

/// A card's mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Knew,
    Review,
}

fn load_tally() -> Vec<(String, Mark)> {
    dom::stored(TALLY_KEY)
        .unwrap_or_default()
        .split(',')
        .filter_map(|e| {
            let (id, m) = e.split_once('=')?;
            let mark = match m {
                "k" => Mark::Knew,
                "r" => Mark::Review,
                _ => return None,
            };
            Some((id.to_string(), mark))
        })
        .collect()
}

fn save_tally(t: &[(String, Mark)]) {
    let s: Vec<String> = t
        .iter()
        .map(|(id, m)| format!("{id}={}", if *m == Mark::Knew { "k" } else { "r" }))
        .collect();
    dom::store(TALLY_KEY, &s.join(","));
}

fn answer_view(q: &Question) -> impl IntoView {
    view! {
        <div class="answer">
            <p class="short-answer">
                <strong>{q.short}</strong>
            </p>
            {q.answer.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            <p class="demo-row">
                {q.demos.iter().map(|d| demo_link(*d, "Show me:")).collect_view()}
                {initscope::content::interview::race_for(q.id)
                    .map(|race| {
                        view! {
                            <a class="race-link" href=format!("#race?{race}")>
                                "Watch it train"
                            </a>
                        }
                    })}
                {initscope::content::interview::phase_for(q.id)
                    .map(|q| {
                        view! {
                            <a
                                class="race-link phase-link"
                                href=format!("?{q}#phase")
                                on:click=super::phase::phase_link_click(q)
                            >
                                "See it on the phase map"
                            </a>
                        }
                    })}
            </p>
        </div>
    }
}

/// The Interview view.
#[component]
pub fn Interview() -> impl IntoView {
    let cards = RwSignal::new(load_place().cards);
    let set_mode = move |on: bool| {
        cards.set(on);
        save_place(|p| p.cards = on);
    };
    view! {
        <article class="prose" id="interview">
            <h2>"Interview prep"</h2>
            <p>
                {format!(
                    "{} questions on weight initialization, each answered in one line, then in a few, and \
                demonstrated in the Lab.",
                    questions().len(),
                )}
            </p>
            <div class="button-row" role="group" aria-label="Mode">
                <button
                    type="button"
                    id="mode-list"
                    aria-pressed=move || (!cards.get()).to_string()
                    on:click=move |_| set_mode(false)
                >
                    "All questions"
                </button>
                <button
                    type="button"
                    id="mode-cards"
                    aria-pressed=move || cards.get().to_string()
                    on:click=move |_| set_mode(true)
                >
                    "Flashcards"
                </button>
            </div>
            {move || {
                if cards.get() {
                    view! { <Flashcards /> }.into_any()
                } else {
                    view! { <QuestionList /> }.into_any()
                }
            }}
        </article>
    }
}

#[component]
fn QuestionList() -> impl IntoView {
    view! {
        <ol class="questions">
            {questions()
                .into_iter()
                .map(|q| {
                    view! {
                        <li class="question" id=format!("q-{}", q.id)>
                            <h3>{q.question}</h3>
                            {answer_view(&q)}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The cards of a deck, in question order: all of them, or those marked "review again" (all when none is).
fn deck(qs: &[Question], tally: &[(String, Mark)], review: bool) -> Vec<usize> {
    let marked: Vec<usize> = (0..qs.len())
        .filter(|&i| {
            tally
                .iter()
                .any(|(id, m)| *m == Mark::Review && id == qs[i].id)
        })
        .collect();
    if review && !marked.is_empty() {
        marked
    } else {
        (0..qs.len()).collect()
    }
}

#[component]
fn Flashcards() -> impl IntoView {
    let qs = StoredValue::new(questions());
    let place = load_place();
    let tally = RwSignal::new(load_tally());
    let reviews = move || tally.with(|t| t.iter().filter(|(_, m)| *m == Mark::Review).count());
    let review = RwSignal::new(
        place.review && tally.with_untracked(|t| t.iter().any(|(_, m)| *m == Mark::Review)),
    );
    let order = RwSignal::new(
        qs.with_value(|q| tally.with_untracked(|t| deck(q, t, review.get_untracked()))),
    );
    let start = qs.with_value(|q| {
        order.with_untracked(|o| o.iter().position(|&i| q[i].id == place.card).unwrap_or(0))
    });
    let pos = RwSignal::new(start);
    // 0: the question only; 1: the one-line answer; 2: the full answer.
    let revealed = RwSignal::new(0u8);
    let n = move || order.with(Vec::len).max(1);
    let index = move || {
        order.with(|o| {
            o.get(pos.get().min(o.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0)
        })
    };
    let current = move || qs.with_value(|q| q[index()].clone());
    // Remember the card and the deck.
    Effect::new(move |_| {
        let id = current().id;
        let r = review.get();
        save_place(|p| {
            p.card = id.to_string();
            p.review = r;
        });
    });
    // Focus the card when the mode opens, so Space works at once.
    let card = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = card.get() {
            let _ = el.focus();
        }
    });
    let go = move |delta: isize| {
        let len = n() as isize;
        pos.update(|p| *p = (*p as isize + delta).rem_euclid(len) as usize);
        revealed.set(0);
    };
    let mark = move |m: Mark| {
        let id = current().id.to_string();
        tally.update(|t| {
            t.retain(|(i, _)| *i != id);
            t.push((id, m));
            save_tally(t);
        });
        go(1);
    };
    let count = move |m: Mark| tally.with(|t| t.iter().filter(|(_, x)| *x == m).count());
    // Switch decks, staying on the current card when the new deck has it.
    let set_deck = move |on: bool| {
        let here = index();
        let o = qs.with_value(|q| tally.with_untracked(|t| deck(q, t, on)));
        pos.set(o.iter().position(|&i| i == here).unwrap_or(0));
        order.set(o);
        review.set(on && reviews() > 0);
        revealed.set(0);
    };
    let shuffle = move |_| {
        let mut o = order.get_untracked();
        let mut seed = dom::random_seed() | 1;
        for i in (1..o.len()).rev() {
            seed = initscope::engine::rng::splitmix64(seed);
            o.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        order.set(o);
        pos.set(0);
        revealed.set(0);
    };
    let reveal = move || revealed.update(|r| *r = (*r + 1).min(2));
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        " " | "Enter" => {
            ev.prevent_default();
            reveal();
        }
        "ArrowRight" => go(1),
        "ArrowLeft" => go(-1),
        "k" | "K" if revealed.get_untracked() > 0 => mark(Mark::Knew),
        "r" | "R" if revealed.get_untracked() > 0 => mark(Mark::Review),
        _ => {}
    };
    view! {
        <section class="flashcards" aria-label="Flashcards">
            <p class="progress-line" id="card-progress" aria-live="polite">
                {move || {
                    format!(
                        "{}Card {} of {} · knew it: {} · review again: {}",
                        if review.get() { "Review deck · " } else { "" },
                        pos.get() + 1,
                        n(),
                        count(Mark::Knew),
                        count(Mark::Review),
                    )
                }}
            </p>
            <div
                class="card flashcard"
                id="flashcard"
                tabindex="0"
                on:keydown=on_key
                node_ref=card
                aria-describedby="card-help"
                data-question=move || current().id
                data-revealed=move || revealed.get()
            >
                <h3>{move || current().question}</h3>
                {move || match revealed.get() {
                    0 => {
                        view! {
                            <p class="hint">"Think of your answer, then press Space or Enter."</p>
                        }
                            .into_any()
                    }
                    1 => {
                        view! {
                            <div class="answer">
                                <p class="short-answer">
                                    <strong>{current().short}</strong>
                                </p>
                                <p class="hint">"Space or Enter again: the full answer."</p>
                            </div>
                        }
                            .into_any()
                    }
                    _ => answer_view(&current()).into_any(),
                }}
            </div>
            <p class="hint" id="card-help">
                "Space/Enter: reveal (one line, then in full) · ← →: previous/next · K: knew it · R: review again"
            </p>
            <div class="button-row">
                <button type="button" id="card-prev" on:click=move |_| go(-1)>
                    "← Previous"
                </button>
                <button
                    type="button"
                    id="card-reveal"
                    disabled=move || { revealed.get() > 1 }
                    on:click=move |_| reveal()
                >
                    {move || if revealed.get() == 0 { "Reveal" } else { "Full answer" }}
                </button>
                <button
                    type="button"
                    id="card-knew"
                    disabled=move || revealed.get() == 0
                    on:click=move |_| mark(Mark::Knew)
                >
                    "Knew it"
                </button>
                <button
                    type="button"
                    id="card-review"
                    disabled=move || revealed.get() == 0
                    on:click=move |_| mark(Mark::Review)
                >
                    "Review again"
                </button>
                <button type="button" id="card-next" on:click=move |_| go(1)>
                    "Next →"
                </button>
                <button type="button" id="card-shuffle" on:click=shuffle>
                    "Shuffle"
                </button>
                <button
                    type="button"
                    id="card-deck"
                    aria-pressed=move || review.get().to_string()
                    disabled=move || reviews() == 0 && !review.get()
                    on:click=move |_| set_deck(!review.get_untracked())
                >
                    {move || format!("Review again only ({})", reviews())}
                </button>
                <button
                    type="button"
                    id="card-reset"
                    class="link"
                    on:click=move |_| {
                        tally.set(Vec::new());
                        save_tally(&[]);
                        if review.get_untracked() {
                            set_deck(false);
                        }
                    }
                >
                    "Reset tally"
                </button>
            </div>
        </section>
    }
}
