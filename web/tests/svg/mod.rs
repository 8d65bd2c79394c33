//! Reading a chart's SVG in the tests: its elements and their numeric attributes.

/// The text after each `<tag` of an SVG: one per element, its attributes first, then its content.
pub fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    svg.split(format!("<{tag}").as_str()).skip(1).collect()
}

/// An element's numeric attribute `name` (from [`elements`]).
pub fn number(element: &str, name: &str) -> Option<f64> {
    element
        .split(&format!(" {name}=\""))
        .nth(1)?
        .split('"')
        .next()?
        .parse()
        .ok()
}
