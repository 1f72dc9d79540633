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

/// Found by a tester: denials published as tags. A negation reaches across a list ("not subject
/// to any retention limit or automatic deletion"), `ni` negates, and a new clause ends it.
#[test]
fn negation_reaches_across_a_list_but_not_into_a_new_clause() {
    let toks = tokens::tokenize(
        "The fingerprints are not subject to any retention limit or automatic deletion.",
    );
    assert!(negated(&toks, 6, 7), "retention limit");
    assert!(negated(&toks, 9, 10), "automatic deletion");
    let toks = tokens::tokenize("ni à un effacement automatique");
    assert!(negated(&toks, 3, 4));
    let toks = tokens::tokenize("The images are not shared but deleted after thirty days");
    assert!(!negated(&toks, 6, 6), "`but` starts a new clause");
    let toks = tokens::tokenize("Travellers who are not of concern are deleted three years after");
    assert!(
        !negated(&toks, 8, 9),
        "`are` is the verb of the next clause"
    );
    let t = tagger();
    let r = t.tag(&practice(
        "Border fingerprints kept without retention limits or automatic deletion",
        "The fingerprints are not subject to any retention limit or automatic deletion.",
        "The border agency holds the fingerprints of every traveller. They lack retention limits or automatic deletion.",
        &["Describe the handling of border records."],
    ));
    let published: Vec<&str> = r
        .suggested
        .iter()
        .filter(|s| s.published)
        .map(|s| s.principle.as_str())
        .collect();
    assert!(!published.contains(&"retention-limits"), "{r:#?}");
}

