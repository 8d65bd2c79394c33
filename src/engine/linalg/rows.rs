//! A product whose rows of A are never stored: each row's non-zero entries are gathered by the caller when
//! the row is reached (a convolution gathers a pixel's patch straight from the image, with no patch matrix).

use super::tile::{column_tail, column_tile, pack_panel, Entry, Strided, TILE};

/// out (m×n) = A·B for a row-major k×n `b`, where `gather(i, into)` writes the non-zero entries of row i of
/// A (m×k) into the front of `into` (k entries long), in the order they are to be summed, and returns how
/// many.
///
/// Each output is summed from +0 in the order of its row's entries: in ascending column order, the same sums
/// as `linalg::matmul` of the same A, so the two agree to the bit. Rows
/// are the outer loop (a row is gathered once and stays in the cache while every column tile reads it), B's
/// tiles are packed once up front.
pub fn product_by_rows(
    b: &[f32],
    out: &mut [f32],
    (m, k, n): (usize, usize, usize),
    mut gather: impl FnMut(usize, &mut [Entry]) -> usize,
) {
    assert_eq!(b.len(), k * n, "product_by_rows: b has the wrong size");
    assert_eq!(out.len(), m * n, "product_by_rows: out has the wrong size");
    if n == 0 {
        return;
    }
    let b = Strided::row_major(b, n);
    let full = n - n % TILE;
    let mut panels = vec![0.0f32; k * full];
    for (t, panel) in panels.chunks_exact_mut(k * TILE).enumerate() {
        pack_panel(b, k, t * TILE, panel);
    }
    let mut row = vec![(0.0f32, 0usize); k];
    for (i, out_row) in out.chunks_exact_mut(n).enumerate() {
        let count = gather(i, &mut row);
        let nonzero = &row[..count];
        if k > 0 {
            for (panel, tile) in panels
                .chunks_exact(k * TILE)
                .zip(out_row.chunks_exact_mut(TILE))
            {
                column_tile(nonzero, panel, tile);
            }
        } else {
            out_row[..full].fill(0.0);
        }
        if full < n {
            column_tail(nonzero, b, &mut out_row[full..], full);
        }
    }
}
