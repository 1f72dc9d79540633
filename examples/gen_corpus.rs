//! Generates a synthetic corpus of practice entries, for benchmarks and duplicate-detection tests.
//!
//! `cargo run --release --example gen_corpus -- --count N --seed S --out DIR [--dup-rate R]
//! [--truth FILE]`
//!
//! Every entry passes `compendium validate`, averages about 3.7 KB, and reads as English prose on
//! biometrics good practice. The text comes from a small grammar (templates whose `{slots}` expand
//! recursively from word lists, in `bench/corpus-grammar.txt`), so entries differ in wording, not
//! only in the order of shared sentences. Only std and serde_json are used, and randomness comes
//! from a hand-written xoshiro256** seeded per entry: the same seed gives byte-identical files on
//! any machine, and an entry can be rebuilt from `(seed, position)` alone, so memory stays flat.
//!
//! With `--dup-rate R`, that fraction of the entries are planted copies of other entries, split
//! equally between exact copies, light rewordings (6–14 % of the words replaced) and copies with one
//! paragraph appended. The planted pairs are written to `DIR/../<name>-truth.json` (or `--truth`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The taxonomy the principle tags are drawn from, so the tags stay valid when it changes.
const PRINCIPLES: &str = include_str!("../schema/principles.json");

/// Everything the text is made of: templates and word lists as grammar rules (the file's header
/// says how they are written), kept apart so that code and wording can each be read on their own.
const GRAMMAR: &str = include_str!("../bench/corpus-grammar.txt");

/// xoshiro256**, seeded through splitmix64: small, fast, and the same on every platform.
struct Rng([u64; 4]);

