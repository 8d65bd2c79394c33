//! Reading a frame's numbers safely: every id and count is checked, and the engine's codecs only see data
//! whose counts fit in what was sent.

use super::error::{err, ProtocolError};

/// Reads the numeric part of a frame, checking every count and id.
pub(super) struct Numbers<'a> {
    data: &'a [f64],
    pub(super) at: usize,
}

impl<'a> Numbers<'a> {
    pub(super) fn new(data: &'a [f64]) -> Self {
        Numbers { data, at: 0 }
    }

    pub(super) fn float(&mut self) -> Result<f64, ProtocolError> {
        let x = *self
            .data
            .get(self.at)
            .ok_or(ProtocolError("too few numbers".into()))?;
        self.at += 1;
        Ok(x)
    }

    /// A whole number in 0..=2⁵³ (exact in f64).
    pub(super) fn whole(&mut self) -> Result<u64, ProtocolError> {
        let x = self.float()?;
        if !(0.0..=9_007_199_254_740_992.0).contains(&x) || x.fract() != 0.0 {
            return err(format!("{x} is not a whole number"));
        }
        Ok(x as u64)
    }

    pub(super) fn count(&mut self) -> Result<usize, ProtocolError> {
        usize::try_from(self.whole()?).or(err("count too large"))
    }

    pub(super) fn flag(&mut self) -> Result<bool, ProtocolError> {
        match self.whole()? {
            0 => Ok(false),
            1 => Ok(true),
            x => err(format!("{x} is not 0 or 1")),
        }
    }

    pub(super) fn rest(&mut self) -> &'a [f64] {
        let r = &self.data[self.at.min(self.data.len())..];
        self.at = self.data.len();
        r
    }

    pub(super) fn end(&self) -> Result<(), ProtocolError> {
        if self.at == self.data.len() {
            Ok(())
        } else {
            err("trailing numbers")
        }
    }
}

/// The codec's histogram count (index 9) must be a sane count before the codec sizes anything by it.
pub(super) fn plausible_result(v: &[f64]) -> bool {
    v.len() >= 10 && v[9] >= 0.0 && v[9] <= v.len() as f64
}

/// Walk the snapshot codec's layout checking that every count fits in what is left, before
/// [`snapshot::decode`] loops or sizes anything by it (it would loop without end on a huge row count of
/// empty gradient rows).
pub(super) fn plausible_snapshot(v: &[f64]) -> bool {
    let left = |at: usize| v.len().saturating_sub(at) as f64;
    let count = |at: usize| {
        v.get(at)
            .copied()
            .filter(|&x| x >= 0.0 && x.fract() == 0.0 && x <= left(at))
    };
    let Some(racers) = count(3) else { return false };
    let mut at = 4;
    for _ in 0..racers as usize {
        let Some(h) = count(at + 1) else { return false };
        at += 2 + 4 * h as usize;
        let (Some(rows), Some(layers)) = (count(at), count(at + 1)) else {
            return false;
        };
        if rows * layers > left(at + 2) || (layers == 0.0 && rows > 0.0) {
            return false;
        }
        at += 2 + (rows * layers) as usize;
        match v.get(at) {
            Some(b) if b.is_nan() => at += 1,
            Some(_) => match count(at) {
                Some(b) => at += 1 + b as usize,
                None => return false,
            },
            None => return false,
        }
    }
    true
}
