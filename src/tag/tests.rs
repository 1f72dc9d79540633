use super::*;
use crate::schema::Schemas;

pub(crate) fn practice(title: &str, summary: &str, body: &str, recs: &[&str]) -> Practice {
    Practice {
        title: title.into(),
        summary: summary.into(),
        body: body.into(),
        recommendations: recs.iter().map(|r| r.to_string()).collect(),
        ..Practice::example("p")
    }
}

fn tagger() -> Tagger {
    Tagger::new(&Schemas::embedded().unwrap().taxonomy)
}

fn suggested(r: &TagResult) -> Vec<&str> {
    r.suggested.iter().map(|s| s.principle.as_str()).collect()
}

#[test]
fn word_forms_match_and_evidence_is_kept() {
    let t = tagger();
    let r = t.tag(&practice(
        "Retention limits for fingerprints",
        "Fingerprints are retained for six months and then deleted under a retention schedule.",
        "Records are destroyed automatically.",
        &["Delete records when the retention period ends."],
    ));
    assert!(suggested(&r).contains(&"retention-limits"), "{r:#?}");
    assert!(
        suggested(&r).contains(&"data-protection"),
        "facet rolls up: {r:#?}"
    );
    let s = r
        .suggested
        .iter()
        .find(|s| s.principle == "retention-limits")
        .unwrap();
    assert!(s
        .evidence
        .iter()
        .any(|e| e.field == "title" && e.text.eq_ignore_ascii_case("retention")));
    assert!(s.evidence.iter().any(|e| e.text == "retained"));
    assert!(s.evidence.iter().all(|e| !e.snippet.is_empty()));
}

#[test]
fn negation_cancels_evidence_but_rules_do_not() {
    let toks = tokens::tokenize("no impact assessment was made");
    assert!(negated(&toks, 1, 2));
    let toks = tokens::tokenize("the impact assessment was not carried out");
    assert!(negated(&toks, 1, 2));
    let toks = tokens::tokenize("the impact assessment wasn't carried out");
    assert!(negated(&toks, 1, 2));
    let toks = tokens::tokenize("data must not be retained indefinitely");
    assert!(!negated(&toks, 4, 4));
    let toks = tokens::tokenize("there was no audit. An impact assessment was made");
    assert!(!negated(&toks, 5, 6));
}

#[test]
fn misleading_phrases_and_word_boundaries() {
    let t = tagger();
    let r = t.tag(&practice(
        "Sensor maintenance for the enrolment kiosks",
        "The proportion of errors fell after the standard deviation of capture time was reduced.",
        "Technicians replaced the insecure cables. The Security Council was not discussed.",
        &["Clean the sensor every week."],
    ));
    for p in ["proportionality", "security"] {
        assert!(!suggested(&r).contains(&p), "{p}: {r:#?}");
    }
}

#[test]
fn declared_and_suggested_disagreements_are_reported() {
    let t = tagger();
    let mut p = practice(
        "Least intrusive option: verification instead of identification",
        "The agency chose one-to-one verification as the least intrusive option, limited in scope and time.",
        "A proportionality assessment was documented.",
        &["Prefer the least intrusive option."],
    );
    p.principles = vec!["security".into()];
    let r = t.tag(&p);
    assert!(
        r.undeclared.contains(&"proportionality".to_string()),
        "{r:#?}"
    );
    assert_eq!(r.unsupported, ["security"]);
}

#[test]
fn inflections_match_but_derivations_do_not() {
    assert!(same_inflection("retained", "retain"));
    assert!(same_inflection("policies", "policy"));
    assert!(same_inflection("assessments", "assessment"));
    assert!(!same_inflection("minority", "minor"));
    assert!(!same_inflection("proportion", "proportionality"));
}

#[test]
fn negation_words_are_exactly_the_listed_ones() {
    for word in [
        "no", "not", "never", "without", "lack", "lacks", "lacking", "lacked", "absence", "absent",
        "neither", "nor", "none",
    ] {
        assert!(is_negation_word(word), "{word}");
    }
    for word in [
        "", "n", "note", "nothing", "noted", "lacks_", "absent-", "non", "No",
    ] {
        assert!(!is_negation_word(word), "{word}");
    }
}

#[test]
fn a_word_trie_rules_out_words_by_their_first_byte_only() {
    let mut trie = trie::WordTrie::new();
    trie.insert(["DPIA"]);
    trie.insert(["GDPR", "Article"]);
    assert!(trie.word("DPIA").is_some());
    assert!(trie.word("Article").is_some());
    assert!(trie.word("DPIAs").is_none());
    assert!(trie.word("dpia").is_none());
    assert!(trie.word("").is_none());
    assert!(WordTrie::new().word("DPIA").is_none());
}
