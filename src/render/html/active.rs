//! Layer 4 of the HTML edition's safety: finding what could run or load something, in text
//! about to be written ([`defuse_text`]) and in the finished page ([`active_content`]).
//!
//! Both look only at the bytes that can end a dangerous pattern — `<`, `:` and `=` — and check
//! the bytes around them, case aside, without a lower-cased copy.

/// Elements that would run or load something, as the start of a tag.
const ACTIVE_TAGS: &[&str] = &[
    "<script",
    "<iframe",
    "<frame",
    "<object",
    "<embed",
    "<img",
    "<svg",
    "<math",
    "<link",
    "<base",
    "<form",
    "<meta http-equiv=\"refresh\"",
];

/// URL schemes that run code, with their colon.
const ACTIVE_SCHEMES: &[&str] = &["javascript:", "vbscript:"];

/// Whether `bytes[at..]` starts with `needle` (lower-case ASCII), case aside.
fn starts_with_at(bytes: &[u8], at: usize, needle: &str) -> bool {
    bytes
        .get(at..at + needle.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether the bytes before `end` are `needle` (lower-case ASCII), case aside.
fn ends_with_at(bytes: &[u8], end: usize, needle: &str) -> bool {
    end >= needle.len() && bytes[end - needle.len()..end].eq_ignore_ascii_case(needle.as_bytes())
}

/// Whether the `=` at `eq` ends an event-handler attribute, or text that looks like one: a word
/// of ASCII letters starting with `on` (three letters at least), after a byte that cannot be part
/// of a word, then optional white space, then the `=`.
fn is_event_handler_equals(bytes: &[u8], eq: usize) -> bool {
    let mut end = eq;
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let boundary = start == 0 || {
        let b = bytes[start - 1];
        !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80)
    };
    boundary && end - start >= 3 && starts_with_at(bytes, start, "on")
}

/// Byte offsets of the `=` of each event handler (see [`is_event_handler_equals`]) among
/// `bytes[from..to]`.
fn event_handler_equals_in(bytes: &[u8], from: usize, to: usize) -> Vec<usize> {
    memchr::memchr_iter(b'=', &bytes[from..to])
        .map(|i| from + i)
        .filter(|&eq| is_event_handler_equals(bytes, eq))
        .collect()
}

/// Byte offsets of the `=` of each event handler in `text`.
#[cfg(test)]
pub(super) fn event_handler_equals(text: &str) -> Vec<usize> {
    event_handler_equals_in(text.as_bytes(), 0, text.len())
}

/// Text made inert: the `:` of every `…script:` and the `=` of every ` on…=` become character
/// references, which read the same and run nothing.
pub(super) fn defuse_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut positions: Vec<usize> = memchr::memchr2_iter(b':', b'=', bytes)
        .filter(|&i| match bytes[i] {
            b':' => ends_with_at(bytes, i, "script"),
            _ => is_event_handler_equals(bytes, i),
        })
        .collect();
    if positions.is_empty() {
        return text.to_string();
    }
    positions.sort_unstable();
    let mut out = String::with_capacity(text.len() + 8 * positions.len());
    let mut last = 0;
    for i in positions {
        out.push_str(&text[last..i]);
        out.push_str(if bytes[i] == b':' { "&#58;" } else { "&#61;" });
        last = i + 1;
    }
    out.push_str(&text[last..]);
    out
}

/// What in a finished page could run or load something (empty when nothing can): a script, an
/// event handler, a `javascript:` or `vbscript:` URL, a frame, an object, an embed, an image, a
/// stylesheet link, a base or a form.
///
/// The address of a link to a web page or a mail address (`href="https://…"`, `http://`,
/// `mailto:`, or `#` for an anchor of the page) is inert whatever it spells after its scheme — a
/// query such as `?online=true`, a path holding `javascript:` — and is not searched.
pub fn active_content(page: &str) -> Vec<String> {
    let bytes = page.as_bytes();
    let addresses = safe_link_addresses(bytes);
    // The ranges are in page order and do not overlap: the one that could hold `i` is the last
    // to start at or before it.
    let outside = |i: usize| {
        let after = addresses.partition_point(|r| r.start <= i);
        after == 0 || !addresses[after - 1].contains(&i)
    };
    let tag_found =
        |tag: &str| memchr::memchr_iter(b'<', bytes).any(|lt| starts_with_at(bytes, lt, tag));
    let scheme_found = |scheme: &str| {
        memchr::memchr_iter(b':', bytes)
            .any(|colon| outside(colon) && ends_with_at(bytes, colon + 1, scheme))
    };
    let mut problems: Vec<String> = ACTIVE_TAGS
        .iter()
        .filter(|tag| tag_found(tag))
        .chain(ACTIVE_SCHEMES.iter().filter(|scheme| scheme_found(scheme)))
        .map(|needle| format!("`{needle}`"))
        .collect();
    for i in event_handler_equals_in(bytes, 0, bytes.len()) {
        if !outside(i) {
            continue;
        }
        let start = page[..i].to_ascii_lowercase().rfind("on").unwrap_or(i);
        problems.push(format!("event handler `{}=`", &page[start..i]));
    }
    problems
}

