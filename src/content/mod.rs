//! The app's texts as data — the Learn view's tables, the interview questions — each claim tied to a Lab
//! configuration that demonstrates it and the verdict it must produce (checked by tests).

pub mod architecture;
pub mod conv;
mod demo;
pub mod figures;
pub mod interview;
mod interview_arch;
mod interview_conv;
mod interview_transformer;
pub mod learn;
pub mod math;
mod question;
pub mod tour;
pub mod transformer;

pub use demo::Demo;

/// Every demonstration in the app's content: the Learn view's links, tables and live figures (each panel at
/// the Lab's size), the architecture, edge-of-chaos, convolution and transformer claims, the interview questions and the guided tour.
pub fn all_demos() -> Vec<Demo> {
    let mut v: Vec<Demo> = learn::initializer_rows().iter().map(|r| r.demo).collect();
    v.extend(learn::best_practices().iter().map(|p| p.demo));
    v.extend(learn::quick_demos().iter().map(|(_, d)| *d));
    v.extend(transformer::quick_demos().iter().map(|(_, d)| *d));
    v.extend(transformer::scheme_demos().iter().map(|(_, d)| *d));
    v.extend(learn::intro_demos().iter().map(|(_, d)| *d));
    v.extend(
        architecture::architecture()
            .into_iter()
            .chain(architecture::edge_of_chaos())
            .chain(conv::convolutions())
            .chain(transformer::transformers())
            .flat_map(|c| c.demos),
    );
    v.extend(
        interview::questions()
            .iter()
            .flat_map(|q| q.demos.iter().copied()),
    );
    v.extend(figures::figures().iter().flat_map(figures::Figure::demos));
    v.extend(tour::steps().iter().map(|s| s.demo));
    v
}