/// Found by the same tester: "limits, to" counted as the term `limited to`, and "data.
/// Protection officers" as `data protection officer`.
#[test]
fn a_phrase_does_not_run_across_punctuation() {
    let t = tagger();
    let text = "failing to set retention limits, to delete profiles. The agency shares the data. Protection officers visit.";
    let r = t.tag(&practice("Title of a practice", text, text, &[]));
    let terms: Vec<&str> = r
        .suggested
        .iter()
        .flat_map(|s| s.evidence.iter().map(|e| e.term.as_str()))
        .collect();
    assert!(
        !terms
            .iter()
            .any(|t| *t == "limited to" || t.starts_with("data protection")),
        "{terms:?}"
    );
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

/// A body's name and entry to premises are not data security (found by a tester: "National
/// Cyber Security Authority" and French "contrôle d'accès" to sensitive areas published
/// `security`); access control to data still is.
#[test]
fn names_of_bodies_and_door_access_are_not_security_evidence() {
    let t = tagger();
    let taxonomy = &Schemas::embedded().unwrap().taxonomy;
    let security = taxonomy
        .principles
        .iter()
        .position(|p| p.id == "security")
        .unwrap();
    let lexicon_value = |p: &Practice| t.features(p, &p.body).values[security];
    let rwanda = practice(
        "Registration with the National Cyber Security Authority",
        "Controllers register with the National Cyber Security Authority before processing.",
        "The Cybersecurity Agency keeps the register.",
        &[],
    );
    assert_eq!(lexicon_value(&rwanda), 0.0);
    let door = in_language(
        practice(
            "Contrôle d'accès biométrique",
            "La commission autorise le contrôle d'accès aux zones sensibles.",
            "Un dispositif de contrôle d'accès par empreinte.",
            &[],
        ),
        "fr",
    );
    assert_eq!(lexicon_value(&door), 0.0);
    let data = in_language(
        practice(
            "Contrôle d'accès aux données",
            "Seules les personnes habilitées consultent la base.",
            "",
            &[],
        ),
        "fr",
    );
    assert!(lexicon_value(&data) > 0.0);
    let premises = practice(
        "Biometric access control at the gate",
        "Physical access control to premises uses fingerprints.",
        "",
        &[],
    );
    assert_eq!(lexicon_value(&premises), 0.0);
    let english = practice(
        "Access control and encryption",
        "Role-based access control protects the database.",
        "",
        &[],
    );
    assert!(lexicon_value(&english) > 0.0);
}

#[test]
fn declared_and_suggested_disagreements_are_reported() {
    let t = tagger();
    let mut p = practice(
        "Least intrusive option: verification instead of identification",
        "The agency chose one-to-one verification as the least intrusive option, limited in scope and time.",
        "A proportionality assessment was documented: it weighed the intrusion on travellers \
         against the aim of the checks, and found that comparing a traveller with their own \
         passport photo was enough where a search of the whole database was not needed.",
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
    // Per language: pairs that are forms of one word, then pairs that only share a stem.
    type Pairs<'a> = &'a [(&'a str, &'a str)];
    let cases: [(&str, Pairs, Pairs); 3] = [
        (
            "en",
            &[
                ("retained", "retain"),
                ("policies", "policy"),
                ("assessments", "assessment"),
                ("profiles", "profile"),
                ("profiled", "profiling"),
                ("signs", "sign"),
            ],
            &[
                ("minority", "minor"),
                ("proportion", "proportionality"),
                // Listed as other words (`OTHER_WORDS`).
                ("profile", "profiling"),
                ("signed", "signs"),
                ("signing", "sign"),
            ],
        ),
        // Verbs, gender, number, accents, a noun of the verb's action.
        (
            "fr",
            &[
                ("effacer", "effacées"),
                ("effacer", "efface"),
                ("conservées", "conservaient"),
                ("règlement", "reglements"),
                ("chiffrement", "chiffrements"),
                ("donnée", "données"),
                ("journaliste", "journalistes"),
                ("publier", "publié"),
                ("refus", "refuser"),
                ("effacement", "effacées"),
                ("conservation", "conserver"),
            ],
            &[
                ("journalistes", "journal"),
                ("journalistes", "journaux"),
                ("gouvernance", "gouvernement"),
                ("finalités", "finale"),
                ("directive", "directement"),
            ],
        ),
        (
            "es",
            &[
                ("eliminar", "eliminó"),
                ("eliminados", "eliminan"),
                ("borrados", "borrarlos"),
                ("autoridad", "autoridades"),
                ("periodistas", "periodista"),
                ("comunicación", "comunicaciones"),
                ("países", "país"),
                ("solo", "sólo"),
                ("eliminación", "eliminar"),
                ("almacenamiento", "almacenadas"),
            ],
            &[
                ("periodistas", "periódicamente"),
                ("comunicación", "comunidad"),
                ("autoridad", "autor"),
                ("borrado", "borrosas"),
                ("seguridad", "seguro"),
                ("refugiados", "refugio"),
            ],
        ),
    ];
    for (language, forms, others) in cases {
        for &(a, b) in forms {
            assert!(same_inflection(language, a, b), "{language}: {a} {b}");
        }
        for &(a, b) in others {
            assert!(!same_inflection(language, a, b), "{language}: {a} {b}");
        }
    }
}

#[test]
fn negation_words_are_exactly_the_listed_ones() {
    for word in [
        "no", "not", "never", "without", "lack", "lacks", "lacking", "lacked", "absence", "absent",
        "neither", "nor", "none", "ni",
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

/// A taxonomy of one facet and its parent, a cue, terms in three languages, and a model that
/// weighs them by hand.
fn small_tagger() -> Tagger {
    let (taxonomy, model) = small_taxonomy_and_model();
    Tagger::new(&taxonomy).with_model(&model)
}

fn small_taxonomy_and_model() -> (Taxonomy, model::Model) {
    let taxonomy: Taxonomy = serde_json::from_str(
        r##"{"version": 1, "principles": [
        {"id": "data-protection", "label": "Data protection", "tier": "core",
         "definition": "Personal data are handled lawfully, fairly and safely throughout.",
         "lexicon": {"terms": [{"text": "personal data", "weight": 2}]}},
        {"id": "retention-limits", "label": "Retention limits", "tier": "facet",
         "parent": "data-protection",
         "definition": "Data are kept no longer than needed and then deleted for good.",
         "lexicon": {"terms": [
            {"text": "retention period", "weight": 2},
            {"text": "durée de conservation", "weight": 2, "language": "fr"},
            {"text": "plazo de conservación", "weight": 2, "language": "es"},
            {"text": "RGPD", "weight": 1, "case_sensitive": true, "language": "fr"}],
          "negative": [{"text": "durée de conservation des archives", "language": "fr"}]}}],
        "cues": [{"id": "time-limit", "description": "a period of time",
                  "terms": [{"text": "# days", "weight": 1},
                            {"text": "# jours", "weight": 1, "language": "fr"}]}]}"##,
    )
    .unwrap();
    let model: model::Model = serde_json::from_str(
        r#"{"made_by": "hand", "min_precision": 0.9, "principles": {
        "retention-limits": {"bias": -2.0, "penalty": 1.0, "suggest": 0.5, "publish": 0.8,
          "weights": {"lexicon:retention-limits": 2.0, "cue:time-limit": 1.5},
          "held_out": {"support": 5, "precision": null, "recall": null,
                       "published_precision": null, "published_recall": null}},
        "data-protection": {"bias": -3.0, "penalty": 1.0, "suggest": 0.5, "publish": 0.8,
          "weights": {"lexicon:data-protection": 2.0},
          "held_out": {"support": 5, "precision": null, "recall": null,
                       "published_precision": null, "published_recall": null}}}}"#,
    )
    .unwrap();
    (taxonomy, model)
}

