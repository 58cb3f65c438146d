//! Charts as inline SVG, drawn here rather than by a charting library: the page stays one small
//! self-contained file with no script, the text is real `<text>` (Chinese names render with
//! the reader's own fonts, and can be searched and copied), every name passes through one
//! escape ([`esc`]), and the output is deterministic, so snapshot tests can hold its structure.
//!
//! Each chart is a `<figure class="chart" data-chart="KIND">` holding one `<svg>` and a
//! caption. Values arrive as `f64` for drawing only; every number written as text is formatted
//! by the caller from the exact decimals.

use std::fmt::Write as _;

/// Colours of the series (primaries), of tiers and of the heatmap's ends: readable on white
/// and told apart by readers with the common colour-vision deficiencies (Okabe–Ito).
pub const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];

/// Text escaped for HTML and SVG: a unit named `<script>` stays text.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours of tiers, from the first (the leaders) down: a sequential ramp apart from the
/// series' colours.
pub const TIER_PALETTE: &[&str] = &["#7f0000", "#d7301f", "#fc8d59", "#fdcc8a", "#fff3d6"];

/// The colour of tier `i`.
pub fn tier_colour(i: usize) -> &'static str {
    TIER_PALETTE
        .get(i.min(TIER_PALETTE.len().saturating_sub(1)))
        .copied()
        .unwrap_or("#999999")
}

/// The colour of series `i`.
pub fn colour(i: usize) -> &'static str {
    PALETTE
        .get(i.checked_rem(PALETTE.len()).unwrap_or(0))
        .copied()
        .unwrap_or("#999999")
}

const FONT: &str = "font-family=\"sans-serif\" font-size=\"12\"";
const LABEL_W: f64 = 110.0;
const BAR_H: f64 = 14.0;
const PLOT_W: f64 = 520.0;

fn figure(kind: &str, caption: &str, width: f64, height: f64, body: &str) -> String {
    format!(
        "<figure class=\"chart\" data-chart=\"{kind}\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" \
         role=\"img\" aria-label=\"{c}\" {FONT}>\n{body}</svg>\n<figcaption>{c}</figcaption>\n</figure>\n",
        c = esc(caption)
    )
}

/// A legend row of coloured squares and names, at `y`.
fn legend(names: &[String], x0: f64, y: f64) -> String {
    legend_in(names, x0, y, colour)
}

/// A legend row whose colours come from `colour_of`.
fn legend_in(names: &[String], x0: f64, y: f64, colour_of: fn(usize) -> &'static str) -> String {
    let mut s = String::new();
    let mut x = x0;
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
            y - 9.0,
            colour_of(i),
            x + 13.0,
            esc(n)
        );
        x += 26.0 + 12.0 * n.chars().count() as f64;
    }
    s
}

/// One horizontal bar of a [`stacked_bars`] chart.
pub struct Bar {
    pub label: String,
    /// The segments' values, one per series, drawn end to end.
    pub segments: Vec<f64>,
    /// The text after the bar (the total as printed).
    pub value: String,
    /// A colour for the label's marker (the unit's tier), by palette index.
    pub marker: Option<usize>,
}

/// Horizontal bars, each stacked from its segments (the ranking, stacked by primary), on an
/// axis from 0 to `max`. `markers` names the marker colours (tiers) for the legend.
pub fn stacked_bars(
    caption: &str,
    series: &[String],
    markers: &[String],
    bars: &[Bar],
    max: f64,
) -> String {
    let top = 30.0;
    let height = top + BAR_H * bars.len() as f64 + 40.0;
    let width = LABEL_W + PLOT_W + 60.0;
    let scale = if max > 0.0 { PLOT_W / max } else { 0.0 };
    let mut s = legend(series, LABEL_W, 14.0);
    for (i, bar) in bars.iter().enumerate() {
        let y = top + BAR_H * i as f64;
        let _ = write!(
            s,
            "<g class=\"bar\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 16.0,
            y + 11.0,
            esc(&bar.label)
        );
        if let Some(m) = bar.marker {
            let _ = write!(
                s,
                "<rect class=\"tier\" x=\"{:.1}\" y=\"{:.1}\" width=\"9\" height=\"9\" fill=\"{}\"/>",
                LABEL_W - 12.0,
                y + 3.0,
                tier_colour(m)
            );
        }
        let mut x = LABEL_W;
        for (j, v) in bar.segments.iter().enumerate() {
            let w = (v.max(0.0) * scale).max(0.0);
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                y + 1.0,
                BAR_H - 2.0,
                colour(j)
            );
            x += w;
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            x + 4.0,
            y + 11.0,
            esc(&bar.value)
        );
    }
    if !markers.is_empty() {
        s.push_str(&legend_in(markers, LABEL_W, height - 12.0, tier_colour));
    }
    figure("ranking", caption, width, height, &s)
}

