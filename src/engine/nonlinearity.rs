//! An activation with its slope fixed: φ and φ′ written once, generic over [`Float`], so the simulation
//! evaluates them in f32 (as frameworks do) and the theory's quadrature in f64 — every transcendental function
//! through the pure-Rust `libm`, so native and WASM builds agree to the bit.

use super::activation::{Activation, ActivationInfo, SELU_ALPHA, SELU_LAMBDA};
use super::float::{sigmoid, Float};

/// Run `$body` with `$phi` bound, inside a closure of its own per activation, to a [`Nonlinearity`] whose kind is
/// a constant there — so the `match` in `phi`/`phi_prime` folds away and each kind gets its own loop.
macro_rules! per_kind {
    ($nl:expr, |$phi:ident| $body:expr) => {{
        let slope = $nl.slope;
        match $nl.kind {
            Activation::Linear => per_kind!(@one Linear, slope, $phi, $body),
            Activation::Sigmoid => per_kind!(@one Sigmoid, slope, $phi, $body),
            Activation::Tanh => per_kind!(@one Tanh, slope, $phi, $body),
            Activation::Relu => per_kind!(@one Relu, slope, $phi, $body),
            Activation::LeakyRelu => per_kind!(@one LeakyRelu, slope, $phi, $body),
            Activation::Prelu => per_kind!(@one Prelu, slope, $phi, $body),
            Activation::Elu => per_kind!(@one Elu, slope, $phi, $body),
            Activation::Selu => per_kind!(@one Selu, slope, $phi, $body),
            Activation::Gelu => per_kind!(@one Gelu, slope, $phi, $body),
            Activation::Swish => per_kind!(@one Swish, slope, $phi, $body),
        }
    }};
    (@one $kind:ident, $slope:ident, $phi:ident, $body:expr) => {{
        let $phi = Fixed {
            slope: $slope,
            kind: std::marker::PhantomData::<kinds::$kind>,
        };
        $body
    }};
}

/// The activation kinds as types, so that a loop can be compiled for each.
mod kinds {
    use super::Activation;

    /// A kind known at compile time.
    pub trait Kind: Copy {
        /// Which one.
        const KIND: Activation;
    }

    macro_rules! kinds {
        ($($k:ident),*) => {$(
            #[derive(Clone, Copy)]
            pub struct $k;
            impl Kind for $k {
                const KIND: Activation = Activation::$k;
            }
        )*};
    }
    kinds!(Linear, Sigmoid, Tanh, Relu, LeakyRelu, Prelu, Elu, Selu, Gelu, Swish);
}

/// A [`Nonlinearity`] whose kind is the type parameter `K`.
#[derive(Clone, Copy)]
struct Fixed<K> {
    slope: f64,
    kind: std::marker::PhantomData<K>,
}

impl<K: kinds::Kind> Fixed<K> {
    #[inline(always)]
    fn nl(self) -> Nonlinearity {
        Nonlinearity::new(K::KIND, self.slope)
    }

    #[inline(always)]
    fn phi(self, x: f32) -> f32 {
        self.nl().phi(x)
    }

    #[inline(always)]
    fn phi_prime(self, x: f32) -> f32 {
        self.nl().phi_prime(x)
    }
}

/// out_i = f(x_i).
#[inline(never)]
fn map1(xs: &[f32], out: &mut [f32], f: impl Fn(f32) -> f32) {
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = f(x);
    }
}

/// out_i = f(a_i, b_i).
#[inline(never)]
fn map2(a: &[f32], b: &[f32], out: &mut [f32], f: impl Fn(f32, f32) -> f32) {
    for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
        *o = f(x, y);
    }
}

/// How many elements satisfy `f`.
#[inline(never)]
fn count_where(xs: &[f32], f: impl Fn(f32) -> bool) -> usize {
    xs.iter().filter(|&&x| f(x)).count()
}

/// An activation with its slope fixed: the function the network applies.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Nonlinearity {
    /// Which function.
    pub kind: Activation,
    /// The negative-side slope (Leaky ReLU, PReLU); ignored by the others.
    pub slope: f64,
}

impl Nonlinearity {
    /// The activation with the given slope.
    pub fn new(kind: Activation, slope: f64) -> Self {
        Nonlinearity { kind, slope }
    }

    /// The activation's descriptor.
    pub fn info(&self) -> ActivationInfo {
        self.kind.info()
    }

    /// The slope on the negative side of a rectifier: the given slope for the activations that take one,
    /// 0 for ReLU (used by the theory's closed forms).
    pub fn negative_slope(&self) -> f64 {
        if self.kind.has_slope() {
            self.slope
        } else {
            0.0
        }
    }