/// The byte ranges of the page that are the addresses of links (`<a href="…"`) starting with
/// `https://`, `http://`, `mailto:` or `#`. The page is the tool's own writing: every tag as
/// `<name attr="value">`, no `"` inside a value, `"` in text written `&quot;`.
fn safe_link_addresses(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    const HREF: &[u8] = b"<a href=\"";
    memchr::memmem::find_iter(bytes, HREF)
        .filter_map(|at| {
            let start = at + HREF.len();
            let end = start + memchr::memchr(b'"', &bytes[start..])?;
            let value = &bytes[start..end];
            let safe = ["https://", "http://", "mailto:", "#"]
                .iter()
                .any(|scheme| starts_with_at(value, 0, scheme));
            safe.then_some(start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The first, plainer form of the event-handler search: every `on` of the lower-cased text
    /// at a word boundary, then letters, optional white space and `=`.
    fn event_handler_equals_by_search(lower: &str) -> Vec<usize> {
        let bytes = lower.as_bytes();
        let mut found = Vec::new();
        for (i, _) in lower.match_indices("on") {
            let boundary = i == 0 || {
                let b = bytes[i - 1];
                !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80)
            };
            if !boundary {
                continue;
            }
            let mut j = i + 2;
            while j < bytes.len() && bytes[j].is_ascii_lowercase() {
                j += 1;
            }
            if j == i + 2 {
                continue;
            }
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'=' {
                found.push(j);
            }
        }
        found
    }

    /// The first form of the page check: a search of the lower-cased page for each pattern.
    fn active_needles_by_search(page: &str) -> Vec<String> {
        let lower = page.to_ascii_lowercase();
        ACTIVE_TAGS
            .iter()
            .chain(ACTIVE_SCHEMES)
            .filter(|needle| lower.contains(*needle))
            .map(|needle| format!("`{needle}`"))
            .collect()
    }

    #[test]
    fn examples() {
        assert_eq!(
            defuse_text("see JavaScript:alert(1) and x onClick = y"),
            "see JavaScript&#58;alert(1) and x onClick &#61; y"
        );
        assert_eq!(defuse_text("one = two"), "one &#61; two");
        assert_eq!(
            defuse_text("someone = two, on= x, on1=2"),
            "someone = two, on= x, on1=2"
        );
        assert_eq!(
            active_content("<p>x</p><IMG src=x><a onmouseover=\"y\">"),
            ["`<img`", "event handler `onmouseover=`"]
        );
        assert_eq!(
            active_content("<p>Information on = one = policy</p>").len(),
            1
        );
        assert!(active_content("<p>Nothing to see: plain text.</p>").is_empty());
    }

    proptest! {
        #[test]
        fn event_handlers_are_found_as_the_plain_search_finds_them(
            s in "[oOnNcClLiIkK=a \\n\\t:_1é-]{0,48}"
        ) {
            prop_assert_eq!(
                event_handler_equals(&s),
                event_handler_equals_by_search(&s.to_ascii_lowercase())
            );
        }

        #[test]
        fn the_page_check_finds_what_the_plain_search_finds(
            s in "[<>sScCrRiIpPtTjJaAvVbB:=oOnN \\n\"]{0,64}"
        ) {
            let problems = active_content(&s);
            let needles: Vec<String> = problems.iter().filter(|p| p.starts_with('`')).cloned().collect();
            prop_assert_eq!(needles, active_needles_by_search(&s));
            let handlers = problems.len() - problems.iter().filter(|p| p.starts_with('`')).count();
            prop_assert_eq!(handlers, event_handler_equals_by_search(&s.to_ascii_lowercase()).len());
        }
    }
}
