//! Tiny builders for MathML (rendered natively by Chromium and Firefox; no JavaScript math library).
//! They only ever see the compile-time strings of this module's callers, never user input.

/// `<math>` around the parts.
pub fn math(parts: &[String]) -> String {
    format!(
        "<math><mstyle displaystyle=\"true\">{}</mstyle></math>",
        parts.concat()
    )
}

/// An identifier.
pub fn mi(s: &str) -> String {
    format!("<mi>{s}</mi>")
}

/// A number.
pub fn mn(s: &str) -> String {
    format!("<mn>{s}</mn>")
}

/// An operator.
pub fn mo(s: &str) -> String {
    format!("<mo>{s}</mo>")
}

/// Upright text.
pub fn text(s: &str) -> String {
    format!("<mtext>{s}</mtext>")
}

/// A fraction.
pub fn frac(num: &[String], den: &[String]) -> String {
    format!(
        "<mfrac><mrow>{}</mrow><mrow>{}</mrow></mfrac>",
        num.concat(),
        den.concat()
    )
}

/// A square root.
pub fn sqrt(inner: &[String]) -> String {
    format!("<msqrt>{}</msqrt>", inner.concat())
}

/// n_in or n_out.
pub fn fan(which: &str) -> String {
    format!("<msub><mi>n</mi><mtext>{which}</mtext></msub>")
}

/// n_in + n_out.
pub fn fan_sum() -> Vec<String> {
    vec![fan("in"), mo("+"), fan("out")]
}

/// "w ∼ N(0, variance)".
pub fn normal(variance: &[String]) -> String {
    math(&[
        mi("w"),
        mo("∼"),
        mi("𝒩"),
        mo("("),
        mn("0"),
        mo(","),
        variance.concat(),
        mo(")"),
    ])
}

/// "w ∼ U(−b, b)".
pub fn uniform(bound: &[String]) -> String {
    let b = bound.concat();
    math(&[
        mi("w"),
        mo("∼"),
        mi("𝒰"),
        mo("("),
        mo("−"),
        b.clone(),
        mo(","),
        b,
        mo(")"),
    ])
}
