//! `compendium explain CODE`: the long form of a finding code, like `rustc --explain`.

use super::{exit, print_out};
use compendium::explain::explanation;
use compendium::Code;

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A finding code, such as invalid-date (leave out to list every code).
    code: Option<String>,
}

pub fn execute(args: &Args) -> anyhow::Result<u8> {
    let Some(wanted) = &args.code else {
        let mut out =
            String::from("Finding codes (run `compendium explain CODE` for the long form):\n\n");
        for c in Code::ALL {
            out.push_str(&format!(
                "  {:<22} {:<8} {}\n",
                c.as_str(),
                c.severity().to_string(),
                c.description()
            ));
        }
        print_out(&out);
        return Ok(exit::OK);
    };
    // As `validate` prints it, `error[…]` or `warning[…]` (found by a tester: the second was
    // refused).
    let wanted = wanted.trim().trim_end_matches(':').to_lowercase();
    let wanted = ["error[", "warning["]
        .iter()
        .find_map(|prefix| wanted.strip_prefix(prefix)?.strip_suffix(']'))
        .unwrap_or(&wanted)
        .to_string();
    match Code::ALL.iter().find(|c| c.as_str() == wanted) {
        Some(code) => {
            print_out(&format!("{}\n", explanation(*code)));
            Ok(exit::OK)
        }
        None => {
            let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let near = names
                .iter()
                .map(|n| (strsim::jaro_winkler(n, &wanted), n))
                .filter(|(score, _)| *score > 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| n);
            eprintln!(
                "compendium: `{wanted}` is not a finding code{}; run `compendium explain` to list them",
                near.map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default()
            );
            Ok(exit::FAILURE)
        }
    }
}
