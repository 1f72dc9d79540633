//! How much each piece of evidence counts for each principle, learned from labelled practices.
//!
//! The tagger turns a practice into a few numbers (its [`super::Features`]): for each
//! principle, how strongly that principle's lexicon matched, and for each cue, how strongly the
//! cue matched, each as `ln(1 + summed weight of the matches)`. Per principle, a logistic
//! regression weighs those numbers (`bias + Σ weight × feature`) into the probability that a
//! careful reader would tag the practice with the principle. The weights are learned from labelled
//! practices with an L2 penalty chosen by cross-validation, and so are two thresholds on that
//! probability: the one at which the principle is *suggested* (the best F1 on practices held
//! out of the fit), and the one at which the suggestion is *published* (the lowest at which the
//! held-out suggestions reach a precision of [`MIN_PRECISION`]).
//!
//! The shipped model (`schema/tag-model.json`) is made by
//! `compendium tag --train tests/tagging/labels/train.json practices tests/tagging/entries`,
//! from the training split only, and the same command makes it again byte for byte.

use super::{Features, WORD_PRESENT};
use crate::evaluate::ratio;
use crate::model::Taxonomy;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The precision a principle's published suggestions must reach on held-out practices.
pub const MIN_PRECISION: f64 = 0.9;

/// Suggestions needed to judge a threshold (fewer say nothing about precision).
pub const MIN_SUGGESTIONS: usize = 3;

/// Parts the labelled practices are cut into for cross-validation.
pub const FOLDS: usize = 5;

/// The L2 penalties tried, weakest first.
pub const PENALTIES: [f64; 6] = [0.3, 1.0, 3.0, 10.0, 30.0, 100.0];

/// The model shipped with the tool.
pub const SHIPPED: &str = include_str!("../../schema/tag-model.json");

/// The learned weights and thresholds of every principle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// How it was made (the command, for people).
    pub made_by: String,
    /// The precision each publication threshold was chosen for.
    pub min_precision: f64,
    /// Letters its words were cut to ([`super::MODEL_STEM_LETTERS`] when it was made): a model
    /// made with another length would find few of its words. Files without it were made with
    /// five.
    #[serde(default = "five_letters")]
    pub word_letters: usize,
    /// Principle id → its weights and thresholds.
    pub principles: BTreeMap<String, PrincipleModel>,
    /// The bar for suggestions that add a principle to those a practice declares. Files made
    /// before it existed publish such suggestions as any other.
    #[serde(default)]
    pub added: Added,
}

fn five_letters() -> usize {
    5
}

/// Suggestions that *add* a principle to what a practice declares: neither declared nor the
/// parent of a declared facet. The principles a contributor leaves out are mostly the ones the
/// text does not plainly show, so on practices that declare principles such suggestions are
/// right far less often than the publication thresholds promise; they get their own bar,
/// measured on held-out practices that declare principles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Added {
    /// What an add must clear beyond its principle's publication threshold, in log-odds, to be
    /// published (`None`: adds are never published; they stay candidates for editors).
    pub margin: Option<f64>,
    /// Labelled practices that declare principles, on which adds were measured.
    pub practices: usize,
    /// Held-out adds that reached their principle's publication threshold…
    pub held_out: usize,
    /// …and how many of them the labels confirm.
    pub held_out_right: usize,
}

impl Default for Added {
    /// As before the bar existed: adds published as any other suggestion.
    fn default() -> Added {
        Added {
            margin: Some(0.0),
            practices: 0,
            held_out: 0,
            held_out_right: 0,
        }
    }
}

/// The margins tried for [`Added::margin`], in log-odds: 0, 0.25, … 4.
const ADDED_MARGINS: std::ops::RangeInclusive<u32> = 0..=16;

/// Held-out adds needed to judge a margin (a handful would let one lucky margin through).
pub const MIN_ADDED: usize = 10;

/// The log-odds of a probability, kept finite.
pub fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-6, 1.0 - 1e-6);
    (p / (1.0 - p)).ln()
}