/// Vertical columns (a histogram, group means) on an axis from 0 to `max`; `values` are shown
/// above each column as `value_labels`.
pub fn columns(
    kind: &str,
    caption: &str,
    labels: &[String],
    values: &[f64],
    value_labels: &[String],
    max: f64,
) -> String {
    let col_w = 48.0;
    let plot_h = 200.0;
    let (top, left) = (20.0, 10.0);
    let width = left * 2.0 + col_w * labels.len() as f64;
    let height = top + plot_h + 50.0;
    let scale = if max > 0.0 { plot_h / max } else { 0.0 };
    let mut s = String::new();
    for (i, ((label, v), shown)) in labels.iter().zip(values).zip(value_labels).enumerate() {
        let x = left + col_w * i as f64;
        let h = (v.max(0.0) * scale).max(0.0);
        let y = top + plot_h - h;
        let _ = writeln!(
            s,
            "<g class=\"column\"><rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"11\">{}</text></g>",
            x + 4.0,
            col_w - 8.0,
            colour(0),
            x + col_w / 2.0,
            y - 4.0,
            esc(shown),
            x + col_w / 2.0,
            top + plot_h + 16.0,
            esc(label)
        );
    }
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#333\"/>",
        width - left,
        y = top + plot_h
    );
    figure(kind, caption, width, height, &s)
}

/// A correlation matrix as a heatmap: blue for r = 1 through white to orange for r = −1, the
/// value printed in each cell (two decimals), an empty cell where r is undefined.
pub fn heatmap(caption: &str, names: &[String], r: &[Vec<Option<f64>>]) -> String {
    let cell = 56.0;
    let left = 100.0;
    let top = 20.0;
    let n = names.len() as f64;
    let width = left + cell * n + 10.0;
    let height = top + cell * n + 90.0;
    let mut s = String::new();
    for (i, row) in r.iter().enumerate() {
        let y = top + cell * i as f64;
        let name = names.get(i).map(String::as_str).unwrap_or_default();
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + cell / 2.0 + 4.0,
            esc(name)
        );
        for (j, v) in row.iter().enumerate() {
            let x = left + cell * j as f64;
            let (fill, text) = match v {
                Some(v) => (heat(*v), format!("{v:.2}")),
                None => ("#ffffff".to_string(), String::new()),
            };
            // White on the darkest cells, black elsewhere.
            let ink = if v.is_some_and(|v| v.abs() > 0.6) {
                "#fff"
            } else {
                "#000"
            };
            let _ = write!(
                s,
                "<rect class=\"cell\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cell}\" height=\"{cell}\" fill=\"{fill}\" stroke=\"#fff\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{ink}\">{text}</text>",
                x + cell / 2.0,
                y + cell / 2.0 + 4.0
            );
        }
        s.push('\n');
    }
    for (j, name) in names.iter().enumerate() {
        let x = left + cell * j as f64 + cell / 2.0;
        let y = top + cell * n + 8.0;
        let _ = writeln!(
            s,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" transform=\"rotate(40 {x:.1} {y:.1})\">{}</text>",
            esc(name)
        );
    }
    figure("heatmap", caption, width, height, &s)
}

/// The fill for a correlation r in [−1, 1].
fn heat(r: f64) -> String {
    let t = r.clamp(-1.0, 1.0).abs();
    let (to_r, to_g, to_b) = if r >= 0.0 {
        (0.0, 114.0, 178.0)
    } else {
        (230.0, 159.0, 0.0)
    };
    let mix = |c: f64| (255.0 + (c - 255.0) * t).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", mix(to_r), mix(to_g), mix(to_b))
}

