//! One practice entry, as the schema defines it (`schema/practice.schema.json`).

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! kebab_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $( #[doc = $text] #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            /// Every value, in schema order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as written in entries.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

kebab_enum!(
    /// The field of use of a practice.
    Area {
        CounterTerrorism = "counter-terrorism",
        BorderManagement = "border-management",
        LawEnforcement = "law-enforcement",
        CriminalJustice = "criminal-justice",
        IdentityManagement = "identity-management",
        Humanitarian = "humanitarian",
        AviationSecurity = "aviation-security",
        Military = "military",
    }
);

kebab_enum!(
    /// A biometric modality.
    Modality {
        Face = "face",
        Fingerprint = "fingerprint",
        Iris = "iris",
        Dna = "dna",
        Voice = "voice",
        Palm = "palm",
        Vein = "vein",
        Gait = "gait",
        Signature = "signature",
        Other = "other",
    }
);

kebab_enum!(
    /// A stage of the biometric data lifecycle.
    Lifecycle {
        Planning = "planning",
        Collection = "collection",
        Storage = "storage",
        Matching = "matching",
        Sharing = "sharing",
        Retention = "retention",
        Deletion = "deletion",
        Oversight = "oversight",
        Redress = "redress",
    }
);

kebab_enum!(
    /// Editorial status of an entry.
    Status {
        Draft = "draft",
        Submitted = "submitted",
        Accepted = "accepted",
        Retired = "retired",
    }
);

kebab_enum!(
    /// Whose words a practice's recommendations are.
    RecommendationsBy {
        Source = "source",
        Editors = "editors",
        Both = "both",
    }
);

impl RecommendationsBy {
    /// In words, for the published editions.
    pub fn describe(self) -> &'static str {
        match self {
            RecommendationsBy::Source => "the source: they restate what it requires or recommends",
            RecommendationsBy::Editors => "the compendium's editors, from the source's facts",
            RecommendationsBy::Both => "the source and the compendium's editors",
        }
    }
}

kebab_enum!(
    /// The kind of instrument that establishes a practice.
    Instrument {
        Law = "law",
        Regulation = "regulation",
        CourtDecision = "court-decision",
        RegulatorDecision = "regulator-decision",
        Policy = "policy",
        Standard = "standard",
        Guidance = "guidance",
        OperationalPractice = "operational-practice",
        Report = "report",
    }
);

/// A public source a practice is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the document.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Year of publication.
    pub year: u16,
    /// Where to read it (`https://` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Who wrote the entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contributor {
    /// Name of the person or team.
    pub name: String,
    /// Their organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// Contact address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// The entry's fields in the order of the schema: how entries are written and reports are sorted.
pub const FIELD_ORDER: &[&str] = &[
    "id",
    "title",
    "summary",
    "body",
    "recommendations",
    "recommendations_by",
    "area",
    "modalities",
    "lifecycle",
    "jurisdiction",
    "organization",
    "instrument",
    "principles",
    "principles_refused",
    "sources",
    "contributor",
    "submitted",
    "language",
    "license",
    "status",
    "supersedes",
];

/// A principle the contributor refuses, with the reason (the tagger suggested it wrongly).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusedPrinciple {
    /// Principle id.
    pub principle: String,
    /// Why the suggestion does not apply.
    pub reason: String,
}

/// One practice entry. Field order here is the order of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// Lets editors validate while typing; not part of the practice.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    /// Stable identifier, also the file name.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// Plain-text summary.
    pub summary: String,
    /// CommonMark description.
    pub body: String,
    /// Actionable steps.
    pub recommendations: Vec<String>,
    /// Whose words the recommendations are.
    pub recommendations_by: RecommendationsBy,
    /// Field of use.
    pub area: Area,
    /// Modalities concerned.
    pub modalities: Vec<Modality>,
    /// Lifecycle stages concerned.
    pub lifecycle: Vec<Lifecycle>,
    /// ISO 3166-1 alpha-2 code, `EU` or `INT`.
    pub jurisdiction: String,
    /// The body that applies the practice.
    pub organization: String,
    /// The kind of instrument that establishes the practice.
    pub instrument: Instrument,
    /// The contributor's own principle tags.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Suggested principles the contributor refuses, each with a reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles_refused: Vec<RefusedPrinciple>,
    /// Public sources.
    pub sources: Vec<Source>,
    /// Who wrote the entry.
    pub contributor: Contributor,
    /// Submission date, `YYYY-MM-DD`.
    pub submitted: String,
    /// BCP 47 language tag.
    pub language: String,
    /// SPDX licence id.
    pub license: String,
    /// Editorial status.
    pub status: Status,
    /// Ids this entry replaces.
    #[serde(default)]
    pub supersedes: Vec<String>,
}

impl Practice {
    /// The primary subtag of the entry's language, lower-cased: `fr` of `fr-BE`. The tagger and
    /// the same-practice search both read a practice in this language.
    pub fn primary_language(&self) -> String {
        let tag = self.language.split(['-', '_']).next().unwrap_or_default();
        tag.to_lowercase()
    }

    /// Whether the entry refuses a principle, itself or a principle it is part of (refusing
    /// `data-protection` refuses its facet `retention-limits` too).
    pub fn refuses(&self, taxonomy: &super::Taxonomy, principle: &str) -> bool {
        let within = taxonomy.with_parents(&[principle.to_string()]);
        self.principles_refused
            .iter()
            .any(|r| within.contains(&r.principle))
    }

    /// A valid practice with placeholder text and metadata, for tests and examples; set the fields
    /// that matter with struct update syntax (`Practice { title: …, ..Practice::example("p") }`).
    pub fn example(id: &str) -> Practice {
        Practice {
            schema: None,
            id: id.to_string(),
            title: "An example practice".into(),
            summary: "An example summary that is long enough to be a valid summary.".into(),
            body: "An example body. ".repeat(8),
            recommendations: vec!["Apply the example practice.".into()],
            recommendations_by: RecommendationsBy::Editors,
            area: Area::BorderManagement,
            modalities: vec![Modality::Face],
            lifecycle: vec![Lifecycle::Collection],
            jurisdiction: "INT".into(),
            organization: "Example organisation".into(),
            instrument: Instrument::Policy,
            principles: Vec::new(),
            principles_refused: Vec::new(),
            sources: vec![Source {
                title: "t".into(),
                publisher: "p".into(),
                year: 2020,
                url: None,
            }],
            contributor: Contributor {
                name: "n".into(),
                organization: None,
                email: None,
            },
            submitted: "2026-01-01".into(),
            language: "en".into(),
            license: "CC-BY-4.0".into(),
            status: Status::Accepted,
            supersedes: Vec::new(),
        }
    }
}