impl Rng {
    /// A generator for one purpose (`lane`) of one entry (`stream`), independent of all others.
    fn new(seed: u64, stream: u64, lane: u64) -> Rng {
        let mut x = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ lane << 56;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let z = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng([next(), next(), next(), next()])
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in `0..n`, by multiply-shift: integers only, so the same on every platform.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The parsed grammar, the synonyms and the taxonomy's principles, built once.
struct Gen {
    rules: BTreeMap<&'static str, Vec<&'static str>>,
    synonyms: BTreeMap<&'static str, Vec<&'static str>>,
    /// Id and lower-case label of each principle.
    principles: Vec<(String, String)>,
}

/// One entry's own values (its country, organization…) and the alternatives it has used, so no
/// sentence or phrase repeats within an entry while unused ones remain.
#[derive(Clone, Default)]
struct Scene {
    vars: BTreeMap<&'static str, String>,
    used: BTreeSet<(&'static str, usize)>,
}

impl Gen {
    fn new() -> Gen {
        let mut rules: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut name = "";
        let lines = GRAMMAR.lines().map(str::trim);
        for line in lines.filter(|l| !l.starts_with('#')) {
            let line = line.strip_prefix('|').unwrap_or(line);
            for alt in line.split(" | ").map(str::trim).filter(|a| !a.is_empty()) {
                let alt = match alt.split_once(" = ") {
                    Some((rule, first)) if !rule.contains(' ') => {
                        name = rule;
                        first
                    }
                    _ => alt,
                };
                rules.entry(name).or_default().push(alt);
            }
        }
        let pairs = rules["synonyms"].iter().filter_map(|p| p.split_once(':'));
        let synonyms = pairs.map(|(w, alts)| (w, alts.split(',').collect()));
        let taxonomy: serde_json::Value = serde_json::from_str(PRINCIPLES).expect("taxonomy");
        let mut principles = Vec::new();
        for p in taxonomy["principles"].as_array().into_iter().flatten() {
            let id = p["id"].as_str().unwrap_or_default().to_string();
            principles.push((id, p["label"].as_str().unwrap_or_default().to_lowercase()));
        }
        let synonyms = synonyms.collect();
        Gen {
            rules,
            synonyms,
            principles,
        }
    }

    fn list(&self, name: &str) -> &[&'static str] {
        &self.rules[name]
    }

    /// Expands the `{slots}` of a template: the scene's own values first, then grammar rules.
    fn expand(&self, template: &str, scene: &mut Scene, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("every slot is closed");
            let slot = &rest[open + 1..close];
            let name = slot.trim_start_matches('^');
            let text = match scene.vars.get(name) {
                Some(value) => value.clone(),
                None => self.rule(name, scene, rng),
            };
            out += &if name == slot {
                text
            } else {
                capitalize(&text)
            };
            rest = &rest[close + 1..];
        }
        out + rest
    }

    /// One alternative of a rule, expanded; alternatives this entry has not used come first.
    fn rule(&self, name: &str, scene: &mut Scene, rng: &mut Rng) -> String {
        let (&key, alts) = self.rules.get_key_value(name).expect("the rule exists");
        let is_new = |i: &usize| !scene.used.contains(&(key, *i));
        let unused: Vec<usize> = (0..alts.len()).filter(is_new).collect();
        let i = match unused.is_empty() {
            true => rng.below(alts.len()),
            false => *rng.pick(&unused),
        };
        scene.used.insert((key, i));
        self.expand(alts[i], scene, rng)
    }

    /// A sentence of a rule that this entry has not used yet; None once all are used.
    fn fresh(&self, name: &str, scene: &mut Scene, rng: &mut Rng) -> Option<String> {
        let (&key, alts) = self.rules.get_key_value(name).expect("the rule exists");
        let any_unused = (0..alts.len()).any(|i| !scene.used.contains(&(key, i)));
        any_unused.then(|| self.rule(name, scene, rng))
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    first.unwrap_or_default() + chars.as_str()
}

/// A practice entry: the texts a duplicate detector compares, the rest already written as JSON,
/// and the scene it was written from (to append a paragraph in the same voice).
#[derive(Clone)]
struct Entry {
    id: String,
    /// Title, summary, body, then the recommendations.
    texts: Vec<String>,
    /// The other fields as JSON values, in file order.
    meta: Vec<(&'static str, String)>,
    scene: Scene,
}

/// A JSON string literal.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// A JSON object of written values, keys in the given order (serde_json's map would sort them),
/// laid out like `serde_json::to_string_pretty` at indentation `pad`.
fn obj(fields: &[(&str, String)], pad: &str) -> String {
    let line = |(k, v): &(&str, String)| format!("{pad}  \"{k}\": {v}");
    let lines: Vec<String> = fields.iter().map(line).collect();
    format!("{{\n{}\n{pad}}}", lines.join(",\n"))
}

/// A JSON array of written values, laid out like [`obj`].
fn arr(items: &[String], pad: &str) -> String {
    match items.is_empty() {
        true => "[]".into(),
        false => format!("[\n{pad}  {}\n{pad}]", items.join(&format!(",\n{pad}  "))),
    }
}

fn strings<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s.as_ref())).collect();
    arr(&quoted, "  ")
}

impl Entry {
    fn to_json(&self) -> String {
        let t = &self.texts;
        let mut fields = vec![("id", q(&self.id)), ("title", q(&t[0]))];
        fields.extend([("summary", q(&t[1])), ("body", q(&t[2]))]);
        fields.push(("recommendations", strings(&t[3..])));
        fields.extend(self.meta.iter().cloned());
        obj(&fields, "") + "\n"
    }

    fn set(&mut self, key: &'static str, value: String) {
        match self.meta.iter_mut().find(|(k, _)| *k == key) {
            Some(field) => field.1 = value,
            None => self.meta.push((key, value)),
        }
    }

