//! What survives rewording and translation: the citations and figures of a text, and the keys
//! of a practice's sources. Two contributors who describe the same practice in their own words,
//! or in two languages, still cite the same regulation and article and give the same periods and
//! ages.
//!
//! Citations are found by patterns in English, French and Spanish (laws by their number also as
//! Portuguese, Russian and Arabic cite them):
//!
//! | kind | written as | key |
//! | --- | --- | --- |
//! | act | `Regulation (EU) 2017/2226`, `règlement (UE) 2017/2226`, `Directive 95/46/EC`, `the Protection of Freedoms Act 2012`, `Law No. 6698`, `Lei nº 13.709/2018`, `Ley 1581 de 2012`, `закон … № 572-ФЗ`, `قانون … رقم 24` | `2017/2226`, `95/46`, `protection of freedoms act 2012`, `no. 6698`, `no. 13709/2018`, `no. 1581/2012`, `no. 572`, `no. 24/2023` (the year when written) |
//! | case | `C-205/21` (Court of Justice), `30562/04` (application to the Strasbourg court), `[2020] EWCA Civ 1058` | `c-205/21`, `30562/04`, `2020 ewca civ 1058` |
//! | standard | `ISO/IEC 19795-10`, `ISO 30107-3:2023`; `NIST SP 800-63B-4`, `NISTIR 8280` | `19795-10`; `nist sp 800-63b`, `nist ir 8280` |
//! | resolution | `resolution 2396`, `S/RES/2396 (2017)`, `resolución 2396` | `2396` |
//! | document | `A/HRC/44/24` (United Nations document symbols) | `a/hrc/44/24` |
//! | provision | `Article 34`, `article 34`, `artículo 34`, `section 29`, `rule 1` | `34` |
//!
//! A law's number with fewer than four digits after the slash (`2016/679`) counts only after a
//! word such as `Regulation` or `(EU)`, and an application's number with fewer than four digits
//! before it (`911/05`) only after `application` or `no.`: `2019/20` (a financial year) and
//! `120/80` (a blood pressure) are not citations. Words opening the sentence (`Under the …
//! Act 2012`) are not part of an Act's name. A case written `X v. Y` (or `c.`, `contra`), with
//! the other party's name capitalised after `v.`, is keyed by the first party's last word
//! (`Glukhin v. Russia` is `glukhin v.`); a case of several applicants (`and Others`,
//! `& 2 others`, `& Anor`, `et autres`, `y otros`, `e outros`) by the first one's whole name
//! (`Nubian Rights Forum & 2 others v Attorney General` is `nubian rights forum v.`). A state or
//! an authority as first party (`Attorney General & 2 others v. …`) names no case.
//!
//! Acts, cases, standards, resolutions and documents name an instrument: they are the keys the
//! search pairs practices on. A provision number only means something beside its instrument, so
//! it counts as evidence, never as a key. Figures are the other numbers of the text (periods,
//! ages, thresholds), with the numbers two to twelve written as words in the entry's language counted as figures too.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// What a citation refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationKind {
    /// A regulation, directive or decision by its number (`2017/2226`).
    Act,
    /// A court case by its number (`C-205/21`, `30562/04`).
    Case,
    /// A standard by its number (`ISO/IEC 19795-10`).
    Standard,
    /// A resolution by its number.
    Resolution,
    /// A United Nations document by its symbol.
    Document,
    /// An article, section or rule of an instrument, by its number.
    Provision,
}

impl CitationKind {
    /// Whether the citation names an instrument on its own (a provision does not).
    pub fn names_instrument(self) -> bool {
        self != CitationKind::Provision
    }

    /// The kind in words, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            CitationKind::Act => "act",
            CitationKind::Case => "case",
            CitationKind::Standard => "standard",
            CitationKind::Resolution => "resolution",
            CitationKind::Document => "document",
            CitationKind::Provision => "article",
        }
    }
}

/// One citation found in a text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Citation {
    /// What it refers to.
    pub kind: CitationKind,
    /// The number, normalised (lower case, no spaces): equal for the same instrument however
    /// it is written.
    pub key: String,
}

impl Citation {
    fn new(kind: CitationKind, key: impl Into<String>) -> Citation {
        Citation {
            kind,
            key: key.into(),
        }
    }

    /// The citation in words, for reports (`act 2017/2226`, `article 34`).
    pub fn describe(&self) -> String {
        format!("{} {}", self.kind.describe(), self.key)
    }
}

