//! The convolution against its definitions: im2col, the product, the input gradient.

use super::*;

/// The transpose of [`Geometry::im2col`]: each pixel sums what every patch that holds it received.
fn col2im(g: &Geometry, g_patches: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0f32; g.pixels() * g.channels];
    g.for_each_tap(|at, to| out[to] += g_patches[at]);
    out
}

#[test]
fn the_input_gradient_is_the_transposed_convolution() {
    // ∂L/∂a by the flipped kernel equals col2im(∂L/∂h·Wᵀ), the adjoint of the forward pass.
    let g = Geometry {
        batch: 2,
        side: 5,
        kernel: 3,
        channels: 3,
    };
    let c_out = 4;
    let w: Vec<f32> = (0..g.patch_len() * c_out)
        .map(|i| ((i * 29 % 13) as f32 - 6.0) / 8.0)
        .collect();
    let g_h: Vec<f32> = (0..g.pixels() * c_out)
        .map(|i| ((i * 17 % 11) as f32 - 5.0) / 4.0)
        .collect();
    let step = ConvStep {
        plan: LayerPlan {
            index: 1,
            fan_in: g.patch_len(),
            fan_out: c_out,
            taps: 9,
            dist: crate::engine::distribution::Distribution::Constant(0.0),
            bias: crate::engine::dense::BiasInit::None,
        },
        geometry: g,
        phi: Nonlinearity::new(crate::engine::Activation::Linear, 0.0),
        lsuv: false,
        seed: 1,
    };
    let mut g_patches = vec![0.0f32; g.pixels() * g.patch_len()];
    crate::engine::linalg::matmul_bt(&g_h, &w, &mut g_patches, g.pixels(), c_out, g.patch_len());
    let want = col2im(&g, &g_patches);
    let got = step.input_grad(&w, &g_h);
    for (a, b) in got.iter().zip(&want) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
}

/// The convolution computed directly from its definition, with the PyTorch weight layout.
fn direct(a: &[f32], w_torch: &[f32], g: Geometry, c_out: usize) -> Vec<f32> {
    let (s, k, c_in) = (g.side, g.kernel, g.channels);
    let r = k as isize / 2;
    let mut h = vec![0.0f32; g.pixels() * c_out];
    for b in 0..g.batch {
        for y in 0..s {
            for x in 0..s {
                for o in 0..c_out {
                    let mut acc = 0.0f64;
                    for c in 0..c_in {
                        for i in 0..k {
                            for j in 0..k {
                                let yy = (y as isize + i as isize - r).rem_euclid(s as isize);
                                let xx = (x as isize + j as isize - r).rem_euclid(s as isize);
                                let v = a[((b * s + yy as usize) * s + xx as usize) * c_in + c];
                                acc += (w_torch[((o * c_in + c) * k + i) * k + j] * v) as f64;
                            }
                        }
                    }
                    h[((b * s + y) * s + x) * c_out + o] = acc as f32;
                }
            }
        }
    }
    h
}

#[test]
fn im2col_times_weights_is_the_circular_convolution() {
    let g = Geometry {
        batch: 2,
        side: 5,
        kernel: 3,
        channels: 2,
    };
    let c_out = 3;
    let a: Vec<f32> = (0..g.pixels() * g.channels)
        .map(|i| ((i * 37 % 11) as f32 - 5.0) / 4.0)
        .collect();
    let w_torch: Vec<f32> = (0..c_out * g.patch_len())
        .map(|i| ((i * 13 % 7) as f32 - 3.0) / 8.0)
        .collect();
    // Ours is PyTorch's (C_out, C_in·k²) transposed.
    let mut w = vec![0.0f32; w_torch.len()];
    for o in 0..c_out {
        for q in 0..g.patch_len() {
            w[q * c_out + o] = w_torch[o * g.patch_len() + q];
        }
    }
    let mut h = vec![0.0f32; g.pixels() * c_out];
    crate::engine::linalg::matmul(&g.im2col(&a), &w, &mut h, g.pixels(), g.patch_len(), c_out);
    let want = direct(&a, &w_torch, g, c_out);
    for (x, y) in h.iter().zip(&want) {
        assert!((x - y).abs() < 1e-5, "{x} vs {y}");
    }
}

#[test]
fn im2col_gathers_what_the_definition_names() {
    let g = Geometry {
        batch: 2,
        side: 4,
        kernel: 5,
        channels: 3,
    };
    let a: Vec<f32> = (0..g.pixels() * g.channels).map(|i| i as f32).collect();
    let mut want = vec![0.0f32; g.pixels() * g.patch_len()];
    g.for_each_tap(|at, from| want[at] = a[from]);
    assert_eq!(g.im2col(&a), want);
}

#[test]
fn col2im_is_the_transpose_of_im2col() {
    // ⟨im2col(a), p⟩ = ⟨a, col2im(p)⟩ for any a and p.
    let g = Geometry {
        batch: 1,
        side: 4,
        kernel: 3,
        channels: 2,
    };
    let a: Vec<f32> = (0..g.pixels() * g.channels)
        .map(|i| i as f32 * 0.25)
        .collect();
    let p: Vec<f32> = (0..g.pixels() * g.patch_len())
        .map(|i| ((i % 7) as f32) - 3.0)
        .collect();
    let lhs: f64 = g
        .im2col(&a)
        .iter()
        .zip(&p)
        .map(|(&x, &y)| (x * y) as f64)
        .sum();
    let rhs: f64 = a
        .iter()
        .zip(&col2im(&g, &p))
        .map(|(&x, &y)| (x * y) as f64)
        .sum();
    assert!((lhs - rhs).abs() < 1e-9 * lhs.abs().max(1.0));
}

