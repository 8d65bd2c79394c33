//! Interview prep: every question with its answer and "Show me" links, or as flashcards — question first,
//! Space/Enter reveals, arrows move, K/R tally "knew it"/"review again" (kept in localStorage), shuffle.

use super::dom;
use super::learn::demo_link;
use initscope::content::interview::{questions, Question};
use leptos::prelude::*;

/// localStorage key of the flashcard tally: `id=k` or `id=r`, comma-separated.
const TALLY_KEY: &str = "initscope.flashcards.v1";

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
            {q.answer.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                        <p class="demo-row">
                {q.demos.iter().map(|d| demo_link(*d, "Show me:")).collect_view()}
                {initscope::content::interview::race_for(q.id).map(|race| view! {
                    <a class="race-link" href=format!("#race?{race}")>"Watch it train"</a>
                })}
                {initscope::content::interview::phase_for(q.id).map(|q| view! {
                    <a class="race-link phase-link" href=format!("?{q}#phase")>"See it on the phase map"</a>
                })}
            </p>
        </div>
    }
}

/// The Interview view.
#[component]
pub fn Interview() -> impl IntoView {
    let cards = RwSignal::new(false);
    view! {
        <article class="prose" id="interview">
            <h2>"Interview prep"</h2>
            <p>{format!("{} questions on weight initialization, each answered in a few lines and demonstrated in \
                the Lab.", questions().len())}</p>
            <div class="button-row" role="group" aria-label="Mode">
                <button type="button" id="mode-list" aria-pressed=move || (!cards.get()).to_string()
                    on:click=move |_| cards.set(false)>"All questions"</button>
                <button type="button" id="mode-cards" aria-pressed=move || cards.get().to_string()
                    on:click=move |_| cards.set(true)>"Flashcards"</button>
            </div>
            {move || if cards.get() { view! { <Flashcards/> }.into_any() } else { view! { <QuestionList/> }.into_any() }}
        </article>
    }
}

#[component]
fn QuestionList() -> impl IntoView {
    view! {
        <ol class="questions">
            {questions().into_iter().map(|q| view! {
                <li class="question" id=format!("q-{}", q.id)>
                    <h3>{q.question}</h3>
                    {answer_view(&q)}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn Flashcards() -> impl IntoView {
    let qs = StoredValue::new(questions());
    let n = qs.with_value(Vec::len);
    let order = RwSignal::new((0..n).collect::<Vec<usize>>());
    let pos = RwSignal::new(0usize);
    let revealed = RwSignal::new(false);
    let tally = RwSignal::new(load_tally());
    let current = move || qs.with_value(|q| q[order.with(|o| o[pos.get().min(n - 1)])].clone());
    let go = move |delta: isize| {
        pos.update(|p| *p = (*p as isize + delta).rem_euclid(n as isize) as usize);
        revealed.set(false);
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
    let shuffle = move |_| {
        let mut o: Vec<usize> = (0..n).collect();
        let mut seed = dom::random_seed() | 1;
        for i in (1..n).rev() {
            seed = initscope::engine::rng::splitmix64(seed);
            o.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        order.set(o);
        pos.set(0);
        revealed.set(false);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        " " | "Enter" => {
            ev.prevent_default();
            revealed.set(true);
        }
        "ArrowRight" => go(1),
        "ArrowLeft" => go(-1),
        "k" | "K" if revealed.get_untracked() => mark(Mark::Knew),
        "r" | "R" if revealed.get_untracked() => mark(Mark::Review),
        _ => {}
    };
    view! {
        <section class="flashcards" aria-label="Flashcards">
            <p class="progress-line" id="card-progress" aria-live="polite">
                {move || format!("Card {} of {n} · knew it: {} · review again: {}", pos.get() + 1, count(Mark::Knew), count(Mark::Review))}
            </p>
            <div class="card flashcard" id="flashcard" tabindex="0" on:keydown=on_key
                aria-describedby="card-help" data-question=move || current().id>
                <h3>{move || current().question}</h3>
                <Show when=move || revealed.get() fallback=|| view! {
                    <p class="hint">"Think of your answer, then press Space or Enter."</p>
                }>
                    {move || answer_view(&current())}
                </Show>
            </div>
            <p class="hint" id="card-help">"Space/Enter: reveal · ← →: previous/next · K: knew it · R: review again"</p>
            <div class="button-row">
                <button type="button" id="card-prev" on:click=move |_| go(-1)>"← Previous"</button>
                <button type="button" id="card-reveal" on:click=move |_| revealed.set(true)>"Reveal"</button>
                <button type="button" id="card-knew" disabled=move || !revealed.get() on:click=move |_| mark(Mark::Knew)>"Knew it"</button>
                <button type="button" id="card-review" disabled=move || !revealed.get() on:click=move |_| mark(Mark::Review)>"Review again"</button>
                <button type="button" id="card-next" on:click=move |_| go(1)>"Next →"</button>
                <button type="button" id="card-shuffle" on:click=shuffle>"Shuffle"</button>
                <button type="button" id="card-reset" class="link" on:click=move |_| { tally.set(Vec::new()); save_tally(&[]); }>"Reset tally"</button>
            </div>
        </section>
    }
}
