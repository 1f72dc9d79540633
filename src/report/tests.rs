use super::*;
use crate::assemble::assemble;
use crate::model::Edition;
use crate::model::{Practice, Source, Taxonomy};
use crate::normalize::normalize;
use crate::schema::Schemas;

mod markdown_tests;
mod svg_tests;

pub(super) fn taxonomy() -> Taxonomy {
    Schemas::embedded().unwrap().taxonomy
}

/// A practice with the fields coverage reads; everything else is filler.
pub(super) fn practice(
    id: &str,
    area: Area,
    principles: &[&str],
    jurisdiction: &str,
    years: &[u16],
) -> Practice {
    Practice {
        title: format!("Practice {id}"),
        area,
        jurisdiction: jurisdiction.into(),
        principles: principles.iter().map(|p| p.to_string()).collect(),
        sources: years
            .iter()
            .map(|&year| Source {
                title: "t".into(),
                publisher: "p".into(),
                year,
                url: None,
            })
            .collect(),
        ..Practice::example(id)
    }
}

/// An edition of these practices, tagged with their declared principles only (no tagger), so
/// the counts are known exactly.
pub(super) fn edition_of(practices: Vec<Practice>, taxonomy: &Taxonomy) -> Edition {
    let practices = practices
        .into_iter()
        .map(|p| (normalize(p), None))
        .collect();
    assemble("test-1", practices, vec![], taxonomy)
}

/// Five practices: two border-management, one law-enforcement, one counter-terrorism, one
/// military with no principle.
pub(super) fn sample() -> Vec<Practice> {
    let mut a = practice(
        "a",
        Area::BorderManagement,
        &["proportionality", "privacy"],
        "FR",
        &[2008, 2021],
    );
    a.modalities = vec![Modality::Iris, Modality::Face];
    a.lifecycle = vec![Lifecycle::Storage, Lifecycle::Collection];
    let b = practice(
        "b",
        Area::BorderManagement,
        &["proportionality"],
        "DE",
        &[2015],
    );
    let c = practice(
        "c",
        Area::LawEnforcement,
        &["data-protection", "proportionality"],
        "INT",
        &[2010, 2009],
    );
    let mut d = practice(
        "d",
        Area::CounterTerrorism,
        &["human-rights"],
        "INT",
        &[2023],
    );
    d.modalities = vec![Modality::Dna];
    d.lifecycle = vec![Lifecycle::Redress];
    let e = practice("e", Area::Military, &[], "EU", &[2019, 2030]);
    vec![a, b, c, d, e]
}

fn row(c: &Coverage, id: &str) -> usize {
    c.principle_area.rows.iter().position(|r| r == id).unwrap()
}

fn col(area: Area) -> usize {
    Area::ALL.iter().position(|&a| a == area).unwrap()
}

#[test]
fn principle_area_counts() {
    let t = taxonomy();
    let c = coverage(&edition_of(sample(), &t));
    let m = &c.principle_area;
    assert_eq!(c.practices, 5);
    assert_eq!(c.edition, "test-1");
    assert_eq!(m.rows.len(), t.principles.len());
    assert!(
        m.rows.iter().map(String::as_str).eq(t.ids()),
        "taxonomy order"
    );
    assert!(m
        .columns
        .iter()
        .map(String::as_str)
        .eq(Area::ALL.iter().map(|a| a.as_str())));
    let p = row(&c, "proportionality");
    assert_eq!(m.counts[p][col(Area::BorderManagement)], 2);
    assert_eq!(m.counts[p][col(Area::LawEnforcement)], 1);
    assert_eq!(m.counts[p][col(Area::CounterTerrorism)], 0);
    assert_eq!(m.row_total(p), 3);
    assert_eq!(m.counts[row(&c, "privacy")][col(Area::BorderManagement)], 1);
    assert_eq!(
        m.counts[row(&c, "human-rights")][col(Area::CounterTerrorism)],
        1
    );
    assert_eq!(m.max(), 2);
    let mut totals = vec![0; 8];
    totals[col(Area::BorderManagement)] = 2;
    totals[col(Area::LawEnforcement)] = 1;
    totals[col(Area::CounterTerrorism)] = 1;
    totals[col(Area::Military)] = 1;
    assert_eq!(c.area_totals, totals);
    let mut unclassified = vec![0; 8];
    unclassified[col(Area::Military)] = 1;
    assert_eq!(c.unclassified, unclassified, "e has no principle");
}

