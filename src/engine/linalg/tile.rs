//! The pieces the dense kernels share: a strided view of a matrix, a row's non-zero entries, and the
//! register tile that sums one output row's columns of a packed panel.

/// A matrix read from a slice with strides: element (i, j) is at `i·rows + j·cols`.
#[derive(Clone, Copy)]
pub(super) struct Strided<'a> {
    pub(super) data: &'a [f32],
    pub(super) rows: usize,
    pub(super) cols: usize,
}

impl<'a> Strided<'a> {
    /// A row-major matrix with `width` columns.
    pub(super) fn row_major(data: &'a [f32], width: usize) -> Self {
        Strided {
            data,
            rows: width,
            cols: 1,
        }
    }

    /// The transpose of a row-major matrix with `width` columns, read in place.
    pub(super) fn transpose_of(data: &'a [f32], width: usize) -> Self {
        Strided {
            data,
            rows: 1,
            cols: width,
        }
    }

    pub(super) fn at(&self, i: usize, j: usize) -> f32 {
        self.data[i * self.rows + j * self.cols]
    }
}

/// One non-zero entry of a row of A: its value and its index p (a row of B).
pub type Entry = (f32, usize);

/// Output columns per register tile: 32 f32 sums are eight 128-bit vectors, which stay in registers
/// (16 on x86-64, and in V8's WASM code) across a whole row's non-zero entries.
pub(super) const TILE: usize = 32;

/// Columns j0..j0 + [`TILE`] of B (k × n), packed row after row into `panel` (k × [`TILE`]).
pub(super) fn pack_panel(b: Strided, k: usize, j0: usize, panel: &mut [f32]) {
    if b.cols == 1 {
        for (p, dst) in panel.chunks_exact_mut(TILE).enumerate() {
            dst.copy_from_slice(&b.data[p * b.rows + j0..][..TILE]);
        }
    } else {
        // B's columns are contiguous (B = Wᵀ): read each one in order, write it down the panel.
        for t in 0..TILE {
            let column = &b.data[(j0 + t) * b.cols..][..k];
            for (p, &x) in column.iter().enumerate() {
                panel[p * TILE + t] = x;
            }
        }
    }
}

/// One output row's columns of a panel: Σ s·panel_p over its non-zero (s, p), summed in registers from +0 in
/// order — the same additions in the same order as one element at a time.
#[inline(never)]
pub(super) fn column_tile(nonzero: &[Entry], panel: &[f32], out: &mut [f32]) {
    let mut acc = [0.0f32; TILE];
    for &(s, p) in nonzero {
        let row = &panel[p * TILE..][..TILE];
        for t in 0..TILE {
            acc[t] += s * row[t];
        }
    }
    out.copy_from_slice(&acc);
}

/// The last n mod [`TILE`] columns of one output row (from column `j0`), in the same order.
pub(super) fn column_tail(nonzero: &[Entry], b: Strided, out: &mut [f32], j0: usize) {
    out.fill(0.0);
    for &(s, p) in nonzero {
        for (j, o) in out.iter_mut().enumerate() {
            *o += s * b.at(p, j0 + j);
        }
    }
}
