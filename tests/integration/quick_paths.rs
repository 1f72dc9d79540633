//! The quick readings of plain Markdown bodies (to text, and re-written for the Markdown edition)
//! give exactly what comrak gives, on the bodies the tool really meets: the shipped corpus and a
//! generated one. (Property tests in the library cover made-up bodies line by line.)

use crate::gen_corpus;

use compendium::markdown::sanitize::sanitize_body_by_comrak;
use compendium::markdown::{
    markdown_to_text_by_comrak, plain_blocks_to_text, sanitize_body, to_text as markdown_to_text,
};

fn bodies(folder: &std::path::Path) -> Vec<String> {
    let files = compendium::load::discover(&[folder.to_path_buf()]).unwrap();
    files
        .iter()
        .filter_map(|f| compendium::load::load_file(f).document)
        .filter_map(|doc| doc.value.get("body")?.as_str().map(str::to_string))
        .collect()
}

#[test]
fn plain_bodies_read_and_rewrite_as_comrak_reads_and_rewrites_them() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    gen_corpus::run((300, 29, corpus.clone(), 0.1, None)).unwrap();
    let generated = bodies(&corpus);
    let shipped = bodies(std::path::Path::new("practices"));
    assert!(generated.len() >= 300 && shipped.len() >= 40);
    for body in generated.iter().chain(&shipped) {
        assert_eq!(markdown_to_text(body), markdown_to_text_by_comrak(body));
        for level in [1, 3] {
            assert_eq!(
                sanitize_body(body, level),
                sanitize_body_by_comrak(body, level)
            );
        }
    }
    // The generated bodies are the plain kind: the quick reading is what this test exercises.
    let quick = generated
        .iter()
        .filter(|b| plain_blocks_to_text(b).is_some())
        .count();
    assert!(
        quick * 10 >= generated.len() * 9,
        "{quick} of {}",
        generated.len()
    );
}