fn in_language(mut p: Practice, language: &str) -> Practice {
    p.language = language.into();
    p
}

#[test]
fn terms_are_matched_in_the_entrys_language_with_its_stems() {
    let t = small_tagger();
    let fr = in_language(
        practice(
            "Durées de conservation",
            "Les images sont supprimées après trente jours.",
            "La durée de conservation est fixée par décret (RGPD).",
            &[],
        ),
        "fr",
    );
    let f = t.features(&fr, &fr.body);
    // lexicon:data-protection, lexicon:retention-limits, cue:time-limit.
    assert_eq!(f.values[0], 0.0);
    // "Durées de conservation" (title, 2 × 3), "durée de conservation" (body, 2), RGPD (1).
    assert!((f.values[1] - 9.0f64.ln_1p()).abs() < 1e-9, "{f:?}");
    // "trente jours" (summary, 1 × 2): # matches a number in words.
    assert!((f.values[2] - 2.0f64.ln_1p()).abs() < 1e-9, "{f:?}");
    // The same words in an English entry are not French terms; "30 days" is the English cue.
    let en = practice(
        "Durées de conservation",
        "Images are deleted after 30 days.",
        "The retention period is set by decree.",
        &[],
    );
    let f = t.features(&en, &en.body);
    assert!((f.values[1] - 2.0f64.ln_1p()).abs() < 1e-9, "{f:?}");
    assert!((f.values[2] - 2.0f64.ln_1p()).abs() < 1e-9, "{f:?}");
    // A regional tag reads as its language; a language without terms reads as English.
    let es = in_language(
        practice("x", "El plazo de conservación es breve.", "", &[]),
        "es-MX",
    );
    assert!(t.features(&es, &es.body).values[1] > 0.0);
    let de = in_language(practice("x", "The retention period ends.", "", &[]), "de");
    assert!(t.features(&de, &de.body).values[1] > 0.0);
}

#[test]
fn misleading_phrases_work_in_their_language() {
    let t = small_tagger();
    let fr = in_language(
        practice(
            "x",
            "La durée de conservation des archives est longue.",
            "",
            &[],
        ),
        "fr",
    );
    assert_eq!(t.features(&fr, &fr.body).values[1], 0.0);
}