/// Whether a suggestion of probability `p` that adds a principle clears its bar: `threshold`
/// is the principle's publication threshold.
pub fn clears(added: &Added, p: f64, threshold: f64) -> bool {
    added
        .margin
        .is_some_and(|m| logit(p) >= logit(threshold) + m - 1e-9)
}

/// The smallest margin at which the held-out adds (`(log-odds beyond the publication
/// threshold, labelled)`) reach [`MIN_PRECISION`], with at least [`MIN_ADDED`] of them.
fn added_margin(adds: &[(f64, bool)]) -> Option<f64> {
    ADDED_MARGINS.map(|k| f64::from(k) / 4.0).find(|&m| {
        let kept: Vec<bool> = adds
            .iter()
            .filter(|(d, _)| *d >= m - 1e-9)
            .map(|(_, y)| *y)
            .collect();
        let right = kept.iter().filter(|y| **y).count();
        kept.len() >= MIN_ADDED && right as f64 >= MIN_PRECISION * kept.len() as f64 - 1e-9
    })
}

/// One principle's logistic regression and thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipleModel {
    /// The log-odds with no evidence at all.
    pub bias: f64,
    /// Feature name (`lexicon:<principle>`, `cue:<cue>`, `word:<stem>` with the stem shared by
    /// the languages) → how much one unit of it adds to the log-odds. Features not listed count
    /// for nothing.
    pub weights: BTreeMap<String, f64>,
    /// The L2 penalty cross-validation chose.
    pub penalty: f64,
    /// The probability from which the principle is suggested (`None`: never).
    pub suggest: Option<f64>,
    /// The probability from which a suggestion is published (`None`: never).
    pub publish: Option<f64>,
    /// How the suggestions did on practices held out of the fit, for people.
    pub held_out: HeldOut,
}

/// Cross-validated figures of one principle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldOut {
    /// Labelled practices with the principle.
    pub support: usize,
    /// Precision of the suggestions.
    pub precision: Option<f64>,
    /// Recall of the suggestions.
    pub recall: Option<f64>,
    /// Precision of the published suggestions.
    pub published_precision: Option<f64>,
    /// Recall of the published suggestions.
    pub published_recall: Option<f64>,
}

impl Model {
    /// The shipped model (a model that suggests nothing if it were ever unreadable; a test
    /// keeps it readable).
    pub fn shipped() -> Model {
        serde_json::from_str(SHIPPED).unwrap_or_else(|_| Model::empty())
    }

    /// A model that suggests nothing.
    pub fn empty() -> Model {
        Model {
            made_by: String::new(),
            min_precision: MIN_PRECISION,
            word_letters: super::MODEL_STEM_LETTERS,
            principles: BTreeMap::new(),
            added: Added::default(),
        }
    }
}

/// Rounds to four decimals: the model file stays readable, and the same on every machine.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The probability a fitted `(bias, weights)` gives to features `x`.
pub fn probability(bias: f64, weights: &[f64], x: &[f64]) -> f64 {
    sigmoid(bias + weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>())
}

/// The bias enters the fit as a feature of this constant value: its penalty is then a
/// hundredth of the weights' (the bias is nearly free, as it should be).
const BIAS_FEATURE: f64 = 10.0;

/// The samples' inner products, the bias feature included: all the dual fit needs of them.
fn gram(x: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
    x.iter()
        .map(|a| {
            x.iter()
                .map(|b| dot(a, b) + BIAS_FEATURE * BIAS_FEATURE)
                .collect()
        })
        .collect()
}

/// Fits an L2-penalised logistic regression by Newton's method in its dual form: the weights
/// are a combination of the samples (`w = Σ αᵢ xᵢ`), so each step solves a system as large as
/// the number of samples, whatever the number of features (words make thousands). Takes the
/// samples' [`gram`] matrix; returns the α.
fn fit_dual(gram: &[Vec<f64>], y: &[bool], penalty: f64) -> Vec<f64> {
    let n = gram.len();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
    let mut alpha = vec![0.0; n];
    for _ in 0..50 {
        let p: Vec<f64> = (0..n).map(|i| sigmoid(dot(&gram[i], &alpha))).collect();
        // The Newton step δ solves (W K + λ I) δ = p − y + λ α.
        let rhs: Vec<f64> = (0..n)
            .map(|i| p[i] - f64::from(u8::from(y[i])) + penalty * alpha[i])
            .collect();
        let system: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                let w = (p[i] * (1.0 - p[i])).max(1e-9);
                let mut row: Vec<f64> = gram[i].iter().map(|k| w * k).collect();
                row[i] += penalty;
                row
            })
            .collect();
        let Some(step) = solve(system, rhs) else {
            break;
        };
        let mut largest = 0.0f64;
        for (a, s) in alpha.iter_mut().zip(&step) {
            *a -= s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-10 {
            break;
        }
    }
    alpha
}