    /// The schema's length rules for the texts, in characters as JSON Schema counts them.
    fn texts_fit(&self) -> bool {
        let len = |i: usize| self.texts[i].chars().count();
        let recs = 3..self.texts.len();
        (10..=200).contains(&len(0))
            && (40..=600).contains(&len(1))
            && (100..=20_000).contains(&len(2))
            && (1..=20).contains(&recs.len())
            && recs.into_iter().all(|i| (10..=500).contains(&len(i)))
    }
}

/// A kebab-case id from the title's first significant words, made unique by the position.
fn make_id(title: &str, pos: usize) -> String {
    const STOP: &str = " the of a an and for in on by to at ";
    let lower = title.to_lowercase();
    let words = lower.split(|c: char| !c.is_ascii_alphanumeric());
    let mut slug = String::new();
    for word in words
        .filter(|w| !w.is_empty() && !STOP.contains(&format!(" {w} ")))
        .take(6)
    {
        if slug.len() + word.len() > 60 {
            break;
        }
        slug = slug + word + "-";
    }
    format!("{slug}{pos:06}")
}

fn date(rng: &mut Rng) -> String {
    let (year, month) = (rng.range(2019, 2026), rng.range(1, 12));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    let day = rng.range(1, days + usize::from(leap && month == 2));
    q(&format!("{year}-{month:02}-{day:02}"))
}

fn contributor(g: &Gen, rng: &mut Rng, org: &str) -> String {
    let (first, last) = (*rng.pick(g.list("first")), *rng.pick(g.list("last")));
    let mut fields = vec![("name", q(&format!("{first} {last}")))];
    if rng.chance(70) {
        fields.push(("organization", q(org)));
    }
    // Names keep their accents (so NFC matters); addresses are plain ASCII.
    if rng.chance(60) && first.is_ascii() && last.is_ascii() {
        let email = format!("{first}.{last}@example.org").to_lowercase();
        fields.push(("email", q(&email)));
    }
    obj(&fields, "  ")
}

fn status(g: &Gen, rng: &mut Rng) -> String {
    let status = rng.pick(g.list("statuses"));
    q(status)
}

/// The original entry at `pos`, built from `(seed, pos)` alone.
fn original(g: &Gen, seed: u64, pos: usize) -> Entry {
    let rng = &mut Rng::new(seed, pos as u64, 0);
    let mut scene = Scene::default();
    let area = *rng.pick(g.list("areas"));
    let countries = g.list("countries");
    let (jurisdiction, country) = match rng.below(10) {
        0 => ("EU", "the European Union"),
        1 => ("INT", "the participating States"),
        _ => rng.pick(countries).split_once(':').expect("code:name"),
    };
    let mut mods = g.list("modality").to_vec();
    rng.shuffle(&mut mods);
    mods.truncate(*rng.pick(&[1, 1, 1, 2, 2, 3]));
    let mut stages = g.list("stages").to_vec();
    rng.shuffle(&mut stages);
    stages.truncate(rng.range(1, 4));
    let stage = stages[0];
    // The entry's own values, fixed once so that every sentence speaks of the same things.
    let words = std::iter::once(country).chain(mods[0].split(':').skip(1));
    let slots = ["country", "madj", "mod", "mods", "tpl"];
    for (slot, word) in slots.into_iter().zip(words) {
        scene.vars.insert(slot, word.to_string());
    }
    let international = jurisdiction == "EU" || jurisdiction == "INT";
    let org = ["org", "orgx"][usize::from(international)];
    let by_area = ["actor", "setting", "people", "purpose", "system", org].map(|s| (s, area));
    let by_stage = ["stage_phrase", "stage_summary"].map(|s| (s, stage));
    for (slot, by) in by_area.into_iter().chain(by_stage) {
        let value = g.rule(&format!("{slot}_{by}"), &mut scene, rng);
        scene.vars.insert(slot, value);
    }
    let period = g.rule("period", &mut scene, rng);
    scene.vars.insert("period", period);
    let organization = scene.vars.remove(org).expect("the organization");
    scene.vars.insert("org", format!("the {organization}"));
    scene.vars.insert("organization", organization.clone());
    let principles = principles(g, &stages, rng);
    let label = g.principles.iter().find(|(id, _)| *id == principles[0]);
    let label = label.map_or(String::new(), |p| p.1.clone());
    scene.vars.insert("principle", label);

    let title = g.rule(&format!("title_{stage}"), &mut scene, rng);
    let title = format!("{title} {}", g.rule("title_tail", &mut scene, rng));
    let summary = g.rule("summary", &mut scene, rng);
    let mut texts = vec![title, summary, String::new()];
    for s in &stages {
        for _ in 0..rng.range(1, 2) {
            texts.extend(g.fresh(&format!("rec_{s}"), &mut scene, rng));
        }
    }
    if texts.len() < 6 || rng.chance(50) {
        texts.extend(g.fresh("rec_general", &mut scene, rng));
    }
    let modalities: Vec<&str> = mods.iter().filter_map(|m| m.split(':').next()).collect();
    // Chosen from the texts rather than drawn, so that the rest of the corpus stays as it was.
    const INSTRUMENTS: [&str; 9] = [
        "law",
        "regulation",
        "court-decision",
        "regulator-decision",
        "policy",
        "standard",
        "guidance",
        "operational-practice",
        "report",
    ];
    let instrument = INSTRUMENTS[organization.len() % INSTRUMENTS.len()];
    let recommendations_by = ["source", "editors", "both"][texts[0].len() % 3];
    let meta = vec![
        ("recommendations_by", q(recommendations_by)),
        ("area", q(area)),
        ("modalities", strings(&modalities)),
        ("lifecycle", strings(&stages)),
        ("jurisdiction", q(jurisdiction)),
        ("organization", q(&organization)),
        ("instrument", q(instrument)),
        ("principles", strings(&principles)),
        ("sources", sources(g, &organization, &mut scene, rng)),
        ("contributor", contributor(g, rng, &organization)),
        ("submitted", date(rng)),
        ("language", q("en")),
        ("license", q("CC-BY-4.0")),
        ("status", status(g, rng)),
    ];
    let mut e = Entry {
        id: String::new(),
        texts,
        meta,
        scene: Scene::default(),
    };
    // Each entry aims at its own total size (2.45–4.45 KB, so the mean is near 3.7 KB) and the body
    // fills what the other fields leave: sizes vary like real entries but the mean is controlled.
    let target = rng.range(2450, 4450).saturating_sub(e.to_json().len());
    e.texts[2] = body(g, &stages, target.max(400), &mut scene, rng);
    // Entries that share templates would read alike: every original varies half of its words
    // that have synonyms, so that only planted duplicates are near copies of one another.
    reword(g, &mut e.texts, 50, true, rng);
    e.id = make_id(&e.texts[0], pos);
    e.scene = scene;
    assert!(e.texts_fit(), "entry {} breaks a length rule", e.id);
    e
}

/// Principle tags: some that fit the stages, one at random, only ids the taxonomy has.
fn principles(g: &Gen, stages: &[&str], rng: &mut Rng) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for s in stages {
        let fitting = g.list(&format!("principles_{s}"))[0].split(' ');
        tags.extend(fitting.filter(|_| rng.chance(60)).map(String::from));
    }
    tags.push(rng.pick(&g.principles).0.clone());
    let mut seen = BTreeSet::new();
    tags.retain(|p| g.principles.iter().any(|(id, _)| id == p) && seen.insert(p.clone()));
    tags
}