/// A practice that another of the edition supersedes is no longer current practice either,
/// even while its status is still `accepted`; a retired one is counted as retired only (found
/// by a tester: a replaced practice and its replacement both counted).
#[test]
fn superseded_practices_are_counted_apart() {
    let t = taxonomy();
    let mut practices = sample();
    let old = practices[0].id.clone();
    practices[1].supersedes = vec![old.clone()];
    let c = coverage(&edition_of(practices.clone(), &t));
    assert_eq!(
        (c.practices, c.retired, c.superseded, c.counted()),
        (5, 0, 1, 4)
    );
    assert_eq!(c.source_age.per_practice.len(), 4);
    let text = coverage_markdown(&c, &t);
    assert!(
        text.contains("5 practices in the edition; 1 is superseded by another practice of the edition: no longer current practice, and not counted below."),
        "{text}"
    );
    let mut replaced_by_retired = practices.clone();
    practices[0].status = crate::model::Status::Retired;
    let c = coverage(&edition_of(practices, &t));
    assert_eq!((c.retired, c.superseded, c.counted()), (1, 0, 4));
    // Replaced only by a practice no longer in force, it is still current practice.
    replaced_by_retired[1].status = crate::model::Status::Retired;
    let c = coverage(&edition_of(replaced_by_retired, &t));
    assert_eq!((c.retired, c.superseded, c.counted()), (1, 0, 4));
}

/// A retired practice is no longer current practice: it covers nothing, and the report says how
/// many were set aside (found by a tester: retiring every military practice left the military
/// column as it was).
#[test]
fn retired_practices_are_counted_apart() {
    let t = taxonomy();
    let mut practices = sample();
    practices[0].status = crate::model::Status::Retired;
    let c = coverage(&edition_of(practices, &t));
    assert_eq!((c.practices, c.retired), (5, 1));
    let p = row(&c, "proportionality");
    assert_eq!(c.principle_area.counts[p][col(Area::BorderManagement)], 1);
    assert_eq!(c.area_totals[col(Area::BorderManagement)], 1);
    assert_eq!(c.source_age.per_practice.len(), 4);
    let text = coverage_markdown(&c, &t);
    assert!(
        text.contains("5 practices in the edition; 1 is retired: no longer current practice, and not counted below."),
        "{text}"
    );
    assert!(!coverage_markdown(&coverage(&edition_of(sample(), &t)), &t).contains("retired"));
    // The table's total is the sum of its area columns: the practices counted.
    let total = text
        .lines()
        .find(|l| l.starts_with("| **Practices** |"))
        .unwrap();
    assert!(total.trim_end().ends_with("| **4** |"), "{total}");
}

#[test]
fn empty_cells_are_flagged_as_gaps() {
    let c = coverage(&edition_of(sample(), &taxonomy()));
    let m = &c.principle_area;
    let filled = m.counts.iter().flatten().filter(|&&n| n > 0).count();
    // a's privacy implies human rights, in border management.
    assert_eq!(filled, 6);
    assert!(!m.is_gap(row(&c, "human-rights"), col(Area::BorderManagement)));
    assert_eq!(m.gaps.len(), m.rows.len() * m.columns.len() - filled);
    let gap = |r: &str, a: Area| {
        m.gaps.contains(&Gap {
            row: r.into(),
            column: a.as_str().into(),
        })
    };
    assert!(gap("proportionality", Area::CounterTerrorism));
    assert!(!gap("proportionality", Area::BorderManagement));
    assert!(m.is_gap(row(&c, "privacy"), col(Area::LawEnforcement)));
    // Gaps are listed row by row, in column order.
    let first = &m.gaps[0];
    assert_eq!(
        (first.row.as_str(), first.column.as_str()),
        ("proportionality", "counter-terrorism")
    );
    let military = m.gaps_in_column(col(Area::Military));
    assert_eq!(
        military.len(),
        m.rows.len(),
        "e has no principle: the whole column is a gap"
    );
}

