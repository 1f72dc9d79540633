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
    for word in NEGATIONS {
        assert!(is_negation_bytes(word.as_bytes()), "{word}");
    }
    for word in [
        "", "n", "note", "nothing", "noted", "lacks_", "absent-", "non", "No",
    ] {
        assert!(!is_negation_bytes(word.as_bytes()), "{word}");
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

proptest::proptest! {
    /// A short word's inline key holds exactly its bytes, so two words share a key only if
    /// they are the same word.
    #[test]
    fn a_short_word_key_keeps_the_word(word in "[a-z0-9\u{e0}-\u{ff}]{0,12}") {
        match ShortWord::new(&word) {
            Some(key) => proptest::prop_assert_eq!(key.bytes(), word.as_bytes().to_vec()),
            None => proptest::prop_assert!(word.len() > 23),
        }
    }
}

#[test]
fn short_word_keys_tell_lengths_and_padding_apart() {
    let keys = [
        "a",
        "a\0",
        "ab",
        "abcdefgh",
        "abcdefgh\0",
        "abcdefghijklmnopqrstuvw",
    ]
    .map(|w| ShortWord::new(w).unwrap());
    for (i, a) in keys.iter().enumerate() {
        for b in &keys[i + 1..] {
            assert!(a != b);
        }
    }
    assert!(ShortWord::new("abcdefghijklmnopqrstuvwx").is_none());
}

proptest::proptest! {
    /// Whatever the words and however they collide in the slots of recent words, the cache
    /// answers what working the id out would, and works it out once per word.
    #[test]
    fn the_stem_id_cache_answers_as_working_it_out_would(
        words in proptest::collection::vec("[a-c]{1,3}|[a-z]{20,30}", 1..400),
    ) {
        let id_of = |w: &str| {
            (w.len() % 3 != 0).then(|| w.bytes().map(u32::from).sum::<u32>())
        };
        let mut cache = StemIdCache::default();
        let mut worked_out = std::collections::HashMap::new();
        for word in &words {
            let found = cache.get_or_insert_with(word, || {
                *worked_out.entry(word.clone()).or_insert(0) += 1;
                id_of(word)
            });
            proptest::prop_assert_eq!(found, id_of(word));
        }
        proptest::prop_assert!(worked_out.values().all(|&n| n == 1));
        proptest::prop_assert_eq!(cache.len(), worked_out.len());
    }
}

/// The mark of an empty slot is no word's key.
#[test]
fn no_word_has_the_empty_slot_key() {
    for word in ["", "a", "abcdefghijklmnopqrstuvw", "\u{ff}\u{ff}\u{ff}"] {
        assert!(ShortWord::new(word).unwrap() != ShortWord::NONE);
    }
}