#[test]
fn the_model_suggests_publishes_rolls_up_and_explains() {
    let t = small_tagger();
    let p = practice(
        "Retention period",
        "Records are deleted after 30 days.",
        "",
        &[],
    );
    let r = t.tag(&p);
    // Log-odds −2 + 2 ln(1 + 6) + 1.5 ln(1 + 2) ≈ 3.54: probability 0.97, published.
    let facet = &r.suggested[1];
    assert_eq!(facet.principle, "retention-limits");
    assert_eq!(facet.score, 0.97);
    assert!(facet.published);
    // The parent has no evidence of its own, but a facet implies it.
    assert_eq!(suggested(&r), ["data-protection", "retention-limits"]);
    assert!(r.suggested[0].published);
    // Each match's share of the log-odds: its feature's weight × value, split by match weight.
    let shares: Vec<(&str, &str, f64)> = facet
        .evidence
        .iter()
        .map(|e| (e.text.as_str(), e.source.as_str(), e.weight))
        .collect();
    assert_eq!(
        shares,
        [
            ("Retention period", "retention-limits", 3.89),
            ("30 days", "cue:time-limit", 1.65)
        ]
    );
    // Weak evidence: suggested below the publication threshold, or not at all.
    let weak = t.tag(&practice("x", "A retention period applies.", "", &[]));
    let s = &weak.suggested[1];
    assert!(!s.published && s.score >= 0.5 && s.score < 0.8, "{weak:#?}");
    assert!(t
        .tag(&practice("x", "Nothing here.", "", &[]))
        .suggested
        .is_empty());
}

/// On an entry that declares principles, a suggestion that adds one (neither declared nor the
/// parent of a declared facet) must clear the model's bar for adds as well; the parent of a
/// declared facet is no add, and an entry that declares nothing publishes as before.
#[test]
fn a_suggestion_that_adds_to_what_the_entry_declares_has_its_own_bar() {
    let (taxonomy, mut model) = small_taxonomy_and_model();
    let with_margin = |model: &mut model::Model, margin: Option<f64>| {
        model.added.margin = margin;
        Tagger::new(&taxonomy).with_model(model)
    };
    let declaring = |principles: &[&str]| {
        let mut p = practice(
            "Retention period",
            "Records are deleted after 30 days.",
            "",
            &[],
        );
        p.principles = principles.iter().map(|s| s.to_string()).collect();
        p
    };
    // (principle, published, held back) of each suggestion.
    let outcome = |t: &Tagger, p: &Practice| -> Vec<(String, bool, bool)> {
        let r = t.tag(p);
        // The parent of a declared facet is implied, not an addition to what is declared.
        if p.principles == ["retention-limits"] {
            assert_eq!(r.implied, ["data-protection"]);
            assert!(r.undeclared.is_empty(), "{r:?}");
        }
        r.suggested
            .into_iter()
            .map(|s| (s.principle, s.published, s.held_back))
            .collect()
    };
    let row = |id: &str, published: bool, held_back: bool| (id.to_string(), published, held_back);

    // Adds are never published: the facet is held back, and its parent (declared) not published
    // through it.
    let never = with_margin(&mut model, None);
    assert_eq!(
        outcome(&never, &declaring(&["data-protection"])),
        [
            row("data-protection", false, false),
            row("retention-limits", false, true)
        ]
    );
    // Another principle declared: the facet is held back, and so is the parent it rolls up to.
    assert_eq!(
        outcome(&never, &declaring(&["proportionality"])),
        [
            row("data-protection", false, true),
            row("retention-limits", false, true)
        ]
    );
    // The facet declared: its parent is implied, so published as a suggestion (0.97 ≥ 0.8).
    assert_eq!(
        outcome(&never, &declaring(&["retention-limits"])),
        [
            row("data-protection", true, false),
            row("retention-limits", true, false)
        ]
    );
    // Nothing declared: as before.
    assert_eq!(
        outcome(&never, &declaring(&[])),
        [
            row("data-protection", true, false),
            row("retention-limits", true, false)
        ]
    );
    // A refused parent is not implied.
    let mut refusing = declaring(&["retention-limits"]);
    refusing.principles_refused = vec![crate::model::RefusedPrinciple {
        principle: "data-protection".into(),
        reason: "not this practice".into(),
    }];
    assert!(never.tag(&refusing).implied.is_empty());
    // A refused facet is shown, not published, and does not carry its parent (which has no
    // evidence of its own here) into the suggestions.
    let mut refusing_facet = declaring(&[]);
    refusing_facet.principles_refused = vec![crate::model::RefusedPrinciple {
        principle: "retention-limits".into(),
        reason: "not this practice".into(),
    }];
    let r = never.tag(&refusing_facet);
    assert_eq!(
        outcome(&never, &refusing_facet),
        [row("retention-limits", false, false)]
    );
    assert!(r.undeclared.is_empty() && r.implied.is_empty(), "{r:?}");
    assert_eq!(r.refused, ["retention-limits"]);
    // Refusing the parent refuses its facets: the facet is not published (and, refused, does
    // not roll up to the parent, which has no evidence of its own here).
    let mut refusing_parent = declaring(&[]);
    refusing_parent.principles_refused = vec![crate::model::RefusedPrinciple {
        principle: "data-protection".into(),
        reason: "not this practice".into(),
    }];
    assert_eq!(
        outcome(&never, &refusing_parent),
        [row("retention-limits", false, false)]
    );
    let r = never.tag(&refusing_parent);
    assert_eq!(r.refused, ["retention-limits"]);
    assert!(r.undeclared.is_empty(), "{r:?}");
    // A margin: log-odds 3.5 against logit(0.8) = 1.39 plus the margin.
    let one = with_margin(&mut model, Some(1.0));
    assert!(outcome(&one, &declaring(&["data-protection"]))[1].1);
    let three = with_margin(&mut model, Some(3.0));
    assert_eq!(
        outcome(&three, &declaring(&["data-protection"]))[1],
        row("retention-limits", false, true)
    );
    // A model made before the bar existed publishes adds as any other suggestion.
    assert_eq!(model::Added::default().margin, Some(0.0));
}