/// One to three sources; most have an https URL on example.org, some have none.
fn sources(g: &Gen, org: &str, scene: &mut Scene, rng: &mut Rng) -> String {
    let mut sources = Vec::new();
    for _ in 0..*rng.pick(&[1, 1, 2, 2, 3]) {
        let title = capitalize(&g.rule("source_title", scene, rng));
        let publisher = match rng.chance(50) {
            true => org.to_string(),
            false => capitalize(&g.rule("overseer", scene, rng)),
        };
        let year = rng.range(2005, 2025);
        let mut fields = vec![("title", q(&title)), ("publisher", q(&publisher))];
        fields.push(("year", year.to_string()));
        if rng.chance(75) {
            let path = ["reports", "guidance", "docs", "publications"][rng.below(4)];
            let slug = make_id(&title, 0).replace("-000000", "");
            let url = format!("https://example.org/{path}/{year}/{slug}");
            fields.push(("url", q(&url)));
        }
        sources.push(obj(&fields, "    "));
    }
    arr(&sources, "  ")
}

/// The body: context, one paragraph per lifecycle stage, maybe a list, why it is good practice,
/// maybe a lesson. Paragraphs grow, in turn, until the prose reaches `target` bytes.
fn body(g: &Gen, stages: &[&str], target: usize, scene: &mut Scene, rng: &mut Rng) -> String {
    let (whys, lessons) = (rng.range(1, 2), usize::from(rng.chance(40)));
    let items = [0, 0, 0, 3, 4, 5][rng.below(6)];
    let mut some = |rule: &str, n: usize| -> Vec<String> {
        (0..n).filter_map(|_| g.fresh(rule, scene, rng)).collect()
    };
    let mut paras = vec![some("intro", 1)];
    paras[0].extend(some("context", 1));
    for stage in stages {
        paras.push(some(stage, 2));
    }
    paras.push(some("why", whys));
    let (lesson, items) = (some("lesson", lessons), some("safeguard", items));
    let list_intro = g.rule("list_intro", scene, rng);
    let list = format!("{list_intro}\n\n- {}.", items.join(";\n- "));
    let all = paras.iter().chain([&lesson, &items]).flatten();
    let mut size: usize = all.map(|s| s.len() + 1).sum();
    let mut groups: Vec<(usize, &str)> = stages.iter().copied().enumerate().collect();
    groups.iter_mut().for_each(|group| group.0 += 1);
    groups.extend([(0, "context"), (paras.len() - 1, "why")]);
    let mut turn = 0;
    while size + 30 < target && !groups.is_empty() {
        let (para, rule) = groups[turn % groups.len()];
        match g.fresh(rule, scene, rng) {
            Some(sentence) => {
                size += sentence.len() + 1;
                paras[para].push(sentence);
                turn += 1;
            }
            None => _ = groups.remove(turn % groups.len()),
        }
    }
    let why = paras.pop().expect("why").join(" ");
    let mut text: Vec<String> = paras.iter().map(|p| p.join(" ")).collect();
    text.retain(|p| !p.is_empty());
    if !items.is_empty() {
        text.insert(rng.range(1, text.len()), list);
    }
    text.push(format!("### Why it is good practice\n\n{why}"));
    text.extend(lesson.iter().map(|l| format!("### Lessons learned\n\n{l}")));
    text.join("\n\n")
}

