//! Why two practices were found alike: what their texts share and where they differ, field by
//! field, as a word-level diff of their content forms.

use crate::model::Practice;
use crate::normalize::{content_form, ContentForm};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// How one field of two practices compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldComparison {
    /// Field name.
    pub field: String,
    /// Words the two versions share.
    pub shared_words: usize,
    /// Words only in the first.
    pub only_in_first: usize,
    /// Words only in the second.
    pub only_in_second: usize,
    /// A few changes, shown as `old → new`, `− removed`, `+ added`.
    pub examples: Vec<String>,
}

impl FieldComparison {
    /// Whether the field is the same in both.
    pub fn identical(&self) -> bool {
        self.only_in_first == 0 && self.only_in_second == 0
    }
}

fn field_text(form: &ContentForm, field: &str) -> String {
    match field {
        "title" => form.title.clone(),
        "summary" => form.summary.clone(),
        "body" => form.body.clone(),
        _ => form.recommendations.join(" "),
    }
}

/// Compares the content fields of two practices.
pub fn compare(first: &Practice, second: &Practice) -> Vec<FieldComparison> {
    let (fa, fb) = (content_form(first), content_form(second));
    ["title", "summary", "body", "recommendations"]
        .iter()
        .map(|field| compare_text(field, &field_text(&fa, field), &field_text(&fb, field)))
        .collect()
}

fn compare_text(field: &str, a: &str, b: &str) -> FieldComparison {
    let diff = TextDiff::from_words(a, b);
    let mut cmp = FieldComparison {
        field: field.to_string(),
        shared_words: 0,
        only_in_first: 0,
        only_in_second: 0,
        examples: Vec::new(),
    };
    let mut removed: Vec<&str> = Vec::new();
    let mut added: Vec<&str> = Vec::new();
    let flush = |removed: &mut Vec<&str>, added: &mut Vec<&str>, examples: &mut Vec<String>| {
        if removed.is_empty() && added.is_empty() {
            return;
        }
        let clip = |words: &[&str]| {
            let shown: Vec<&str> = words.iter().take(8).copied().collect();
            let more = if words.len() > 8 {
                format!(" … (+{} words)", words.len() - 8)
            } else {
                String::new()
            };
            format!("{}{more}", shown.join(" "))
        };
        if examples.len() < 5 {
            examples.push(match (removed.is_empty(), added.is_empty()) {
                (false, false) => format!("\"{}\" → \"{}\"", clip(removed), clip(added)),
                (false, true) => format!("− \"{}\"", clip(removed)),
                _ => format!("+ \"{}\"", clip(added)),
            });
        }
        removed.clear();
        added.clear();
    };
    for change in diff.iter_all_changes() {
        let word = change.value().trim();
        if word.is_empty() {
            continue;
        }
        match change.tag() {
            ChangeTag::Equal => {
                cmp.shared_words += 1;
                flush(&mut removed, &mut added, &mut cmp.examples);
            }
            ChangeTag::Delete => {
                cmp.only_in_first += 1;
                removed.push(word);
            }
            ChangeTag::Insert => {
                cmp.only_in_second += 1;
                added.push(word);
            }
        }
    }
    flush(&mut removed, &mut added, &mut cmp.examples);
    cmp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_replacements_and_additions() {
        let c = compare_text(
            "body",
            "data is kept for three years",
            "data is kept for five years then deleted",
        );
        assert_eq!(
            (c.shared_words, c.only_in_first, c.only_in_second),
            (5, 1, 3)
        );
        assert_eq!(c.examples, ["\"three\" → \"five\"", "+ \"then deleted\""]);
        assert!(compare_text("title", "a b", "a b").identical());
    }
}
