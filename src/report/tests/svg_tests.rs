use super::{edition_of, practice, sample, taxonomy};
use crate::model::Area;
use crate::report::{coverage, fill_step, heatmap_svg, xml_escape, Coverage, PALETTE};

/// A minimal XML well-formedness check: one root element, tags balanced and properly nested,
/// attributes `name="value"` without duplicates, no `<` in values, every `&` an entity.
pub(crate) fn check_well_formed(xml: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        check_text(&rest[..i])?;
        if stack.is_empty() && !rest[..i].trim().is_empty() {
            return Err(format!("text outside the root: {:?}", &rest[..i]));
        }
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>").ok_or("unclosed <?")? + 2..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->").ok_or("unclosed comment")? + 3..];
            continue;
        }
        let end = rest.find('>').ok_or("unclosed tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match stack.pop() {
                Some(open) if open == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(t) => (t, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c))
        {
            return Err(format!("bad element name {name:?}"));
        }
        check_attributes(&tag[name_end..])?;
        if stack.is_empty() {
            roots += 1;
        }
        if !empty {
            stack.push(name);
        }
    }
    check_text(rest)?;
    match (stack.is_empty(), roots, rest.trim().is_empty()) {
        (true, 1, true) => Ok(()),
        _ => Err(format!(
            "unclosed {stack:?}, {roots} roots, trailing {rest:?}"
        )),
    }
}

fn check_text(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest.find(';').ok_or("& without ;")?;
        let entity = &rest[..end];
        let numeric = entity
            .strip_prefix('#')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if !numeric && !["amp", "lt", "gt", "quot", "apos"].contains(&entity) {
            return Err(format!("unknown entity &{entity};"));
        }
    }
    Ok(())
}

fn check_attributes(mut attrs: &str) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Ok(());
        }
        let eq = attrs
            .find("=\"")
            .ok_or(format!("bad attribute {attrs:?}"))?;
        let name = &attrs[..eq];
        if name.is_empty() || name.contains(char::is_whitespace) || seen.contains(&name) {
            return Err(format!("bad or repeated attribute {name:?}"));
        }
        seen.push(name);
        attrs = &attrs[eq + 2..];
        let close = attrs.find('"').ok_or("unclosed attribute value")?;
        let value = &attrs[..close];
        if value.contains('<') {
            return Err(format!("< in attribute {name}"));
        }
        check_text(value)?;
        attrs = &attrs[close + 1..];
    }
}

