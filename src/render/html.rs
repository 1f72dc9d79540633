//! `compendium.html`: the edition as one self-contained web page, to hand to a web team or to
//! print to PDF.
//!
//! The page is the Markdown edition ([`super::markdown::render`]) rendered by `comrak`, so its contents,
//! anchors and text are those of `compendium.md`. It loads nothing: styles are inline, and there is
//! no script, no web font and no image. Its Content-Security-Policy ([`CONTENT_SECURITY_POLICY`])
//! forbids all of them, should one ever slip in. Nothing depends on the clock: the same edition
//! gives the same bytes.
//!
//! Safety comes in layers:
//! 1. contributor text is sanitized when the Markdown is assembled (see `sanitize`);
//! 2. comrak renders in its *safe* mode: raw HTML is dropped and dangerous link targets blanked.
//!    The tool's own anchors (`<a id="…"></a>`, each checked to carry one plain id) and the few
//!    wrappers added here (principle badges, external-link marks) are inserted as nodes of their
//!    own with fixed markup; any other raw HTML in the document is shown as text;
//! 3. the rendered HTML is checked tag by tag against an allow list (elements, attributes, link
//!    targets); a tag that fails is escaped into visible text, and text that merely reads like
//!    script (`javascript:`, ` onload=`) is written with a character reference;
//! 4. the finished page is asserted to hold no active content ([`active_content`]).

mod active;

use crate::markdown::sanitize::{image_to_link, show_raw_html, unwrap_node};
use crate::markdown::{is_safe_url, options as markdown_options};
use crate::model::Edition;
use crate::Error;
pub use active::active_content;
use active::defuse_text;
#[cfg(test)]
use active::event_handler_equals;
use comrak::nodes::{AstNode, NodeValue};
use comrak::Arena;
use std::collections::HashMap;
use std::fmt::Write;

/// The page's Content-Security-Policy: inline styles and nothing else (no script at all).
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// The compendium's title, as in the Markdown edition.
const TITLE: &str = "Compendium of Recommended Practices for the Responsible Use of Biometrics";

/// Elements the rendered body may contain (everything comrak emits for the edition's dialect).
const ALLOWED_ELEMENTS: &[&str] = &[
    "a",
    "bdi",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Renders the HTML edition, one self-contained HTML5 page, from the edition and its Markdown
/// ([`super::markdown::render`]).
///
/// # Errors
///
/// [`Error::ActiveContent`] if the finished page held active content (a script, an event
/// handler, a `javascript:` link, an embedded frame or a remote image). The layers above are
/// meant to make this impossible; publishing is refused rather than risk it.
pub fn render(edition: &Edition, markdown: &str) -> Result<String, Error> {
    let title = format!("{TITLE} — edition {}", edition.name);
    // The page is in English; a practice written in another language says so, so that browsers
    // lay out right-to-left text and pick fonts, and screen readers pick a voice, by it.
    let languages: HashMap<&str, &str> = edition
        .practices
        .iter()
        .map(|p| (p.id(), p.normalized.practice.language.as_str()))
        .filter(|(_, language)| language.split('-').next() != Some("en"))
        .collect();
    let names = Names::of(edition);
    let body = render_body(markdown, &languages, &names);
    let mut page = String::with_capacity(body.len() + STYLE.len() + 1024);
    page.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    page.push_str(CONTENT_SECURITY_POLICY);
    page.push_str("\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    page.push_str("<meta name=\"color-scheme\" content=\"light\">\n");
    page.push_str("<title>");
    page.push_str(&defuse_text(&escape(&title)));
    page.push_str("</title>\n<style>\n");
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body>\n<main>\n");
    page.push_str(&body);
    page.push_str("</main>\n</body>\n</html>\n");
    let problems = active_content(&page);
    if !problems.is_empty() {
        return Err(Error::ActiveContent {
            found: problems.join("; "),
        });
    }
    Ok(page)
}

/// HTML-escapes text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = comrak::html::escape(&mut out, text);
    out
}

/// Renders the assembled Markdown to the page's body (layers 2 and 3); `languages` holds the
/// practices not written in English, by id.
fn render_body(markdown: &str, languages: &HashMap<&str, &str>, names: &Names<'_>) -> String {
    let arena = Arena::new();
    let mut options = markdown_options();
    options.render.r#unsafe = false;
    let root = comrak::parse_document(&arena, markdown, &options);
    keep_own_anchors(&arena, root);
    mark_languages(&arena, root, languages);
    isolate_names(&arena, root, names);
    let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
    for node in nodes {
        // Looked at in place: most nodes are text and stay as they are (copying every node's
        // value to look at it cost as much as the rendering).
        let action = match &node.data().value {
            // What comrak's Markdown writer puts between two lists that follow each other:
            // nothing the entry holds, so nothing to show.
            NodeValue::HtmlBlock(block) if block.literal.trim_end() == "<!-- end list -->" => {
                Action::Remove
            }
            NodeValue::HtmlInline(_) | NodeValue::HtmlBlock(_) => Action::ShowRaw,
            NodeValue::Image(image) if is_safe_url(&image.url) => Action::ImageToLink,
            NodeValue::Image(_) => Action::Unwrap,
            NodeValue::Link(link) if is_anchor_link(&link.url) => Action::Badge(link.url.clone()),
            NodeValue::Link(link) if is_safe_url(&link.url) => Action::MarkExternal,
            NodeValue::Link(_) => Action::Unwrap,
            _ => continue,
        };
        match action {
            Action::Remove => node.detach(),
            Action::ShowRaw => show_raw_html(&mut node.data_mut().value, ""),
            Action::ImageToLink => {
                image_to_link(&mut node.data_mut().value);
                mark_external(&arena, node);
            }
            Action::Unwrap => unwrap_node(node),
            Action::Badge(url) => {
                // A practice's title repeated outside its section (the index, the lists of
                // practices filed elsewhere, "Superseded by") is laid out by its own direction,
                // not the English page's (found by a tester: a Hebrew title's final full stop
                // was drawn before its first word).
                if let Some(language) = url.strip_prefix('#').and_then(|id| languages.get(id)) {
                    // Its direction said when it is right to left: a title may start with a
                    // Latin acronym, which `<bdi>` alone would take it by (found by a tester).
                    let open = if right_to_left(language) {
                        "<bdi dir=\"rtl\">"
                    } else {
                        "<bdi>"
                    };
                    node.insert_before(new_node(&arena, NodeValue::Raw(open.into())));
                    node.insert_after(new_node(&arena, NodeValue::Raw("</bdi>".into())));
                }
                make_badge(&arena, node, &url)
            }
            Action::MarkExternal => mark_external(&arena, node),
        }
    }
    let mut html = String::new();
    if comrak::format_html(root, &options, &mut html).is_err() {
        // Writing to a String cannot fail; show the text rather than nothing if it ever did.
        return format!("<pre>{}</pre>\n", escape(markdown));
    }
    defuse(&html)
}

