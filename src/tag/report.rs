//! `tag --report`: how the lexicon behaves on a corpus, for whoever maintains it.

use super::{TagResult, Tagger};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How often one term fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermUse {
    /// Principle id.
    pub principle: String,
    /// The term.
    pub term: String,
    /// In how many practices it matched.
    pub practices: usize,
}

/// Two principles suggested for many of the same practices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    /// First principle.
    pub a: String,
    /// Second principle.
    pub b: String,
    /// Practices suggested both.
    pub both: usize,
    /// `both` / practices suggested either.
    pub jaccard: f64,
}

/// The lexicon report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LexiconReport {
    /// Practices tagged.
    pub practices: usize,
    /// Per principle, how many practices it was suggested for.
    pub suggested: BTreeMap<String, usize>,
    /// Every term that fired, by principle (taxonomy order) then count.
    pub terms: Vec<TermUse>,
    /// Terms that never fired.
    pub never_fired: Vec<TermUse>,
    /// The ten most overlapping pairs of principles.
    pub overlaps: Vec<Overlap>,
}

/// Builds the report from the tagging of a corpus.
pub fn lexicon_report(tagger: &Tagger, results: &[TagResult]) -> LexiconReport {
    let mut counts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut by_principle: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, r) in results.iter().enumerate() {
        for f in &r.fired {
            *counts.entry(*f).or_insert(0) += 1;
        }
        for s in &r.suggested {
            by_principle
                .entry(s.principle.clone())
                .or_default()
                .insert(i);
        }
    }
    let taxonomy = tagger.taxonomy();
    let mut terms = Vec::new();
    let mut never_fired = Vec::new();
    for (pi, p) in taxonomy.principles.iter().enumerate() {
        let mut used: Vec<TermUse> = Vec::new();
        for (ti, t) in p.lexicon.terms.iter().enumerate() {
            let n = counts.get(&(pi, ti)).copied().unwrap_or(0);
            let entry = TermUse {
                principle: p.id.clone(),
                term: t.text.clone(),
                practices: n,
            };
            if n == 0 {
                never_fired.push(entry);
            } else {
                used.push(entry);
            }
        }
        used.sort_by(|a, b| {
            b.practices
                .cmp(&a.practices)
                .then_with(|| a.term.cmp(&b.term))
        });
        terms.extend(used);
    }
    let ids: Vec<&String> = by_principle.keys().collect();
    let mut overlaps = Vec::new();
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let (sa, sb) = (&by_principle[*a], &by_principle[*b]);
            let both = sa.intersection(sb).count();
            if both == 0 {
                continue;
            }
            let either = sa.union(sb).count();
            overlaps.push(Overlap {
                a: (*a).clone(),
                b: (*b).clone(),
                both,
                jaccard: (both as f64 / either as f64 * 1000.0).round() / 1000.0,
            });
        }
    }
    overlaps.sort_by(|x, y| {
        y.jaccard
            .total_cmp(&x.jaccard)
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    overlaps.truncate(10);
    LexiconReport {
        practices: results.len(),
        suggested: by_principle
            .iter()
            .map(|(k, v)| (k.clone(), v.len()))
            .collect(),
        terms,
        never_fired,
        overlaps,
    }
}
