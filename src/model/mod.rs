//! The domain: a practice entry, the principle taxonomy, a corpus. No I/O here.

mod practice;
mod taxonomy;

pub use practice::{
    Area, Contributor, Lifecycle, Modality, Practice, RefusedPrinciple, Source, Status, FIELD_ORDER,
};
pub use taxonomy::{Principle, Taxonomy, Term, Tier};
