//! How well suggested principle tags match what careful readers gave: per-principle precision,
//! recall, F1 and support, and the macro-F1 over the principles with enough labelled practices.
//!
//! The taxonomy is a hierarchy: a practice that embodies a facet also embodies its parent. Both
//! the labels and the suggestions are completed that way before they are compared, so that a
//! label file that lists only facets is read as its readers meant it.

use crate::model::Taxonomy;
use serde::Serialize;
use std::collections::BTreeMap;

/// Principles with fewer labelled practices than this are reported but left out of the
/// macro-F1 (their F1 swings from 0 to 1 on one practice).
pub const MIN_SUPPORT: usize = 4;

/// The figures of one principle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleScore {
    /// Principle id.
    pub principle: String,
    /// Labelled practices with the principle.
    pub support: usize,
    /// Practices it was suggested for.
    pub suggested: usize,
    /// Suggested and labelled.
    pub true_positives: usize,
    /// Of the suggestions, the share that is right (`None`: never suggested).
    pub precision: Option<f64>,
    /// Of the labelled practices, the share that got the suggestion (`None`: no support).
    pub recall: Option<f64>,
    /// Harmonic mean of the two (0 when either is 0 or missing while the other is not).
    pub f1: Option<f64>,
}

/// The result of comparing suggestions with labels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Practices compared (tagged and labelled).
    pub practices: usize,
    /// Practices tagged but missing from the labels: skipped.
    pub skipped_unlabelled: usize,
    /// Ids in the labels with no practice among those tagged.
    pub labels_without_practice: Vec<String>,
    /// Label values that are not principles of the taxonomy (ignored), with the id.
    pub unknown_principles: Vec<(String, String)>,
    /// One row per principle of the taxonomy, in taxonomy order.
    pub principles: Vec<PrincipleScore>,
    /// Mean F1 over the principles with at least [`MIN_SUPPORT`] labelled practices.
    pub macro_f1: Option<f64>,
    /// How many principles that mean is over.
    pub macro_f1_over: usize,
    /// Of all suggestions, the share that is right.
    pub precision: Option<f64>,
    /// Of all labels, the share that was suggested.
    pub recall: Option<f64>,
}

/// `n / d`, or `None` when `d` is 0.
pub fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// Compares `suggested` (practice id → principles the tagger suggested) with `labels` (practice
/// id → principles readers gave).
pub fn evaluate(
    suggested: &BTreeMap<String, Vec<String>>,
    labels: &BTreeMap<String, Vec<String>>,
    taxonomy: &Taxonomy,
) -> Evaluation {
    let mut unknown_principles = Vec::new();
    let mut pairs = Vec::new();
    let mut skipped_unlabelled = 0;
    for (id, predicted) in suggested {
        let Some(gold) = labels.get(id) else {
            skipped_unlabelled += 1;
            continue;
        };
        for p in gold.iter().filter(|p| taxonomy.get(p).is_none()) {
            unknown_principles.push((id.clone(), p.clone()));
        }
        pairs.push((
            taxonomy.with_parents(predicted),
            taxonomy.with_parents(gold),
        ));
    }
    let labels_without_practice = labels
        .keys()
        .filter(|id| !suggested.contains_key(*id))
        .cloned()
        .collect();
    let principles: Vec<PrincipleScore> = taxonomy
        .ids()
        .map(|id| {
            let support = pairs.iter().filter(|(_, g)| g.contains(id)).count();
            let predicted = pairs.iter().filter(|(s, _)| s.contains(id)).count();
            let tp = pairs
                .iter()
                .filter(|(s, g)| s.contains(id) && g.contains(id))
                .count();
            let precision = ratio(tp, predicted);
            let recall = ratio(tp, support);
            let f1 = match (precision, recall) {
                (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
                (None, None) => None,
                _ => Some(0.0),
            };
            PrincipleScore {
                principle: id.to_string(),
                support,
                suggested: predicted,
                true_positives: tp,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let counted: Vec<f64> = principles
        .iter()
        .filter(|p| p.support >= MIN_SUPPORT)
        .map(|p| p.f1.unwrap_or(0.0))
        .collect();
    let total = |f: fn(&PrincipleScore) -> usize| principles.iter().map(f).sum::<usize>();
    let tp = total(|p| p.true_positives);
    Evaluation {
        practices: pairs.len(),
        skipped_unlabelled,
        labels_without_practice,
        unknown_principles,
        macro_f1: (!counted.is_empty()).then(|| counted.iter().sum::<f64>() / counted.len() as f64),
        macro_f1_over: counted.len(),
        precision: ratio(tp, total(|p| p.suggested)),
        recall: ratio(tp, total(|p| p.support)),
        principles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schemas;

    fn map(items: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        items
            .iter()
            .map(|(id, ps)| (id.to_string(), ps.iter().map(|p| p.to_string()).collect()))
            .collect()
    }

    #[test]
    fn figures_per_principle_and_overall() {
        let taxonomy = Schemas::embedded().unwrap().taxonomy;
        let labels = map(&[
            ("a", &["proportionality"]),
            ("b", &["proportionality", "privacy"]),
            ("c", &[]),
            ("d", &["proportionality"]),
            ("e", &["proportionality"]),
            ("missing", &["legality"]),
        ]);
        let suggested = map(&[
            ("a", &["proportionality"]),
            ("b", &["human-rights"]),
            ("c", &["proportionality"]),
            ("d", &[]),
            ("e", &["proportionality"]),
            ("extra", &["legality"]),
        ]);
        let e = evaluate(&suggested, &labels, &taxonomy);
        assert_eq!(e.practices, 5);
        assert_eq!(e.skipped_unlabelled, 1);
        assert_eq!(e.labels_without_practice, ["missing"]);
        let row = |id: &str| e.principles.iter().find(|p| p.principle == id).unwrap();
        let prop = row("proportionality");
        assert_eq!(
            (prop.support, prop.suggested, prop.true_positives),
            (4, 3, 2)
        );
        assert!((prop.precision.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert!((prop.recall.unwrap() - 0.5).abs() < 1e-9);
        // A facet implies its parent: privacy's label counts for human rights.
        let hr = row("human-rights");
        assert_eq!((hr.support, hr.true_positives), (1, 1));
        // Only proportionality has the support for the macro-F1.
        assert_eq!(e.macro_f1_over, 1);
        assert!((e.macro_f1.unwrap() - prop.f1.unwrap()).abs() < 1e-9);
        assert_eq!(row("legality").f1, None);
    }
}