/// Every pattern, longest forms first (the leftmost, first-listed alternative wins where two
/// could match at the same place), and last any number: one pass finds the citations and the
/// numbers outside them. Case-insensitive.
static CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?-u:\b)(?P<case>[ctf]-\d{1,4}/\d{2})(?-u:\b)
        | (?P<neutral>\[(?:19|20)\d{2}\]\s*(?:ewca|ewhc|uksc|ukpc|ukhl|ukut|csih|csoh|nica)(?:\s*(?:civ|crim|admin|qb|kb|fam))?\s*\d+)
        | (?-i:(?-u:\b)(?P<named>(?:[A-Z][a-z]+\s+)(?:(?:[A-Z][a-z]+|of|and|the|on|for|to)\s+){0,7}Act),?\s+(?P<named_year>(?:19|20)\d{2}))(?-u:\b)
        | (?-u:\b)(?P<law_word>law|act|ley|loi|lei|decree|décret|decreto)(?:\s+(?:estatutaria|orgánica|orgânica|organica|federal|complementar|complementaria))?
          \s+(?P<marker>no\.?|n[°º]\.?|n\.[°º]|núm\.?|nr\.?|number|número|numéro|№)?\s*(?P<numbered>[0-9]+(?:[-/.,][0-9]+)*)
          (?:\s+(?:of|de|del|du)\s+(?P<numbered_year>(?:19|20)[0-9]{2})(?-u:\b))?
        | закон(?:а|е|ом|у)?\s(?:[^№\n.]|\.[0-9]){0,40}?№\s*(?P<numbered_ru>[0-9]+)
        | (?:قانون|القانون|مرسوم|المرسوم)\s[^\n0-9٠-٩.]{0,80}?رقم\s*\(?(?P<numbered_ar>[0-9٠-٩]+)\)?(?:\s*لسنة\s*(?P<numbered_ar_year>[0-9٠-٩]{4}))?
        | (?-u:\b)(?P<doc>(?:a/hrc|a/res|s/res|ccpr/c|e/cn\.\d+)(?:/[a-z0-9.]+)+)
        | (?-u:\b)(?P<standard>(?:iso(?:/iec)?|iec)\s*(?:/\s*)?\d{3,5}(?:-\d+)*)
        | (?-u:\b)(?:nist[\s.]+)?(?:sp|special\s+publication(?:\s*\(sp\))?|publication\s+spéciale|publicación\s+especial)[\s.]*
          (?P<nist_sp>(?:500|800|1800)[-‐–]\d{1,3}[a-z]?)(?:[-‐–]\d+|r\d+)?(?-u:\b)
        | (?-u:\b)(?:nistir|nist[\s.]+ir|nist\s+(?:interagency|internal)(?:\s+or\s+internal)?\s+report(?:\s*\(ir\))?)[\s.]*
          (?P<nist_ir>\d{4})(?:r\d+)?(?-u:\b)
        | (?-i:(?-u:\b)(?P<parties>\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+){0,4})\s+(?:and|&|et|y|e)\s+(?:\d+\s+)?(?:[Oo]thers|[Aa]utres|[Oo]tros|[Oo]tras|[Oo]utros|[Oo]utras|[Oo]rs\.?|[Aa]nor|another)\s+(?:v\.?|vs\.?|c\.|contra|contre)\s+\p{Lu})
        | (?-i:(?-u:\b)(?P<party>\p{Lu}[\p{L}'-]+)\s+(?:v\.?|vs\.?|c\.|contra|contre)\s+\p{Lu})
        | (?-u:\b)(?P<act>(?:19|20)\d{2}/\d{1,4})(?-u:\b)
        | (?-u:\b)(?P<oldact>\d{1,3}/\d{1,4})/(?:ec|eec|eu|ue|ce|cee|jha|jai)(?-u:\b)
        | (?-u:\b)(?P<application>\d{3,6}/\d{2})(?-u:\b)
        | (?-u:\b)(?:resolution|résolution|resolución)\s+(?:no\.?\s*|n[°º]\s*)?(?P<resolution>\d{2,5})(?-u:\b)
        | (?-u:\b)(?:articles?|art\.|artículos?|artigos?|sections?|secciones|sección|s\.|rules?|règles?|reglas?)
          \s*(?P<provisions>\d+[a-z]?(?:(?:\s*,\s*|\s+(?:and|et|y|e|or|ou|o|to|à|a)\s+)\d+[a-z]?)*)
        | (?P<wan>[0-9]+(?:\.[0-9]+)?)\s*(?P<wan_unit>万|億|亿)
        | (?-u:\b)(?P<grouped>[1-9][0-9]{0,2}(?:(?:,|\.|\x{A0}|\x{202F}|\x{2009})[0-9]{3})+)(?-u:\b)
        | (?-u:\b)(?P<number>[0-9]+(?:[.,][0-9]+)?)(?-u:\b)
        ",
    )
    .unwrap_or_else(|e| unreachable!("the citation pattern is valid: {e}"))
});

/// First parties of case names that name no case by themselves.
const GENERIC_PARTIES: &[&str] = &[
    "r",
    "state",
    "people",
    "commission",
    "council",
    "parliament",
    "government",
    "republic",
    "kingdom",
    "united",
    "minister",
    "ministry",
    "secretary",
    "attorney",
    "director",
    "police",
    "city",
    "county",
    "estado",
    "etat",
    "état",
    "ministère",
    "ministerio",
    "comisión",
    // `and Others v. United Kingdom` with no name before it: `Others` names no one.
    "others",
    "other",
    "another",
    "anor",
    "ors",
    "autres",
    "otros",
    "otras",
    "outros",
];

