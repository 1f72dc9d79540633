//! Why two practices were found alike: what their texts share and where they differ, field by
//! field, as a word-level diff of their content forms.

use crate::model::{ContentForm, NormalizedPractice};
use crate::model::{Lifecycle, Practice};
use crate::normalize::content_form;
use crate::normalize::text::{join_words, words, written_without_spaces};
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
    // Words as the duplicate finder counts them (each character in Chinese or Japanese).
    let (a, b): (Vec<&str>, Vec<&str>) = (words(a).collect(), words(b).collect());
    let diff = TextDiff::from_slices(&a, &b);
    let mut cmp = FieldComparison {
        field: field.to_string(),
        shared_words: 0,
        only_in_first: 0,
        only_in_second: 0,
        examples: Vec::new(),
    };
    let changes: Vec<(ChangeTag, &str)> = diff
        .iter_all_changes()
        .map(|c| (c.tag(), c.value().trim()))
        .filter(|(_, word)| !word.is_empty())
        .collect();
    let clip = |words: &[&str]| {
        let shown: Vec<&str> = words.iter().take(8).copied().collect();
        let more = if words.len() > 8 {
            format!(" … (+{} words)", words.len() - 8)
        } else {
            String::new()
        };
        format!("{}{more}", join_words(&shown))
    };
    let mut i = 0;
    while i < changes.len() {
        if changes[i].0 == ChangeTag::Equal {
            cmp.shared_words += 1;
            i += 1;
            continue;
        }
        let start = i;
        let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        while let Some(&(tag, word)) = changes.get(i).filter(|(tag, _)| *tag != ChangeTag::Equal) {
            if tag == ChangeTag::Delete {
                cmp.only_in_first += 1;
                removed.push(word);
            } else {
                cmp.only_in_second += 1;
                added.push(word);
            }
            i += 1;
        }
        if cmp.examples.len() >= 5 {
            continue;
        }
        // In Chinese or Japanese a word is one character, and "− に; + に" says nothing: the
        // letters around the change, the same in both, are shown with it (found by a tester).
        let (mut before, after) = if removed.iter().chain(&added).any(|w| unspaced(w)) {
            (
                context(changes[..start].iter().rev()),
                context(changes[i..].iter()),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        before.reverse();
        cmp.examples
            .push(if !before.is_empty() || !after.is_empty() {
                let was = [before.as_slice(), &removed, after.as_slice()].concat();
                let is = [before.as_slice(), &added, after.as_slice()].concat();
                format!("\"{}\" → \"{}\"", clip(&was), clip(&is))
            } else {
                match (removed.is_empty(), added.is_empty()) {
                    (false, false) => format!("\"{}\" → \"{}\"", clip(&removed), clip(&added)),
                    (false, true) => format!("− \"{}\"", clip(&removed)),
                    _ => format!("+ \"{}\"", clip(&added)),
                }
            });
    }
    cmp
}

fn unspaced(word: &str) -> bool {
    word.chars().next().is_some_and(written_without_spaces)
}

/// Up to two words of a script written without spaces that both texts share, next to a change.
fn context<'w>(mut beside: impl Iterator<Item = &'w (ChangeTag, &'w str)>) -> Vec<&'w str> {
    let mut words = Vec::new();
    while let Some((ChangeTag::Equal, word)) = beside.next() {
        if !unspaced(word) || words.len() == 2 {
            break;
        }
        words.push(*word);
    }
    words
}

/// Whether practices are one text (the same content hash) from more than one jurisdiction or
/// organisation, or in both Chinese scripts: perhaps one country's or body's adoption of
/// another's practice, or its version in the other script, which the duplicate finder reports
/// as near duplicates for an editor to decide on, never as exact copies to leave out.
pub fn one_text_several_holders<'a>(
    practices: impl IntoIterator<Item = &'a NormalizedPractice>,
) -> bool {
    let mut practices = practices.into_iter();
    let Some(first) = practices.next() else {
        return false;
    };
    let holder = |p: &'a NormalizedPractice| {
        (
            &p.practice.jurisdiction,
            &p.practice.organization,
            chinese_script(&p.practice.language),
        )
    };
    let mut several = false;
    for p in practices {
        if p.content_sha256 != first.content_sha256 {
            return false;
        }
        several |= holder(p) != holder(first);
    }
    several
}

