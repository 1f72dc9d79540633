//! The editors' coverage report: where an edition has practices, and where it has none.
//!
//! [`coverage`] counts an edition's practices four ways: principle × area, modality × lifecycle
//! stage, jurisdiction, and the year of each practice's newest source. [`coverage_markdown`]
//! renders the counts as Markdown tables with the gaps listed; [`heatmap_svg`] draws the
//! principle × area matrix as a standalone SVG heat map. Nothing here prints, reads files or reads
//! the clock: source ages are given as years, so the same edition always gives the same bytes.
//!
//! What is counted:
//!
//! - every practice of the edition that is current (duplicates already left out by `build`
//!   are not in it; retired practices, and practices another one of the edition supersedes, are
//!   no longer current practice, and are only counted, in [`Coverage::retired`] and
//!   [`Coverage::superseded`]);
//! - a practice counts once in every principle row among its *final* tags (declared ∪ implied ∪
//!   suggested − refused); facets count only where they are tagged (the tagger already rolls them up to their
//!   parent). Tags naming a principle missing from the taxonomy are not counted; practices with no
//!   tag at all are counted per area in [`Coverage::unclassified`];
//! - a practice counts once in every modality × lifecycle cell of its modalities and stages.

mod markdown;
mod svg;
#[cfg(test)]
mod tests;

use crate::model::{Area, Instrument, Lifecycle, Modality, RecommendationsBy, Status};
use crate::model::{Edition, EditionPractice, Practice};
use serde::Serialize;
use std::collections::BTreeMap;

pub use markdown::coverage_markdown;
pub use svg::{fill_step, heatmap_svg, xml_escape, PALETTE};

/// Source-year buckets of the age histogram, as inclusive `(from, to)` years; `None` is open.
/// Five-year spans up to 2019, then a shorter 2020–2022 span (the years of the pandemic-era and
/// early AI-regulation documents), then everything from 2023 on.
pub const YEAR_BUCKETS: [(Option<u16>, Option<u16>); 5] = [
    (None, Some(2009)),
    (Some(2010), Some(2014)),
    (Some(2015), Some(2019)),
    (Some(2020), Some(2022)),
    (Some(2023), None),
];

/// One empty cell of a matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Row id (principle id or modality).
    pub row: String,
    /// Column id (area or lifecycle stage).
    pub column: String,
}

/// A matrix of practice counts. `counts[r][c]` is the number of practices in row `r` and column
/// `c`; every cell with no practice is listed in `gaps`, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// Row ids, in order.
    pub rows: Vec<String>,
    /// Column ids, in order.
    pub columns: Vec<String>,
    /// Practice counts, one vector per row.
    pub counts: Vec<Vec<usize>>,
    /// Empty cells, in row then column order.
    pub gaps: Vec<Gap>,
}

impl Matrix {
    fn new(rows: Vec<String>, columns: Vec<String>) -> Matrix {
        let counts = vec![vec![0; columns.len()]; rows.len()];
        Matrix {
            rows,
            columns,
            counts,
            gaps: Vec::new(),
        }
    }

    fn flag_gaps(&mut self) {
        self.gaps = self
            .counts
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, &n)| n == 0)
                    .map(move |(c, _)| (r, c))
            })
            .map(|(r, c)| Gap {
                row: self.rows[r].clone(),
                column: self.columns[c].clone(),
            })
            .collect();
    }

    /// Whether the cell has no practice.
    pub fn is_gap(&self, row: usize, column: usize) -> bool {
        self.counts[row][column] == 0
    }

    /// The largest count of any cell (0 for an empty matrix).
    pub fn max(&self) -> usize {
        self.counts.iter().flatten().copied().max().unwrap_or(0)
    }

    /// Sum of one row.
    pub fn row_total(&self, row: usize) -> usize {
        self.counts[row].iter().sum()
    }

    /// The row ids with no practice in this column, in row order.
    pub fn gaps_in_column(&self, column: usize) -> Vec<&str> {
        (0..self.rows.len())
            .filter(|&r| self.is_gap(r, column))
            .map(|r| self.rows[r].as_str())
            .collect()
    }

    /// The column ids with no practice in this row, in column order.
    pub fn gaps_in_row(&self, row: usize) -> Vec<&str> {
        (0..self.columns.len())
            .filter(|&c| self.is_gap(row, c))
            .map(|c| self.columns[c].as_str())
            .collect()
    }
}

/// Practices of one jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JurisdictionCount {
    /// ISO 3166-1 alpha-2 code, `EU` or `INT`, as written in the entries.
    pub code: String,
    /// How many practices.
    pub practices: usize,
}

/// One bar of the source-age histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearBucket {
    /// `≤2009`, `2010–2014`, …, `2023+`.
    pub label: String,
    /// First year, inclusive (`None`: open).
    pub from: Option<u16>,
    /// Last year, inclusive (`None`: open).
    pub to: Option<u16>,
    /// Practices whose newest source falls in the bucket.
    pub practices: usize,
}

