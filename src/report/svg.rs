//! The principle × area matrix as a standalone SVG heat map, written by hand.
//!
//! One row per principle (label on the left), one column per area (label above, turned 45°), one
//! `<rect>` per cell with its count written in it. Non-empty cells are filled on a five-step
//! sequential scale ([`PALETTE`], light to dark, with lightness falling monotonically so it reads
//! in greyscale print); counts on the two darkest steps are written in white. A gap (no practice)
//! is white with a grey hatch and a dashed outline, so it shows without colour. A legend maps the
//! steps to count ranges. Only integers are written, and every text is XML-escaped: the same
//! coverage gives the same bytes.

use super::markdown::principle_label;
use super::Coverage;
use crate::model::Taxonomy;
use std::fmt::Write;

/// The fills of the five steps, lightest first (ColorBrewer "Blues"). Relative luminance falls
/// from about 0.82 to 0.03, so the order survives greyscale printing.
pub const PALETTE: [&str; 5] = ["#deebf7", "#9ecae1", "#4292c6", "#08519c", "#08306b"];

/// Steps from this one on are dark: their counts are written in white.
const FIRST_DARK_STEP: usize = 3;
const PAD: usize = 12;
const CELL_W: usize = 56;
const CELL_H: usize = 24;
const CAPTION_H: usize = 28;
const SWATCH: usize = 16;
const HATCH_ID: &str = "compendium-gap-hatch";

/// Escapes a text for XML content and attribute values (`&`, `<`, `>`, `"`, `'`). Characters XML
/// 1.0 forbids (control characters other than tab and line ends, U+FFFE, U+FFFF) become U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The step of a count on the scale of a matrix whose largest count is `max`: `None` for a gap,
/// else `0..=4`, proportional to `count / max` (the largest count is always the darkest step).
pub fn fill_step(count: usize, max: usize) -> Option<usize> {
    if count == 0 || max == 0 {
        return None;
    }
    let steps = PALETTE.len();
    Some(((count * steps).div_ceil(max)).clamp(1, steps) - 1)
}

/// The counts of each step, as inclusive ranges; `None` for a step no count reaches.
fn step_ranges(max: usize) -> Vec<Option<(usize, usize)>> {
    let mut ranges: Vec<Option<(usize, usize)>> = vec![None; PALETTE.len()];
    for count in 1..=max {
        if let Some(s) = fill_step(count, max) {
            let r = ranges[s].get_or_insert((count, count));
            r.1 = count;
        }
    }
    ranges
}

/// Rough width in pixels of a text at 12 px sans-serif: 7 px for ASCII, 12 px for anything else
/// (so accented and wide scripts get room rather than overflow).
fn text_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c.is_ascii() { 7 } else { 12 })
        .sum()
}