#[test]
fn a_principle_with_no_practice_is_a_full_row_of_gaps() {
    let t = taxonomy();
    let c = coverage(&edition_of(sample(), &t));
    let m = &c.principle_area;
    let r = row(&c, "gender-sensitivity");
    assert!(m.counts[r].iter().all(|&n| n == 0));
    assert_eq!(
        m.gaps_in_row(r),
        Area::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(
        m.gaps
            .iter()
            .filter(|g| g.row == "gender-sensitivity")
            .count(),
        8
    );
    let md = coverage_markdown(&c, &t);
    let line = md
        .lines()
        .find(|l| l.starts_with("| Gender sensitivity |"))
        .unwrap();
    assert_eq!(
        line,
        format!("| Gender sensitivity |{} — |", " — |".repeat(8))
    );
    let empty = md
        .lines()
        .find(|l| l.starts_with("Principles with no practice"))
        .unwrap();
    assert!(empty.contains("Gender sensitivity") && !empty.contains("Proportionality"));
}

#[test]
fn an_empty_taxonomy_row_is_kept_even_with_no_practices_at_all() {
    let t = taxonomy();
    let c = coverage(&edition_of(vec![], &t));
    assert_eq!(c.principle_area.gaps.len(), t.principles.len() * 8);
    assert_eq!(c.modality_lifecycle.gaps.len(), 10 * 9);
    assert!(c.jurisdictions.is_empty());
    assert_eq!(c.source_age.median, None);
    let md = coverage_markdown(&c, &t);
    assert!(md.contains("0 practices in the edition"));
    let svg = heatmap_svg(&c, &t);
    svg_tests::check_well_formed(&svg).unwrap();
}

#[test]
fn modality_lifecycle_counts_each_practice_once_per_cell() {
    let mut extra = practice("f", Area::Humanitarian, &[], "INT", &[2020]);
    extra.modalities = vec![Modality::Face, Modality::Face];
    extra.lifecycle = vec![Lifecycle::Collection, Lifecycle::Collection];
    let mut practices = sample();
    practices.push(extra);
    let c = coverage(&edition_of(practices, &taxonomy()));
    let m = &c.modality_lifecycle;
    assert!(m
        .rows
        .iter()
        .map(String::as_str)
        .eq(Modality::ALL.iter().map(|x| x.as_str())));
    assert!(m
        .columns
        .iter()
        .map(String::as_str)
        .eq(Lifecycle::ALL.iter().map(|x| x.as_str())));
    let cell = |mo: Modality, l: Lifecycle| {
        m.counts[Modality::ALL.iter().position(|&x| x == mo).unwrap()]
            [Lifecycle::ALL.iter().position(|&x| x == l).unwrap()]
    };
    // a (face+iris × collection+storage), b, c, e, f (face × collection, f written twice).
    assert_eq!(cell(Modality::Face, Lifecycle::Collection), 5);
    assert_eq!(cell(Modality::Face, Lifecycle::Storage), 1);
    assert_eq!(cell(Modality::Iris, Lifecycle::Collection), 1);
    assert_eq!(cell(Modality::Iris, Lifecycle::Storage), 1);
    assert_eq!(cell(Modality::Dna, Lifecycle::Redress), 1);
    assert_eq!(m.gaps.len(), 90 - 5);
    assert!(m.gaps.contains(&Gap {
        row: "voice".into(),
        column: "planning".into()
    }));
    let md = coverage_markdown(&c, &taxonomy());
    assert!(
        md.contains("| face | — | 5 | 1 | — | — | — | — | — | — |"),
        "{md}"
    );
    assert!(md.contains("- **voice**: no practice at any stage."));
    assert!(md.contains("- **dna**: planning, collection, storage, matching, sharing, retention, deletion, oversight."));
}

#[test]
fn jurisdictions_by_count_then_code() {
    let mut practices = sample();
    practices.push(practice("g", Area::Military, &[], "FR", &[2020]));
    practices.push(practice("h", Area::Military, &[], "AT", &[2020]));
    let c = coverage(&edition_of(practices, &taxonomy()));
    let got: Vec<(&str, usize)> = c
        .jurisdictions
        .iter()
        .map(|j| (j.code.as_str(), j.practices))
        .collect();
    assert_eq!(
        got,
        [("FR", 2), ("INT", 2), ("AT", 1), ("DE", 1), ("EU", 1)]
    );
    let md = coverage_markdown(&c, &taxonomy());
    assert!(md.contains(
        "| Jurisdiction | practices |\n| --- | ---: |\n| FR | 2 |\n| INT | 2 |\n| AT | 1 |"
    ));
}

#[test]
fn year_buckets_have_inclusive_bounds() {
    let cases = [
        (0, 0),
        (1999, 0),
        (2009, 0),
        (2010, 1),
        (2014, 1),
        (2015, 2),
        (2019, 2),
        (2020, 3),
        (2022, 3),
        (2023, 4),
        (2099, 4),
    ];
    for (year, bucket) in cases {
        assert_eq!(year_bucket(year), bucket, "{year}");
    }
}

#[test]
fn source_age_uses_each_practices_newest_source() {
    let mut practices = sample();
    practices.push(practice("n", Area::Military, &[], "EU", &[]));
    let c = coverage(&edition_of(practices, &taxonomy()));
    let a = &c.source_age;
    let newest: Vec<(&str, Option<u16>)> = a
        .per_practice
        .iter()
        .map(|p| (p.id.as_str(), p.newest_source_year))
        .collect();
    assert_eq!(
        newest,
        [
            ("a", Some(2021)),
            ("b", Some(2015)),
            ("c", Some(2010)),
            ("d", Some(2023)),
            ("e", Some(2030)),
            ("n", None)
        ]
    );
    let labels: Vec<&str> = a.buckets.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        ["≤2009", "2010–2014", "2015–2019", "2020–2022", "2023+"]
    );
    let counts: Vec<usize> = a.buckets.iter().map(|b| b.practices).collect();
    assert_eq!(
        counts,
        [0, 1, 1, 1, 2],
        "2008 and 2009 are not the newest sources"
    );
    assert_eq!(a.without_sources, 1);
    assert_eq!((a.oldest, a.newest), (Some(2010), Some(2030)));
    // Years 2010, 2015, 2021, 2023, 2030: the median is the middle one.
    assert_eq!(a.median, Some(2021.0));
    let md = coverage_markdown(&c, &taxonomy());
    assert!(md.contains("| ≤2009 | — |\n| 2010–2014 | 1 |"), "{md}");
    assert!(md.contains("| no source | 1 |"));
    assert!(md.contains("median 2021, oldest 2010, newest 2030."));
}