/// Replaces `percent` % of the words of the texts: by synonyms where the words have some, by
/// other words otherwise; or, with `synonyms_only`, `percent` % of the words that have synonyms.
/// Only runs of letters are words, so Markdown marks stay intact.
fn reword(g: &Gen, texts: &mut [String], percent: usize, synonyms_only: bool, rng: &mut Rng) {
    let (mut with_synonym, mut others) = (Vec::new(), Vec::new());
    for (t, text) in texts.iter().enumerate() {
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphabetic(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    let known = g.synonyms.contains_key(text[s..i].to_lowercase().as_str());
                    [&mut others, &mut with_synonym][usize::from(known)].push((t, s, i));
                    start = None;
                }
                _ => {}
            }
        }
    }
    if synonyms_only {
        others.clear();
    }
    let want = ((with_synonym.len() + others.len()) * percent + 50) / 100;
    rng.shuffle(&mut with_synonym);
    rng.shuffle(&mut others);
    let mut chosen: Vec<_> = with_synonym.into_iter().chain(others).take(want).collect();
    chosen.sort_unstable_by(|a, b| b.cmp(a)); // from the end, so earlier offsets stay valid
    for (t, s, end) in chosen {
        let word = &texts[t][s..end];
        let alts = g.synonyms.get(word.to_lowercase().as_str());
        let new = *rng.pick(alts.map_or(g.list("fillers"), Vec::as_slice));
        match word.starts_with(char::is_uppercase) {
            true => texts[t].replace_range(s..end, &capitalize(new)),
            false => texts[t].replace_range(s..end, new),
        }
    }
}

/// A planted duplicate of `e` at `pos`: a new id and perhaps other metadata.
fn duplicate(g: &Gen, seed: u64, pos: usize, e: &Entry, kind: &str) -> Entry {
    let rng = &mut Rng::new(seed, pos as u64, 1);
    let mut d = e.clone();
    if kind == "reworded" {
        reword(g, &mut d.texts, rng.range(6, 14), false, rng);
        while !d.texts_fit() {
            d.texts.clone_from(&e.texts);
            reword(g, &mut d.texts, rng.range(6, 14), false, rng);
        }
    } else if kind == "appended" {
        let extra: Vec<String> = (0..rng.range(2, 3))
            .filter_map(|_| g.fresh("extra", &mut d.scene, rng))
            .collect();
        d.texts[2] = format!("{}\n\n{}", d.texts[2], extra.join(" "));
    }
    let organization = d.scene.vars["organization"].clone();
    if rng.chance(50) {
        d.set("submitted", date(rng));
    }
    if rng.chance(50) {
        d.set("contributor", contributor(g, rng, &organization));
    }
    if rng.chance(30) {
        d.set("status", status(g, rng));
    }
    d.id = make_id(&d.texts[0], pos);
    d
}

