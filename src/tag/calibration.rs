//! Which suggestions are likely enough to be right to publish: one score threshold per
//! principle, learned from labelled practices.
//!
//! The tagger suggests a principle when its evidence scores at least [`super::SCORE_THRESHOLD`];
//! many such suggestions are wrong. For each principle, the calibration keeps the lowest score at
//! which the suggestions on the labelled practices reach a precision of [`MIN_PRECISION`] (with
//! at least [`MIN_SUGGESTIONS`] suggestions to judge by). `build` publishes a suggestion only at or
//! above its principle's threshold; a principle whose suggestions never reach the precision
//! publishes none. Weaker suggestions stay in `tag`'s output as candidates for editors.
//!
//! The shipped calibration (`schema/tag-calibration.json`) is made by
//! `compendium tag --calibrate tests/tagging/labels/train.json practices tests/tagging/entries`,
//! from the training split only.

use crate::evaluate::with_parents;
use crate::model::Taxonomy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The precision a principle's published suggestions must reach on the labelled practices.
pub const MIN_PRECISION: f64 = 0.9;

/// Suggestions needed to judge a threshold (fewer say nothing about precision).
pub const MIN_SUGGESTIONS: usize = 3;

/// The calibration shipped with the tool.
pub const SHIPPED: &str = include_str!("../../schema/tag-calibration.json");

/// Per-principle publication thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// How it was made (the command, for people).
    pub made_by: String,
    /// The precision each threshold was chosen for.
    pub min_precision: f64,
    /// Principle id → the lowest score published (`None`: none of its suggestions is published).
    pub thresholds: BTreeMap<String, Option<f64>>,
}

impl Calibration {
    /// The shipped calibration.
    pub fn shipped() -> Calibration {
        serde_json::from_str(SHIPPED).unwrap_or_else(|_| Calibration::publish_nothing())
    }

    /// A calibration that publishes no suggestion at all.
    pub fn publish_nothing() -> Calibration {
        Calibration {
            made_by: String::new(),
            min_precision: MIN_PRECISION,
            thresholds: BTreeMap::new(),
        }
    }

    /// Whether a suggestion of `principle` with `score` is published.
    pub fn publishes(&self, principle: &str, score: f64) -> bool {
        matches!(self.thresholds.get(principle), Some(Some(t)) if score >= *t)
    }

    /// Learns the thresholds from suggestions (practice id → principle → score) and labels
    /// (practice id → principles), over the practices present in both. Facets are completed
    /// with their parents in the labels, as the taxonomy says.
    pub fn learn(
        suggested: &BTreeMap<String, BTreeMap<String, f64>>,
        labels: &BTreeMap<String, Vec<String>>,
        taxonomy: &Taxonomy,
        made_by: &str,
    ) -> Calibration {
        let mut thresholds = BTreeMap::new();
        for principle in taxonomy.ids() {
            // (score, right) for every suggestion of the principle on a labelled practice.
            let mut judged: Vec<(f64, bool)> = suggested
                .iter()
                .filter_map(|(id, scores)| {
                    let score = *scores.get(principle)?;
                    let gold = labels.get(id)?;
                    Some((score, with_parents(taxonomy, gold).contains(principle)))
                })
                .collect();
            judged.sort_by(|a, b| a.0.total_cmp(&b.0));
            // The lowest candidate threshold whose suggestions reach the precision.
            let threshold = judged.iter().enumerate().find_map(|(i, &(score, _))| {
                let above = &judged[i..];
                let right = above.iter().filter(|(_, r)| *r).count();
                let enough = above.len() >= MIN_SUGGESTIONS;
                let first_of_its_score = i == 0 || judged[i - 1].0 < score;
                (first_of_its_score && enough && right as f64 >= MIN_PRECISION * above.len() as f64)
                    .then_some(score)
            });
            thresholds.insert(principle.to_string(), threshold);
        }
        Calibration {
            made_by: made_by.to_string(),
            min_precision: MIN_PRECISION,
            thresholds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schemas;

    #[test]
    fn the_lowest_score_that_reaches_the_precision_is_kept() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        // Proportionality: wrong at 3 and 4, right at 5, 6, 7, 8 and 9; wrong at 10.
        let mut suggested = BTreeMap::new();
        let mut labels = BTreeMap::new();
        for (i, (score, right)) in [
            (3.0, false),
            (4.0, false),
            (5.0, true),
            (6.0, true),
            (7.0, true),
            (8.0, true),
            (9.0, true),
            (10.0, false),
        ]
        .into_iter()
        .enumerate()
        {
            let id = format!("p{i}");
            suggested.insert(
                id.clone(),
                BTreeMap::from([("proportionality".to_string(), score)]),
            );
            let gold = if right {
                vec!["proportionality".to_string()]
            } else {
                vec![]
            };
            labels.insert(id, gold);
        }
        // Privacy's label counts for human rights; human rights is never right enough here.
        suggested.insert(
            "q".into(),
            BTreeMap::from([("human-rights".to_string(), 5.0)]),
        );
        labels.insert("q".into(), vec!["privacy".into()]);
        let c = Calibration::learn(&suggested, &labels, &taxonomy, "test");
        // From 5: 5 right of 6 (0.83); from 6: 4 of 5 (0.8)… none reaches 0.9 but the last
        // three? From 8: 2 of 3 (0.67). So no threshold for proportionality.
        assert_eq!(c.thresholds["proportionality"], None);
        assert_eq!(
            c.thresholds["human-rights"], None,
            "one suggestion is not enough"
        );
        assert!(!c.publishes("proportionality", 100.0));

        // Without the wrong one at 10, everything from 5 up is right.
        suggested.remove("p7");
        let c = Calibration::learn(&suggested, &labels, &taxonomy, "test");
        assert_eq!(c.thresholds["proportionality"], Some(5.0));
        assert!(c.publishes("proportionality", 5.0) && !c.publishes("proportionality", 4.9));
    }

    #[test]
    fn the_shipped_calibration_reads_and_covers_the_taxonomy() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let c: Calibration = serde_json::from_str(SHIPPED).unwrap();
        for id in taxonomy.ids() {
            assert!(c.thresholds.contains_key(id), "{id}");
        }
        assert!(c.made_by.contains("train.json"));
    }
}
