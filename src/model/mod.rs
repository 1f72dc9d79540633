//! The domain: a practice entry, the principle taxonomy, a practice in canonical form, an
//! edition. No I/O here.

pub mod edition;
mod normalized;
mod practice;
pub mod seal;
mod taxonomy;

pub use edition::{Dropped, Edition, EditionPractice, Evidence, Tag, TagOrigin};
pub use normalized::{field_weight, ContentForm, NormalizedPractice};
pub use practice::{
    Area, Contributor, Instrument, Lifecycle, Modality, Practice, RecommendationsBy,
    RefusedPrinciple, Source, Status, FIELD_ORDER,
};
pub use taxonomy::{Chapter, Principle, Taxonomy, Term, Tier};

/// The editors' duplicate decisions file, found in the first folder of entries (not an entry).
pub const DECISIONS_FILE: &str = "dedup-decisions.json";