/// Capitalised words that begin a sentence or phrase before a named Act (`Under the Protection
/// of Freedoms Act 2012`): not part of its name.
const LEADING_WORDS: &[&str] = &[
    "in",
    "under",
    "by",
    "as",
    "see",
    "the",
    "a",
    "an",
    "and",
    "of",
    "to",
    "for",
    "on",
    "with",
    "from",
    "per",
    "pursuant",
    "following",
    "according",
    "since",
    "after",
    "before",
    "unlike",
    "like",
    "also",
    "both",
    "this",
    "that",
    "its",
    "their",
    "dans",
    "en",
    "selon",
    "sous",
    "par",
    "la",
    "le",
    "les",
    "según",
    "segun",
    "bajo",
    "por",
    "con",
    "el",
    "los",
    "las",
    "del",
    "de",
];

/// Words that, shortly before a number such as `2016/679`, say it is a law's number.
const ACT_WORDS: &[&str] = &[
    "regulation",
    "directive",
    "decision",
    "règlement",
    "décision",
    "reglamento",
    "directiva",
    "decisión",
    "(eu)",
    "(ue)",
    "(ec)",
    "(ce)",
];

/// Words that, shortly before a number such as `911/05`, say it is an application to a court.
const APPLICATION_WORDS: &[&str] = &[
    "application",
    "requête",
    "demanda",
    "no.",
    "nos.",
    "n°",
    "núm.",
];

/// The 48 characters of `text` before byte `at`, lower-cased.
fn before(text: &str, at: usize) -> String {
    let head = &text[..at];
    let from = head.char_indices().rev().nth(47).map_or(0, |(i, _)| i);
    head[from..].to_lowercase()
}

/// Whether a number `year/number` or `number/yy` is written with enough digits after (or
/// before) the slash, or with one of `words` shortly before it, to be taken as a citation:
/// `2019/20` (a financial year) or `120/80` (a blood pressure) are not.
fn cited_as(text: &str, at: usize, long_enough: bool, words: &[&str]) -> bool {
    long_enough || {
        let context = before(text, at);
        words.iter().any(|w| context.contains(w))
    }
}

/// Month names (English, French, Spanish, Portuguese), lower-case.
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "janeiro",
    "fevereiro",
    "março",
    "maio",
    "junho",
    "julho",
    "setembro",
    "outubro",
    "dezembro",
];

/// Whether the number at `start..end` of `text` is the day of a date (`1 June 2022`, `1er
/// juin`, `1 de junio`, `June 1, 2022`): a date's day says nothing of a practice's periods,
/// ages or thresholds (found by a tester: shown as a figure in which two entries differ).
fn is_day_of_month(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end]
        .parse::<u32>()
        .is_ok_and(|d| (1..=31).contains(&d))
    {
        return false;
    }
    let word = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        MONTHS.contains(&w.as_str())
    };
    let mut after = text[end..].split_whitespace();
    let next = after.next().unwrap_or_default();
    // An ordinal's letters (`1st`, `1er`) are part of the number's word.
    let ordinal = ["st", "nd", "rd", "th", "er", "º", "°"]
        .iter()
        .any(|o| next.to_lowercase() == *o);
    let month_after = match (next, ordinal) {
        (_, true) | ("de", _) => after.next().is_some_and(word),
        (next, false) => {
            word(next)
                || text[end..].starts_with(|c: char| c.is_alphabetic()) && {
                    let glued: String = text[end..]
                        .chars()
                        .take_while(|c| c.is_alphabetic())
                        .collect();
                    ["st", "nd", "rd", "th", "er"].contains(&glued.to_lowercase().as_str())
                        && text[end + glued.len()..]
                            .split_whitespace()
                            .next()
                            .is_some_and(word)
                }
        }
    };
    month_after
        || text[..start]
            .split_whitespace()
            .next_back()
            .is_some_and(word)
}

/// The citations of a text, sorted, each once.
pub fn citations(text: &str) -> Vec<Citation> {
    scan(text).0
}