/// What [`render_body`] does to a node.
enum Action {
    /// Nothing of the entry's: left out.
    Remove,
    /// Raw HTML, shown as text or code.
    ShowRaw,
    /// A safe image, linked to instead of loaded.
    ImageToLink,
    /// Replaced by its children (an unsafe link or image).
    Unwrap,
    /// A link to a chapter, made a badge.
    Badge(String),
    /// An external link, marked for print.
    MarkExternal,
}

/// A new node for the arena.
fn new_node<'a>(arena: &'a Arena<'a>, value: NodeValue) -> &'a AstNode<'a> {
    arena.alloc(AstNode::from(value))
}

/// The id of one of the tool's own anchors, `<a id="…">`, if `literal` is exactly that.
fn own_anchor_id(literal: &str) -> Option<&str> {
    let id = literal.strip_prefix("<a id=\"")?.strip_suffix("\">")?;
    is_anchor_id(id).then_some(id)
}

/// Whether `id` is an anchor the tool writes: a practice id, or one of its own (with `_`).
fn is_anchor_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `url` is a link to an anchor of the page.
fn is_anchor_link(url: &str) -> bool {
    url.strip_prefix('#').is_some_and(is_anchor_id)
}

/// Turns each `<a id="…">` immediately followed by `</a>` into one raw node; every other piece of
/// raw HTML is left for [`render_body`] to show as text.
fn keep_own_anchors<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) {
    let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
    for node in nodes {
        let id = match &node.data().value {
            NodeValue::HtmlInline(literal) => own_anchor_id(literal).map(str::to_string),
            _ => None,
        };
        let Some(id) = id else { continue };
        let Some(next) = node.next_sibling() else {
            continue;
        };
        if !matches!(&next.data().value, NodeValue::HtmlInline(l) if l == "</a>") {
            continue;
        }
        next.detach();
        let anchor = new_node(arena, NodeValue::Raw(format!("<a id=\"{id}\"></a>")));
        node.insert_before(anchor);
        node.detach();
    }
}

/// Scripts written from right to left (ISO 15924), and languages whose usual script is one of
/// them (ISO 639): a tag's script, when it names one, decides (`sd-Deva` is left to right,
/// `ms-Arab` right to left).
const RIGHT_TO_LEFT_SCRIPTS: &[&str] = &[
    "Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Syrc", "Thaa",
];
/// With the three-letter codes of the varieties and languages that have no two-letter one: Dari,
/// the spoken Arabics, Western Punjabi, Southern Kurdish, Balochi, N'Ko and others (found by a
/// tester: a Dari practice, `prs`, was laid out left to right).
const RIGHT_TO_LEFT_LANGUAGES: &[&str] = &[
    "abv", "acm", "acq", "acw", "aeb", "afb", "ajp", "apc", "apd", "ar", "ara", "arb", "arc",
    "arq", "ars", "ary", "arz", "auz", "avl", "ayl", "ayp", "azb", "bal", "bqi", "ckb", "div",
    "dv", "fa", "fas", "glk", "he", "heb", "kas", "khw", "ks", "lrc", "mzn", "nqo", "pbt", "pbu",
    "pes", "pnb", "prs", "ps", "pus", "sd", "sdh", "shu", "skr", "snd", "ssh", "syr", "ug", "uig",
    "ur", "urd", "ydd", "yi", "yid", "yih",
];

/// Whether a BCP 47 tag's text is written from right to left.
fn right_to_left(language: &str) -> bool {
    let mut parts = language.split('-');
    let primary = parts.next().unwrap_or_default();
    match parts.next().filter(|p| p.len() == 4) {
        Some(script) => RIGHT_TO_LEFT_SCRIPTS.contains(&script),
        None => RIGHT_TO_LEFT_LANGUAGES.contains(&primary),
    }
}

/// Wraps each practice whose id `languages` holds, from its heading to the next heading of its
/// level or above, in `<section lang="…">` (and `dir="rtl"` for a language written from right
/// to left). Without it the whole page read as English: an Arabic title's parentheses and
/// figures were laid out left to right, in the wrong places (found by a tester).
fn mark_languages<'a>(
    arena: &'a Arena<'a>,
    root: &'a AstNode<'a>,
    languages: &HashMap<&str, &str>,
) {
    // A practice's section ends at the next practice or chapter, or at the chapter's own list of
    // practices filed elsewhere, which is in English (found by a reviewer: it was laid out right
    // to left with an Arabic practice).
    let ends_section = |node: &'a AstNode<'a>, level: u8| match &node.data().value {
        NodeValue::Heading(h) if h.level <= level => true,
        NodeValue::Heading(_) => node.collect_text() == super::markdown::ALSO_UNDER,
        _ => false,
    };
    let practice_of = |node: &'a AstNode<'a>| -> Option<String> {
        node.descendants().find_map(|n| match &n.data().value {
            NodeValue::Raw(raw) => own_anchor_id(raw.strip_suffix("</a>")?).map(str::to_string),
            _ => None,
        })
    };
    let level = super::markdown::PRACTICE_LEVEL;
    let headings: Vec<&AstNode<'_>> = root
        .children()
        .filter(|n| matches!(&n.data().value, NodeValue::Heading(h) if h.level == level))
        .collect();
    for heading in headings {
        let Some(language) = practice_of(heading).and_then(|id| languages.get(id.as_str())) else {
            continue;
        };
        let rtl = right_to_left(language);
        let open = format!(
            "<section lang=\"{language}\"{}>\n",
            if rtl { " dir=\"rtl\"" } else { "" }
        );
        heading.insert_before(new_node(arena, NodeValue::Raw(open)));
        let close = new_node(arena, NodeValue::Raw("</section>\n".into()));
        let inside: Vec<&AstNode<'_>> = heading
            .following_siblings()
            .skip(1)
            .take_while(|n| !ends_section(n, level))
            .collect();
        match inside.last() {
            Some(last) => last.insert_after(close),
            None => heading.insert_after(close),
        }
        // The tool's own words inside the section stay English, laid out left to right: the
        // list of facts (its labels and the tool's values), and the line that heads the
        // recommendations (found by a tester: "Principles:" was drawn as ":Principles", and a
        // screen reader read the labels in the practice's language).
        let facts = inside
            .iter()
            .find(|n| matches!(n.data().value, NodeValue::List(_)));
        let recommendations = inside.iter().rev().find(|n| {
            matches!(n.data().value, NodeValue::Paragraph)
                && n.first_child().is_some_and(|c| {
                    matches!(c.data().value, NodeValue::Strong)
                        && c.collect_text() == "Recommendations"
                })
        });
        // The notice under a retired practice's title, when there is one.
        let notice = inside.first().filter(|n| {
            matches!(n.data().value, NodeValue::BlockQuote)
                && n.collect_text().starts_with("Retired:")
        });
        for english in facts.into_iter().chain(recommendations).chain(notice) {
            english.insert_before(new_node(
                arena,
                NodeValue::Raw("<div lang=\"en\" dir=\"ltr\">\n".into()),
            ));
            english.insert_after(new_node(arena, NodeValue::Raw("</div>\n".into())));
        }
    }
}