/// A fixed pseudo-random value in [0, 1) for index `i` of stream `salt`.
fn uniform(i: usize, salt: u64) -> f32 {
    let x = (i as u64 ^ salt).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> 40) as f32 / (1u64 << 24) as f32
}

/// Scales over several decades: test values multiplied by these make a sum's bits depend on its order.
const DECADES: [f32; 7] = [1.0, 1e3, 1e-2, 37.0, 0.3, 1e2, 3e-3];

#[test]
fn convolve_is_im2col_times_weights_to_the_bit() {
    // The fused kernel must give the bits of matmul(patches, w) with the patch matrix's columns (and w's
    // rows) in its summation order, tap by tap, channels within a tap: with ReLU-like zeros in a, at widths
    // below, at and above one 32-column tile, for 1×1, 3×3 and 5×5 kernels. The values span several
    // decades, so that another order of the same sums gives other bits (checked below).
    let mut order_matters = false;
    for (kernel, channels, n) in [(3, 3, 32), (3, 5, 7), (1, 4, 40), (5, 2, 64), (3, 32, 33)] {
        let g = Geometry {
            batch: 2,
            side: 6,
            kernel,
            channels,
        };
        let a: Vec<f32> = (0..g.pixels() * channels)
            .map(|i| (uniform(i, 1) - 0.4).max(0.0) * DECADES[i % 7])
            .collect();
        assert!(a.iter().filter(|&&v| v == 0.0).count() > a.len() / 3);
        let w: Vec<f32> = (0..g.patch_len() * n)
            .map(|i| (uniform(i, 2) - 0.5) * DECADES[(i / 3) % 7])
            .collect();
        // Column q = t·C_in + c of the reordered patches is column p = c·k² + t of im2col's.
        let (taps, len) = (kernel * kernel, g.patch_len());
        let from = |q: usize| (q % channels) * taps + q / channels;
        let patches = g.im2col(&a);
        let reordered: Vec<f32> = (0..g.pixels() * len)
            .map(|at| patches[at / len * len + from(at % len)])
            .collect();
        let w_reordered: Vec<f32> = (0..len * n)
            .map(|at| w[from(at / n) * n + at % n])
            .collect();
        let mut want = vec![0.0f32; g.pixels() * n];
        crate::engine::linalg::matmul(&reordered, &w_reordered, &mut want, g.pixels(), len, n);
        let mut got = vec![f32::NAN; g.pixels() * n];
        g.convolve(&a, &w, &mut got, n);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits(&got),
            bits(&want),
            "k {kernel}, C_in {channels}, n {n}"
        );
        // The channel-major order (im2col's own) sums the same products to other bits here.
        let mut other = vec![0.0f32; g.pixels() * n];
        crate::engine::linalg::matmul(&patches, &w, &mut other, g.pixels(), len, n);
        order_matters |= bits(&other) != bits(&want);
    }
    assert!(
        order_matters,
        "the test's values cannot tell one summation order from another"
    );
}

#[test]
fn weight_grad_is_im2col_transposed_times_gradient_to_the_bit() {
    // Summed over the pixels in order, as matmul_at(im2col(a), ∂L/∂h): values over several decades, so that
    // the reverse order gives other bits (checked below).
    let mut order_matters = false;
    for (kernel, channels, n) in [(3, 3, 32), (3, 5, 7), (1, 4, 40), (5, 2, 64)] {
        let g = Geometry {
            batch: 2,
            side: 6,
            kernel,
            channels,
        };
        let a: Vec<f32> = (0..g.pixels() * channels)
            .map(|i| (uniform(i, 3) - 0.4).max(0.0) * DECADES[i % 7])
            .collect();
        let g_h: Vec<f32> = (0..g.pixels() * n)
            .map(|i| (uniform(i, 4) - 0.5) * DECADES[(i / 5) % 7])
            .collect();
        let (rows, len) = (g.pixels(), g.patch_len());
        let mut want = vec![0.0f32; len * n];
        let patches = g.im2col(&a);
        crate::engine::linalg::matmul_at(&patches, &g_h, &mut want, len, rows, n);
        let mut got = vec![f32::NAN; len * n];
        g.weight_grad(&a, &g_h, &mut got, n);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(
            bits(&got),
            bits(&want),
            "k {kernel}, C_in {channels}, n {n}"
        );
        // The pixels in reverse order: the same products, other bits.
        let flip = |m: &[f32], width: usize| -> Vec<f32> {
            m.chunks_exact(width).rev().flatten().copied().collect()
        };
        let mut other = vec![0.0f32; len * n];
        let (p, gh) = (flip(&patches, len), flip(&g_h, n));
        crate::engine::linalg::matmul_at(&p, &gh, &mut other, len, rows, n);
        order_matters |= bits(&other) != bits(&want);
    }
    assert!(
        order_matters,
        "the test's values cannot tell one summation order from another"
    );
}