/// The citations (sorted, each once) and the numbers written in digits that are neither part of
/// a citation nor a year (sorted, each once) of a text, in one pass. (Numbers written in words
/// are found among the words of the content form, [`number_word`].)
pub fn scan(text: &str) -> (Vec<Citation>, Vec<String>) {
    let mut found = Vec::new();
    let mut figures = Vec::new();
    for caps in CITATION.captures_iter(text) {
        if let Some(m) = caps.name("number") {
            let number = m.as_str().replace(',', ".");
            if !is_year(&number)
                && !is_day_of_month(text, m.start(), m.end())
                && !is_part_of_a_cjk_date(text, m.start(), m.end())
            {
                figures.push(number);
            }
            continue;
        }
        // `100,000`, `100.000`, `100 000` (French spaces): one figure, written without its
        // separators, the same in every language (found by a tester: `100 000` was two).
        if let Some(m) = caps.name("grouped") {
            figures.push(m.as_str().chars().filter(char::is_ascii_digit).collect());
            continue;
        }
        // `10万` is 100,000 (found by a tester: read as 10).
        if let (Some(m), Some(unit)) = (caps.name("wan"), caps.name("wan_unit")) {
            let times: f64 = if unit.as_str() == "万" { 1e4 } else { 1e8 };
            if let Ok(n) = m.as_str().parse::<f64>() {
                figures.push(format!("{}", (n * times).round()));
            }
            continue;
        }
        let lower = |name: &str| caps.name(name).map(|m| m.as_str().to_lowercase());
        if let Some(case) = lower("case") {
            found.push(Citation::new(CitationKind::Case, case));
        } else if let Some(neutral) = lower("neutral") {
            // `[2020] EWCA Civ 1058` → `2020 ewca civ 1058`.
            let words: Vec<&str> = neutral
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            found.push(Citation::new(CitationKind::Case, words.join(" ")));
        } else if let (Some(name), Some(year)) = (lower("named"), lower("named_year")) {
            // `the Protection of Freedoms Act 2012` → `protection of freedoms act 2012`.
            // `Under the Protection of Freedoms Act 2012`: the words that open the sentence are
            // not the Act's name.
            let words: Vec<&str> = name
                .split_whitespace()
                .skip_while(|w| LEADING_WORDS.contains(w))
                .collect();
            if words.len() > 1 {
                let name = words.join(" ");
                found.push(Citation::new(CitationKind::Act, format!("{name} {year}")));
            }
        } else if let Some(parties) = lower("parties") {
            // `Nubian Rights Forum & 2 others v Attorney General`: a case of several applicants
            // is named by the first one's whole name (its last word alone, `forum`, is many
            // organisations'), without the words that open the sentence.
            let words: Vec<&str> = parties
                .split_whitespace()
                .skip_while(|w| LEADING_WORDS.contains(w))
                .collect();
            if !words.is_empty() && !words.iter().any(|w| GENERIC_PARTIES.contains(w)) {
                found.push(Citation::new(
                    CitationKind::Case,
                    format!("{} v.", words.join(" ")),
                ));
            }
        } else if let Some(party) = lower("party") {
            // `Glukhin v. Russia`, `Glukhin c. Rusia`: the first party's name is the same in
            // every language (unless it is a state or an authority, named in each language).
            if !GENERIC_PARTIES.contains(&party.as_str()) {
                found.push(Citation::new(CitationKind::Case, format!("{party} v.")));
            }
        } else if let Some(m) = caps.name("numbered") {
            // `Ley 1581 de 2012` (no `No.`, as Spanish and Portuguese write): a number of three
            // digits or more that is no year; any other number after a bare `law` or `act` is a
            // figure (`by law 30 days`).
            let number = law_number(m.as_str(), lower("numbered_year").as_deref());
            let word = lower("law_word").unwrap_or_default();
            let marked = caps.name("marker").is_some();
            let bare_law = matches!(word.as_str(), "ley" | "lei");
            if marked || (bare_law && number.len() >= 3 && !is_year(&number)) {
                found.push(Citation::new(CitationKind::Act, format!("no. {number}")));
            } else if !is_year(m.as_str()) && !m.as_str().contains('/') {
                figures.push(m.as_str().replace(',', "."));
            }
        } else if let Some(number) = lower("numbered_ru") {
            found.push(Citation::new(
                CitationKind::Act,
                format!("no. {}", law_number(&number, None)),
            ));
        } else if let Some(number) = lower("numbered_ar") {
            let year = lower("numbered_ar_year").map(|y| law_number(&y, None));
            found.push(Citation::new(
                CitationKind::Act,
                format!("no. {}", law_number(&number, year.as_deref())),
            ));
        } else if let Some(doc) = lower("doc") {
            found.push(Citation::new(CitationKind::Document, doc));
        } else if let Some(standard) = lower("standard") {
            // The number alone: `ISO 19795-10` and `ISO/IEC 19795-10` are the same standard.
            let number = standard.trim_start_matches(|c: char| !c.is_ascii_digit());
            found.push(Citation::new(CitationKind::Standard, number));
        } else if let Some(number) = lower("nist_sp") {
            // `NIST SP 800-63B-4`, `Special Publication (SP) 800-63B`, `SP 800-53r5`: the
            // publication, whatever its revision (`-4`, `r5`, read and left out, so that it is
            // no figure), as an amended act stays the act. The suite (`800-63`) and its volumes
            // (`800-63b`) are told apart.
            let number = number.replace(['‐', '–'], "-");
            found.push(Citation::new(
                CitationKind::Standard,
                format!("nist sp {number}"),
            ));
        } else if let Some(number) = lower("nist_ir") {
            found.push(Citation::new(
                CitationKind::Standard,
                format!("nist ir {number}"),
            ));
        } else if let Some(m) = caps.name("act") {
            let act = m.as_str().to_lowercase();
            let number = act.split('/').nth(1).unwrap_or_default();
            if cited_as(text, m.start(), number.len() == 4, ACT_WORDS) {
                found.push(Citation::new(CitationKind::Act, act));
            }
        } else if let Some(act) = lower("oldact") {
            found.push(Citation::new(CitationKind::Act, act));
        } else if let Some(m) = caps.name("application") {
            let application = m.as_str().to_lowercase();
            let number = application.split('/').next().unwrap_or_default();
            if cited_as(text, m.start(), number.len() >= 4, APPLICATION_WORDS) {
                found.push(Citation::new(CitationKind::Case, application));
            }
        } else if let Some(resolution) = lower("resolution") {
            found.push(Citation::new(CitationKind::Resolution, resolution));
        } else if let Some(list) = lower("provisions") {
            for number in list.split(|c: char| !c.is_ascii_alphanumeric()) {
                if number.starts_with(|c: char| c.is_ascii_digit()) {
                    found.push(Citation::new(CitationKind::Provision, number));
                }
            }
        }
    }
    // A resolution is often cited by its symbol too: `S/RES/2396 (2017)` is resolution 2396.
    let from_symbols: Vec<Citation> = found
        .iter()
        .filter(|c| c.kind == CitationKind::Document && c.key.contains("/res/"))
        .filter_map(|c| c.key.rsplit('/').next())
        .map(|n| Citation::new(CitationKind::Resolution, n))
        .collect();
    found.extend(from_symbols);
    found.sort();
    found.dedup();
    figures.sort();
    figures.dedup();
    (found, figures)
}