/// The newest source year of one practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PracticeSourceYear {
    /// Practice id.
    pub id: String,
    /// Year of its newest source (`None`: no source).
    pub newest_source_year: Option<u16>,
}

/// How recent the practices' sources are, by the year of each practice's newest source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceAge {
    /// Histogram over [`YEAR_BUCKETS`], in that order.
    pub buckets: Vec<YearBucket>,
    /// Practices with no source (not in the histogram nor the statistics).
    pub without_sources: usize,
    /// The oldest newest-source year.
    pub oldest: Option<u16>,
    /// The newest newest-source year.
    pub newest: Option<u16>,
    /// The median newest-source year: the middle year, or for an even count the mean of the two
    /// middle years (2015.5 for 2010 and 2021).
    pub median: Option<f64>,
    /// Each practice's newest source year, in edition (id) order.
    pub per_practice: Vec<PracticeSourceYear>,
}

/// How many practices have one value of a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// The value, as written in entries.
    pub kind: String,
    /// Practices with it.
    pub practices: usize,
}

/// Counts the practices per value of a field, for every value in `all` (schema order).
fn count_kinds<T: PartialEq + Copy + std::fmt::Display>(
    all: &[T],
    values: impl Iterator<Item = T> + Clone,
) -> Vec<KindCount> {
    all.iter()
        .map(|&kind| KindCount {
            kind: kind.to_string(),
            practices: values.clone().filter(|&v| v == kind).count(),
        })
        .collect()
}

/// How many practices are written in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageCount {
    /// The language's code: the first part of the entries' tags (`en` for `en-GB`), lower case.
    pub code: String,
    /// Its English name, when the code is an ISO 639 code (`English`).
    pub name: Option<String>,
    /// Practices written in it.
    pub practices: usize,
    /// Whether the tagger reads it; a practice in a language it does not read carries only the
    /// principles it declares (and their parents).
    pub tagger_reads: bool,
}

/// Practices per language, most first, then by code.
fn count_languages<'a>(practices: impl Iterator<Item = &'a Practice>) -> Vec<LanguageCount> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in practices {
        let code = p.language.split(['-', '_']).next().unwrap_or_default();
        *counts.entry(code.to_lowercase()).or_default() += 1;
    }
    let mut languages: Vec<LanguageCount> = counts
        .into_iter()
        .map(|(code, practices)| LanguageCount {
            name: isolang::Language::from_639_1(&code)
                .or_else(|| isolang::Language::from_639_3(&code))
                .map(|l| l.to_name().to_string()),
            tagger_reads: crate::tag::reads_language(&code),
            code,
            practices,
        })
        .collect();
    languages.sort_by(|a, b| b.practices.cmp(&a.practices).then(a.code.cmp(&b.code)));
    languages
}

/// The coverage of one edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Edition name.
    pub edition: String,
    /// Number of practices in the edition.
    pub practices: usize,
    /// How many of them are retired: no longer current practice, so left out of every count
    /// below (found by a tester: retiring every practice of an area left its coverage as it was).
    pub retired: usize,
    /// How many of the others another practice of the edition replaces (names in `supersedes`):
    /// no longer current practice either, and left out likewise (found by a tester: a replaced
    /// practice and its replacement were both counted).
    pub superseded: usize,
    /// Practices per area (columns of `principle_area`, in [`Area::ALL`] order).
    pub area_totals: Vec<usize>,
    /// Rows: every principle of the taxonomy, in taxonomy order; columns: [`Area::ALL`].
    pub principle_area: Matrix,
    /// Practices with no principle tag at all, per area ([`Area::ALL`] order).
    pub unclassified: Vec<usize>,
    /// Rows: [`Modality::ALL`]; columns: [`Lifecycle::ALL`].
    pub modality_lifecycle: Matrix,
    /// Practices per jurisdiction, most first, then by code.
    pub jurisdictions: Vec<JurisdictionCount>,
    /// Practices per language, most first, then by code.
    pub languages: Vec<LanguageCount>,
    /// Practices per kind of instrument, in schema order (every kind, zeros included).
    pub instruments: Vec<KindCount>,
    /// Practices by whose words their recommendations are, in schema order.
    pub recommendations_by: Vec<KindCount>,
    /// Age of sources.
    pub source_age: SourceAge,
}

impl Coverage {
    /// How many practices the tables count: those still current practice.
    pub fn counted(&self) -> usize {
        self.practices - self.retired - self.superseded
    }
}