/// Count, seed, output folder, duplicate rate, truth file.
/// count, seed, output folder, share of planted duplicates, truth file.
pub type Options = (usize, u64, PathBuf, f64, Option<PathBuf>);

fn parse_args() -> Result<Options, String> {
    let (mut count, mut seed, mut dup_rate) = (0, 1, 0.0);
    let (mut out, mut truth) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let bad = |e: &dyn std::fmt::Display| format!("{flag} {value}: {e}");
        match flag.as_str() {
            "--count" => count = value.parse().map_err(|e| bad(&e))?,
            "--seed" => seed = value.parse().map_err(|e| bad(&e))?,
            "--dup-rate" => dup_rate = value.parse().map_err(|e| bad(&e))?,
            "--out" => out = Some(PathBuf::from(value)),
            "--truth" => truth = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    if !(0.0..1.0).contains(&dup_rate) {
        return Err("--dup-rate must be at least 0 and below 1".into());
    }
    match (count, out) {
        (1.., Some(out)) => Ok((count, seed, out, dup_rate, truth)),
        _ => Err("--count (at least 1) and --out are required".into()),
    }
}

/// Writes the corpus (and, with duplicates, the truth file listing the planted pairs).
pub fn run((count, seed, out, dup_rate, truth_file): Options) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        let out = out.display();
        return Err(format!("{out} is not empty: remove it or choose another"));
    }
    let g = Gen::new();
    for folder in g.list("folders") {
        std::fs::create_dir_all(out.join(folder)).map_err(|e| io(&out, e))?;
    }
    // The plan: which positions hold duplicates, of which original, of which kind (in turn).
    let dups = ((count as f64 * dup_rate).round() as usize).min(count - 1);
    let plan_rng = &mut Rng::new(seed, u64::MAX, 2);
    let mut order: Vec<usize> = (0..count).collect();
    plan_rng.shuffle(&mut order);
    let mut originals = order[dups..].to_vec();
    originals.sort_unstable();
    let mut plan: Vec<Option<(usize, &str)>> = vec![None; count];
    for (k, &pos) in order[..dups].iter().enumerate() {
        let kind = ["exact", "reworded", "appended"][k % 3];
        plan[pos] = Some((*plan_rng.pick(&originals), kind));
    }
    let (mut truth, mut bytes) = (Vec::new(), 0);
    for (pos, planned) in plan.into_iter().enumerate() {
        let rng = &mut Rng::new(seed, pos as u64, 3);
        let entry = if let Some((from, kind)) = planned {
            let source = original(&g, seed, from);
            let d = duplicate(&g, seed, pos, &source, kind);
            let mut pair = vec![("original", q(&source.id)), ("duplicate", q(&d.id))];
            pair.push(("kind", q(kind)));
            truth.push(obj(&pair, "  "));
            d
        } else {
            let mut e = original(&g, seed, pos);
            // A few entries replace an earlier original (which exists): exercises `supersedes`.
            let earlier = originals.partition_point(|&p| p < pos);
            if earlier > 0 && rng.chance(2) {
                let old = original(&g, seed, originals[rng.below(earlier)]);
                e.set("supersedes", strings(&[old.id]));
            }
            e
        };
        let text = entry.to_json();
        bytes += text.len();
        let folder = out.join(rng.pick(g.list("folders")));
        let path = folder.join(format!("{}.json", entry.id));
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    if dups > 0 || truth_file.is_some() {
        let name = out.file_name().unwrap_or("corpus".as_ref());
        let default = format!("{}-truth.json", name.to_string_lossy());
        let path = truth_file.unwrap_or(out.with_file_name(default));
        std::fs::write(&path, arr(&truth, "") + "\n").map_err(|e| io(&path, e))?;
        eprintln!("wrote {dups} planted pairs to {}", path.display());
    }
    let (n, out, mean) = (count, out.display(), bytes / count);
    eprintln!("wrote {n} entries ({dups} duplicates) to {out}: {bytes} bytes, mean {mean} bytes");
    Ok(())
}

fn main() -> std::process::ExitCode {
    match parse_args().and_then(run) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            eprintln!("usage: gen_corpus --count N --seed S --out DIR [--dup-rate R] [--truth F]");
            std::process::ExitCode::from(2)
        }
    }
}