/// Draws the heat map of the principle × area matrix. Labels come from `taxonomy`.
pub fn heatmap_svg(c: &Coverage, taxonomy: &Taxonomy) -> String {
    let m = &c.principle_area;
    let labels: Vec<&str> = m
        .rows
        .iter()
        .map(|id| principle_label(taxonomy, id))
        .collect();
    let max = m.max();
    let ranges = step_ranges(max);

    let row_label_w = labels.iter().map(|l| text_width(l)).max().unwrap_or(0);
    let col_label_w = m.columns.iter().map(|l| text_width(l)).max().unwrap_or(0);
    let rotated = col_label_w * 71 / 100; // 45°: width and height are the length × 0.71
    let grid_left = PAD + row_label_w + 10;
    let grid_top = PAD + CAPTION_H + rotated + 12;
    let grid_w = m.columns.len() * CELL_W;
    let grid_h = m.rows.len() * CELL_H;
    let legend_top = grid_top + grid_h + 20;

    let mut legend: Vec<(String, String)> = vec![(format!("url(#{HATCH_ID})"), "0 (gap)".into())];
    for (s, range) in ranges.iter().enumerate() {
        if let Some((lo, hi)) = range {
            let text = if lo == hi {
                lo.to_string()
            } else {
                format!("{lo}–{hi}")
            };
            legend.push((PALETTE[s].to_string(), text));
        }
    }
    let legend_title = "Practices per cell:";
    let legend_first_x = PAD + text_width(legend_title) + 10;
    let legend_w: usize = legend
        .iter()
        .map(|(_, t)| SWATCH + 6 + text_width(t) + 18)
        .sum();
    let caption = format!(
        "Practices by principle and area, edition \u{201c}{}\u{201d}",
        c.edition
    );
    let width = (grid_left + grid_w + rotated.saturating_sub(CELL_W / 2) + PAD)
        .max(legend_first_x + legend_w + PAD)
        .max(2 * PAD + text_width(&caption));
    let height = legend_top + SWATCH + PAD;

    let gaps = m.gaps.len();
    let cells = m.rows.len() * m.columns.len();
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="coverage-title coverage-desc" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        out,
        r#"<title id="coverage-title">{}</title>"#,
        xml_escape(&caption)
    );
    let _ = writeln!(
        out,
        r#"<desc id="coverage-desc">Heat map of {} practices: the number tagged with each of {} principles (rows) in each of {} areas (columns), written in every cell. Darker cells have more practices; {} of {} cells have none and are hatched.</desc>"#,
        // Retired practices are not in the cells.
        c.counted(),
        m.rows.len(),
        m.columns.len(),
        gaps,
        cells
    );
    let _ = writeln!(
        out,
        r##"<defs><pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#bdbdbd" stroke-width="2"/></pattern></defs>"##
    );
    let _ = writeln!(
        out,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="{PAD}" y="{}" font-size="14" font-weight="bold">{}</text>"#,
        PAD + 14,
        xml_escape(&caption)
    );

    let _ = writeln!(out, r#"<g class="column-labels">"#);
    for (col, area) in m.columns.iter().enumerate() {
        let x = grid_left + col * CELL_W + CELL_W / 2;
        let y = grid_top - 6;
        let _ = writeln!(
            out,
            r#"<text x="{x}" y="{y}" transform="rotate(-45 {x} {y})">{}</text>"#,
            xml_escape(area)
        );
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, r#"<g class="row-labels" text-anchor="end">"#);
    for (row, label) in labels.iter().enumerate() {
        let y = grid_top + row * CELL_H + CELL_H / 2 + 4;
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{y}">{}</text>"#,
            grid_left - 8,
            xml_escape(label)
        );
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, r#"<g class="cells" text-anchor="middle">"#);
    for (row, label) in labels.iter().enumerate() {
        for (col, area) in m.columns.iter().enumerate() {
            let n = m.counts[row][col];
            let x = grid_left + col * CELL_W;
            let y = grid_top + row * CELL_H;
            let noun = if n == 1 { "practice" } else { "practices" };
            let tip = xml_escape(&format!("{label}, {area}: {n} {noun}"));
            let (fill, stroke, ink) = match fill_step(n, max) {
                None => (
                    format!("url(#{HATCH_ID})"),
                    r##"stroke="#616161" stroke-dasharray="3 2""##,
                    "#000000",
                ),
                Some(s) => (
                    PALETTE[s].to_string(),
                    r##"stroke="#ffffff""##,
                    if s >= FIRST_DARK_STEP {
                        "#ffffff"
                    } else {
                        "#000000"
                    },
                ),
            };
            let _ = writeln!(
                out,
                r#"<g><title>{tip}</title><rect class="cell" x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" {stroke}/><text x="{}" y="{}" fill="{ink}">{n}</text></g>"#,
                x + CELL_W / 2,
                y + CELL_H / 2 + 4
            );
        }
    }
    let _ = writeln!(out, "</g>");

    let _ = writeln!(out, r#"<g class="legend">"#);
    let baseline = legend_top + SWATCH - 4;
    let _ = writeln!(
        out,
        r#"<text x="{PAD}" y="{baseline}">{legend_title}</text>"#
    );
    let mut x = legend_first_x;
    for (i, (fill, text)) in legend.iter().enumerate() {
        let stroke = if i == 0 {
            r##"stroke="#616161" stroke-dasharray="3 2""##
        } else {
            r##"stroke="#9e9e9e""##
        };
        let _ = writeln!(
            out,
            r#"<rect x="{x}" y="{legend_top}" width="{SWATCH}" height="{SWATCH}" fill="{fill}" {stroke}/><text x="{}" y="{baseline}">{}</text>"#,
            x + SWATCH + 6,
            xml_escape(text)
        );
        x += SWATCH + 6 + text_width(text) + 18;
    }
    let _ = writeln!(out, "</g>");
    out.push_str("</svg>\n");
    out
}