/// Counts an edition's practices (see the module documentation for what is counted).
pub fn coverage(edition: &Edition) -> Coverage {
    let areas: Vec<String> = Area::ALL.iter().map(|a| a.as_str().to_string()).collect();
    let principles: Vec<String> = edition.taxonomy.ids().map(str::to_string).collect();
    let mut principle_area = Matrix::new(principles, areas);
    let mut modality_lifecycle = Matrix::new(
        Modality::ALL
            .iter()
            .map(|m| m.as_str().to_string())
            .collect(),
        Lifecycle::ALL
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
    );
    let mut area_totals = vec![0; Area::ALL.len()];
    let mut unclassified = vec![0; Area::ALL.len()];
    let mut jurisdictions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_practice = Vec::with_capacity(edition.practices.len());

    let current: Vec<&EditionPractice> = edition
        .practices
        .iter()
        .filter(|ep| ep.normalized.practice.status != Status::Retired)
        .collect();
    let retired = edition.practices.len() - current.len();
    // Replaced by a practice still in force: one replaced only by a retired practice is not.
    let in_force: std::collections::HashSet<&str> = current.iter().map(|ep| ep.id()).collect();
    let current: Vec<&EditionPractice> = current
        .into_iter()
        .filter(|ep| {
            !ep.superseded_by
                .iter()
                .any(|by| in_force.contains(by.as_str()))
        })
        .collect();
    for ep in &current {
        let p = &ep.normalized.practice;
        let area = index_of(Area::ALL, p.area);
        area_totals[area] += 1;
        let mut rows: Vec<usize> = ep
            .tags
            .iter()
            .filter_map(|t| edition.taxonomy.position(&t.principle))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        for &r in &rows {
            principle_area.counts[r][area] += 1;
        }
        if ep.tags.is_empty() {
            unclassified[area] += 1;
        }
        let modalities = sorted_indices(Modality::ALL, &p.modalities);
        let stages = sorted_indices(Lifecycle::ALL, &p.lifecycle);
        for &m in &modalities {
            for &l in &stages {
                modality_lifecycle.counts[m][l] += 1;
            }
        }
        *jurisdictions.entry(p.jurisdiction.as_str()).or_default() += 1;
        per_practice.push(PracticeSourceYear {
            id: p.id.clone(),
            newest_source_year: p.sources.iter().map(|s| s.year).max(),
        });
    }
    principle_area.flag_gaps();
    modality_lifecycle.flag_gaps();

    let mut jurisdictions: Vec<JurisdictionCount> = jurisdictions
        .into_iter()
        .map(|(code, practices)| JurisdictionCount {
            code: code.to_string(),
            practices,
        })
        .collect();
    jurisdictions.sort_by(|a, b| b.practices.cmp(&a.practices).then(a.code.cmp(&b.code)));

    let practices = current.iter().map(|ep| &ep.normalized.practice);
    let languages = count_languages(practices.clone());
    let instruments = count_kinds(Instrument::ALL, practices.clone().map(|p| p.instrument));
    let recommendations_by = count_kinds(
        RecommendationsBy::ALL,
        practices.map(|p| p.recommendations_by),
    );
    Coverage {
        edition: edition.name.clone(),
        practices: edition.practices.len(),
        retired,
        superseded: edition.practices.len() - retired - current.len(),
        area_totals,
        principle_area,
        unclassified,
        modality_lifecycle,
        jurisdictions,
        languages,
        instruments,
        recommendations_by,
        source_age: source_age(per_practice),
    }
}

fn index_of<T: PartialEq + Copy>(all: &[T], value: T) -> usize {
    all.iter().position(|&v| v == value).unwrap_or(0)
}

fn sorted_indices<T: PartialEq + Copy>(all: &[T], values: &[T]) -> Vec<usize> {
    let mut out: Vec<usize> = values.iter().map(|&v| index_of(all, v)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The bucket label: `≤2009`, `2010–2014`, `2023+`.
fn bucket_label(from: Option<u16>, to: Option<u16>) -> String {
    match (from, to) {
        (None, Some(to)) => format!("≤{to}"),
        (Some(from), None) => format!("{from}+"),
        (Some(from), Some(to)) if from == to => from.to_string(),
        (Some(from), Some(to)) => format!("{from}–{to}"),
        (None, None) => "all years".to_string(),
    }
}

/// The index in [`YEAR_BUCKETS`] of a year.
pub fn year_bucket(year: u16) -> usize {
    YEAR_BUCKETS
        .iter()
        .position(|&(from, to)| from.is_none_or(|f| year >= f) && to.is_none_or(|t| year <= t))
        .unwrap_or(YEAR_BUCKETS.len() - 1)
}

fn source_age(per_practice: Vec<PracticeSourceYear>) -> SourceAge {
    let mut buckets: Vec<YearBucket> = YEAR_BUCKETS
        .iter()
        .map(|&(from, to)| YearBucket {
            label: bucket_label(from, to),
            from,
            to,
            practices: 0,
        })
        .collect();
    let mut years: Vec<u16> = per_practice
        .iter()
        .filter_map(|p| p.newest_source_year)
        .collect();
    years.sort_unstable();
    for &y in &years {
        buckets[year_bucket(y)].practices += 1;
    }
    let median = match years.len() {
        0 => None,
        n if n % 2 == 1 => Some(f64::from(years[n / 2])),
        n => Some((f64::from(years[n / 2 - 1]) + f64::from(years[n / 2])) / 2.0),
    };
    SourceAge {
        buckets,
        without_sources: per_practice.len() - years.len(),
        oldest: years.first().copied(),
        newest: years.last().copied(),
        median,
        per_practice,
    }
}