    /// φ(x), in the precision of `x`.
    #[inline]
    pub fn phi<F: Float>(&self, x: F) -> F {
        match self.kind {
            Activation::Linear => x,
            Activation::Sigmoid => sigmoid(x),
            Activation::Tanh => x.tanh(),
            Activation::Relu => {
                if x > F::ZERO {
                    x
                } else {
                    F::ZERO
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > F::ZERO {
                    x
                } else {
                    F::of(self.slope) * x
                }
            }
            Activation::Elu => {
                if x > F::ZERO {
                    x
                } else {
                    x.exp_m1()
                }
            }
            Activation::Selu => {
                if x > F::ZERO {
                    F::of(SELU_LAMBDA) * x
                } else {
                    F::of(SELU_LAMBDA * SELU_ALPHA) * x.exp_m1()
                }
            }
            Activation::Gelu => F::HALF * x * x.twice_normal_cdf(),
            Activation::Swish => x * sigmoid(x),
        }
    }

    /// φ′(x), in the precision of `x`, with PyTorch's convention at kinks (ReLU′(0) = 0,
    /// LeakyReLU′(0) = slope).
    #[inline]
    pub fn phi_prime<F: Float>(&self, x: F) -> F {
        match self.kind {
            Activation::Linear => F::ONE,
            Activation::Sigmoid => {
                let s = sigmoid(x);
                s * (F::ONE - s)
            }
            Activation::Tanh => x.sech2(),
            Activation::Relu => {
                if x > F::ZERO {
                    F::ONE
                } else {
                    F::ZERO
                }
            }
            Activation::LeakyRelu | Activation::Prelu => {
                if x > F::ZERO {
                    F::ONE
                } else {
                    F::of(self.slope)
                }
            }
            Activation::Elu => {
                if x > F::ZERO {
                    F::ONE
                } else {
                    x.exp()
                }
            }
            Activation::Selu => {
                if x > F::ZERO {
                    F::of(SELU_LAMBDA)
                } else {
                    F::of(SELU_LAMBDA * SELU_ALPHA) * x.exp()
                }
            }
            Activation::Gelu => F::HALF * x.twice_normal_cdf() + x * x.normal_pdf(),
            Activation::Swish => {
                let s = sigmoid(x);
                s + x * s * (F::ONE - s)
            }
        }
    }

    /// φ(x) in f32, as a framework computes it.
    #[inline]
    pub fn value(&self, x: f32) -> f32 {
        self.phi(x)
    }

    /// φ′(x) in f32.
    #[inline]
    pub fn derivative(&self, x: f32) -> f32 {
        self.phi_prime(x)
    }

    /// φ(x) in f64, for the theory's quadrature.
    pub fn value_f64(&self, x: f64) -> f64 {
        self.phi(x)
    }

    /// φ′(x) in f64, for the theory's quadrature.
    pub fn derivative_f64(&self, x: f64) -> f64 {
        self.phi_prime(x)
    }

    /// φ of every element of `h`, in f32. The activation is chosen once per call, not per element: each kind
    /// gets its own loop (monomorphized from [`Nonlinearity::phi`], the one definition), small and not inlined
    /// so that a JIT such as V8's tiers it up within the first run.
    pub fn apply(&self, h: &[f32]) -> Vec<f32> {
        let mut out = vec![0.0f32; h.len()];
        per_kind!(self, |phi| map1(h, &mut out, |x| phi.phi(x)));
        out
    }

    /// g ⊙ φ′(h), elementwise in f32 (the gradient through φ), with the activation chosen once per call.
    pub fn backprop(&self, g: &[f32], h: &[f32]) -> Vec<f32> {
        let mut out = vec![0.0f32; h.len()];
        per_kind!(self, |phi| map2(g, h, &mut out, |g, x| g * phi
            .phi_prime(x)));
        out
    }

    /// How many of `post` count as saturated ([`Nonlinearity::is_saturated`]), the descriptor looked up once.
    pub fn count_saturated(&self, post: &[f32]) -> usize {
        match self.info().saturation {
            Some(s) => count_where(post, |a| s.contains(a)),
            None => 0,
        }
    }

    /// Whether φ has a kink or a jump in φ′ at 0 (quadrature must split there).
    pub fn kinked_at_zero(&self) -> bool {
        self.info().kinked_at_zero
    }

    /// Whether a post-activation value counts as saturated (see [`super::activation::Saturation`]).
    #[inline]
    pub fn is_saturated(&self, a: f32) -> bool {
        self.info().saturation.is_some_and(|s| s.contains(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_match_finite_differences() {
        for kind in Activation::ALL {
            let phi = Nonlinearity::new(kind, kind.default_slope());
            for &x in &[-3.0, -0.7, 0.4, 2.5] {
                let h = 1e-6;
                let fd = (phi.value_f64(x + h) - phi.value_f64(x - h)) / (2.0 * h);
                let d = phi.derivative_f64(x);
                assert!((fd - d).abs() < 1e-6, "{kind} at {x}: fd {fd} vs {d}");
                let d32 = phi.derivative(x as f32) as f64;
                assert!((d32 - d).abs() < 1e-5, "{kind} f32 at {x}");
                let v32 = phi.value(x as f32) as f64;
                assert!(
                    (v32 - phi.value_f64(x)).abs() < 1e-5 * (1.0 + x.abs()),
                    "{kind} value"
                );
            }
        }
    }

    #[test]
    fn slice_loops_are_phi_bit_for_bit() {
        let xs: Vec<f32> = (0..2001).map(|i| (i as f32 - 1000.0) / 97.0).collect();
        let gs: Vec<f32> = xs.iter().map(|x| 1.0 - 0.3 * x).collect();
        for kind in Activation::ALL {
            let phi = Nonlinearity::new(kind, 0.173);
            let want: Vec<u32> = xs.iter().map(|&x| phi.value(x).to_bits()).collect();
            let got: Vec<u32> = phi.apply(&xs).iter().map(|x| x.to_bits()).collect();
            assert_eq!(got, want, "{kind} φ");
            let want: Vec<u32> = gs
                .iter()
                .zip(&xs)
                .map(|(&g, &x)| (g * phi.derivative(x)).to_bits())
                .collect();
            let got: Vec<u32> = phi.backprop(&gs, &xs).iter().map(|x| x.to_bits()).collect();
            assert_eq!(got, want, "{kind} φ′");
            let sat = xs.iter().filter(|&&x| phi.is_saturated(x)).count();
            assert_eq!(phi.count_saturated(&xs), sat, "{kind} saturated");
        }
    }
}