/// Each cell's rect element and the text written in it, in document order.
fn cells(svg: &str) -> Vec<(&str, &str)> {
    svg.split(r#"<rect class="cell""#)
        .skip(1)
        .map(|part| {
            let rect = &part[..part.find("/>").unwrap()];
            let text = &part[part.find("<text").unwrap()..];
            let text = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
            (rect, text)
        })
        .collect()
}

fn sample_coverage() -> Coverage {
    coverage(&edition_of(sample(), &taxonomy()))
}

#[test]
fn xml_escape_escapes_markup_and_drops_forbidden_characters() {
    assert_eq!(
        xml_escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
    );
    assert_eq!(
        xml_escape("&amp;"),
        "&amp;amp;",
        "escaping is not idempotent, by design"
    );
    assert_eq!(
        xml_escape("a\u{0}b\u{1b}c\td\ne\u{FFFF}"),
        "a\u{FFFD}b\u{FFFD}c\td\ne\u{FFFD}"
    );
    assert_eq!(xml_escape("Zoë — 指纹"), "Zoë — 指纹");
}

#[test]
fn the_checker_rejects_broken_xml() {
    assert!(check_well_formed("<a><b/></a>").is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a/><b/>",
        "<a>&</a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "x<a/>",
    ] {
        assert!(check_well_formed(bad).is_err(), "{bad}");
    }
}

#[test]
fn svg_is_well_formed_with_a_cell_per_count() {
    let t = taxonomy();
    let c = sample_coverage();
    let svg = heatmap_svg(&c, &t);
    check_well_formed(&svg).unwrap();
    assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(
        r#"<title id="coverage-title">Practices by principle and area, edition “test-1”</title>"#
    ));
    assert!(svg.contains("Heat map of 5 practices") && svg.contains("210 of 216 cells have none"));
    let m = &c.principle_area;
    let cells = cells(&svg);
    assert_eq!(cells.len(), m.rows.len() * m.columns.len());
    let expected: Vec<String> = m.counts.iter().flatten().map(|n| n.to_string()).collect();
    let written: Vec<&str> = cells.iter().map(|c| c.1).collect();
    assert_eq!(written, expected);
    for label in t.principles.iter().map(|p| xml_escape(&p.label)) {
        assert!(
            svg.contains(&format!(">{label}</text>")),
            "row label {label}"
        );
    }
    assert_eq!(svg.matches(r#"transform="rotate(-45 "#).count(), 8);
    for area in Area::ALL {
        assert!(
            svg.contains(&format!(">{area}</text>")),
            "column label {area}"
        );
    }
}

#[test]
fn gaps_are_hatched_with_a_dashed_outline() {
    let c = sample_coverage();
    let svg = heatmap_svg(&c, &taxonomy());
    let cells = cells(&svg);
    let m = &c.principle_area;
    for (i, (rect, text)) in cells.iter().enumerate() {
        let gap = m.counts[i / m.columns.len()][i % m.columns.len()] == 0;
        assert_eq!(rect.contains("url(#compendium-gap-hatch)"), gap, "{rect}");
        assert_eq!(rect.contains("stroke-dasharray"), gap, "{rect}");
        assert_eq!(*text == "0", gap);
    }
    // A principle with no practice: its whole row is hatched.
    let r = m
        .rows
        .iter()
        .position(|id| id == "gender-sensitivity")
        .unwrap();
    let row = &cells[r * 8..(r + 1) * 8];
    assert!(row
        .iter()
        .all(|(rect, text)| rect.contains("hatch") && *text == "0"));
    assert!(svg.contains(r#"<pattern id="compendium-gap-hatch""#));
}

#[test]
fn steps_grow_with_the_count_and_the_largest_is_darkest() {
    assert_eq!(fill_step(0, 10), None);
    assert_eq!(fill_step(3, 0), None);
    assert_eq!(fill_step(1, 1), Some(4));
    let steps: Vec<usize> = (1..=10).map(|n| fill_step(n, 10).unwrap()).collect();
    assert_eq!(steps, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    for max in 1..60 {
        let s: Vec<usize> = (1..=max).map(|n| fill_step(n, max).unwrap()).collect();
        assert!(
            s.windows(2).all(|w| w[0] <= w[1]),
            "monotonic for max {max}"
        );
        assert_eq!(*s.last().unwrap(), 4);
        if max >= 5 {
            assert_eq!(
                s[0], 0,
                "the smallest count is the lightest step for max {max}"
            );
        }
    }
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn palette_darkens_monotonically_and_text_stays_readable() {
    let l: Vec<f64> = PALETTE.iter().map(|h| luminance(h)).collect();
    assert!(l.windows(2).all(|w| w[0] > w[1] + 0.02), "{l:?}");
    assert!(
        l[0] > 0.75 && l[4] < 0.05,
        "near white to near black: {l:?}"
    );
    // The text colour of each step has a contrast of at least 4.5 against its fill.
    let practices = (1..=5)
        .flat_map(|n| {
            let ids: Vec<String> = (0..n).map(|i| format!("p{n}-{i}")).collect();
            ids.into_iter()
                .map(move |id| practice(&id, Area::ALL[n - 1], &["privacy"], "EU", &[2020]))
        })
        .collect();
    let c = coverage(&edition_of(practices, &taxonomy()));
    let svg = heatmap_svg(&c, &taxonomy());
    for (step, fill) in PALETTE.iter().enumerate() {
        let (rect, text) = cells(&svg)
            .into_iter()
            .find(|(rect, _)| rect.contains(&format!("fill=\"{fill}\"")))
            .unwrap();
        assert_eq!(text, (step + 1).to_string(), "{rect}");
        let ink = &svg[svg.find(rect).unwrap()..];
        let ink = &ink[ink.find("<text").unwrap()..ink.find("</text>").unwrap()];
        let white = ink.contains(r##"fill="#ffffff""##);
        assert_eq!(white, step >= 3, "white text on the dark steps only: {ink}");
        let (hi, lo) = if white {
            (1.0, l[step])
        } else {
            (l[step], 0.0)
        };
        assert!((hi + 0.05) / (lo + 0.05) >= 4.5, "contrast of step {step}");
    }
    // The legend maps each step to its counts: 1, 2, 3, 4, 5.
    for n in 1..=5 {
        assert!(svg.contains(&format!(
            r##"fill="{}" stroke="#9e9e9e"/>"##,
            PALETTE[n - 1]
        )));
    }
    assert!(svg.contains(">0 (gap)</text>"));
}

#[test]
fn legend_shows_count_ranges() {
    // Largest count 10: steps of two counts each.
    let practices = (0..10)
        .map(|i| {
            practice(
                &format!("p{i}"),
                Area::Military,
                &["privacy"],
                "EU",
                &[2020],
            )
        })
        .collect();
    let svg = heatmap_svg(&coverage(&edition_of(practices, &taxonomy())), &taxonomy());
    check_well_formed(&svg).unwrap();
    for range in ["1–2", "3–4", "5–6", "7–8", "9–10"] {
        assert!(svg.contains(&format!(">{range}</text>")), "{range}");
    }
    // Largest count 2: only the steps used appear.
    let c = sample_coverage();
    let svg = heatmap_svg(&c, &taxonomy());
    let legend = &svg[svg.find(r#"<g class="legend">"#).unwrap()..];
    assert_eq!(legend.matches("<rect").count(), 3, "gap, 1 and 2: {legend}");
}

#[test]
fn svg_escapes_labels_and_edition_name() {
    let mut t = taxonomy();
    t.principles[0].label = "<script>alert('x')</script> & \"q\"".into();
    let mut edition = edition_of(sample(), &t);
    edition.name = "a<b>&'\"".into();
    let svg = heatmap_svg(&coverage(&edition), &t);
    check_well_formed(&svg).unwrap();
    assert!(!svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(svg.contains("edition “a&lt;b&gt;&amp;&apos;&quot;”"));
}