#[test]
fn the_shipped_model_names_only_features_the_taxonomy_has() {
    let taxonomy = Schemas::embedded().unwrap().taxonomy;
    let tagger = Tagger::new(&taxonomy);
    let names = tagger.feature_names();
    let model = model::Model::shipped();
    assert!(model.principles.len() >= 20, "{}", model.principles.len());
    for (principle, m) in &model.principles {
        assert!(taxonomy.get(principle).is_some(), "{principle}");
        for name in m.weights.keys() {
            // A word is a stem shared by the languages: a few lower-case letters.
            let word = name.strip_prefix("word:").is_some_and(|w| {
                (model::MIN_STEM_CHARS..=super::MODEL_STEM_LETTERS).contains(&w.chars().count())
                    && w.chars().all(char::is_lowercase)
            });
            assert!(word || names.contains(name), "{principle}: {name}");
        }
        if let (Some(s), Some(p)) = (m.suggest, m.publish) {
            assert!(s <= p, "{principle}");
        }
    }
}

/// What a tagger remembers of the words it has met changes nothing: a practice tagged by a
/// tagger that has read other texts (in English and in French) is tagged exactly as by a new
/// one, and the same text tagged twice gives the same result.
#[test]
fn the_words_a_tagger_has_met_do_not_change_its_tags() {
    let target = practice(
        "Retention limits for fingerprints",
        "Fingerprints are retained for six months and then deleted; only templates are kept.",
        "An examiner confirms every match before any action.",
        &["Delete records when the retention period ends."],
    );
    let fresh = tagger().tag(&target);
    let used = tagger();
    let mut french = practice(
        "Durées de conservation des empreintes",
        "Les empreintes sont conservées six mois puis effacées.",
        "Un agent vérifie chaque correspondance.",
        &["Effacer les données à la fin de la durée de conservation."],
    );
    french.language = "fr".into();
    used.tag(&french);
    used.tag(&practice(
        "Public reporting",
        "The agency publishes how often the system is searched.",
        "An independent body audits every search each year.",
        &[],
    ));
    assert_eq!(used.tag(&target), fresh);
    assert_eq!(used.tag(&target), fresh);
}

