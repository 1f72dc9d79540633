use super::{edition_of, practice, sample, taxonomy};
use crate::model::Area;
use crate::report::{coverage, coverage_markdown};

#[test]
fn markdown_tables_and_gap_lists() {
    let t = taxonomy();
    let c = coverage(&edition_of(sample(), &t));
    let md = coverage_markdown(&c, &t);
    assert!(md.starts_with("# Coverage of edition \"test-1\"\n\n5 practices in the edition."));
    assert!(md.contains("| Principle | counter-terrorism | border-management | law-enforcement | criminal-justice | identity-management | humanitarian | aviation-security | military | total |"));
    assert!(
        md.contains("| Proportionality | — | 2 | 1 | — | — | — | — | — | 3 |"),
        "{md}"
    );
    assert!(md.contains("| *No principle* | — | — | — | — | — | — | — | 1 | 1 |"));
    assert!(md.contains("| **Practices** | **1** | **2** | **1** | **0** |"));
    let gaps = md
        .lines()
        .find(|l| l.starts_with("- **border-management**"))
        .unwrap();
    assert!(
        gaps.starts_with("- **border-management** (24 of 27): Data protection; Necessity"),
        "{gaps}"
    );
    assert!(!gaps.contains("Proportionality") && !gaps.contains("Privacy"));
    assert!(gaps.contains("; Freedom of expression, assembly and association; "));
    assert!(md.contains("- **criminal-justice**: no practice in this area (all 27 principles)."));
    assert!(md.ends_with(".\n") && !md.ends_with("\n\n"));
}

#[test]
fn markdown_escapes_data() {
    let mut t = taxonomy();
    t.principles[0].label = "<b>Bold</b> & \"q\" 'a' | pipe".into();
    let mut practices = sample();
    practices.push(practice("x", Area::Military, &[], "<X|Y>", &[2020]));
    let mut edition = edition_of(practices, &t);
    edition.name = "*2026*".into();
    let md = coverage_markdown(&coverage(&edition), &t);
    assert!(
        md.contains("\\<b\\>Bold\\</b\\> \\& \"q\" 'a' \\| pipe"),
        "{md}"
    );
    assert!(md.contains("| \\<X\\|Y\\> | 1 |"));
    assert!(md.contains("edition \"\\*2026\\*\""));
    let unescaped = |c: char| md.match_indices(c).any(|(i, _)| !md[..i].ends_with('\\'));
    assert!(
        !unescaped('<') && !unescaped('>') && !unescaped('&'),
        "{md}"
    );
}
