//! The small float trait that lets φ and φ′ be written once for the simulation (`f32`, as frameworks compute)
//! and the theory (`f64`, for quadrature), every transcendental function going through the pure-Rust `libm`
//! so that native and WASM builds agree to the bit.
//!
//! Three functions differ on purpose between the precisions, and say so: sech² (f32 computes 1 − tanh², as a
//! framework's backward pass does; f64 computes 1/cosh², which keeps its accuracy in the tails the quadrature
//! integrates), the standard normal CDF (f32 through erf, as PyTorch's GELU; f64 through erfc, accurate for
//! large negative x) and the standard normal density.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A floating-point type the activations can be evaluated in: `f32` or `f64`.
pub trait Float:
    Copy
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;
    /// 1/2.
    const HALF: Self;
    /// The nearest value to an `f64` constant.
    fn of(x: f64) -> Self;
    /// eˣ.
    fn exp(self) -> Self;
    /// eˣ − 1, accurate near 0.
    fn exp_m1(self) -> Self;
    /// tanh x.
    fn tanh(self) -> Self;
    /// sech² x = tanh′ x (see the module doc for the two forms).
    fn sech2(self) -> Self;
    /// 2·Φ(x), twice the standard normal CDF (see the module doc for the two forms).
    fn twice_normal_cdf(self) -> Self;
    /// The standard normal density e^(−x²/2)/√(2π).
    fn normal_pdf(self) -> Self;
}

impl Float for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const HALF: Self = 0.5;
    #[inline]
    fn of(x: f64) -> Self {
        x as f32
    }
    #[inline]
    fn exp(self) -> Self {
        libm::expf(self)
    }
    #[inline]
    fn exp_m1(self) -> Self {
        libm::expm1f(self)
    }
    #[inline]
    fn tanh(self) -> Self {
        libm::tanhf(self)
    }
    #[inline]
    fn sech2(self) -> Self {
        let t = libm::tanhf(self);
        1.0 - t * t
    }
    #[inline]
    fn twice_normal_cdf(self) -> Self {
        1.0 + libm::erff(self * std::f32::consts::FRAC_1_SQRT_2)
    }
    #[inline]
    fn normal_pdf(self) -> Self {
        libm::expf(-0.5 * self * self)
            * (0.5 * std::f32::consts::FRAC_2_SQRT_PI)
            * std::f32::consts::FRAC_1_SQRT_2
    }
}

impl Float for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
    const HALF: Self = 0.5;
    #[inline]
    fn of(x: f64) -> Self {
        x
    }
    #[inline]
    fn exp(self) -> Self {
        libm::exp(self)
    }
    #[inline]
    fn exp_m1(self) -> Self {
        libm::expm1(self)
    }
    #[inline]
    fn tanh(self) -> Self {
        libm::tanh(self)
    }
    #[inline]
    fn sech2(self) -> Self {
        // No cancellation for large |x|, unlike 1 − tanh².
        let c = libm::cosh(self);
        1.0 / (c * c)
    }
    #[inline]
    fn twice_normal_cdf(self) -> Self {
        libm::erfc(-self * std::f64::consts::FRAC_1_SQRT_2)
    }
    #[inline]
    fn normal_pdf(self) -> Self {
        libm::exp(-0.5 * self * self) / (2.0 * std::f64::consts::PI).sqrt()
    }
}

/// The logistic sigmoid, stable for both signs (never evaluates e^(large)).
#[inline]
pub fn sigmoid<F: Float>(x: F) -> F {
    if x >= F::ZERO {
        F::ONE / (F::ONE + (-x).exp())
    } else {
        let e = x.exp();
        e / (F::ONE + e)
    }
}