/// The model's words are shared by the languages: a word and its translation are one word when
/// they are cognates or the glossary pairs them; grammar words and numbers are none.
#[test]
fn model_words_are_shared_by_english_french_and_spanish() {
    let (en, fr, es) = (0, 1, 2);
    assert_eq!(LANGUAGES[fr].0, "fr");
    assert_eq!(LANGUAGES[es].0, "es");
    let word = |l: usize, w: &str| model_word(l, w).map(|w| w.into_owned());
    assert_eq!(word(en, "fingerprints").as_deref(), Some("finge"));
    assert_eq!(word(fr, "empreintes"), word(en, "fingerprints"));
    assert_eq!(word(es, "huellas"), word(en, "fingerprints"));
    assert_eq!(word(fr, "rétention"), word(en, "retention"));
    assert_eq!(word(fr, "proportionnalité"), word(en, "proportionality"));
    assert_eq!(word(es, "proporcionalidad"), word(en, "proportionality"));
    // Six letters keep apart what five merged.
    assert_ne!(word(en, "proposal"), word(en, "proportionality"));
    // Grammar words, numbers and short words teach nothing.
    assert_eq!(word(en, "whereas"), None);
    assert_eq!(word(fr, "lorsque"), None);
    assert_eq!(word(es, "también"), None);
    assert_eq!(word(en, "2017"), None);
    assert_eq!(word(en, "the"), None);
    // Nor does a word whose five-letter stem is a grammar word's.
    assert_eq!(word(en, "therefore"), None);
    assert_eq!(word(en, "thereby"), None);
    assert_eq!(word(es, "sobres"), None);
    assert_eq!(word(fr, "ainsi"), None);
    // Nor where a practice is (found by a tester: "African" was evidence of security).
    for (l, w) in [
        (en, "African"),
        (en, "africa"),
        (fr, "afrique"),
        (fr, "africaine"),
        (es, "África"),
        (en, "european"),
        (fr, "européenne"),
        (es, "latinoamericanos"),
        (en, "asian"),
    ] {
        assert_eq!(word(l, &w.to_lowercase()), None, "{w}");
    }
    // Words that begin alike are still words.
    assert!(word(en, "orientation").is_some());
    assert!(word(en, "assistance").is_some());
}

#[test]
fn a_word_with_a_lexicon_term_s_stem_but_another_meaning_is_no_evidence() {
    // The Spanish stemmer cuts `periódicamente` (periodically) and `periodistas` (journalists, a
    // term of freedom of expression) to one stem, `period`; French `journal` (a newspaper) and
    // `journalistes` both to `journal`.
    let t = tagger();
    let fe = t
        .taxonomy()
        .position("freedom-expression-assembly")
        .unwrap();
    for (language, text, word) in [
        (
            "es",
            "El registro se revisa periódicamente y se publica un informe anual.",
            "periódicamente",
        ),
        (
            "fr",
            "Le registre est publié chaque année dans un journal local.",
            "journal",
        ),
    ] {
        let mut p = practice("Registro", text, text, &[]);
        p.language = language.into();
        let r = t.tag(&p);
        assert!(
            !r.fired.iter().any(|&(q, _)| q == fe),
            "{word}: {:?}",
            r.fired
        );
        let evidence = r.suggested.iter().flat_map(|s| &s.evidence);
        assert!(evidence.clone().all(|e| e.text != word), "{r:#?}");
    }
    // The same words as forms of the term still count.
    let mut p = practice(
        "Periodistas",
        "Los periodistas y el periodista cubren las protestas.",
        "",
        &[],
    );
    p.language = "es".into();
    assert!(t.tag(&p).fired.iter().any(|&(q, _)| q == fe));
}