/// Names the edition prints as their writers wrote them, in a script other than the page's Latin
/// one: each practice's organisation, contributor and contributor's body, and each source's
/// title and publisher. Inside the English facts and the list of sources they were laid out as
/// English text (found by a tester: an Arabic contributor's name and body swapped places, and a
/// Chinese source title was declared English).
struct Names<'e> {
    /// By practice id: its names, the longest first (a name inside another is isolated apart
    /// only where it stands alone: found by a tester, a ministry's name inside its department's
    /// was cut out of it).
    facts: HashMap<&'e str, Vec<Name<'e>>>,
    /// By source number less one (as the list of sources numbers them): the source's title and
    /// publisher, the longer first. Each item of the list is searched for its own names only.
    sources: Vec<Vec<Name<'e>>>,
}

/// A name to isolate, and how.
struct Name<'e> {
    text: &'e str,
    /// The language to declare: that of a practice not in English that gives the name and whose
    /// own texts are in the name's script (an Arabic name in an English practice, a Hebrew one
    /// in an Arabic practice or a Chinese title cited by a French practice declares none: found
    /// by a tester).
    language: Option<&'e str>,
    /// Whether the name's script is written from right to left: its direction is then said
    /// (`dir="rtl"`), not guessed from its first letter, which may be a Latin acronym (found by
    /// a tester: `UNHCR الأردن` was laid out left to right).
    rtl: bool,
}

impl<'e> Names<'e> {
    fn of(edition: &'e Edition) -> Self {
        let mut facts = HashMap::new();
        let numbered = super::markdown::numbered_sources(edition);
        let number: HashMap<_, usize> = numbered.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut sources: Vec<Vec<Name<'e>>> = numbered.iter().map(|_| Vec::new()).collect();
        for p in &edition.practices {
            let practice = &p.normalized.practice;
            let own_script = main_script(&[&practice.title, &practice.summary]);
            let language_of = |name: &str| {
                Some(practice.language.as_str()).filter(|l| {
                    l.split('-').next() != Some("en")
                        && own_script.is_some()
                        && main_script(&[name]) == own_script
                })
            };
            let mut own: Vec<Name<'e>> = [
                Some(practice.organization.as_str()),
                Some(practice.contributor.name.as_str()),
                practice.contributor.organization.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter_map(|text| Name::of(text, language_of(text)))
            .collect();
            own.sort_by_key(|n| std::cmp::Reverse(n.text.len()));
            own.dedup_by_key(|n| n.text);
            if !own.is_empty() {
                facts.insert(p.id(), own);
            }
            for s in &practice.sources {
                let Some(names) = number
                    .get(&super::markdown::source_key(s))
                    .map(|&i| &mut sources[i])
                else {
                    continue;
                };
                for text in [s.title.as_str(), s.publisher.as_str()] {
                    let Some(name) = Name::of(text, language_of(text)) else {
                        continue;
                    };
                    match names.iter_mut().find(|n| n.text == text) {
                        Some(known) => known.language = known.language.or(name.language),
                        None => names.push(name),
                    }
                }
            }
        }
        for names in &mut sources {
            names.sort_by_key(|n| std::cmp::Reverse(n.text.len()));
        }
        Names { facts, sources }
    }
}

impl<'e> Name<'e> {
    /// A name mostly in a script other than Latin; `None` for any other.
    fn of(text: &'e str, language: Option<&'e str>) -> Option<Self> {
        use unicode_script::Script;
        let script = main_script(&[text]).filter(|s| *s != Script::Latin)?;
        let rtl = matches!(
            script,
            Script::Arabic
                | Script::Hebrew
                | Script::Syriac
                | Script::Thaana
                | Script::Nko
                | Script::Adlam
                | Script::Mandaic
                | Script::Hanifi_Rohingya
        );
        Some(Name {
            text,
            language,
            rtl,
        })
    }
}

/// The script most letters of the texts are written in, if they have a letter.
fn main_script(texts: &[&str]) -> Option<unicode_script::Script> {
    use unicode_script::{Script, UnicodeScript};
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for c in texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| c.is_alphabetic())
    {
        // Japanese mixes Han characters and kana: counted as one script.
        let script = match c.script() {
            Script::Hiragana | Script::Katakana => Script::Han,
            s => s,
        };
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    // The first script met wins a tie.
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.iter().find(|(_, n)| *n == most).map(|(s, _)| *s)
}

/// Isolates each of [`Names`] where the page prints it: the facts of its practice and the list
/// of sources, in `<bdi>` with the language it was given, so that it keeps its own direction
/// among the English words around it and screen readers read it in its language.
fn isolate_names<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>, names: &Names<'_>) {
    let anchor_in = |node: &'a AstNode<'a>| -> Option<String> {
        node.descendants().find_map(|n| match &n.data().value {
            NodeValue::Raw(raw) => own_anchor_id(raw.strip_suffix("</a>")?).map(str::to_string),
            _ => None,
        })
    };
    let next_list = |heading: &'a AstNode<'a>| {
        heading
            .following_siblings()
            .skip(1)
            .take_while(|n| !matches!(n.data().value, NodeValue::Heading(_)))
            .find(|n| matches!(n.data().value, NodeValue::List(_)))
    };
    let headings: Vec<&AstNode<'_>> = root
        .children()
        .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
        .collect();
    for heading in headings {
        let Some(id) = anchor_in(heading) else {
            continue;
        };
        let Some(list) = next_list(heading) else {
            continue;
        };
        if id == "section_sources" {
            // Each source's names in its own item (`<a id="source_N">`), nowhere else.
            for item in list.children() {
                let Some(names) = anchor_in(item)
                    .and_then(|a| a.strip_prefix("source_")?.parse::<usize>().ok())
                    .and_then(|n| names.sources.get(n.checked_sub(1)?))
                else {
                    continue;
                };
                for name in names {
                    isolate(arena, item, name);
                }
            }
        } else if let Some(own) = names.facts.get(id.as_str()) {
            for name in own {
                isolate(arena, list, name);
            }
        }
    }
}

/// Wraps each whole occurrence of `name` in a text node under `node` in `<bdi>`, with its
/// language and direction when known. A text already isolated is left as it is.
fn isolate<'a>(arena: &'a Arena<'a>, node: &'a AstNode<'a>, name: &Name<'_>) {
    let texts: Vec<&AstNode<'_>> = node
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Text(_)))
        .filter(|n| {
            !n.previous_sibling().is_some_and(
                |p| matches!(&p.data().value, NodeValue::Raw(r) if r.starts_with("<bdi")),
            )
        })
        .collect();
    // A name whose language is not known says so (`lang=""`) rather than take the page's
    // English (found by a reviewer: a Chinese title cited by a French practice was English).
    let mut open = String::from("<bdi");
    let _ = write!(
        open,
        " lang=\"{}\"",
        escape(name.language.unwrap_or_default())
    );
    if name.rtl {
        open.push_str(" dir=\"rtl\"");
    }
    open.push('>');
    for text in texts {
        let mut current = text;
        loop {
            let whole = match &current.data().value {
                NodeValue::Text(t) => t.to_string(),
                _ => break,
            };
            let Some(at) = whole.find(name.text) else {
                break;
            };
            let (before, rest) = whole.split_at(at);
            let after = &rest[name.text.len()..];
            current.data_mut().value = NodeValue::Text(before.to_string().into());
            let tail = new_node(arena, NodeValue::Text(after.to_string().into()));
            let mut last = current;
            for value in [
                NodeValue::Raw(open.clone()),
                NodeValue::Text(name.text.to_string().into()),
                NodeValue::Raw("</bdi>".into()),
            ] {
                let n = new_node(arena, value);
                last.insert_after(n);
                last = n;
            }
            last.insert_after(tail);
            current = tail;
        }
    }
}