/// The Chinese script a language tag implies: `Hant` for a tag that names it or names Taiwan,
/// Hong Kong or Macao (`zh-Hant`, `zh-TW`, `zh-Hant-HK`), `Hans` for any other Chinese one, and
/// nothing for another language. Copies of one text in the two scripts, which the content hash
/// reads alike, are each written for their readers: an editor decides between them.
pub fn chinese_script(language: &str) -> &'static str {
    let mut parts = language.split('-');
    if parts.next() != Some("zh") {
        return "";
    }
    if parts.any(|p| matches!(p, "Hant" | "TW" | "HK" | "MO")) {
        "Hant"
    } else {
        "Hans"
    }
}

/// Something one practice has and the other lacks, or has otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What is compared.
    pub field: String,
    /// In the first practice.
    pub first: String,
    /// In the second.
    pub second: String,
}

/// The fields that differ between two practices, in words: title, language, organization,
/// instrument, area, modalities, lifecycle, sources, and the principles only one declares (for practices that may be the same
/// practice written twice, whose words a diff would not compare).
pub fn field_differences(first: &Practice, second: &Practice) -> Vec<Difference> {
    fn fields(p: &Practice) -> [(&'static str, String); 8] {
        let list = |items: Vec<String>| items.join(", ");
        let mut lifecycle: Vec<Lifecycle> = p.lifecycle.clone();
        lifecycle.sort();
        lifecycle.dedup();
        [
            ("title", p.title.clone()),
            ("language", p.language.clone()),
            ("organization", p.organization.clone()),
            ("instrument", p.instrument.to_string()),
            ("area", p.area.to_string()),
            (
                "modalities",
                list(p.modalities.iter().map(|m| m.to_string()).collect()),
            ),
            (
                "lifecycle",
                list(lifecycle.iter().map(|l| l.to_string()).collect()),
            ),
            (
                "sources",
                list(
                    p.sources
                        .iter()
                        .map(|s| format!("{} ({})", s.title, s.year))
                        .collect(),
                ),
            ),
        ]
    }
    let mut differences: Vec<Difference> = fields(first)
        .into_iter()
        .zip(fields(second))
        .filter(|((_, x), (_, y))| x != y)
        .map(|((field, x), (_, y))| Difference {
            field: field.to_string(),
            first: x,
            second: y,
        })
        .collect();
    // What each declares is an editor's judgement, which a copy left out takes with it (found
    // by a tester): the principles only one of the two declares.
    let sorted = |p: &Practice| {
        let mut declared = p.principles.clone();
        declared.sort_unstable();
        declared.dedup();
        declared
    };
    let (a, b) = (sorted(first), sorted(second));
    let x = super::same::only_in(&a, &b).join(", ");
    let y = super::same::only_in(&b, &a).join(", ");
    if !x.is_empty() || !y.is_empty() {
        differences.push(Difference {
            field: "principles".to_string(),
            first: x,
            second: y,
        });
    }
    differences
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change in Japanese is shown with the letters around it (found by a tester: the body's
    /// differences read "− に; + に").
    #[test]
    fn a_change_in_japanese_is_shown_with_the_letters_around_it() {
        let cmp = compare_text("body", "利用目的にのみ使用する", "利用目的のみに使用する");
        assert_eq!(
            cmp.examples,
            [
                "\"目的にのみ\" → \"目的のみ\"",
                "\"のみ使用\" → \"のみに使用\""
            ]
        );
        // Words of other scripts are shown as before, without context.
        let cmp = compare_text("body", "kept for three years", "kept for five years");
        assert_eq!(cmp.examples, ["\"three\" → \"five\""]);
    }

    #[test]
    fn field_differences_name_only_what_differs() {
        let a = Practice::example("a");
        let b = Practice {
            title: "Another title".into(),
            language: "fr".into(),
            ..Practice::example("b")
        };
        let fields: Vec<String> = field_differences(&a, &b)
            .into_iter()
            .map(|d| d.field)
            .collect();
        assert_eq!(fields, ["title", "language"]);
        assert!(field_differences(&a, &a).is_empty());
    }

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
