//! The seal of an edition's manifest: the SHA-256 it records of itself, by which a manifest is
//! known to be byte for byte as `build` wrote it (for `verify`, for `build` before it replaces an
//! edition, and for reading entries, which skip a folder holding an edition). No I/O here.

use sha2::Digest;

/// How the manifest's own SHA-256 is written, up to its value.
pub const OWN_HASH_KEY: &str = "\"manifest_sha256\": \"";
/// What stands for the manifest's own SHA-256 while it is taken.
pub const OWN_HASH_PLACEHOLDER: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// Whether a text opens as the manifests `build` writes do: `{"format": "compendium-manifest"`,
/// white space and a byte order mark aside (an editor may have saved it again with one). Enough to tell a manifest from an entry; whether it is intact is
/// [`own_hash_matches`]'s question.
pub fn opens_as_manifest(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(64)
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .collect();
    head.starts_with(r#"{"format":"compendium-manifest""#)
}

/// Whether a manifest is byte for byte as the tool wrote it: its own SHA-256, recorded in its
/// header, against the SHA-256 of its text with that value written as 64 zeros. `None` when it
/// records none (written by an earlier version, or the line was removed); `Some(false)` when it
/// names one but not as the tool writes it (re-indented). The first occurrence of
/// `"manifest_sha256": "` is the header's: inside a JSON string a quote is escaped.
pub fn own_hash_matches(text: &str) -> Option<bool> {
    let Some(key) = text.find(OWN_HASH_KEY) else {
        return text.contains("\"manifest_sha256\"").then_some(false);
    };
    let start = key + OWN_HASH_KEY.len();
    let Some(recorded) = text.get(start..start + OWN_HASH_PLACEHOLDER.len()) else {
        return Some(false);
    };
    let mut blanked = String::with_capacity(text.len());
    blanked.push_str(&text[..start]);
    blanked.push_str(OWN_HASH_PLACEHOLDER);
    blanked.push_str(&text[start + OWN_HASH_PLACEHOLDER.len()..]);
    Some(format!("{:x}", sha2::Sha256::digest(blanked.as_bytes())) == recorded)
}