/// The text of a node's descendants.
fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            _ => {}
        }
    }
    text
}

/// Wraps an external link whose text is not its address in `<span class="ext">`, so that print
/// shows the address after the text.
fn mark_external<'a>(arena: &'a Arena<'a>, link: &'a AstNode<'a>) {
    let url = match &link.data().value {
        NodeValue::Link(l) => l.url.clone(),
        _ => return,
    };
    let text = text_of(link);
    if text == url || format!("mailto:{text}") == url {
        return;
    }
    link.insert_before(new_node(
        arena,
        NodeValue::Raw("<span class=\"ext\">".into()),
    ));
    link.insert_after(new_node(arena, NodeValue::Raw("</span>".into())));
}

/// Turns a principle link followed by ` (declared)`, ` (implied)` or ` (suggested)` into a badge:
/// `<span class="badge badge-declared"><a href="#chapter_…">Label</a> <span class="origin">(declared)</span></span>`.
/// The text stays exactly that of the Markdown edition.
fn make_badge<'a>(arena: &'a Arena<'a>, link: &'a AstNode<'a>, url: &str) {
    if !url.starts_with("#chapter_") {
        return;
    }
    let Some(next) = link.next_sibling() else {
        return;
    };
    let text = match &next.data().value {
        NodeValue::Text(t) => t.to_string(),
        _ => return,
    };
    let Some((origin, rest)) = ["declared", "implied", "suggested"]
        .iter()
        .find_map(|origin| {
            text.strip_prefix(&format!(" ({origin})"))
                .map(|rest| (*origin, rest.to_string()))
        })
    else {
        return;
    };
    link.insert_before(new_node(
        arena,
        NodeValue::Raw(format!("<span class=\"badge badge-{origin}\">")),
    ));
    next.data_mut().value = NodeValue::Text(rest.into());
    for value in [
        NodeValue::Text(" ".into()),
        NodeValue::Raw("<span class=\"origin\">".into()),
        NodeValue::Text(format!("({origin})").into()),
        NodeValue::Raw("</span></span>".into()),
    ] {
        next.insert_before(new_node(arena, value));
    }
}

/// Layer 3: keeps the tags of `fragment` that are on the allow list, escapes the others into
/// visible text, and defuses text that reads like script.
fn defuse(fragment: &str) -> String {
    let mut out = String::with_capacity(fragment.len() + fragment.len() / 16);
    let mut rest = fragment;
    while let Some(lt) = rest.find('<') {
        out.push_str(&defuse_text(&rest[..lt]));
        let from = &rest[lt..];
        match from
            .find('>')
            .and_then(|gt| Some((gt, check_tag(&from[..=gt])?)))
        {
            Some((gt, tag)) => {
                out.push_str(&tag);
                rest = &from[gt + 1..];
            }
            None => {
                out.push_str("&lt;");
                rest = &from[1..];
            }
        }
    }
    out.push_str(&defuse_text(rest));
    out
}

/// The tag to write for `tag` (as comrak writes them: `<name attr="value" …>`, `</name>`), or
/// `None` if it is not allowed.
fn check_tag(tag: &str) -> Option<String> {
    if tag == "<!-- raw HTML omitted -->" {
        return Some(tag.to_string());
    }
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    if let Some(name) = inner.strip_prefix('/') {
        return ALLOWED_ELEMENTS.contains(&name).then(|| tag.to_string());
    }
    let (inner, self_closing) = match inner.strip_suffix(" /") {
        Some(inner) => (inner, true),
        None => (inner, false),
    };
    let name_end = inner.find(' ').unwrap_or(inner.len());
    let name = &inner[..name_end];
    if !ALLOWED_ELEMENTS.contains(&name) {
        return None;
    }
    let mut out = format!("<{name}");
    let mut rest = &inner[name_end..];
    while !rest.is_empty() {
        rest = rest.strip_prefix(' ')?;
        let (attribute, after) = rest.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        rest = after;
        let value = check_attribute(name, attribute, value)?;
        let _ = write!(out, " {attribute}=\"{value}\"");
    }
    if self_closing {
        out.push_str(" /");
    }
    out.push('>');
    Some(out)
}

/// The value to write for an attribute, or `None` if the attribute is not allowed there.
fn check_attribute(element: &str, attribute: &str, value: &str) -> Option<String> {
    let ok = match (element, attribute) {
        ("a", "href") => value.is_empty() || is_safe_href(value),
        ("a", "id") => is_anchor_id(value),
        ("span", "class") => value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b' ' || b == b'-'),
        ("th" | "td", "align") => matches!(value, "left" | "center" | "right"),
        ("ol", "start") => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
        ("section" | "bdi", "dir") => value == "rtl",
        ("section" | "bdi", "lang") => {
            (!value.is_empty() || element == "bdi")
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        }
        // The tool's English labels inside a practice in another language.
        ("div", "lang") => value == "en",
        ("div", "dir") => value == "ltr",
        // Inert text (a link's title, a code block's language): defused like any text.
        ("a", "title") | ("code", "class") => return Some(defuse_text(value)),
        _ => false,
    };
    ok.then(|| value.to_string())
}

/// Whether an (escaped) `href` value is a link the edition may hold.
fn is_safe_href(value: &str) -> bool {
    is_anchor_link(value) || (is_safe_url(value) && value == value.trim())
}