/// A radar (profile) chart: one axis per name, each series a polygon of shares in [0, 1].
pub fn radar(caption: &str, axes: &[String], series: &[(String, Vec<f64>)]) -> String {
    let (cx, cy, radius) = (230.0, 200.0, 140.0);
    let n = axes.len().max(1) as f64;
    let point = |i: usize, share: f64| {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let r = radius * share.clamp(0.0, 1.0);
        (cx + r * angle.cos(), cy + r * angle.sin())
    };
    let mut s = String::new();
    for ring in [0.25, 0.5, 0.75, 1.0] {
        let pts: Vec<String> = (0..axes.len())
            .map(|i| {
                let (x, y) = point(i, ring);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            s,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#ccc\"/>",
            pts.join(" ")
        );
    }
    for (i, name) in axes.iter().enumerate() {
        let (x, y) = point(i, 1.0);
        let (lx, ly) = point(i, 1.12);
        let anchor = if (lx - cx).abs() < 1.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        let _ = writeln!(
            s,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/>\
             <text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            ly + 4.0,
            esc(name)
        );
    }
    for (k, (_, shares)) in series.iter().enumerate() {
        let pts: Vec<String> = shares
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (x, y) = point(i, *v);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            s,
            "<polygon class=\"series\" points=\"{}\" fill=\"{c}\" fill-opacity=\"0.25\" stroke=\"{c}\" stroke-width=\"2\"/>",
            pts.join(" "),
            c = colour(k)
        );
    }
    let names: Vec<String> = series.iter().map(|(n, _)| n.clone()).collect();
    s.push_str(&legend(&names, 20.0, 390.0));
    figure("radar", caption, 460.0, 400.0, &s)
}

/// One unit's rank interval: its name, nominal rank, and 5th and 95th percentile ranks.
pub struct Interval {
    pub name: String,
    pub nominal: u32,
    pub p5: u32,
    pub p95: u32,
}

/// Rank intervals (issue 11): one row per unit in nominal order, rank 1 at the left, a bar from
/// the 5th to the 95th percentile rank and a dot at the nominal rank; `ranks` is the last rank.
pub fn rank_intervals(caption: &str, rows: &[Interval], ranks: u32) -> String {
    let (left, top, row_h, plot_w) = (120.0, 24.0, 16.0, 480.0);
    let width = left + plot_w + 20.0;
    let height = top + row_h * rows.len() as f64 + 30.0;
    let span = f64::from(ranks.max(2).saturating_sub(1));
    let x = |r: u32| left + plot_w * f64::from(r.saturating_sub(1)) / span;
    let mut s = String::new();
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + row_h / 2.0;
        let _ = writeln!(
            s,
            "<g class=\"interval\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\">{}</text>\
             <line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"4\"/>\
             <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{}\"><title>{}: {} ({}–{})</title></circle></g>",
            left - 6.0,
            y + 4.0,
            esc(&r.name),
            x(r.p5),
            x(r.p95).max(x(r.p5) + 1.0),
            colour(4),
            x(r.nominal),
            colour(5),
            esc(&r.name),
            r.nominal,
            r.p5,
            r.p95
        );
    }
    let axis = top + row_h * rows.len() as f64 + 6.0;
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{axis:.1}\" x2=\"{:.1}\" y2=\"{axis:.1}\" stroke=\"#333\"/>\
         <text x=\"{left}\" y=\"{:.1}\" font-size=\"11\">1</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"11\">{ranks}</text>",
        left + plot_w,
        axis + 14.0,
        left + plot_w,
        axis + 14.0
    );
    figure("rank-intervals", caption, width, height, &s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        let chart = columns(
            "histogram",
            "<b>",
            &["<i>".into()],
            &[1.0],
            &["1".into()],
            1.0,
        );
        assert!(!chart.contains("<i>") && !chart.contains("<b>"), "{chart}");
    }

    #[test]
    fn heat_runs_from_orange_through_white_to_blue() {
        assert_eq!(heat(1.0), "#0072b2");
        assert_eq!(heat(0.0), "#ffffff");
        assert_eq!(heat(-1.0), "#e69f00");
    }
}