#[test]
fn a_signed_agreement_and_a_dna_profile_are_no_evidence_of_signs_and_profiling() {
    // `signed` and `signing` share a stem and an inflection with the publication cue's `signs`
    // (notices put up), `profile` with non-discrimination's `profiling`; both are listed as other
    // words (`OTHER_WORDS`).
    let t = tagger();
    let publication = t
        .taxonomy()
        .cues
        .iter()
        .position(|c| c.id == "publication")
        .unwrap();
    let fired = |text: &str| -> Vec<(Source, String)> {
        let p = practice("A practice", text, text, &[]);
        let body = markdown_to_text(&p.body);
        let tokenized = tokenize_fields(&p, &body);
        t.matches(&p, &body, &tokenized)
            .iter()
            .map(|f| {
                (
                    f.hit.source,
                    t.term_text(f.hit.source, f.hit.term).to_string(),
                )
            })
            .collect()
    };
    let has = |found: &[(Source, String)], source: Source, term: &str| {
        found.iter().any(|f| f.0 == source && f.1 == term)
    };
    let cue = Source::Cue(publication);
    let nd = Source::Principle(t.taxonomy().position("non-discrimination").unwrap());
    let signed = fired("The two ministries signed a memorandum; officers are signing the forms.");
    assert!(!has(&signed, cue, "signs"), "{signed:?}");
    let signs = fired("Signs at every entrance tell passengers that cameras are in use.");
    assert!(has(&signs, cue, "signs"), "{signs:?}");
    let profile = fired("Each profile from the scene is compared with the profiles of suspects.");
    assert!(!has(&profile, nd, "profiling"), "{profile:?}");
    let profiling = fired("Officers may not use profiling by appearance at the border.");
    assert!(has(&profiling, nd, "profiling"), "{profiling:?}");
}

/// A text in a language the tagger has no lexicon for is not read, rather than read as English:
/// nothing suggested, nothing said unsupported, the declared principles kept (found by a
/// tester: a Russian entry's declared principles were all "not supported by the text").
#[test]
fn a_text_in_a_language_the_tagger_does_not_read_is_not_judged() {
    let t = tagger();
    let text = practice(
        "Retention limits for custody images",
        "Custody images of people not charged are deleted after thirty days under a published schedule.",
        "The biometric data retention schedule limits storage to thirty days; deletion is automatic and audited.",
        &["Publish the retention schedule."],
    );
    let mut declared = text.clone();
    declared.principles = vec!["retention-limits".into()];
    let english = t.tag(&declared);
    assert!(!english.suggested.is_empty());
    assert_eq!(english.language_not_read, None);
    for language in ["pt-BR", "ru", "ar"] {
        let r = t.tag(&in_language(declared.clone(), language));
        assert_eq!(r.language_not_read.as_deref(), Some(language));
        assert!(r.suggested.is_empty() && r.unsupported.is_empty() && r.undeclared.is_empty());
        assert_eq!(r.declared, ["retention-limits"]);
        assert_eq!(r.implied, ["data-protection"]);
    }
    assert!(reads_language("fr-CA") && reads_language("ES") && !reads_language("pt"));
    // Nor is a text marked as a language it reads but written in another script (an Arabic
    // text left with `new`'s default `en`; found by a tester).
    let mut arabic = practice(
        "حدود الاحتفاظ ببيانات بصمة العين في المنافذ الحدودية",
        "تحتفظ السلطات ببيانات بصمة العين للمسافرين لمدة محددة في القانون فقط ثم تحذفها تلقائيا",
        "تحذف السجلات بعد خمس سنوات",
        &[],
    );
    arabic.principles = vec!["retention-limits".into()];
    let r = t.tag(&arabic);
    assert_eq!(r.language_not_read.as_deref(), Some("en"));
    assert!(r.suggested.is_empty() && r.unsupported.is_empty());
}