/// The page's only styles: a readable column, styled tables, principle badges, and print rules.
const STYLE: &str = r#":root {
  --ink: #1b1f24;
  --muted: #57606a;
  --accent: #0b4f8a;
  --accent-soft: #e8f0f8;
  --line: #d0d7de;
  --soft: #f6f8fa;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: #fff;
  color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans",
    "Liberation Sans", Arial, sans-serif;
  font-size: 1.0625rem;
  line-height: 1.6;
}
main { max-width: 46rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; scroll-margin-top: 1rem; }
h1 { font-size: 2.1rem; margin: 0 0 1.25rem; letter-spacing: -0.01em; }
h2 {
  font-size: 1.6rem;
  margin: 3.5rem 0 1rem;
  padding-bottom: 0.35rem;
  border-bottom: 3px solid var(--accent);
}
h3 {
  font-size: 1.3rem;
  margin: 2.75rem 0 0.5rem;
  padding-top: 1.25rem;
  border-top: 1px solid var(--line);
}
h4 { font-size: 1.1rem; margin: 1.75rem 0 0.5rem; }
h5, h6 { font-size: 1rem; margin: 1.5rem 0 0.5rem; }
h3 + p { color: var(--muted); font-size: 1.05rem; }
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; border-radius: 2px; }
:target { background: #fff7d6; }
h2:has(:target), h3:has(:target) { background: #fff7d6; }
blockquote {
  margin: 1rem 0 1.5rem;
  padding: 0.6rem 1rem;
  border-left: 4px solid var(--accent);
  background: var(--accent-soft);
}
blockquote p { margin: 0; }
ul { padding-left: 1.6rem; }
ol { padding-left: 2.2rem; }
li + li { margin-top: 0.2rem; }
h3 + p + ul { list-style: none; padding-left: 0; font-size: 0.95rem; }
code {
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono",
    monospace;
  font-size: 0.88em;
  background: var(--soft);
  padding: 0.1em 0.3em;
  border-radius: 4px;
  overflow-wrap: anywhere;
}
pre {
  background: var(--soft);
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 0.75rem 1rem;
  overflow-x: auto;
  line-height: 1.45;
}
pre code { background: none; padding: 0; overflow-wrap: normal; }
table {
  display: block;
  max-width: 100%;
  overflow-x: auto;
  border-collapse: collapse;
  margin: 1rem 0 1.5rem;
  font-size: 0.92rem;
  line-height: 1.4;
}
@media (min-width: 50rem) {
  h2:has(#section_index) + table {
    display: table;
    max-width: none;
    width: min(72rem, calc(100vw - 2.5rem));
    margin-left: calc((100% - min(72rem, calc(100vw - 2.5rem))) / 2);
  }
}
th, td { border: 1px solid var(--line); padding: 0.4rem 0.65rem; text-align: left; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
tbody tr:nth-child(even) { background: #fafbfc; }
hr { border: 0; border-top: 1px solid var(--line); margin: 2rem 0; }
.badge {
  display: inline-block;
  margin: 0.1rem 0;
  padding: 0 0.6em;
  border: 1px solid var(--accent);
  border-radius: 999px;
  max-width: 100%;
  font-size: 0.85em;
  line-height: 1.6;
}
.badge a { color: inherit; text-decoration: none; font-weight: 600; }
.badge a:hover { text-decoration: underline; }
.badge .origin { font-size: 0.85em; font-weight: normal; opacity: 0.85; }
.badge-declared { background: var(--accent); color: #fff; }
.badge-implied { background: #fff; color: var(--accent); }
.badge-suggested { background: #fff; color: var(--accent); border-style: dashed; }
h2:has(#section_sources) + ol li, .ext a { overflow-wrap: anywhere; }
@media (max-width: 40rem) {
  body { font-size: 1rem; }
  main { padding: 1.5rem 0.9rem 3rem; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.35rem; }
}
@page { margin: 18mm 16mm; }
@media print {
  html { font-size: 10pt; }
  body { font-size: 1rem; line-height: 1.4; color: #000; background: #fff; }
  h1 { font-size: 2rem; }
  li + li { margin-top: 0; }
  main { max-width: none; padding: 0; }
  a, a:visited, .badge a { color: #000; }
  :target, h2:has(:target), h3:has(:target) { background: none; }
  main > h2 { break-before: page; page-break-before: always; margin-top: 0; }
  main > h2:first-of-type { break-before: auto; page-break-before: auto; margin-top: 2rem; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  h3 + p { break-before: avoid; page-break-before: avoid; break-inside: avoid; }
  h3 { border-top-color: #888; }
  h3 + p, blockquote { color: #000; }
  blockquote { background: none; border-left-color: #000; }
  pre, blockquote, tr { break-inside: avoid; page-break-inside: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  table, h2:has(#section_index) + table { display: table; width: 100%; margin-left: 0; overflow: visible; font-size: 0.9rem; }
  thead { display: table-header-group; }
  thead th, pre, code, tbody tr:nth-child(even) { background: none; }
  .badge-declared, .badge-implied, .badge-suggested { background: #fff; color: #000; border-color: #000; }
  .badge-declared { border-width: 1.5px; }
  .ext a::after { content: " <" attr(href) ">"; font-size: 0.85em; overflow-wrap: anywhere; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assemble::assemble;
    use crate::model::{Lifecycle, Modality, Practice, Source};
    use crate::normalize::normalize;
    use crate::schema::Schemas;
    use crate::tag::Tagger;
    use std::collections::BTreeSet;

    fn render_html(edition: &Edition) -> String {
        render(edition, &crate::render::markdown::render(edition)).expect("an inert page")
    }

    fn practice(id: &str, principles: &[&str], body: &str) -> Practice {
        Practice {
            title: format!("Practice {id}: data retention"),
            summary: "Biometric records are deleted when the retention period ends.".into(),
            body: body.into(),
            recommendations: vec!["Publish the retention schedule.".into()],
            modalities: vec![Modality::Face, Modality::Fingerprint],
            lifecycle: vec![Lifecycle::Retention],
            jurisdiction: "FR".into(),
            organization: "Org".into(),
            principles: principles.iter().map(|p| p.to_string()).collect(),
            sources: vec![Source {
                title: "A report".into(),
                publisher: "Publisher".into(),
                year: 2018,
                url: Some("https://example.org/report".into()),
            }],
            ..Practice::example(id)
        }
    }

    /// An edition of these practices, tagged by the real tagger (so suggested tags appear).
    fn edition(name: &str, practices: Vec<Practice>) -> Edition {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let tagger = Tagger::new(&taxonomy);
        let items = practices
            .into_iter()
            .map(|p| {
                let tagging = tagger.tag(&p);
                (normalize(p), Some(tagging))
            })
            .collect();
        assemble(name, items, vec![], &taxonomy)
    }

    const HOSTILE: &str = "Intro <script>alert(1)</script> and <img src=x onerror=alert(2)> here.\n\n\
<script>alert(3)</script>\n\n\
<iframe src=\"https://evil.example/frame\"></iframe>\n\n\
<a href=\"javascript:alert(4)\" onclick=\"alert(5)\">click</a> [x](javascript:alert(6)) \
[y](JaVaScRiPt:alert(7)) [z](data:text/html,<script>alert(8)</script>)\n\n\
![pixel](https://evil.example/pixel.png) ![local](file:///etc/passwd)\n\n\
<object data=\"https://evil.example/o\"></object><embed src=\"https://evil.example/e\">\n\n\
Plain words: javascript:alert(9) and onload=alert(10) and <svg onload=alert(11)>.\n\n\
```html\n<body onload=\"alert(12)\"><script>alert(13)</script>\n```\n\n\
[fine](https://example.org/page \"a title onmouseover=alert(14)\") and <https://example.org/auto>.\n";

    fn hostile_edition() -> Edition {
        let mut bad = practice("hostile", &["data-protection"], HOSTILE);
        bad.title = "<script>alert('title')</script> javascript:void(0)".into();
        bad.organization = "<img src=x onerror=alert(1)>".into();
        edition(
            "<script>alert('edition')</script>",
            vec![
                bad,
                practice(
                    "calm",
                    &["retention-limits"],
                    "Retention ends. Records are **deleted**.",
                ),
            ],
        )
    }

    fn assert_inert(page: &str) {
        let lower = page.to_ascii_lowercase();
        for needle in [
            "<script",
            "<iframe",
            "<object",
            "<embed",
            "<img",
            "<svg",
            "javascript:",
            "data:text",
            "file:",
        ] {
            assert!(!lower.contains(needle), "{needle} in:\n{page}");
        }
        assert!(
            active_content(page).is_empty(),
            "{:?}",
            active_content(page)
        );
        // No event handler anywhere, attribute or text.
        assert!(event_handler_equals(&lower).is_empty(), "{page}");
        // Every tag in the body is on the allow list.
        let body = &page[page.find("<main>\n").unwrap() + 7..page.rfind("</main>").unwrap()];
        assert_eq!(
            defuse(body),
            body,
            "the body is not stable under the allow list"
        );
    }

    #[test]
    fn addresses_of_web_links_are_inert_whatever_they_spell() {
        // Found by the render_fields fuzz target: `build --html` stopped on a query such as
        // `?online=true` (read as an event handler) and on `javascript:` inside a web address.
        let body = "See [the search](https://example.org/search?online=true), \
                    https://example.org/a?onclick=1 and http://日本語javascript:x here.";
        let page = render_html(&edition("e", vec![practice("links", &[], body)]));
        assert!(active_content(&page).is_empty(), "{page}");
        assert!(
            page.contains("<a href=\"https://example.org/search?online=true\">the search</a>"),
            "{page}"
        );
        assert!(
            page.contains("href=\"https://example.org/a?onclick=1\""),
            "{page}"
        );
        // The same words as text are still defused.
        assert!(page.contains("a?onclick&#61;1</a>"), "{page}");
        assert!(page.contains("javascript&#58;"), "{page}");
    }

    #[test]
    fn lists_that_follow_each_other_show_nothing_between_them() {
        // comrak's Markdown writer separates them with `<!-- end list -->`, which the page
        // showed as code (found by a tester of the published files).
        let body = "Steps:\n\n- a\n- b\n\n* c\n* d\n\n1. e\n\n1) f\n";
        let page = render_html(&edition("e", vec![practice("lists", &[], body)]));
        assert!(!page.contains("end list"), "{page}");
        for item in ["a", "b", "c", "d", "e", "f"] {
            assert!(page.contains(&format!("<li>{item}</li>")), "{item}: {page}");
        }
    }

    #[test]
    fn the_page_check_still_finds_what_is_outside_web_link_addresses() {
        let found = |html: &str| active_content(html);
        assert!(found("<a href=\"https://e.org/?onload=1\">x</a>").is_empty());
        assert!(found("<a href=\"#a-b\">x</a> <a href=\"mailto:a@b.org\">m</a>").is_empty());
        assert_eq!(
            found("<a href=\"javascript:alert(1)\">x</a>"),
            ["`javascript:`"]
        );
        assert_eq!(
            found("<a href=\"data:,javascript:1\">x</a>"),
            ["`javascript:`"]
        );
        assert_eq!(
            found("<a href=\"https://e.org/\">x</a> onclick=1"),
            ["event handler `onclick=`"]
        );
        assert_eq!(
            found("<a title=\"https://e.org/ onclick=1\">x</a>"),
            ["event handler `onclick=`"]
        );
        assert_eq!(
            found("<a href=\"https://e.org/\" onclick=\"alert(1)\">x</a>"),
            ["event handler `onclick=`"]
        );
    }

    #[test]
    fn hostile_bodies_never_yield_active_content() {
        let page = render_html(&hostile_edition());
        assert_inert(&page);
        // The hostile text is shown, not run.
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
        assert!(page.contains("&lt;iframe"), "{page}");
        // Safe links survive; the unsafe ones keep only their text.
        assert!(
            page.contains("<a href=\"https://example.org/page\""),
            "{page}"
        );
        assert!(
            page.contains("<a href=\"https://example.org/auto\">"),
            "{page}"
        );
        assert!(
            page.contains("<a href=\"https://evil.example/pixel.png\">pixel</a>"),
            "{page}"
        );
        for href in page.split("href=\"").skip(1) {
            let href = &href[..href.find('"').unwrap()];
            assert!(
                href.starts_with('#')
                    || href.starts_with("https://")
                    || href.starts_with("http://"),
                "{href}"
            );
        }
    }

    /// If the assembled document somehow held raw HTML, layers 2 to 4 still stop it.
    #[test]
    fn raw_html_in_the_document_itself_is_shown_not_run() {
        let markdown = format!(
            "# <a id=\"ok_anchor\"></a>Title\n\n<a id=\"x\" onclick=\"alert(1)\"></a>\n\n\
             <a id=\"y\"><script>alert(2)</script></a> <a id=\"z\"></a>\n\n\
             [ok](#ok_anchor) [bad](javascript:alert(3)) [rel](../secret)\n\n\
             <div onmouseover=\"alert(4)\">block</div>\n\n{HOSTILE}"
        );
        let page = render(&edition("javascript:alert(5) <script>", vec![]), &markdown)
            .expect("an inert page");
        assert_inert(&page);
        assert!(
            page.contains("<h1><a id=\"ok_anchor\"></a>Title</h1>"),
            "{page}"
        );
        assert!(page.contains("<a id=\"z\"></a>"), "{page}");
        assert!(page.contains("<a href=\"#ok_anchor\">ok</a>"), "{page}");
        assert!(
            !page.contains("id=\"x\"") && !page.contains("id=\"y\""),
            "{page}"
        );
        assert!(!page.contains("../secret"), "{page}");
        assert!(
            page.contains("edition javascript&#58;alert(5) &lt;script&gt;</title>"),
            "{page}"
        );
    }

    #[test]
    fn the_allow_list_escapes_what_it_does_not_know() {
        let cases = [
            ("<p onclick=\"x\">a</p>", "&lt;p onclick&#61;\"x\">a</p>"),
            (
                "<a href=\"javascript:x\">a</a>",
                "&lt;a href=\"javascript&#58;x\">a</a>",
            ),
            (
                "<img src=\"https://e.org/p.png\" />",
                "&lt;img src=\"https://e.org/p.png\" />",
            ),
            (
                "<a href=\"#ok\" id=\"ok\" title=\"t\">a</a>",
                "<a href=\"#ok\" id=\"ok\" title=\"t\">a</a>",
            ),
            (
                "<a href=\" https://e.org\">a</a>",
                "&lt;a href=\" https://e.org\">a</a>",
            ),
            (
                "<span class=\"x\" style=\"y\">a</span>",
                "&lt;span class=\"x\" style=\"y\">a</span>",
            ),
            ("<th align=\"left\">a</th>", "<th align=\"left\">a</th>"),
            ("<hr />", "<hr />"),
        ];
        for (input, expected) in cases {
            assert_eq!(defuse(input), expected, "{input}");
        }
    }

    #[test]
    fn every_internal_link_lands_on_an_id() {
        let mut a = practice("alpha", &["proportionality", "retention-limits"], "Body.");
        a.supersedes = vec!["beta".into()];
        let b = practice(
            "beta",
            &["transparency"],
            "Body with a [link](https://example.org).",
        );
        let c = practice("gamma", &[], "No principle.");
        for page in [
            render_html(&edition("e", vec![a, b, c])),
            render_html(&hostile_edition()),
        ] {
            let ids: BTreeSet<&str> = page
                .split(" id=\"")
                .skip(1)
                .map(|s| &s[..s.find('"').unwrap()])
                .collect();
            let targets: BTreeSet<&str> = page
                .split("href=\"#")
                .skip(1)
                .map(|s| &s[..s.find('"').unwrap()])
                .collect();
            assert!(targets.len() > 5, "{targets:?}");
            let missing: Vec<_> = targets.difference(&ids).collect();
            assert!(missing.is_empty(), "links to missing ids: {missing:?}");
            for id in [
                "section_contents",
                "section_index",
                "section_sources",
                "source_1",
            ] {
                assert!(ids.contains(id), "{id}");
            }
        }
    }

    /// A practice written in another language than the page's says so, and one written from
    /// right to left is laid out so, from its heading to the next practice (found by a tester:
    /// an Arabic title's parentheses and figures were placed as in English).
    #[test]
    fn practices_carry_their_language() {
        let mut arabic = practice("ar-one", &["privacy"], "نص الممارسة.");
        arabic.language = "ar".into();
        let mut french = practice("fr-two", &["privacy"], "Le texte de la pratique.");
        french.language = "fr-CA".into();
        // Filed under data protection, listed under privacy after the Arabic practice.
        let english = practice("en-three", &["data-protection", "privacy"], "The practice.");
        let page = render_html(&edition("draft", vec![arabic, french, english]));
        let section = |id: &str| {
            let at = page.find(&format!("<a id=\"{id}\"></a>")).unwrap();
            let open = page[..at].rfind("<section").map(|s| &page[s..at]);
            let rest = &page[at..];
            let end = rest.find("<h3").unwrap_or(rest.len());
            (open.map(str::to_string), rest[..end].to_string())
        };
        let (open, rest) = section("ar-one");
        assert!(
            open.unwrap()
                .starts_with("<section lang=\"ar\" dir=\"rtl\">\n<h3>"),
            "{page}"
        );
        assert!(rest.contains("</section>"), "{rest}");
        let (open, _) = section("fr-two");
        assert!(open.unwrap().starts_with("<section lang=\"fr-CA\">\n<h3>"));
        assert_eq!(page.matches("<section").count(), 2);
        assert_eq!(page.matches("</section>").count(), 2);
        // A section holds its practice alone, not the chapter's English list that follows.
        assert!(page.contains(super::super::markdown::ALSO_UNDER));
        for open in page.match_indices("<section").map(|(i, _)| i) {
            let inside = &page[open..open + page[open..].find("</section>").unwrap()];
            assert!(
                !inside.contains(super::super::markdown::ALSO_UNDER),
                "{inside}"
            );
        }
        // The tool's labels in the section stay English, left to right: the facts, and the line
        // heading the recommendations; the practice's own texts do not.
        let (_, arabic) = section("ar-one");
        assert_eq!(
            arabic.matches("<div lang=\"en\" dir=\"ltr\">").count(),
            2,
            "{arabic}"
        );
        let labels = &arabic[arabic.find("<div lang=\"en\"").unwrap()..];
        assert!(labels.contains("<strong>Id:</strong>"), "{labels}");
        let body = &arabic[arabic.find("نص الممارسة").unwrap()..];
        let recommendations = &body[body.find("<div lang=\"en\"").unwrap()..];
        assert!(
            recommendations
                .starts_with("<div lang=\"en\" dir=\"ltr\">\n<p><strong>Recommendations</strong>"),
            "{recommendations}"
        );
        assert!(right_to_left("ar") && right_to_left("ms-Arab") && right_to_left("he-IL"));
        assert!(!right_to_left("sd-Deva") && !right_to_left("fr-CA") && !right_to_left("en"));
        // Three-letter codes: Dari, Egyptian and Moroccan Arabic, Western Punjabi, N'Ko.
        for tag in [
            "prs", "arz", "ary", "pnb", "nqo", "prs-AF", "ara", "fas", "heb", "pbt",
        ] {
            assert!(right_to_left(tag), "{tag}");
        }
        assert!(!right_to_left("pan") && !right_to_left("prs-Latn"));
        assert!(RIGHT_TO_LEFT_LANGUAGES.windows(2).all(|w| w[0] < w[1]));
        // Only these values pass the page's allow list.
        assert_eq!(check_attribute("section", "dir", "ltr"), None);
        assert_eq!(check_attribute("section", "lang", "x\" onload=\"y"), None);
    }

    /// The title of a practice in another language, repeated in the index and in a chapter's
    /// list of practices filed elsewhere, is isolated (`<bdi>`), laid out by its own direction;
    /// an English one is not (found by a tester: a Hebrew title's final full stop was drawn
    /// before its first word).
    #[test]
    fn titles_in_another_language_are_isolated_where_repeated() {
        let mut hebrew = practice("he-one", &["data-protection", "privacy"], "טקסט.");
        hebrew.language = "he".into();
        hebrew.title = "תיקון 13 לחוק (2024): הגבלת מאגרים.".into();
        let english = practice("en-two", &["data-protection", "privacy"], "The practice.");
        let page = render_html(&edition("draft", vec![hebrew, english]));
        // The index, and the lists of the chapters it is filed under but not in.
        let links = page.matches("<a href=\"#he-one\">").count();
        assert!(links >= 2, "{page}");
        assert_eq!(
            page.matches("<bdi dir=\"rtl\"><a href=\"#he-one\">")
                .count(),
            links,
            "{page}"
        );
        assert_eq!(page.matches("<bdi dir=\"rtl\">").count(), links, "{page}");
        assert_eq!(page.matches("</bdi>").count(), links, "{page}");
        assert!(page.contains("<a href=\"#en-two\">"), "{page}");
    }

    /// Names written in another script than the page's (an organisation, a contributor and
    /// their body, a source's title and publisher) are isolated with their practice's language
    /// in the English facts and the list of sources; names in Latin letters are left as they
    /// are (found by a tester: an Arabic contributor's name and body swapped places, and a
    /// Chinese source title was declared English).
    #[test]
    fn names_in_another_script_are_isolated_with_their_language() {
        let mut arabic = practice("ar-one", &["privacy"], "نص الممارسة.");
        arabic.language = "ar".into();
        arabic.title = "UNHCR الأردن: التحقق من قزحية العين".into();
        arabic.summary = "تتحقق المفوضية من هوية اللاجئين بمسح قزحية العين.".into();
        arabic.organization = "هيئة الإغاثة".into();
        // A name inside another, and a Hebrew one in an Arabic practice.
        arabic.contributor.name = "هيئة".into();
        arabic.contributor.organization = Some("<b>מִשְׂרָד</b>".into());
        arabic.sources[0].title = "قانون رقم 151 لسنة 2020".into();
        arabic.sources[0].publisher = "هيئة الإغاثة".into();
        let mut chinese = practice("zh-two", &["privacy"], "文本。");
        chinese.language = "zh-Hant".into();
        chinese.title = "香港警務處刪除指紋".into();
        chinese.summary = "警務處在案件結束後刪除指紋記錄。".into();
        chinese.sources[0].title = "人臉識別技術應用安全管理辦法".into();
        let mut english = practice("en-three", &["privacy"], "The practice.");
        english.organization = "Oficina del Alto Comisionado".into();
        english.sources[0].title = "Закон о персональных данных".into();
        english.contributor.name = "ليلى حداد".into();
        // A title holding another source's publisher: each source's item isolates its own names
        // only (found by a reviewer: a publisher was isolated inside another source's title).
        let mut annual = english.sources[0].clone();
        annual.title = "التقرير السنوي هيئة الإغاثة".into();
        english.sources.push(annual);
        let mut french = practice("fr-four", &["privacy"], "Le texte.");
        french.language = "fr".into();
        french.title = "Suppression des empreintes".into();
        french.summary = "Les empreintes sont supprimées à la fin de la procédure.".into();
        french.sources[0].title = "个人信息保护法".into();
        let page = render_html(&edition("draft", vec![arabic, chinese, english, french]));
        for isolated in [
            "<strong>Organization:</strong> <bdi lang=\"ar\" dir=\"rtl\">هيئة الإغاثة</bdi>",
            // The Hebrew body of an Arabic practice: its direction, not the practice's language.
            "by <bdi lang=\"ar\" dir=\"rtl\">هيئة</bdi>, <bdi lang=\"\" dir=\"rtl\">&lt;b&gt;מִשְׂרָד&lt;/b&gt;</bdi>)",
            "<bdi lang=\"ar\" dir=\"rtl\">قانون رقم 151 لسنة 2020</bdi>. <bdi lang=\"ar\" dir=\"rtl\">هيئة الإغاثة</bdi>, 2018.",
            "<bdi lang=\"zh-Hant\">人臉識別技術應用安全管理辦法</bdi>. Publisher, 2018.",
            // Cited by an English practice, or a French one, only: isolated, no language said.
            "<bdi lang=\"\">Закон о персональных данных</bdi>. Publisher, 2018.",
            "<bdi lang=\"\">个人信息保护法</bdi>. Publisher, 2018.",
            "<bdi lang=\"\" dir=\"rtl\">التقرير السنوي هيئة الإغاثة</bdi>. Publisher, 2018.",
            "by <bdi lang=\"\" dir=\"rtl\">ليلى حداد</bdi>",
            "<strong>Organization:</strong> Oficina del Alto Comisionado</li>",
            // A right-to-left title that starts with a Latin acronym, where the page repeats it.
            "<bdi dir=\"rtl\"><a href=\"#ar-one\">UNHCR الأردن: التحقق من قزحية العين</a></bdi>",
        ] {
            assert!(page.contains(isolated), "{isolated} in:\n{page}");
        }
        assert_inert(&page);
        assert_eq!(check_attribute("bdi", "lang", "x\" onload=\"y"), None);
        assert_eq!(
            check_attribute("bdi", "lang", "zh-Hant").as_deref(),
            Some("zh-Hant")
        );
        assert_eq!(check_attribute("bdi", "dir", "rtl").as_deref(), Some("rtl"));
        assert_eq!(check_attribute("bdi", "dir", "x"), None);
        // The Arabic organisation is isolated once, whole, in the facts; the short name inside
        // it only where it stands alone.
        assert!(
            !page.contains("<bdi lang=\"ar\" dir=\"rtl\">هيئة</bdi> الإغاثة"),
            "{page}"
        );
    }

    /// Bold around Chinese punctuation is bold, not asterisks (found by a tester).
    #[test]
    fn emphasis_beside_chinese_punctuation_is_rendered() {
        let mut chinese = practice(
            "zh-one",
            &["privacy"],
            "不得作为**“唯一”**验证方式，应当提供其他**合理、便捷**的方式。",
        );
        chinese.language = "zh".into();
        let page = render_html(&edition("draft", vec![chinese]));
        assert!(
            page.contains("作为<strong>“唯一”</strong>验证方式，应当提供其他<strong>合理、便捷</strong>的方式"),
            "{page}"
        );
        assert!(!page.contains("**"), "{page}");
    }

    #[test]
    fn page_shell_and_policy() {
        let page = render_html(&edition(
            "2026-1",
            vec![practice("alpha", &["privacy"], "B.")],
        ));
        assert!(page.starts_with(
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        ));
        assert!(page.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">"
        ));
        assert!(!page.contains("script-src"));
        assert!(page.contains("<meta name=\"viewport\""));
        assert!(page.contains(&format!("<title>{TITLE} — edition 2026-1</title>")));
        assert!(page.contains("@media print"));
        assert!(page.ends_with("</main>\n</body>\n</html>\n"));
        // Nothing from elsewhere: no URL outside the body's links.
        let head = &page[..page.find("<main>").unwrap()];
        assert!(
            !head.contains("://") && !head.contains("url(") && !head.contains("@import"),
            "{head}"
        );
    }

    #[test]
    fn badges_mark_declared_and_suggested_principles() {
        let mut e = hostile_edition();
        // A suggested tag whatever the tagger makes of the text.
        let p = e
            .practices
            .iter_mut()
            .find(|p| p.id() == "hostile")
            .unwrap();
        p.tags.retain(|t| t.principle != "privacy");
        p.tags.push(crate::model::Tag {
            principle: "privacy".into(),
            origin: crate::model::TagOrigin::Suggested,
            score: Some(0.95),
            evidence: Vec::new(),
        });
        let page = render_html(&e);
        let p = e.practices.iter().find(|p| p.id() == "hostile").unwrap();
        assert!(p
            .tags
            .iter()
            .any(|t| t.origin == crate::model::TagOrigin::Suggested));
        for tag in &p.tags {
            let label = &e.taxonomy.get(&tag.principle).unwrap().label;
            let origin = tag.origin.as_str();
            let badge = format!(
                "<span class=\"badge badge-{origin}\"><a href=\"#chapter_{}\">{}</a> <span class=\"origin\">({origin})</span></span>",
                tag.principle,
                escape(label)
            );
            assert!(page.contains(&badge), "{badge}\n{page}");
        }
        // The contents link to chapters too, but they are not badges.
        assert!(page.contains("<li><a href=\"#chapter_"), "{page}");
        // An external link whose text is not its address is marked for print.
        assert!(
            page.contains("<span class=\"ext\"><a href=\"https://example.org/page\""),
            "{page}"
        );
    }

    /// Rendering the document in parts (in parallel) gives exactly what one pass over the whole
    /// document gives, hostile bodies included.
    #[test]
    fn same_edition_same_bytes_and_same_text_as_markdown() {
        let e = hostile_edition();
        let first = render_html(&e);
        assert_eq!(first, render_html(&e));
        assert_eq!(first, render_html(&e.clone()));
        // Every practice anchor of the Markdown edition is in the page.
        let markdown = crate::render::markdown::render(&e);
        for part in markdown.split("<a id=\"").skip(1) {
            let id = &part[..part.find('"').unwrap()];
            assert!(first.contains(&format!("<a id=\"{id}\"></a>")), "{id}");
        }
    }
}