/// The bias and weights of a dual fit.
fn primal(x: &[Vec<f64>], alpha: &[f64]) -> (f64, Vec<f64>) {
    let mut weights = vec![0.0; x.first().map_or(0, Vec::len)];
    for (xi, a) in x.iter().zip(alpha) {
        for (w, v) in weights.iter_mut().zip(xi) {
            *w += a * v;
        }
    }
    let bias = BIAS_FEATURE * BIAS_FEATURE * alpha.iter().sum::<f64>();
    (bias, weights)
}

/// Fits an L2-penalised logistic regression (the bias nearly unpenalised): its bias and one
/// weight per feature.
pub fn fit(x: &[Vec<f64>], y: &[bool], penalty: f64) -> (f64, Vec<f64>) {
    primal(x, &fit_dual(&gram(x), y, penalty))
}

/// Solves `a · x = b` by Gaussian elimination with partial pivoting (`None`: singular).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (done, rest) = a.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for (offset, row) in rest.iter_mut().enumerate() {
            let factor = row[col] / pivot_row[col];
            if factor == 0.0 {
                continue;
            }
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[col + 1 + offset] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

/// Held-out (probability, labelled) pairs.
type Scored = Vec<(f64, bool)>;

/// Precision and recall of "suggested when the probability is at least `t`".
fn precision_recall(scored: &[(f64, bool)], t: f64) -> (usize, usize, usize) {
    let suggested = scored.iter().filter(|(p, _)| *p >= t).count();
    let right = scored.iter().filter(|(p, y)| *p >= t && *y).count();
    let support = scored.iter().filter(|(_, y)| *y).count();
    (suggested, right, support)
}

/// The threshold with the best F1 on held-out probabilities (the highest of equals).
fn best_f1_threshold(scored: &[(f64, bool)]) -> Option<f64> {
    let mut best: Option<(f64, f64)> = None;
    for &(t, _) in scored {
        let (suggested, right, support) = precision_recall(scored, t);
        if right == 0 || support == 0 {
            continue;
        }
        let f1 = 2.0 * right as f64 / (suggested + support) as f64;
        if best.is_none_or(|(bf, bt)| f1 > bf + 1e-12 || (f1 > bf - 1e-12 && t > bt)) {
            best = Some((f1, t));
        }
    }
    best.map(|(_, t)| t)
}

/// The lowest threshold whose held-out suggestions reach `MIN_PRECISION` (with at least
/// `MIN_SUGGESTIONS` of them). Chosen over the stricter rule "and every higher threshold too",
/// which one early mistake can close: in a nested cross-validation on the training split (the
/// threshold chosen on four fifths of the held-out probabilities, applied to the last fifth) the
/// two rules published at a precision of 0.88 and 0.89, and found 33 % and 27 % of the labels.
fn precision_threshold(scored: &[(f64, bool)]) -> Option<f64> {
    let mut ts: Vec<f64> = scored.iter().map(|(p, _)| *p).collect();
    ts.sort_by(f64::total_cmp);
    ts.dedup();
    ts.into_iter().find(|&t| {
        let (suggested, right, _) = precision_recall(scored, t);
        suggested >= MIN_SUGGESTIONS && right as f64 >= MIN_PRECISION * suggested as f64 - 1e-9
    })
}

