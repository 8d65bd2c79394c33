//! The phase map component: the chart on a [`ChartCanvas`], filled by the worker ([`fill`]), with the pointer
//! and the keyboard: hovering or arrow keys move a cursor whose point is read out (aria-live); a click or
//! Enter hands the point to `on_pick`.

use super::fill::{self, Key, GRID};
use crate::app::canvas::ChartCanvas;
use crate::charts::phase::{draw_phase, named_points, readout, Geometry, Metric, PhaseView};
use crate::charts::Fonts;
use initscope::engine::phase::PhasePoint;
use initscope::engine::Nonlinearity;
use leptos::html::Canvas;
use leptos::prelude::*;

/// The point under the cursor of a map: its cell's computed point, if that row is in.
fn point_at(key: Key, (i, j): (usize, usize)) -> Option<PhasePoint> {
    fill::with_map(key, |m| {
        m.and_then(|m| m.rows.get(j)?.as_ref()?.get(i).copied())
    })
}

/// A phase map for `phi`. With `on_pick`, it is interactive: a click or Enter picks a point (a named
/// initializer's exactly, within 12 px of it; otherwise the cell's centre).
#[component]
pub fn PhaseMap(
    /// The activation whose map to show.
    #[prop(into)]
    phi: Signal<Nonlinearity>,
    /// ξ_c or χ₁.
    #[prop(into)]
    metric: Signal<Metric>,
    /// The Lab's (σ_w², σ_b²), drawn as a marker.
    #[prop(into)]
    marker: Signal<Option<(f64, f64)>>,
    /// Called with a picked point (σ_w², σ_b²); `None` = a picture only.
    #[prop(optional)]
    on_pick: Option<Callback<(f64, f64)>>,
    /// The canvas's id.
    #[prop(into)]
    id: String,
    /// The canvas's CSS classes.
    #[prop(into)]
    class: String,
) -> impl IntoView {
    let tick = RwSignal::new(0u64);
    let key = Memo::new(move |_| Key(phi.get()));
    Effect::new(move |_| fill::want(key.get(), tick));
    let cursor = RwSignal::new(None::<(usize, usize)>);
    let geometry = StoredValue::new(None::<Geometry>);
    let canvas = NodeRef::<Canvas>::new();
    let interactive = on_pick.is_some();
    let named = Memo::new(move |_| named_points(&phi.get()));

    let draw = move |area: &crate::app::canvas::CanvasArea, width: u32| {
        tick.track();
        let key = key.get();
        let (rows, critical) = fill::with_map(key, |m| {
            m.map(|m| (m.rows.clone(), m.critical.clone()))
                .unwrap_or_default()
        });
        if rows.iter().all(Option::is_none) {
            return None;
        }
        let named = named.get();
        let view = PhaseView {
            grid: GRID,
            rows: &rows,
            critical: &critical,
            metric: metric.get(),
            named: &named,
            marker: marker.get(),
            cursor: if interactive { cursor.get() } else { None },
            fonts: Fonts::for_width(width),
        };
        Some(draw_phase(area, &view).map(|g| {
            // Where the plot is, for tests and tools that point at the map.
            if let Some(c) = canvas.get_untracked() {
                let plot = format!(
                    "{},{},{},{},{},{}",
                    g.x.start, g.x.end, g.y.start, g.y.end, g.sw2.end, g.sb2.end
                );
                let _ = c.set_attribute("data-plot", &plot);
            }
            geometry.set_value(Some(g));
        }))
    };

    // Pointer → the plane, via where the chart says its plot is.
    let plane_at = move |ev: &web_sys::MouseEvent| -> Option<(f64, f64, (f64, f64))> {
        let c = canvas.get_untracked()?;
        let r = c.get_bounding_client_rect();
        let (x, y) = (
            ev.client_x() as f64 - r.left(),
            ev.client_y() as f64 - r.top(),
        );
        let (sw2, sb2) = geometry.with_value(|g| g.as_ref()?.to_plane(x, y))?;
        Some((sw2, sb2, (x, y)))
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        if let Some((sw2, sb2, _)) = plane_at(&ev) {
            let cell = GRID.cell_at(sw2, sb2);
            if cursor.get_untracked() != Some(cell) {
                cursor.set(Some(cell));
            }
        }
    };
    let pick = move |sw2: f64, sb2: f64| {
        if let Some(cb) = on_pick {
            cb.run((sw2, sb2));
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((sw2, sb2, (x, y))) = plane_at(&ev) else {
            return;
        };
        let snapped = geometry.with_value(|g| {
            let g = g.as_ref()?;
            named.get_untracked().into_iter().find_map(|p| {
                let (px, py) = g.to_pixel(p.sw2, p.sb2);
                ((px - x).hypot(py - y) <= 12.0).then_some((p.sw2, p.sb2))
            })
        });
        let cell = GRID.cell_at(sw2, sb2);
        cursor.set(Some(cell));
        let (a, b) = snapped.unwrap_or((GRID.sw2(cell.0), GRID.sb2(cell.1)));
        pick(a, b);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let (i, j) = cursor.get_untracked().unwrap_or((GRID.columns / 4, 0));
        let moved = match ev.key().as_str() {
            "ArrowLeft" => Some((i.saturating_sub(1), j)),
            "ArrowRight" => Some(((i + 1).min(GRID.columns - 1), j)),
            "ArrowUp" => Some((i, (j + 1).min(GRID.rows - 1))),
            "ArrowDown" => Some((i, j.saturating_sub(1))),
            "Home" => Some((0, j)),
            "End" => Some((GRID.columns - 1, j)),
            "Enter" | " " => {
                ev.prevent_default();
                cursor.set(Some((i, j)));
                pick(GRID.sw2(i), GRID.sb2(j));
                None
            }
            _ => None,
        };
        if let Some(c) = moved {
            ev.prevent_default();
            cursor.set(Some(c));
        }
    };
    let cursor_point = move || {
        tick.track();
        cursor.get().and_then(|c| point_at(key.get(), c))
    };
    let progress = move || {
        tick.track();
        fill::with_map(key.get(), |m| {
            m.map(|m| (m.done(), m.total_ms)).unwrap_or((0, None))
        })
    };
    let label = move || {
        format!(
            "Phase map of {}: σ_w² across, σ_b² up, coloured by {}",
            phi.get().kind.label(),
            metric.get().title()
        )
    };

    view! {
        <div
            class="phase-map"
            class:interactive=interactive
            tabindex=interactive.then_some("0")
            role=interactive.then_some("application")
            aria-label=move || {
                interactive
                    .then(|| {
                        format!(
                            "{}. Arrow keys move the cursor; Enter applies its point to the Lab.",
                            label(),
                        )
                    })
            }
            aria-describedby=interactive.then_some("phase-readout")
            data-rows-done=move || progress().0
            data-rows=GRID.rows
            data-fill-ms=move || progress().1.map(|ms| format!("{ms:.0}"))
            data-cursor=move || cursor.get().map(|(i, j)| format!("{i},{j}"))
            on:mousemove=on_move
            on:click=on_click
            on:keydown=on_key
        >
            <ChartCanvas
                draw=draw
                class=class
                id=id
                label=Signal::derive(label).get_untracked()
                canvas_ref=canvas
            />
            <p class="phase-progress" hidden=move || progress().0 == GRID.rows>
                {move || {
                    format!(
                        "Computing the mean-field map: {} of {} rows…",
                        progress().0,
                        GRID.rows,
                    )
                }}
            </p>
        </div>
        {interactive
            .then(|| {
                view! {
                    <div id="phase-readout" class="phase-readout" aria-live="polite">
                        {move || match cursor_point() {
                            None => {
                                view! {
                                    <p class="hint">
                                        "Point at the map, or focus it and use the arrow keys, to read q*, χ₁, c* and ξ_c."
                                    </p>
                                }
                                    .into_any()
                            }
                            Some(p) => {
                                view! {
                                    <dl>
                                        {readout(&p)
                                            .into_iter()
                                            .map(|(k, v)| {
                                                view! {
                                                    <dt>{k}</dt>
                                                    <dd data-field=k>{v}</dd>
                                                }
                                            })
                                            .collect_view()}
                                    </dl>
                                }
                                    .into_any()
                            }
                        }}
                    </div>
                }
            })}
    }
}
