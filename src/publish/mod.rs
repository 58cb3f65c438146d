//! Stage 6 beside `report`, publishing: reports as files people open — an Excel workbook
//! ([`xlsx`]) and one self-contained HTML page with charts ([`html`], drawn by [`svg`]). It reads the model, the
//! results and the reports' outputs; nothing before it knows about it.

pub mod html;
pub mod svg;
pub mod xlsx;