/// Mean log-loss of held-out probabilities.
fn log_loss(scored: &[(f64, bool)]) -> f64 {
    let total: f64 = scored
        .iter()
        .map(|&(p, y)| {
            let p = p.clamp(1e-9, 1.0 - 1e-9);
            if y {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    total / scored.len().max(1) as f64
}

/// Held-out probabilities of every sample: sample `i` is predicted by a fit on the folds it is
/// not in (fold `i % FOLDS`). Takes the samples' [`gram`] matrix.
fn held_out(gram: &[Vec<f64>], y: &[bool], penalty: f64) -> Scored {
    let n = gram.len();
    let mut out = vec![(0.0, false); n];
    for fold in 0..FOLDS {
        let fitted: Vec<usize> = (0..n).filter(|i| i % FOLDS != fold).collect();
        let sub: Vec<Vec<f64>> = fitted
            .iter()
            .map(|&i| fitted.iter().map(|&j| gram[i][j]).collect())
            .collect();
        let sub_y: Vec<bool> = fitted.iter().map(|&i| y[i]).collect();
        let alpha = fit_dual(&sub, &sub_y, penalty);
        for i in (0..n).filter(|i| i % FOLDS == fold) {
            let z: f64 = fitted
                .iter()
                .zip(&alpha)
                .map(|(&j, a)| a * gram[i][j])
                .sum();
            out[i] = (sigmoid(z), y[i]);
        }
    }
    out
}

/// Whether feature `name` may count for `principle`: every cue and word; the lexicon of the
/// principle, of its parent and of its facets (another principle's lexicon is evidence of that
/// principle, not of this one).
pub fn related(taxonomy: &Taxonomy, principle: &str, name: &str) -> bool {
    if name.starts_with("cue:") || name.starts_with("word:") {
        return true;
    }
    let Some(other) = name.strip_prefix("lexicon:") else {
        return false;
    };
    let parent = |id: &str| taxonomy.get(id).and_then(|p| p.parent.clone());
    other == principle
        || parent(other).as_deref() == Some(principle)
        || parent(principle).as_deref() == Some(other)
}

/// Words learned from must be in at least this many labelled practices…
pub const MIN_WORD_PRACTICES: usize = 5;
/// …and in at most this share of them…
pub const MAX_WORD_SHARE: f64 = 0.5;
/// …and their stem must have at least this many letters (short words are mostly grammar:
/// "has", "les", "por"; stems have at most six, see [`crate::normalize::stem::stem_to`]).
pub const MIN_STEM_CHARS: usize = 4;

/// Learns a model from labelled samples: `samples` are (practice id, features) in a fixed
/// order, `names` the names of their lexicon and cue features, `labels` practice id →
/// principles (facets are completed with their parents). Samples without labels are left out.
/// Besides the lexicons and cues, the model weighs every word that is in at least
/// [`MIN_WORD_PRACTICES`] and at most [`MAX_WORD_SHARE`] of the labelled practices and whose
/// stem has at least [`MIN_STEM_CHARS`] letters.
pub fn train(
    samples: &[(String, Features)],
    names: &[String],
    labels: &BTreeMap<String, Vec<String>>,
    taxonomy: &Taxonomy,
    made_by: &str,
) -> Model {
    let labelled: Vec<(&Features, BTreeSet<String>)> = samples
        .iter()
        .filter_map(|(id, x)| Some((x, taxonomy.with_parents(labels.get(id)?))))
        .collect();
    let mut practices_with: BTreeMap<&str, usize> = BTreeMap::new();
    for (f, _) in &labelled {
        for w in &f.words {
            *practices_with.entry(w).or_default() += 1;
        }
    }
    let most = (MAX_WORD_SHARE * labelled.len() as f64).floor() as usize;
    let long_enough = |w: &str| w.chars().count() >= MIN_STEM_CHARS;
    let vocabulary: Vec<&str> = practices_with
        .iter()
        .filter(|(w, n)| long_enough(w) && (MIN_WORD_PRACTICES..=most).contains(*n))
        .map(|(w, _)| *w)
        .collect();
    let mut names = names.to_vec();
    names.extend(vocabulary.iter().map(|w| format!("word:{w}")));
    let rows: Vec<Vec<f64>> = labelled
        .iter()
        .map(|(f, _)| {
            let words = vocabulary.iter().map(|w| {
                if f.words.contains(*w) {
                    WORD_PRESENT
                } else {
                    0.0
                }
            });
            f.values.iter().copied().chain(words).collect()
        })
        .collect();
    let names = &names;
    // Each principle is learned on its own: side by side, collected in taxonomy order.
    let ids: Vec<&str> = taxonomy.ids().collect();
    let learned: Vec<Option<(String, PrincipleModel, Scored)>> = ids
        .par_iter()
        .map(|&principle| {
            // The features a principle may weigh: the cues, its own lexicon, its parent's and its
            // facets' (another principle's lexicon is evidence of that principle, not of this one).
            let columns: Vec<usize> = (0..names.len())
                .filter(|&j| related(taxonomy, principle, &names[j]))
                .collect();
            let x: Vec<Vec<f64>> = rows
                .iter()
                .map(|x| columns.iter().map(|&j| x[j]).collect())
                .collect();
            let y: Vec<bool> = labelled
                .iter()
                .map(|(_, l)| l.contains(principle))
                .collect();
            let support = y.iter().filter(|y| **y).count();
            // Fewer positives than folds: nothing to learn from or to judge by.
            if support < FOLDS || x.is_empty() {
                return None;
            }
            // (held-out log-loss, penalty, held-out probabilities) of the best penalty so far.
            let mut best: Option<(f64, f64, Scored)> = None;
            let inner = gram(&x);
            for penalty in PENALTIES {
                let scored = held_out(&inner, &y, penalty);
                let loss = log_loss(&scored);
                if best.as_ref().is_none_or(|(l, _, _)| loss < *l - 1e-12) {
                    best = Some((loss, penalty, scored));
                }
            }
            let (_, penalty, scored) = best?;
            let publish = precision_threshold(&scored);
            let suggest = match (best_f1_threshold(&scored), publish) {
                (Some(s), Some(p)) => Some(s.min(p)),
                (s, p) => s.or(p),
            };
            let figures = |t: Option<f64>| match t {
                Some(t) => {
                    let (suggested, right, support) = precision_recall(&scored, t);
                    (ratio(right, suggested), ratio(right, support))
                }
                None => (None, Some(0.0)),
            };
            let ((precision, recall), (published_precision, published_recall)) =
                (figures(suggest), figures(publish));
            let (bias, weights) = primal(&x, &fit_dual(&inner, &y, penalty));
            let weights = columns
                .iter()
                .map(|&j| &names[j])
                .zip(&weights)
                .filter(|(_, w)| round4(**w) != 0.0)
                .map(|(n, w)| (n.clone(), round4(*w)))
                .collect();
            Some((
                principle.to_string(),
                PrincipleModel {
                    bias: round4(bias),
                    weights,
                    penalty,
                    suggest: suggest.map(round4),
                    publish: publish.map(round4),
                    held_out: HeldOut {
                        support,
                        precision: precision.map(round4),
                        recall: recall.map(round4),
                        published_precision: published_precision.map(round4),
                        published_recall: published_recall.map(round4),
                    },
                },
                scored,
            ))
        })
        .collect();
    let learned: Vec<(String, PrincipleModel, Scored)> = learned.into_iter().flatten().collect();
    let added = added_bar(&labelled, &learned, taxonomy);
    let principles = learned.into_iter().map(|(id, m, _)| (id, m)).collect();
    Model {
        made_by: made_by.to_string(),
        min_precision: MIN_PRECISION,
        word_letters: super::MODEL_STEM_LETTERS,
        principles,
        added,
    }
}

/// The bar for adds ([`Added`]), from the held-out probabilities of the labelled practices that
/// declare principles: every principle a practice neither declares nor implies by a declared
/// facet, whose held-out probability reaches the principle's publication threshold, is an add.
fn added_bar(
    labelled: &[(&Features, BTreeSet<String>)],
    learned: &[(String, PrincipleModel, Scored)],
    taxonomy: &Taxonomy,
) -> Added {
    let declaring: Vec<(usize, BTreeSet<String>)> = labelled
        .iter()
        .enumerate()
        .filter(|(_, (f, _))| !f.declared.is_empty())
        .map(|(i, (f, _))| (i, taxonomy.with_parents(&f.declared)))
        .collect();
    let mut adds: Vec<(f64, bool)> = Vec::new();
    for (principle, model, scored) in learned {
        let Some(threshold) = model.publish else {
            continue;
        };
        for (i, implied) in &declaring {
            let (p, labelled) = scored[*i];
            if !implied.contains(principle) && p >= threshold {
                adds.push((logit(p) - logit(threshold), labelled));
            }
        }
    }
    Added {
        margin: added_margin(&adds),
        practices: declaring.len(),
        held_out: adds.len(),
        held_out_right: adds.iter().filter(|(_, y)| *y).count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newton_fits_a_separable_signal_and_the_penalty_shrinks_it() {
        // y is true exactly when the first feature is large; the second is noise.
        let x: Vec<Vec<f64>> = (0..40)
            .map(|i| vec![f64::from(i % 4), f64::from((i * 7) % 5)])
            .collect();
        let y: Vec<bool> = x.iter().map(|x| x[0] >= 2.0).collect();
        let (bias, w) = fit(&x, &y, 1.0);
        assert!(w[0] > 1.0, "{w:?}");
        assert!(w[0] > 5.0 * w[1].abs(), "{w:?}");
        for (xi, yi) in x.iter().zip(&y) {
            assert_eq!(probability(bias, &w, xi) >= 0.5, *yi);
        }
        let (_, strong) = fit(&x, &y, 100.0);
        assert!(strong[0] < w[0] && strong[0] > 0.0);
    }

    #[test]
    fn solve_finds_the_solution_and_refuses_a_singular_system() {
        let a = vec![vec![2.0, 1.0], vec![1.0, 3.0]];
        let x = solve(a, vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0]).is_none());
    }

    /// The margin for adds is the smallest at which at least ten held-out adds are right nine
    /// times in ten; none when no margin gets there.
    #[test]
    fn the_bar_for_adds_is_the_smallest_margin_that_reaches_the_precision() {
        // Ten adds beyond 1.0, nine right; ten below it, two right.
        let mut adds: Vec<(f64, bool)> = (0..10)
            .map(|k| (1.0 + f64::from(k) / 10.0, k != 0))
            .collect();
        adds.extend((0..10).map(|k| (f64::from(k) / 10.0, k < 2)));
        assert_eq!(added_margin(&adds), Some(1.0));
        // All twenty right: no margin needed.
        let right: Vec<(f64, bool)> = adds.iter().map(|(d, _)| (*d, true)).collect();
        assert_eq!(added_margin(&right), Some(0.0));
        // Nine adds, all right: too few to judge.
        assert_eq!(added_margin(&right[..9]), None);
        // Right one time in five at every margin, as on the shipped corpus: never published.
        let poor: Vec<(f64, bool)> = (0..50).map(|k| (f64::from(k) / 10.0, k % 5 == 0)).collect();
        assert_eq!(added_margin(&poor), None);
        assert!(!clears(
            &Added {
                margin: None,
                ..Added::default()
            },
            0.99,
            0.5
        ));
        assert!(clears(&Added::default(), 0.5, 0.5));
    }

    #[test]
    fn thresholds_follow_the_held_out_scores() {
        let scored = [
            (0.95, true),
            (0.9, true),
            (0.8, true),
            (0.7, false),
            (0.6, true),
            (0.5, false),
            (0.4, false),
            (0.2, true),
        ];
        // 3 of 3 right from 0.8; 3 of 4 from 0.7 breaks the precision.
        assert_eq!(precision_threshold(&scored), Some(0.8));
        // F1 from 0.6: 4 right of 5 suggested, 5 labelled: 0.8 (from 0.8: 0.75).
        assert_eq!(best_f1_threshold(&scored), Some(0.6));
        assert_eq!(precision_threshold(&[(0.9, false), (0.8, true)]), None);
        // One early mistake does not close the principle: 9 right of 10 from 0.6.
        let mut scored = vec![(0.95, false)];
        scored.extend([0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.6, 0.6, 0.6].map(|p| (p, true)));
        scored.push((0.5, false));
        assert_eq!(precision_threshold(&scored), Some(0.6));
    }
}