/// The act a web address names: EUR-Lex addresses carry the CELEX number
/// (`CELEX:32017R2226` is act 2017/2226) or the ELI (`eli/reg/2019/1157`).
pub fn act_of_url(url: &str) -> Option<Citation> {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)celex(?::|%3a)3(\d{4})[rldf](\d{4})|/eli/(?:reg|dir|dec)/(\d{4})/(\d+)")
            .unwrap_or_else(|e| unreachable!("the address pattern is valid: {e}"))
    });
    let caps = ADDRESS.captures(url)?;
    let (year, number) = match (caps.get(1), caps.get(2)) {
        (Some(y), Some(n)) => (y.as_str(), n.as_str()),
        _ => (caps.get(3)?.as_str(), caps.get(4)?.as_str()),
    };
    let number = number.trim_start_matches('0');
    Some(Citation::new(CitationKind::Act, format!("{year}/{number}")))
}

/// The numbers two to twelve written as words, by language: English, French and Spanish ("one",
/// "un", "uno" are left out: they are also articles and pronouns; French "neuf" is also "new"). A word counts only in its
/// own language: English "once", French "sept" or Spanish "dos" are numbers in one language only.
const NUMBER_WORDS: &[(&str, &[(&str, &str)])] = &[
    (
        "en",
        &[
            ("two", "2"),
            ("three", "3"),
            ("four", "4"),
            ("five", "5"),
            ("six", "6"),
            ("seven", "7"),
            ("eight", "8"),
            ("nine", "9"),
            ("ten", "10"),
            ("eleven", "11"),
            ("twelve", "12"),
        ],
    ),
    (
        "fr",
        &[
            ("deux", "2"),
            ("trois", "3"),
            ("quatre", "4"),
            ("cinq", "5"),
            ("six", "6"),
            ("sept", "7"),
            ("huit", "8"),
            ("dix", "10"),
            ("onze", "11"),
            ("douze", "12"),
        ],
    ),
    (
        "es",
        &[
            ("dos", "2"),
            ("tres", "3"),
            ("cuatro", "4"),
            ("cinco", "5"),
            ("seis", "6"),
            ("siete", "7"),
            ("ocho", "8"),
            ("nueve", "9"),
            ("diez", "10"),
            ("once", "11"),
            ("doce", "12"),
        ],
    ),
];

/// The figure a lower-case number word stands for in a text of `language` (a primary language
/// subtag: `en`, `fr`, `es`; see `NUMBER_WORDS`). Words of other languages count for nothing.
pub fn number_word(language: &str, lower: &str) -> Option<&'static str> {
    if !(3..=6).contains(&lower.len()) {
        return None;
    }
    NUMBER_WORDS
        .iter()
        .find(|(l, _)| *l == language)
        .and_then(|(_, words)| words.iter().find(|(w, _)| *w == lower))
        .map(|&(_, figure)| figure)
}

/// A law's number as every language writes it: ASCII digits (`٢٤` is `24`), no thousands
/// separator (`13.709`, `13,709` and `13709` are one law), and its year, when written, after a
/// slash (`Lei nº 13.709/2018` is the `Law No. 13,709 of 2018`, `13709/2018`; laws numbered
/// anew each year stay apart). Found by a tester: laws cited the Portuguese, Spanish, Russian or
/// Arabic way were not read.
fn law_number(written: &str, year: Option<&str>) -> String {
    let digits: String = written
        .chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (u32::from(c) - 0x660) as u8),
            '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (u32::from(c) - 0x6F0) as u8),
            c => c,
        })
        .collect();
    // A separator followed by exactly three digits groups thousands.
    let mut out = String::new();
    let chars: Vec<char> = digits.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let grouping = matches!(c, '.' | ',')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.len() >= i + 4
            && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
            && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if !grouping {
            out.push(c);
        }
    }
    match year {
        Some(year) if !out.contains('/') => format!("{out}/{year}"),
        _ => out,
    }
}