#[test]
fn median_of_an_even_count_is_the_mean_of_the_two_middle_years() {
    let practices = vec![
        practice("a", Area::Military, &[], "EU", &[2012]),
        practice("b", Area::Military, &[], "EU", &[2016]),
        practice("c", Area::Military, &[], "EU", &[2021]),
        practice("d", Area::Military, &[], "EU", &[2024]),
    ];
    let c = coverage(&edition_of(practices, &taxonomy()));
    assert_eq!(c.source_age.median, Some(2018.5));
    let md = coverage_markdown(&c, &taxonomy());
    assert!(
        md.contains("median 2018.5, oldest 2012, newest 2024."),
        "{md}"
    );
}

#[test]
fn same_input_gives_the_same_bytes_whatever_the_order() {
    let t = taxonomy();
    let mut reversed = sample();
    reversed.reverse();
    let one = coverage(&edition_of(sample(), &t));
    let two = coverage(&edition_of(reversed, &t));
    assert_eq!(one, two);
    assert_eq!(coverage_markdown(&one, &t), coverage_markdown(&two, &t));
    assert_eq!(heatmap_svg(&one, &t), heatmap_svg(&two, &t));
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap()
    );
}

#[test]
fn coverage_serializes_to_json() {
    let c = coverage(&edition_of(sample(), &taxonomy()));
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(v["principle_area"]["counts"][0][1], 2);
    assert_eq!(
        v["principle_area"]["gaps"][0]["column"],
        "counter-terrorism"
    );
    assert_eq!(v["jurisdictions"][0]["code"], "INT");
    assert_eq!(v["source_age"]["buckets"][4]["label"], "2023+");
    assert_eq!(v["source_age"]["buckets"][4]["to"], serde_json::Value::Null);
}
