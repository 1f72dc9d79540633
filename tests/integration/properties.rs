//! Invariants over generated input.

use compendium::load::parse_bytes;
use compendium::schema::Schemas;
use compendium::validate::check_document;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn schemas() -> &'static Schemas {
    static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
    SCHEMAS.get_or_init(|| Schemas::embedded().unwrap())
}

const VALID: &str =
    include_str!("../cmd/validate-valid.in/practices/example-retention-schedule.json");

fn check(bytes: &[u8]) -> usize {
    let loaded = parse_bytes(Path::new("x.json"), bytes);
    let mut n = loaded.diagnostics.len();
    if let Some(doc) = loaded.document {
        let (diags, _) = check_document(&doc, schemas());
        for d in &diags {
            assert!(d.line >= 1 && d.column >= 1);
        }
        n += diags.len();
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn validate_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn validate_never_panics_on_mutated_entries(cut in 0usize..VALID.len(), insert in "[\\[\\]{}\",:\\\\a-z0-9 \\n\u{0}-\u{1f}é]{0,8}") {
        let mut text = VALID.to_string();
        let mut at = cut;
        while !text.is_char_boundary(at) { at -= 1; }
        text.insert_str(at, &insert);
        check(text.as_bytes());
        check(&VALID.as_bytes()[..cut]);
    }
}

#[test]
fn the_valid_fixture_has_no_findings() {
    assert_eq!(check(VALID.as_bytes()), 0);
}