/// Whether the number at `start..end` is the month or day of a date written the Chinese or
/// Japanese way (`2025年6月1日`): no figure of the practice (found by a tester).
fn is_part_of_a_cjk_date(text: &str, start: usize, end: usize) -> bool {
    let after = &text[end..];
    let month = after.starts_with('月')
        && after['月'.len_utf8()..].starts_with(|c: char| c.is_ascii_digit())
        || after.starts_with('月') && text[..start].ends_with('年');
    let day = after.starts_with('日') && text[..start].ends_with('月');
    month || day
}

fn is_year(number: &str) -> bool {
    number.len() == 4 && (number.starts_with("19") || number.starts_with("20"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        citations(text).iter().map(Citation::describe).collect()
    }

    #[test]
    fn acts_in_three_languages() {
        assert_eq!(
            keys("Regulation (EU) 2017/2226 of the European Parliament"),
            ["act 2017/2226"]
        );
        assert_eq!(
            keys("le règlement (UE) 2017/2226 prévoit"),
            ["act 2017/2226"]
        );
        assert_eq!(keys("el Reglamento (UE) 2017/2226"), ["act 2017/2226"]);
        assert_eq!(keys("Directive 95/46/EC"), ["act 95/46"]);
    }

    #[test]
    fn articles_sections_and_rules() {
        assert_eq!(keys("Article 34 sets them"), ["article 34"]);
        assert_eq!(keys("selon l'article 34"), ["article 34"]);
        assert_eq!(keys("el artículo 34 del Reglamento"), ["article 34"]);
        assert_eq!(
            keys("violó los artículos 8 y 10 del Convenio"),
            ["article 10", "article 8"]
        );
        assert_eq!(
            keys("Articles 8, 10 and 11"),
            ["article 10", "article 11", "article 8"]
        );
        assert_eq!(
            keys("under section 29 and rule 1"),
            ["article 1", "article 29"]
        );
        assert_eq!(keys("Art. 5(1)(h)"), ["article 5"]);
    }

    #[test]
    fn cases_standards_resolutions_documents() {
        assert_eq!(keys("Case C-205/21, Ministerstvo"), ["case c-205/21"]);
        assert_eq!(keys("In Glukhin v. Russia the Court"), ["case glukhin v."]);
        assert_eq!(keys("el TEDH en Glukhin c. Rusia"), ["case glukhin v."]);
        assert_eq!(keys("R v Smith"), Vec::<String>::new());
        assert_eq!(
            keys("S. and Marper (nos. 30562/04 and 30566/04)"),
            ["case 30562/04", "case 30566/04"]
        );
        assert_eq!(keys("ISO/IEC 19795-10:2024 sets"), ["standard 19795-10"]);
        assert_eq!(keys("la norme ISO 19795-10"), ["standard 19795-10"]);
        // NIST's publications, whatever their revision.
        assert_eq!(
            keys("NIST Special Publication 800-63B-4 (supersedes SP 800-63B)"),
            ["standard nist sp 800-63b"]
        );
        assert_eq!(
            keys("la guía NIST SP 800-76-2"),
            ["standard nist sp 800-76"]
        );
        assert_eq!(keys("NISTIR 8280 found"), ["standard nist ir 8280"]);
        assert_eq!(keys("NIST IR 8280"), ["standard nist ir 8280"]);
        assert_eq!(
            keys("NIST Special Publication (SP) 800-63-4 and NIST.SP.800-63b"),
            ["standard nist sp 800-63", "standard nist sp 800-63b"]
        );
        assert_eq!(
            keys("SP 800-53r5, SP 800–76"),
            ["standard nist sp 800-53", "standard nist sp 800-76"]
        );
        assert_eq!(
            keys("la publication spéciale 800-63B ; la publicación especial 800-63B"),
            ["standard nist sp 800-63b"]
        );
        assert_eq!(
            keys("NIST Interagency or Internal Report 8280; NIST Internal Report (IR) 8280r1"),
            ["standard nist ir 8280"]
        );
        // The revision is not a figure.
        assert_eq!(
            super::scan("NIST SP 800-63B-4 (2025) keeps it 30 days").1,
            ["30"]
        );
        // `SP` with another number is not NIST's.
        assert_eq!(keys("SP 80-12"), Vec::<String>::new());
        assert_eq!(keys("resolution 2396 (2017)"), ["resolution 2396"]);
        assert_eq!(keys("la resolución 2396"), ["resolution 2396"]);
        assert_eq!(
            keys("S/RES/2396 (2017)"),
            ["resolution 2396", "document s/res/2396"]
        );
        assert_eq!(keys("report A/HRC/44/24 of 2020"), ["document a/hrc/44/24"]);
    }

    #[test]
    fn named_and_numbered_laws_and_neutral_citations() {
        assert_eq!(
            keys("under the Protection of Freedoms Act 2012, section 63"),
            ["act protection of freedoms act 2012", "article 63"]
        );
        assert_eq!(keys("Aadhaar Act, 2016"), ["act aadhaar act 2016"]);
        assert_eq!(keys("Law No. 6698 on"), ["act no. 6698"]);
        assert_eq!(keys("la ley núm. 25.326"), ["act no. 25326"]);
        // As Portuguese, Spanish, Russian and Arabic cite laws, and as English translates them
        // (found by a tester); the year, when written, keeps laws numbered each year apart.
        for (written, key) in [
            ("a Lei nº 13.709/2018 (LGPD)", "act no. 13709/2018"),
            ("Law No. 13,709/2018", "act no. 13709/2018"),
            ("Law No. 13709 of 2018", "act no. 13709/2018"),
            ("o Decreto-Lei n.º 58/2019", "act no. 58/2019"),
            ("la Ley 1581 de 2012", "act no. 1581/2012"),
            ("la Ley Estatutaria 1581 de 2012", "act no. 1581/2012"),
            ("Law No. 1581 of 2012", "act no. 1581/2012"),
            ("la Ley 25.326", "act no. 25326"),
            ("Федеральный закон от 29.12.2022 № 572-ФЗ", "act no. 572"),
            ("Federal Law No. 572-FZ", "act no. 572"),
            (
                "قانون حماية البيانات الشخصية رقم 24 لسنة 2023",
                "act no. 24/2023",
            ),
            ("قانون رقم ٢٤ لسنة ٢٠٢٣", "act no. 24/2023"),
            ("Law No. 24 of 2023", "act no. 24/2023"),
            ("loi n° 2013-450", "act no. 2013-450"),
        ] {
            assert_eq!(keys(written), [key], "{written}");
        }
        assert_ne!(keys("Lei n.º 58/2019"), keys("Lei n.º 58/2020"));
        // Without `No.`, a year or a small number is no law's number, and stays a figure; in
        // English a bare `law` or `act` never starts one.
        assert_eq!(keys("the law 2012 says"), Vec::<String>::new());
        assert_eq!(super::scan("under law 12 years").1, ["12"]);
        assert_eq!(
            super::scan("the Act 1,500 people").0,
            Vec::<Citation>::new()
        );
        // Legislation, a bill, or what is legal, is no law.
        assert_eq!(keys("законодательство, таблица № 2"), Vec::<String>::new());
        assert_eq!(
            keys("الحماية القانونية للبيانات رقم 5"),
            Vec::<String>::new()
        );
        assert_eq!(
            keys("R (Bridges) v Chief Constable [2020] EWCA Civ 1058"),
            ["case 2020 ewca civ 1058"]
        );
    }

    #[test]
    fn named_acts_leave_out_the_words_that_open_the_sentence() {
        assert_eq!(
            keys("Under the Protection of Freedoms Act 2012, section 63"),
            ["act protection of freedoms act 2012", "article 63"]
        );
        assert_eq!(
            keys("In the Data Protection Act 2018 the"),
            ["act data protection act 2018"]
        );
        assert_eq!(
            keys("Según Biometrics Act 2020"),
            ["act biometrics act 2020"]
        );
        assert_eq!(keys("Under the Act 2012"), Vec::<String>::new());
    }

    #[test]
    fn others_financial_years_and_blood_pressures_are_not_citations() {
        // The Strasbourg court's own style, `v. the United Kingdom`, gives no key: the pattern
        // wants the other party's capitalised name after `v.` (a known gap).
        assert_eq!(
            keys("Big Brother Watch and Others v. the United Kingdom"),
            Vec::<String>::new()
        );
        assert_eq!(keys("in the financial year 2019/20"), Vec::<String>::new());
        assert_eq!(keys("a blood pressure of 120/80"), Vec::<String>::new());
        // Still read: a law's number after its kind, or with four digits; an application's number
        // with four digits or more, or after `no.`.
        assert_eq!(keys("Regulation (EU) 2016/679"), ["act 2016/679"]);
        assert_eq!(keys("Decision 2008/633/JHA"), ["act 2008/633"]);
        assert_eq!(keys("acts 2019/1157 and"), ["act 2019/1157"]);
        assert_eq!(keys("application no. 911/05"), ["case 911/05"]);
        assert_eq!(keys("Marper 30562/04"), ["case 30562/04"]);
    }

    #[test]
    fn a_case_of_several_applicants_is_named_by_the_first() {
        // `and Others`, `& 2 others`, `et autres`, `y otros` between the first party and `v.`.
        assert_eq!(
            keys("Nubian Rights Forum & 2 others v Attorney General & 6 others"),
            ["case nubian rights forum v."]
        );
        assert_eq!(
            keys("Kenya: Nubian Rights Forum and Others v. Attorney General and Others"),
            ["case nubian rights forum v."]
        );
        assert_eq!(
            keys("In Big Brother Watch and Others v. United Kingdom the Court"),
            ["case big brother watch v."]
        );
        assert_eq!(
            keys("Gaughran et autres c. Royaume-Uni"),
            ["case gaughran v."]
        );
        assert_eq!(
            keys("Gaughran y otros c. Reino Unido"),
            ["case gaughran v."]
        );
        assert_eq!(keys("Silva e outros contra Brasil"), ["case silva v."]);
        assert_eq!(
            keys("Bridges & Anor v Chief Constable"),
            ["case bridges v."]
        );
        // A state or an authority first, or no name at all, names no case.
        assert_eq!(
            keys("Attorney General & 2 others v. Okiya Omtatah"),
            Vec::<String>::new()
        );
        assert_eq!(keys("and Others v. Russia"), Vec::<String>::new());
    }

    #[test]
    fn years_and_plain_numbers_are_not_citations() {
        assert!(keys("In 2017 the 3 agencies kept 12 records").is_empty());
    }

    #[test]
    fn acts_from_eur_lex_addresses() {
        let act = |url: &str| act_of_url(url).map(|c| c.describe());
        assert_eq!(
            act("https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX:32017R2226").as_deref(),
            Some("act 2017/2226")
        );
        assert_eq!(
            act("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32016L0680")
                .as_deref(),
            Some("act 2016/680")
        );
        assert_eq!(
            act("https://eur-lex.europa.eu/eli/reg/2019/1157/oj").as_deref(),
            Some("act 2019/1157")
        );
        assert_eq!(act("https://example.org/reports/2019/1157"), None);
    }

    proptest::proptest! {
        /// Any text, in any script: no panic, and every figure is a number.
        #[test]
        fn any_text_gives_numbers_as_figures(text in "\\PC{0,200}") {
            let (_, figures) = scan(&text);
            for f in figures {
                proptest::prop_assert!(f.parse::<f64>().is_ok(), "{f}");
            }
        }
    }

    /// The figures of a text in `language`: its numbers in digits and in words, sorted.
    fn figures(language: &str, text: &str) -> Vec<String> {
        let mut figures = scan(text).1;
        figures.extend(
            text.split(|c: char| !c.is_alphabetic())
                .filter_map(|w| number_word(language, &w.to_lowercase()))
                .map(str::to_string),
        );
        figures.sort();
        figures.dedup();
        figures
    }

    #[test]
    fn number_words_count_only_in_their_language() {
        assert_eq!(number_word("en", "once"), None);
        assert_eq!(number_word("es", "once"), Some("11"));
        assert_eq!(number_word("en", "sept"), None);
        assert_eq!(number_word("fr", "sept"), Some("7"));
        assert_eq!(number_word("fr", "dos"), None);
        assert_eq!(number_word("es", "dos"), Some("2"));
        assert_eq!(number_word("de", "three"), None);
        assert_eq!(
            figures("en", "It is deleted once the period ends, three years on."),
            ["3"]
        );
    }

    #[test]
    fn figures_leave_out_citations_and_years() {
        assert_eq!(
            figures("en", "Under Article 34 of Regulation (EU) 2017/2226, adopted in 2017, records are kept three years, or 5 years; children under 12."),
            ["12", "3", "5"]
        );
        assert_eq!(
            figures("fr", "conservées trois ans ; moins de 12 ans"),
            ["12", "3"]
        );
        assert_eq!(figures("es", "un umbral de 0,5 y de 0.5"), ["0.5"]);
        // The day of a date is no figure (found by a tester).
        for dated in [
            "in force on 1 June 2022",
            "adopted on 1st June",
            "since June 1, 2022",
            "depuis le 1er juin 2022",
            "desde el 1 de junio de 2022",
        ] {
            assert_eq!(figures("en", dated), Vec::<String>::new(), "{dated}");
        }
        assert_eq!(figures("en", "kept 30 days, 1 June review"), ["30"]);
        assert_eq!(figures("en", "kept for 14 months"), ["14"]);
    }
}

#[cfg(test)]
mod figure_tests {
    use super::scan;

    /// One figure however a language groups its thousands or writes its dates (found by a
    /// tester: `100 000` was two figures, `10万` was 10, `6月1日` two).
    #[test]
    fn figures_are_read_alike_in_every_language() {
        let english =
            scan("From 1 June 2025, 100,000 travellers, 5 years, 1,500 children, 2.5 years").1;
        let french = scan(
            "À partir du 1er juin 2025, 100\u{202F}000 voyageurs, 5 ans, 1\u{A0}500 enfants, 2,5 ans",
        )
        .1;
        assert_eq!(english, ["100000", "1500", "2.5", "5"]);
        assert_eq!(french, english);
        let chinese = scan("自2025年6月1日起，10万名旅客，5年，1500名儿童").1;
        assert_eq!(chinese, ["100000", "1500", "5"]);
        // Two numbers apart are two figures; a decimal stays one.
        assert_eq!(scan("ages 12 and 100").1, ["100", "12"]);
        assert_eq!(scan("ages 16 100 times").1, ["100", "16"]);
        assert_eq!(scan("a threshold of 0,85").1, ["0.85"]);
        assert_eq!(scan("a rate of 0.125").1, ["0.125"]);
    }
}
