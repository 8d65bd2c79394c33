//! [`MeasuredCanvas`]: plotters' canvas backend with text measured by the canvas itself.
//!
//! plotters' default text measure (its web font's `estimate_layout`) appends a `<span>` to the page and
//! reads its `offsetHeight`, which forces a layout of the whole page for every label. With a 50-row table
//! and several charts, that was about 11 ms of each slider step's main-thread time (a CPU profile of ten
//! steps at the defaults). The canvas's own `measureText` needs no layout.

use plotters::prelude::*;
use plotters_backend::{BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;

/// plotters-canvas's error type (its module is private, so it is named through the trait).
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;

/// A [`CanvasBackend`] whose [`DrawingBackend::estimate_text_size`] asks the 2D context.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: web_sys::CanvasRenderingContext2d,
}

impl MeasuredCanvas {
    /// Wrap `inner`, which draws on the canvas whose 2D context is `context`.
    pub fn new(inner: CanvasBackend, context: web_sys::CanvasRenderingContext2d) -> Self {
        MeasuredCanvas { inner, context }
    }
}

/// Width and height (in CSS px, rounded as `offsetWidth`/`offsetHeight` are) of `text` in `style`'s font,
/// unrotated, as plotters' own estimate gives them: the advance width, and the font's ascent + descent
/// (1.2 × the size where the browser does not report them); nothing for empty text.
fn measure(
    context: &web_sys::CanvasRenderingContext2d,
    text: &str,
    style: &impl BackendTextStyle,
) -> Option<(u32, u32)> {
    // An empty span has no box at all (a chart without a caption keeps no room for one).
    if text.is_empty() {
        return Some((0, 0));
    }
    let size = style.size();
    context.set_font(&format!(
        "{} {}px {}",
        style.style().as_str(),
        size,
        style.family().as_str()
    ));
    let m = context.measure_text(text).ok()?;
    let height = m.font_bounding_box_ascent() + m.font_bounding_box_descent();
    let height = if height.is_finite() && height > 0.0 {
        height
    } else {
        1.2 * size
    };
    Some((m.width().round() as u32, height.round() as u32))
}

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: plotters_backend::BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_path(path, style)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        match measure(&self.context, text, style) {
            Some(size) => Ok(size),
            // The canvas cannot measure: plotters' own estimate.
            None => {
                let ((x0, y0), (x1, y1)) = style
                    .layout_box(text)
                    .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
                Ok(((x1 - x0) as u32, (y1 - y0) as u32))
            }
        }
    }
}
