//! Duplicate detection measured on a generated corpus with planted duplicates (exact copies,
//! rewordings of 5–15 % of the words, copies with a paragraph appended) among practices written
//! from the same templates: precision and recall of duplicate pairs must both reach 0.98.

use crate::gen_corpus;

use compendium::dedup::{decisions::Decisions, find_clusters, ClusterKind, Thresholds};
use compendium::schema::Schemas;
use compendium::{load, pipeline};
use std::collections::{BTreeMap, BTreeSet};

fn pairs_of_groups(groups: impl Iterator<Item = Vec<String>>) -> BTreeSet<(String, String)> {
    let mut pairs = BTreeSet::new();
    for mut g in groups {
        g.sort();
        g.dedup();
        for i in 0..g.len() {
            for j in i + 1..g.len() {
                pairs.insert((g[i].clone(), g[j].clone()));
            }
        }
    }
    pairs
}

/// Groups from pairs (a practice planted twice forms one group of three).
fn groups_of_pairs(pairs: &[(String, String)]) -> Vec<Vec<String>> {
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    fn find(parent: &mut BTreeMap<String, String>, x: &str) -> String {
        let p = parent
            .entry(x.to_string())
            .or_insert_with(|| x.to_string())
            .clone();
        if p == x {
            return p;
        }
        let root = find(parent, &p);
        parent.insert(x.to_string(), root.clone());
        root
    }
    for (a, b) in pairs {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent.insert(ra, rb);
        }
    }
    let keys: Vec<String> = parent.keys().cloned().collect();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for k in keys {
        let root = find(&mut parent, &k);
        groups.entry(root).or_default().push(k);
    }
    groups.into_values().collect()
}

#[test]
fn planted_duplicates_are_found_with_precision_and_recall_of_at_least_0_98() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let truth_file = tmp.path().join("truth.json");
    gen_corpus::run((1200, 11, corpus.clone(), 0.1, Some(truth_file.clone()))).unwrap();

    let schemas = Schemas::embedded().unwrap();
    let files = load::discover(&[corpus]).unwrap();
    let (report, practices) = pipeline::practices(
        &files,
        &schemas,
        compendium::validate::Scope::Corpus,
        &|| {},
    );
    let prints = compendium::dedup::fingerprints(&practices);
    assert!(!report.has_errors(), "generated entries must be valid");
    let clusters = find_clusters(&prints, Thresholds::default(), &Decisions::default());

    let truth: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(truth_file).unwrap()).unwrap();
    let planted: Vec<(String, String)> = truth
        .iter()
        .map(|t| {
            (
                t["original"].as_str().unwrap().to_string(),
                t["duplicate"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let kinds: BTreeSet<&str> = truth.iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, BTreeSet::from(["appended", "exact", "reworded"]));
    let expected = pairs_of_groups(groups_of_pairs(&planted).into_iter());
    // Planted duplicates are copies (exact, reworded, extended): the figures are those of the
    // exact and near groups. Same-practice and related pairs are another finding (independently
    // written practices that share a source and a jurisdiction), counted apart.
    let same_practice = clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::SamePractice)
        .count();
    let found_pairs: Vec<(String, String)> = clusters
        .iter()
        .filter(|c| matches!(c.kind, ClusterKind::Exact | ClusterKind::Near))
        .flat_map(|c| {
            c.members
                .iter()
                .flat_map(move |a| c.members.iter().map(move |b| (a.clone(), b.clone())))
        })
        .filter(|(a, b)| a < b)
        .collect();
    let found = pairs_of_groups(groups_of_pairs(&found_pairs).into_iter());
    let true_positives = expected.intersection(&found).count() as f64;
    let precision = true_positives / found.len().max(1) as f64;
    let recall = true_positives / expected.len().max(1) as f64;
    eprintln!("dedup on 1,200 generated practices: {} planted pairs, {} found, precision {precision:.3}, recall {recall:.3}; {same_practice} possible same-practice pairs besides", expected.len(), found.len());
    assert!(
        precision >= 0.98 && recall >= 0.98,
        "precision {precision:.3}, recall {recall:.3}"
    );
}

/// The coverage report's shortcut (no near-duplicate search unless an editor judged a pair a
/// duplicate; no hashes) publishes the same practices with the same tags as a full run, with
/// and without such decisions.
#[test]
fn the_coverage_run_counts_the_edition_a_full_run_publishes() {
    use compendium::dedup::decisions::{Decision, Verdict};
    use compendium::dedup::ClusterKind;
    use compendium::pipeline;
    use compendium::report::coverage;

    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    gen_corpus::run((400, 5, corpus.clone(), 0.15, None)).unwrap();
    let schemas = Schemas::embedded().unwrap();
    let files = load::discover(&[corpus]).unwrap();

    let undecided = Decisions::default();
    let full = pipeline::run(&files, &schemas, &undecided, "draft", &|| {});
    let near: Vec<_> = full
        .clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Near)
        .collect();
    assert!(near.len() >= 2, "the corpus must plant near duplicates");
    let exact = full
        .clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Exact)
        .count();
    assert!(exact >= 1, "the corpus must plant exact duplicates");
    // Editors settle two near pairs: one a duplicate (its copy leaves the edition), one distinct.
    let decided = Decisions {
        schema: None,
        decisions: vec![
            Decision {
                members: [near[0].pairs[0].a.clone(), near[0].pairs[0].b.clone()],
                decision: Verdict::Duplicate,
                keep: Some(near[0].pairs[0].b.clone()),
                reason: None,
            },
            Decision {
                members: [near[1].pairs[0].a.clone(), near[1].pairs[0].b.clone()],
                decision: Verdict::Distinct,
                keep: None,
                reason: None,
            },
        ],
    };
    let mut sizes = Vec::new();
    for decisions in [&undecided, &decided] {
        let full = pipeline::run(&files, &schemas, decisions, "draft", &|| {})
            .edition
            .unwrap();
        assert_eq!(coverage(&full).practices, full.practices.len());
        sizes.push(full.practices.len());
    }
    assert_eq!(sizes[1] + 1, sizes[0], "the decided duplicate is left out");
}
