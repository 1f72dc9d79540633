//! Markdown, in one place: the dialect bodies are published in ([`options`]), contributor text
//! made safe to publish ([`sanitize`]), and Markdown reduced to its words ([`to_text`]). The
//! reduction reads plain CommonMark, without the dialect's extensions (a table's cells and pipes
//! are words to it): reading the extensions there would change every content hash.

pub mod sanitize;
mod text;

pub use sanitize::{escape_link_text, escape_text, sanitize_body};
pub use text::{markdown_to_text_by_comrak, plain_blocks_to_text, to_text};

use comrak::Options;

/// The Markdown dialect bodies are sanitized and published in: CommonMark with GitHub tables,
/// strikethrough and autolinks, and emphasis that opens and closes beside Chinese and Japanese
/// punctuation (`作为**“唯一”**验证`: plain CommonMark leaves such asterisks as they are and
/// makes the text between two pairs bold, found by a tester).
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.cjk_friendly_emphasis = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.render.width = 0;
    options
}

/// Whether a link target may be published.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}
