//! Schema errors → findings in plain words, with the fix.
//!
//! `jsonschema` reports what rule failed (`"x" is not one of [...]`); a contributor needs to know
//! which field, why, and what to write instead. This module names the field in words, quotes the
//! value, lists the allowed choices, and suggests the nearest one when a value looks like a typo.

use crate::diag::{Code, Diagnostic};
use crate::load::Document;
use crate::span::unescape_token;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

/// Names the value a pointer designates in words: `/sources/2/year` → "`year` of source 3".
pub fn describe_pointer(pointer: &str) -> String {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
    describe_tokens(&tokens)
}

fn describe_tokens(tokens: &[String]) -> String {
    match tokens {
        [] => "the entry".to_string(),
        [.., list, index] if index.parse::<usize>().is_ok() => {
            let n = index.parse::<usize>().unwrap_or(0) + 1;
            let item = format!("{} {n}", singular(list));
            let owner = &tokens[..tokens.len() - 2];
            if owner.is_empty() {
                item
            } else {
                format!("{item} of {}", describe_tokens(owner))
            }
        }
        [key] => format!("`{key}`"),
        [owner @ .., key] => format!("`{key}` of {}", describe_tokens(owner)),
    }
}

fn singular(list: &str) -> String {
    match list {
        "sources" => "source".into(),
        "recommendations" => "recommendation".into(),
        "modalities" => "modality".into(),
        "lifecycle" => "lifecycle stage".into(),
        "principles" => "principle".into(),
        "supersedes" => "`supersedes` item".into(),
        other => format!("`{other}` item"),
    }
}

/// The allowed value closest to `value`, if one is close enough to be a likely typo.
pub fn closest<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let value = value.trim().to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::jaro_winkler(&value, &a.to_lowercase()), *a))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|x, y| x.0.total_cmp(&y.0).then_with(|| y.1.cmp(x.1)))
        .map(|(_, a)| a)
}

/// A name as written, compared with the names it may stand for: lower case, without accents,
/// hyphens and underscores as spaces, white space folded (`Protección-de-datos` and
/// "protección de datos" are both `proteccion de datos`).
pub fn folded_name(text: &str) -> String {
    crate::normalize::stem::without_accents(&text.to_lowercase())
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The field an entry's field name written in French, Spanish or Portuguese stands for (field
/// names are English; found by a tester: `título` and `résumé` got the list of all fields),
/// accents and case aside.
fn field_translated(key: &str) -> Option<&'static str> {
    const NAMES: &[(&str, &[&str])] = &[
        ("title", &["titre", "titulo"]),
        ("summary", &["resume", "resumen", "resumo", "sommaire"]),
        (
            "body",
            &[
                "corps",
                "cuerpo",
                "corpo",
                "texte",
                "texto",
                "description",
                "descripcion",
                "descricao",
            ],
        ),
        (
            "recommendations",
            &["recommandations", "recomendaciones", "recomendacoes"],
        ),
        ("area", &["domaine", "ambito", "dominio"]),
        ("modalities", &["modalites", "modalidades"]),
        ("lifecycle", &["cycle de vie", "ciclo de vida"]),
        (
            "jurisdiction",
            &["juridiction", "jurisdiccion", "jurisdicao", "pays", "pais"],
        ),
        (
            "organization",
            &[
                "organisation",
                "organizacion",
                "organizacao",
                "organismo",
                "organisme",
            ],
        ),
        ("principles", &["principes", "principios"]),
        ("sources", &["fuentes", "fontes"]),
        (
            "contributor",
            &[
                "contributeur",
                "contribuyente",
                "colaborador",
                "auteur",
                "autor",
            ],
        ),
        ("submitted", &["soumis", "enviado", "date", "fecha", "data"]),
        ("language", &["langue", "idioma", "lengua", "lingua"]),
        ("license", &["licence", "licencia", "licenca"]),
        ("status", &["statut", "estado", "estatuto"]),
        ("instrument", &["instrumento"]),
        ("supersedes", &["remplace", "reemplaza", "substitui"]),
    ];
    let folded = folded_name(key);
    NAMES
        .iter()
        .find(|(_, names)| names.contains(&folded.as_str()))
        .map(|(field, _)| *field)
}

/// The first code point of each run of ten decimal digits that keyboards outside the Latin
/// script type (Arabic-Indic, Persian, Devanagari, Bengali, Thai, full-width), with its name.
const OTHER_DIGITS: &[(u32, &str)] = &[
    (0x0660, "Arabic-Indic"),
    (0x06F0, "Persian"),
    (0x0966, "Devanagari"),
    (0x09E6, "Bengali"),
    (0x0E50, "Thai"),
    (0xFF10, "full-width"),
];

/// `text` with the digits of another script written 0–9, and that script's name, when it holds
/// such digits (a contributor who wrote `٢٠٢١` did write a year, in their keyboard's digits).
fn with_latin_digits(text: &str) -> Option<(String, &'static str)> {
    let mut script = None;
    let latin: String = text
        .chars()
        .map(|c| {
            let found = OTHER_DIGITS
                .iter()
                .find(|(first, _)| (*first..*first + 10).contains(&(c as u32)));
            match found {
                Some((first, name)) => {
                    script = Some(*name);
                    char::from_digit(c as u32 - first, 10).unwrap_or(c)
                }
                None => c,
            }
        })
        .collect();
    Some((latin, script?))
}

/// Quotes a value for a message, shortened when long.
fn quote(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(57).collect::<String>())
    } else {
        text
    }
}

/// What a value is, in the words of the entry's own format: a Markdown entry's front matter is
/// YAML, where an empty value (`~`, `null`, nothing after the colon) is not "null".
fn type_words(value: &Value, yaml: bool) -> &'static str {
    match value {
        Value::Null if yaml => "empty",
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// What a value must be, in the words of the entry's format (JSON, or the YAML of a Markdown
/// entry's front matter, where texts need no quotes and lists may be written one item a line).
fn expected_words(kind: &TypeKind, yaml: bool) -> String {
    let one = |t: &jsonschema::JsonType| -> &'static str {
        match (t.to_string().as_str(), yaml) {
            ("string", false) => "a text in double quotes",
            ("string", true) => "a text",
            ("array", false) => "a list in square brackets `[ … ]`",
            ("array", true) => "a list (`[a, b]`, or one `- item` a line)",
            ("object", false) => "an object in braces `{ … }`",
            ("object", true) => "a group of fields indented under it",
            // In YAML a number needs no quotes, and a value such as `2021-2022` has none.
            ("integer", false) => "a whole number (without quotes)",
            ("integer", true) => "a whole number",
            ("number", false) => "a number (without quotes)",
            ("number", true) => "a number",
            ("boolean", _) => "true or false",
            _ => "null",
        }
    };
    match kind {
        TypeKind::Single(t) => one(t).to_string(),
        TypeKind::Multiple(ts) => ts.iter().map(|t| one(&t)).collect::<Vec<_>>().join(" or "),
    }
}

/// The last token of a pointer that names a field (skipping array indexes).
fn field_of(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .find(|t| t.parse::<usize>().is_err())
        .map(unescape_token)
        .unwrap_or_default()
}

/// The sub-schema `schema_path` points at (minus its last `steps` tokens).
fn schema_at<'s>(schema: &'s Value, schema_path: &str, steps: usize) -> Option<&'s Value> {
    let mut tokens: Vec<&str> = schema_path.split('/').collect();
    for _ in 0..steps {
        tokens.pop();
    }
    schema.pointer(&tokens.join("/"))
}

/// A text's length as its minimum counts it: a character of Chinese, Japanese or Korean (Han,
/// Kana, Hangul), which says what Latin script needs two or three letters for, counts as two.
pub fn length_for_minimum(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x11FF                 // Hangul Jamo
            | 0x3040..=0x30FF               // Hiragana, Katakana
            | 0x3130..=0x318F               // Hangul compatibility Jamo
            | 0x3400..=0x4DBF               // Han, extension A
            | 0x4E00..=0x9FFF               // Han
            | 0xAC00..=0xD7A3               // Hangul syllables
            | 0xF900..=0xFAFF               // Han compatibility ideographs
            | 0x20000..=0x3134F => 2,       // Han, extensions B–G
            _ => 1,
        })
        .sum()
}

/// One or more findings for one schema error.
pub fn from_schema_error(
    doc: &Document,
    error: &ValidationError<'_>,
    schema: &Value,
) -> Vec<Diagnostic> {
    let pointer = error.instance_path().as_str().to_string();
    let what = describe_pointer(&pointer);
    let instance = error.instance();
    let schema_path = error.schema_path().as_str().to_string();
    let field = field_of(&pointer);
    let yaml = crate::load::is_markdown(&doc.path);
    let one = |code: Code, message: String, hint: Option<String>| {
        let d = doc.diagnostic(code, &pointer, message, false);
        vec![match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }]
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = schema_at(schema, &schema_path, 1)
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| p.keys().map(String::as_str).collect())
                .unwrap_or_default();
            let owner = if pointer.is_empty() {
                "a practice entry".to_string()
            } else {
                what.clone()
            };
            // The fields a Markdown entry's front matter takes: its body and recommendations are
            // the text below it, and `$schema` belongs to JSON (found by a tester: listed, then
            // refused when written).
            let listed: Vec<&str> = allowed
                .iter()
                .copied()
                .filter(|f| {
                    !(yaml
                        && pointer.is_empty()
                        && ["$schema", "body", "recommendations"].contains(f))
                })
                .collect();
            unexpected
                .iter()
                .map(|key| {
                    let mut member = pointer.clone();
                    crate::span::push_token(&mut member, key);
                    let translated = pointer
                        .is_empty()
                        .then(|| field_translated(key))
                        .flatten()
                        .filter(|f| listed.contains(f));
                    // `description:` or `corps:` in a front matter: the text below it.
                    let below = yaml
                        && pointer.is_empty()
                        && matches!(field_translated(key), Some("body" | "recommendations"));
                    let hint = match translated.or_else(|| closest(key, &listed)) {
                        _ if below => "a Markdown entry's description and its recommendations are the text after the front matter's closing `---` line (the recommendations under `## Recommendations`); move it there".to_string(),
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("the fields of {owner} are: {}", listed.join(", ")),
                    };
                    doc.diagnostic(
                        Code::UnknownField,
                        &member,
                        format!("`{key}` is not a field of {owner}"),
                        true,
                    )
                    .with_hint(hint)
                })
                .collect()
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let description = schema_at(schema, &schema_path, 1)
                .and_then(|s| s.pointer(&format!("/properties/{name}/description")))
                .and_then(Value::as_str);
            let message = if pointer.is_empty() {
                format!("the required field `{name}` is missing")
            } else {
                format!("{what} lacks the required field `{name}`")
            };
            // Entries written before version 2 of the schema lack its two new fields.
            let new_in_v2 =
                pointer.is_empty() && matches!(name, "recommendations_by" | "instrument");
            let hint = description.map(|d| {
                // In a Markdown entry the recommendations are no field of the front matter
                // (found by a tester: following "add `recommendations`" gave another error).
                if yaml && pointer.is_empty() && name == "recommendations" {
                    "add a heading `## Recommendations` at the end of the file, with one `- ` item per step under it".to_string()
                } else if yaml && pointer.is_empty() && name == "body" {
                    "write the description below the front matter's closing `---`".to_string()
                } else if new_in_v2 {
                    format!("version 2 of the entry schema (December 2026) requires `{name}`; add it: {d}")
                } else {
                    format!("add `{name}`: {d}")
                }
            });
            one(Code::MissingField, message, hint)
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<&str> = options
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if field == "jurisdiction" {
                return pattern_finding(&field, &what, instance, yaml, one);
            }
            let value = instance.as_str().unwrap_or_default();
            // An allowed value with a character that shows nothing (a no-break space a word
            // processor added, a zero-width space): "did you mean" would repeat what the reader
            // sees; the character is named instead (found by a tester).
            let unseen = crate::error::invisible;
            let bare: String = value.chars().filter(|&c| !unseen(c)).collect();
            let odd = value.chars().find(|&c| unseen(c) && c != ' ');
            // `face - fingerprint`: in a front matter, a list item indented more than the one
            // above is joined to it; "did you mean `face`?" would drop the second (found by a
            // tester).
            let joined: Vec<&str> = value.split(" - ").collect();
            let joined_items =
                yaml && joined.len() > 1 && joined.iter().all(|v| allowed.contains(v));
            let hint = match (odd, allowed.contains(&bare.as_str())) {
                _ if joined_items => format!(
                    "these are {} items joined into one: YAML joins a `- ` line indented more than the one above it to that item; put each `- ` at the same indentation",
                    joined.len()
                ),
                (Some(c), true) => format!(
                    "it holds an invisible character (U+{:04X}) that looks like nothing or like a space: delete it, or retype `{bare}`",
                    u32::from(c)
                ),
                _ => match closest(value, &allowed) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "write one of the allowed values exactly as listed".to_string(),
                },
            };
            one(
                Code::NotAllowed,
                format!(
                    "{what}: {} is not allowed; it must be one of {}",
                    quote(instance),
                    allowed.join(", ")
                ),
                Some(hint),
            )
        }
        // A number with a fraction where a whole number is needed (`year: 2017.5`): "not a
        // number" would contradict the number shown (found by a tester).
        ValidationErrorKind::Type {
            kind: TypeKind::Single(t),
        } if instance.is_f64() && t.to_string() == "integer" => one(
            Code::WrongType,
            format!("{what} must be a whole number, not {}", quote(instance)),
            (field == "year").then(|| "write the year alone, such as 2017".into()),
        ),
        ValidationErrorKind::Type { kind } => {
            // A number in another script's digits is read as a text (found by a tester: "not
            // a text" was all an Arabic-speaking contributor was told of `year: ٢٠٢١`).
            let digits = instance
                .as_str()
                .and_then(with_latin_digits)
                .filter(|(latin, _)| latin.trim().parse::<u64>().is_ok());
            match digits {
                Some((latin, script)) => one(
                    Code::WrongType,
                    format!(
                        "{what} must be {}, written with the digits 0–9; {} is written with {script} digits",
                        expected_words(kind, yaml),
                        quote(instance)
                    ),
                    Some(format!("write {}", latin.trim())),
                ),
                None => one(
                    Code::WrongType,
                    format!(
                        "{what} must be {}, not {}",
                        expected_words(kind, yaml),
                        type_words(instance, yaml)
                    ),
                    if yaml && instance.is_null() {
                        Some("write the value after the colon (in YAML, `~`, `null` or nothing there means no value)".into())
                    } else if field == "year" && instance.is_string() {
                        // `2021-2022`, `二〇二一`: what to write (found by a tester).
                        Some("write the year the source was published, alone, with the digits 0–9 and without quotes, such as 2021".into())
                    } else {
                        None
                    },
                ),
            }
        }
        ValidationErrorKind::MinLength { limit } => {
            let text = instance.as_str().unwrap_or("");
            let n = text.chars().count();
            // Only in the texts that say what the practice is: a name or a publisher of one
            // character is no name.
            let prose = matches!(
                field.as_str(),
                "title" | "summary" | "body" | "recommendations" | "reason"
            );
            let weighted = if prose { length_for_minimum(text) } else { n };
            if weighted >= *limit as usize {
                return Vec::new();
            }
            let counted = if weighted > n {
                format!(" (counting a Chinese, Japanese or Korean character as two: {weighted})")
            } else {
                String::new()
            };
            one(
                Code::TooShort,
                format!(
                    "{what} is {n} {} long{counted}; it must have at least {limit}",
                    if n == 1 { "character" } else { "characters" }
                ),
                if pointer.starts_with("/sources/") && field == "title" {
                    // A source's title is not a practice's (found by a tester).
                    Some("give the source's full title, as it is published".into())
                } else {
                    (!pointer.starts_with("/sources/")
                        && matches!(
                            field.as_str(),
                            "title" | "summary" | "body" | "recommendations"
                        ))
                    .then(|| "say a little more: who does what, and under which safeguard".into())
                },
            )
        }
        ValidationErrorKind::MaxLength { limit } => {
            let n = instance.as_str().map_or(0, |s| s.chars().count());
            one(
                Code::TooLong,
                format!(
                    "{what} is {n} {} long; it may have at most {limit}",
                    if n == 1 { "character" } else { "characters" }
                ),
                None,
            )
        }
        ValidationErrorKind::MinItems { limit } => {
            let message = if *limit == 1 {
                format!("{what} is empty; it needs at least one item")
            } else {
                format!(
                    "{what} has {} items; it needs at least {limit}",
                    instance.as_array().map_or(0, Vec::len)
                )
            };
            one(Code::TooFewItems, message, None)
        }
        ValidationErrorKind::MaxItems { limit } => one(
            Code::TooManyItems,
            format!(
                "{what} has {} items; it may have at most {limit}",
                instance.as_array().map_or(0, Vec::len)
            ),
            None,
        ),
        ValidationErrorKind::UniqueItems => {
            let repeated = instance.as_array().and_then(|items| {
                items
                    .iter()
                    .enumerate()
                    .find_map(|(i, a)| items[..i].contains(a).then(|| (i, quote(a))))
            });
            let Some((index, value)) = repeated else {
                return one(
                    Code::RepeatedItem,
                    format!("{what} lists a value more than once"),
                    None,
                );
            };
            let item = format!("{pointer}/{index}");
            vec![doc
                .diagnostic(
                    Code::RepeatedItem,
                    &item,
                    format!("{what} lists {value} more than once"),
                    false,
                )
                .with_hint("remove the repeated item")]
        }
        ValidationErrorKind::Minimum { limit } => one(
            Code::OutOfRange,
            format!("{what} is {}; it must be at least {limit}", quote(instance)),
            instance
                .as_i64()
                .filter(|_| field == "year")
                .and_then(year_of_another_calendar),
        ),
        ValidationErrorKind::Maximum { limit } => one(
            Code::OutOfRange,
            format!("{what} is {}; it must be at most {limit}", quote(instance)),
            instance
                .as_i64()
                .filter(|_| field == "year")
                .and_then(year_of_another_calendar),
        ),
        ValidationErrorKind::Format { format } => {
            let (code, problem, hint) = match format.as_str() {
                "date" => (
                    Code::InvalidDate,
                    "is not a real date",
                    "write a real calendar date as YYYY-MM-DD, for example 2026-02-28",
                ),
                "email" => (
                    Code::InvalidEmail,
                    "is not a valid e-mail address",
                    "write an address such as name@example.org",
                ),
                "uri" if instance.as_str().is_some_and(|u| u.starts_with("https://")) => (
                    Code::InvalidUrl,
                    "holds a character a web address cannot",
                    URL_CHARACTERS,
                ),
                "uri" => (
                    Code::InvalidUrl,
                    "is not a valid web address",
                    "write the full address, starting with https://",
                ),
                _ => (
                    Code::SchemaViolation,
                    "does not have the expected form",
                    "check the format of this value",
                ),
            };
            one(
                code,
                format!("{what}: {} {problem}", quote(instance)),
                Some(hint.to_string()),
            )
        }
        ValidationErrorKind::Pattern { .. } => {
            let mut found = pattern_finding(&field, &what, instance, yaml, one);
            // A hidden character is pointed at itself, not at the start of its text.
            let value = instance.as_str().unwrap_or_default();
            if let Some(c) = first_hidden(&field, value) {
                for d in found
                    .iter_mut()
                    .filter(|d| d.code == Code::ControlCharacter)
                {
                    if let Some((line, column, width)) = doc.locate_character(&pointer, c) {
                        *d = d.clone().at(line, column, width);
                    }
                }
            }
            found
        }
        ValidationErrorKind::Not { .. } if field == "id" => one(
            Code::InvalidId,
            format!(
                "{what}: {} is reserved for the editors' duplicate decisions file",
                quote(instance)
            ),
            Some("choose another id".into()),
        ),
        _ => one(Code::SchemaViolation, format!("{what}: {error}"), None),
    }
}

/// The finding's message for a text holding a character the schema does not allow there:
/// which character (by its code, since it shows nothing), and the words just before it, so that
/// it can be found in a long text. Texts of several lines may hold line breaks and tabs.
/// The first character of `value` that `field` may not hold: an invisible one, or a line break
/// or tab outside the body and the summary (the only texts that may run over several lines, the
/// schema's rule).
fn first_hidden_at(field: &str, value: &str) -> Option<(usize, char)> {
    let several_lines = field == "summary" || field == "body";
    let refused =
        |c: char| crate::error::hidden(c) && !(several_lines && matches!(c, '\n' | '\t' | '\r'));
    value.char_indices().find(|&(_, c)| refused(c))
}

fn first_hidden(field: &str, value: &str) -> Option<char> {
    first_hidden_at(field, value).map(|(_, c)| c)
}

fn hidden_character(what: &str, field: &str, value: &str) -> String {
    let Some((at, c)) = first_hidden_at(field, value) else {
        return format!("{what} contains a line break, tab or another invisible control character");
    };
    let kind = match c {
        '\n' | '\r' => "a line break",
        '\t' => "a tab",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator from a word processor",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            "an invisible character that changes the direction of the text"
        }
        _ => "an invisible control character",
    };
    // The words before it on its own line.
    let line = value[..at].rsplit(['\n', '\r']).next().unwrap_or_default();
    let before: Vec<char> = line.chars().collect();
    let context: String = before[before.len().saturating_sub(30)..]
        .iter()
        .map(|&c| if crate::error::hidden(c) { ' ' } else { c })
        .collect();
    let place = if context.trim().is_empty() {
        "at its start".to_string()
    } else {
        format!("just after \"{}\"", context.trim_start())
    };
    format!("{what} contains {kind} (U+{:04X}) {place}", u32::from(c))
}

/// What a web address may not hold as it is, and how to write it instead.
const URL_CHARACTERS: &str = "a web address cannot hold spaces, quotes, `<`, `>`, `{`, `}`, `|` or `\\` as they are: write them percent-encoded (a space as %20, a quote as %22)";

fn pattern_finding(
    field: &str,
    what: &str,
    instance: &Value,
    yaml: bool,
    one: impl Fn(Code, String, Option<String>) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let value = instance.as_str().unwrap_or_default();
    let shown = quote(instance);
    match field {
        "id" | "supersedes" | "principles" | "principle" => {
            let slug = slugify(value);
            let other_script = value
                .chars()
                .any(|c| c.is_alphabetic() && !c.is_ascii() && slugify(&c.to_string()).is_empty());
            let hint = if other_script {
                "an id uses only the Latin letters a-z, the digits 0-9 and single hyphens: write its words in Latin letters (transliterated), such as `rossiya-biometriya` for россия-биометрия".to_string()
            } else if slug.len() >= 3 && slug != value {
                format!("use lower-case letters and digits in words joined by single hyphens, such as `{slug}`")
            } else {
                "use lower-case letters and digits in words joined by single hyphens, such as `eu-ees-retention-limits`".into()
            };
            one(Code::InvalidId, format!("{what}: {shown} is not a valid id"), Some(hint))
        }
        "jurisdiction" => {
            let upper = value.trim().to_uppercase();
            let hint = if upper == "UK" {
                "did you mean `GB`? GB is the ISO 3166-1 code of the United Kingdom".to_string()
            } else if upper == "EL" {
                // The European Union's own code for Greece (found by a tester).
                "did you mean `GR`? EL is the European Union's code for Greece; GR is its ISO 3166-1 code".to_string()
            } else if let Some((code, how)) = country_written_otherwise(value) {
                format!("did you mean `{code}`? {how}")
            } else if upper != value
                && (upper.len() == 2 || upper == "INT")
                && upper.chars().all(|c| c.is_ascii_uppercase())
            {
                format!("did you mean `{upper}`?")
            } else {
                "use a two-letter ISO 3166-1 country code in capitals (GB, FR, KE), EU for the European Union, or INT for international bodies (a regional body other than the EU, such as the African Union, ECOWAS or ASEAN, is INT, named in `organization`; AU is Australia)".into()
            };
            one(Code::InvalidJurisdiction, format!("{what}: {shown} is not an ISO 3166-1 country code, EU or INT"), Some(hint))
        }
        "language" => {
            let canonical = canonical_language(value);
            let well_formed = canonical.split('-').enumerate().all(|(i, part)| {
                let letters = part.chars().all(|c| c.is_ascii_alphabetic());
                match i {
                    0 => letters && (2..=3).contains(&part.len()),
                    _ => (letters && (part.len() == 2 || part.len() == 4))
                        || (part.len() == 3 && part.chars().all(|c| c.is_ascii_digit())),
                }
            });
            let hint = if let Some((code, name)) = language_named(value).filter(|_| written_as_name(value)) {
                format!("did you mean `{code}` ({name})? `language` takes the language's code, not its name")
            } else if canonical != value && well_formed {
                // Say only what the tag has (found by a tester: `EN` was told of a region, and
                // `zh-hans`'s script was called a region in capitals).
                let parts: Vec<&str> = canonical.split('-').collect();
                let mut how = vec!["language in lower case"];
                if parts.iter().skip(1).any(|p| p.len() == 4) {
                    how.push("script with a capital first letter");
                }
                if parts.iter().skip(1).any(|p| p.len() != 4) {
                    how.push("region in capitals");
                }
                format!("write it as `{canonical}` ({})", how.join(", "))
            } else {
                "use a BCP 47 tag: en, fr, es, ar, ru, zh, or with a region such as pt-BR".into()
            };
            // A tag in another case is a tag (they are case-insensitive), written otherwise than
            // the tool keeps it (found by a tester: `pt-br` "is not a language tag").
            let named = language_named(value).filter(|_| written_as_name(value)).is_some();
            let message = if canonical != value && well_formed && !named {
                format!("{what}: {shown} is not written in the usual case of a language tag")
            } else {
                format!("{what}: {shown} is not a language tag")
            };
            one(Code::InvalidLanguage, message, Some(hint))
        }
        "license" => one(
            Code::InvalidLicense,
            format!("{what}: {shown} is not an SPDX licence identifier"),
            Some("use an identifier such as CC-BY-4.0 (the usual choice), CC0-1.0 or CC-BY-SA-4.0".into()),
        ),
        "email" => {
            // `name(at)example.org`, `name [at] example.org`: written so to escape address
            // harvesters (found by a tester, who was told of a name or angle brackets).
            let lower = value.to_lowercase();
            let hint = if !value.contains('@')
                && ["(at)", "[at]", "{at}"].iter().any(|at| lower.contains(at))
            {
                "write the address with `@` in place of \"(at)\", such as name@example.org".into()
            } else {
                "write only the address, such as name@example.org, without a name or angle brackets".into()
            };
            one(Code::InvalidEmail, format!("{what}: {shown} is not a plain e-mail address"), Some(hint))
        }
        // The address starts right but holds a space or line break (the pattern allows none).
        "url" if value.starts_with("https://") => one(
            Code::InvalidUrl,
            format!("{what}: {shown} holds a space or line break, which a web address cannot"),
            Some(format!("{URL_CHARACTERS}; copy the address from the browser's address bar")),
        ),
        "url" => {
            // An address written without its scheme (`www.…`, as a browser shows it) or with
            // `http://`: say what to write (found by a tester, who was told to leave it out).
            let trimmed = value.trim();
            let bare = trimmed
                .strip_prefix("http://")
                .or_else(|| trimmed.strip_prefix("HTTP://"))
                .unwrap_or(trimmed);
            let host = bare.split('/').next().unwrap_or_default();
            let looks_like_address = !bare.contains("://")
                && !bare.chars().any(char::is_whitespace)
                && host.contains('.')
                && !host.contains('@')
                && host.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
            let hint = if looks_like_address && bare.len() < trimmed.len() {
                format!("only secure https:// addresses are accepted: write `https://{bare}` if the page opens at that address, or leave `url` out")
            } else if looks_like_address {
                format!("write the address in full, with `https://`: `https://{bare}`")
            } else {
                "only secure https:// addresses are accepted; leave `url` out if the source has none".into()
            };
            one(Code::InvalidUrl, format!("{what}: {shown} is not an https:// address"), Some(hint))
        }
        "submitted" => match with_latin_digits(value) {
            Some((latin, script)) => one(
                Code::InvalidDate,
                format!("{what}: {shown} is written with {script} digits; a date is written YYYY-MM-DD with the digits 0–9"),
                // The value to write, when it has the date's form (a real date is checked next).
                Some(
                    if date_shaped(&latin) {
                        format!("write `{latin}`")
                    } else {
                        "write the date as YYYY-MM-DD with the digits 0–9, for example 2026-02-28".into()
                    },
                ),
            ),
            // A date of the right form whose year is out of range.
            None if date_shaped(value) => {
                one(
                    Code::InvalidDate,
                    format!("{what}: {shown} cannot be the date an entry was submitted: its year must be between 1990 and 2099 in the Gregorian calendar"),
                    Some(submitted_in_another_calendar(value)),
                )
            }
            None => one(
                Code::InvalidDate,
                format!("{what}: {shown} is not a date written YYYY-MM-DD"),
                Some("write the date as YYYY-MM-DD, for example 2026-02-28".into()),
            ),
        },
        // One line and a line break after it: a YAML `|` block keeps the break at its end (found
        // by a tester: "keep it on one line" was no help for a title already on one line).
        _ if yaml
            && value.ends_with('\n')
            && !value.trim_end_matches('\n').contains(['\n', '\r', '\t'])
            && first_hidden(field, value.trim_end_matches('\n')).is_none() =>
        {
            one(
                Code::ControlCharacter,
                format!("{what} ends with a line break (U+000A), which a YAML `|` block keeps after the last line"),
                Some(format!("write `{field}: >-` instead of `{field}: |`, or put the text on the same line as `{field}:`")),
            )
        }
        _ => one(
            Code::ControlCharacter,
            hidden_character(what, field, value),
            Some(match first_hidden_at(field, value) {
                // Between two words of a text, a tab or a line break stands for a space (found by
                // a tester: removing it glued "Españoles" and "y" together); in a code, an
                // address or at an end, it goes.
                Some((at, '\t' | '\n' | '\r'))
                    if !matches!(field, "id" | "url" | "email" | "jurisdiction" | "language" | "license" | "submitted")
                    && value[..at].ends_with(|c: char| !c.is_whitespace())
                    && value[at + 1..].starts_with(|c: char| !c.is_whitespace()) =>
                {
                    "replace it with an ordinary space, keeping the text on one line".into()
                }
                // A word processor's separator stands for a line break (found by a tester).
                Some((_, '\u{2028}' | '\u{2029}')) if matches!(field, "summary" | "body") => {
                    "replace it with an ordinary line break (Enter)".into()
                }
                Some((_, '\u{2028}' | '\u{2029}')) => {
                    "replace it with an ordinary space, keeping the text on one line".into()
                }
                _ => "remove the invisible character; retype the text if you cannot see it".into(),
            }),
        ),
    }
}

/// The two-letter code of a country written by its three-letter code (`ESP`, `ken`) or its
/// English name (`France`, `Cote d'Ivoire`, `United Kingdom`), with what was written in words:
/// found by a tester, who got only the generic hint for what contributors most often type.
fn country_written_otherwise(written: &str) -> Option<(&'static str, String)> {
    use isocountry::CountryCode;
    let written = written.trim();
    if written.len() == 3 && written.chars().all(|c| c.is_ascii_alphabetic()) {
        let country = CountryCode::for_alpha3_caseless(written).ok()?;
        return Some((
            country.alpha2(),
            format!(
                "{} is the three-letter code of {}; `jurisdiction` takes the two-letter ISO 3166-1 code",
                written.to_uppercase(),
                country.name()
            ),
        ));
    }
    // Compared as ids are made: lower case, no accents, words joined by hyphens.
    let folded = slugify(written);
    if folded.len() < 4 {
        return None;
    }
    let mut matching = CountryCode::iter().filter(|country| {
        let name = slugify(country.name());
        // "Bolivia (Plurinational State of)": the name before the bracket; "United Kingdom of
        // Great Britain …": the name before "of".
        let short = slugify(country.name().split(" (").next().unwrap_or_default());
        name == folded || short == folded || name.starts_with(&format!("{folded}-of-"))
    });
    // Only a name that is one country's: "Korea" is two (found by a reviewer: told North
    // Korea's code).
    let country = matching.next()?;
    if matching.next().is_some() {
        return None;
    }
    Some((
        country.alpha2(),
        format!(
            "`jurisdiction` takes the two-letter ISO 3166-1 code of {}, not its name",
            country.name()
        ),
    ))
}

/// Whether a name is the African Union's, in its working languages (English, French, Spanish,
/// Portuguese, Arabic, Swahili), case and accents aside, or its French and Spanish initials.
pub fn names_the_african_union(name: &str) -> bool {
    let folded = crate::normalize::text::fold_for_comparison(name);
    let words: Vec<&str> = folded.split(' ').collect();
    [
        "african union",
        "union africaine",
        "union africana",
        "unión africana",
        "união africana",
        "الاتحاد الافريقي",
        "الاتحاد الأفريقي",
        "الاتحاد الإفريقي",
        "umoja wa afrika",
    ]
    .iter()
    .any(|phrase| {
        let phrase: Vec<&str> = phrase.split(' ').collect();
        words.windows(phrase.len()).any(|w| w == phrase.as_slice())
    })
}

/// What a source's year outside the range may be: a year of the Buddhist era (Thailand: 543
/// more than the Gregorian), of the Islamic (Hijri) calendar or of the Solar Hijri calendar
/// (Iran, Afghanistan), as printed on the source; said with the Gregorian year it stands for
/// (found by a tester, whose contributor was told she made a typo).
fn year_of_another_calendar(year: i64) -> Option<String> {
    let readings = calendar_readings(year);
    if readings.is_empty() {
        return None;
    }
    Some(format!(
        "{year} may be {}: `year` takes the Gregorian year the source was published in (the source's own year can stay in its title)",
        readings.join(", or ")
    ))
}

/// What a year outside the Gregorian years a text can bear may be in another calendar (see
/// [`year_of_another_calendar`]), each reading said with the Gregorian year it stands for.
fn calendar_readings(year: i64) -> Vec<String> {
    const RANGE: std::ops::RangeInclusive<i64> = 1948..=2100;
    // Only a number that could be a year of one of them (and no arithmetic can overflow).
    if !(1000..=3000).contains(&year) {
        return Vec::new();
    }
    let mut readings = Vec::new();
    if RANGE.contains(&(year - 543)) {
        readings.push(format!(
            "a year of the Buddhist era (Thailand), which is {} in the Gregorian calendar",
            year - 543
        ));
    }
    // A Hijri year of 354 days: the Gregorian year in which it starts, and the next.
    let hijri = (year as f64 * 0.970_229 + 621.564_3).floor() as i64;
    if RANGE.contains(&hijri) {
        readings.push(format!(
            "a year of the Islamic (Hijri) calendar, which falls in {hijri}–{}",
            hijri + 1
        ));
    }
    if RANGE.contains(&(year + 621)) {
        readings.push(format!(
            "a year of the Solar Hijri calendar (Iran, Afghanistan), which falls in {}–{}",
            year + 621,
            year + 622
        ));
    }
    readings
}

/// Whether a text has the form `NNNN-NN-NN` in ASCII digits (whether the date is real is
/// checked apart).
fn date_shaped(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The help for a submission date whose year no entry can bear (before 1990 or after 2099):
/// most likely a date of another calendar, which would also decide which of two copies is kept
/// (found by a tester: a copy "submitted in 1405" was kept before one of 2026). A Buddhist-era
/// date keeps the Gregorian month and day, so its fix is exact.
fn submitted_in_another_calendar(value: &str) -> String {
    let is_leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let year: i64 = value[..4].parse().unwrap_or_default();
    let readings = calendar_readings(year);
    match readings.as_slice() {
        [] => "write the date the entry was submitted, in the Gregorian calendar, as YYYY-MM-DD"
            .into(),
        // The same month and day, when that day exists in the Gregorian year (29 February may
        // not: found by a reviewer).
        [one]
            if one.starts_with("a year of the Buddhist era")
                && (!value.ends_with("-02-29") || is_leap(year - 543)) =>
        {
            format!("{year} may be {one}: write `{}{}`", year - 543, &value[4..])
        }
        _ => format!(
            "{year} may be {}: write the date in the Gregorian calendar, as YYYY-MM-DD",
            readings.join(", or ")
        ),
    }
}

/// `EN-gb` → `en-GB`: a language tag in its usual case (language lower, script title, region upper).
/// The code of a language written by its English name or its own (`Arabic`, `Português`,
/// `Español`): found by a tester, who got only the generic hint for the most common mistake.
fn language_named(written: &str) -> Option<(String, &'static str)> {
    use isolang::Language;
    let written = written.trim();
    let language = Language::from_name_lowercase(&written.to_lowercase())
        .or_else(|| Language::from_autonym(written))
        .or_else(|| {
            // An autonym written with a capital first letter where the language writes none.
            let mut chars = written.chars();
            let first = chars.next()?;
            Language::from_autonym(&first.to_lowercase().chain(chars).collect::<String>())
        })?;
    let code = language.to_639_1().unwrap_or_else(|| language.to_639_3());
    Some((code.to_string(), language.to_name()))
}

/// Whether a value of `language` looks like a language's name rather than a code written in the
/// wrong case: longer than three letters, or three with only the first a capital (`Ewe`, not
/// `EN`, `Fr` or `ENG`).
fn written_as_name(value: &str) -> bool {
    let mut chars = value.chars();
    let first_capital = chars.next().is_some_and(char::is_uppercase);
    match value.chars().count() {
        0..=2 => false,
        3 => first_capital && chars.all(char::is_lowercase),
        _ => true,
    }
}

fn canonical_language(tag: &str) -> String {
    tag.trim()
        .split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_lowercase(),
            (_, 4) => {
                let lower = part.to_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            _ => part.to_uppercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Codes people write for a language that are no language code: a country's code (`jp`, `cn`),
/// a shortening (`sp`), a withdrawn code (`iw`), or a bibliographic ISO 639-2 code (`fre`,
/// `ger`), each with the code meant.
const LANGUAGE_SLIPS: &[(&str, &str)] = &[
    ("jp", "ja"),
    ("cn", "zh"),
    ("sp", "es"),
    ("esp", "es"),
    ("gr", "el"),
    ("dk", "da"),
    ("cz", "cs"),
    ("ua", "uk"),
    ("il", "he"),
    ("iw", "he"),
    ("in", "id"),
    ("ji", "yi"),
    ("rs", "sr"),
    ("mo", "ro"),
    ("gb", "en"),
    ("us", "en"),
    ("fre", "fr"),
    ("ger", "de"),
    ("chi", "zh"),
    ("dut", "nl"),
    ("per", "fa"),
    ("cze", "cs"),
    ("gre", "el"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("bur", "my"),
    ("geo", "ka"),
    ("ice", "is"),
    ("mac", "mk"),
    ("mao", "mi"),
    ("may", "ms"),
    ("rum", "ro"),
    ("slo", "sk"),
    ("tib", "bo"),
    ("wel", "cy"),
    ("alb", "sq"),
];

/// Why a well-formed language tag names no language, and what to write instead: its first part
/// must be an ISO 639-1 code (two letters), or an ISO 639-3 code (three letters) for a language
/// that has no two-letter code, as BCP 47 asks. `None` when it names a language. The tagger
/// and the duplicate finder read a text by its language: a wrong code makes them read a Spanish
/// text as English (found by a tester: `spa` passed, and entries lost every suggested tag).
pub fn unknown_language(tag: &str) -> Option<(String, String)> {
    use isolang::Language;
    let primary = tag.split('-').next().unwrap_or_default();
    let rest = &tag[primary.len()..];
    let named = |code: &str| {
        let name = Language::from_639_1(code)
            .or_else(|| Language::from_639_3(code))
            .map_or("", |l| l.to_name());
        format!("`{code}{rest}` ({name})")
    };
    if primary.len() == 2 && Language::from_639_1(primary).is_some() {
        return None;
    }
    // Codes for no language in particular: a practice's text is in one (found by a reviewer).
    if ["und", "mul", "mis", "zxx"].contains(&primary) {
        return Some((
            format!("`{tag}` names no language, but the text of a practice is written in one"),
            "give the language the entry is written in: en, fr, es, ar, ru, zh, pt, sw…".into(),
        ));
    }
    if let Some(language) = Language::from_639_3(primary).filter(|_| primary.len() == 3) {
        let two = language.to_639_1()?;
        return Some((
            format!(
                "`{tag}` uses the three-letter code of {}, where language tags use its two-letter code",
                language.to_name()
            ),
            format!("write {}", named(two)),
        ));
    }
    let hint = match LANGUAGE_SLIPS.iter().find(|(slip, _)| *slip == primary) {
        Some((_, meant)) => format!("did you mean {}?", named(meant)),
        None => "use the two-letter ISO 639-1 code of the language of the text: en, fr, es, ar, ru, zh, pt, sw…, with a region if needed (pt-BR)".to_string(),
    };
    Some((format!("`{tag}` is not the code of a language"), hint))
}

/// A best guess at the id someone meant: lower case, words joined by single hyphens, letters
/// without their accents (`Rétention des données` → `retention-des-donnees`).
pub fn slugify(text: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let mut out = String::new();
    let bare = text.nfd().filter(|&c| !is_combining_mark(c));
    for c in bare.flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The scripts (ISO 15924) a language is written in, for the languages whose script is not in
/// doubt; a script subtag (`sr-Latn`, `zh-Hant`) decides when the tag has one. `None`: no check.
fn usual_scripts(tag: &str) -> Option<&'static [&'static str]> {
    const BY_SCRIPT: &[(&[&str], &[&str])] = &[
        (
            &["Latn"],
            &[
                "en", "fr", "es", "pt", "de", "it", "nl", "sw", "id", "ms", "tr", "vi", "pl", "ro",
                "cs", "sk", "hu", "sv", "da", "nb", "nn", "no", "fi", "et", "lv", "lt", "sl", "hr",
                "bs", "sq", "ca", "gl", "eu", "ga", "mt", "is", "tl", "so", "ha", "yo", "ig", "zu",
                "xh", "af", "rw", "rn", "mg", "wo", "ff", "lb", "cy", "qu", "ht",
            ],
        ),
        (&["Arab"], &["ar", "fa", "ur", "ps", "ckb", "sd", "ug"]),
        (
            &["Cyrl"],
            &["ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn"],
        ),
        (&["Grek"], &["el"]),
        (&["Hebr"], &["he", "yi"]),
        (&["Armn"], &["hy"]),
        (&["Geor"], &["ka"]),
        (&["Deva"], &["hi", "mr", "ne"]),
        (&["Beng"], &["bn", "as"]),
        (&["Taml"], &["ta"]),
        (&["Telu"], &["te"]),
        (&["Gujr"], &["gu"]),
        (&["Knda"], &["kn"]),
        (&["Mlym"], &["ml"]),
        (&["Guru"], &["pa"]),
        (&["Sinh"], &["si"]),
        (&["Thai"], &["th"]),
        (&["Laoo"], &["lo"]),
        (&["Khmr"], &["km"]),
        (&["Mymr"], &["my"]),
        (&["Ethi"], &["am", "ti"]),
        (&["Hang", "Hani"], &["ko"]),
        (&["Hani"], &["zh"]),
        (&["Hani", "Hira", "Kana"], &["ja"]),
    ];
    const SUBTAGS: &[(&str, &[&str])] = &[
        ("Latn", &["Latn"]),
        ("Arab", &["Arab"]),
        ("Cyrl", &["Cyrl"]),
        ("Deva", &["Deva"]),
        ("Hans", &["Hani"]),
        ("Hant", &["Hani"]),
        ("Hani", &["Hani"]),
        ("Jpan", &["Hani", "Hira", "Kana"]),
        ("Kore", &["Hang", "Hani"]),
    ];
    let mut parts = tag.split('-');
    let primary = parts.next()?;
    if let Some(script) = parts.next().filter(|p| p.len() == 4) {
        return SUBTAGS
            .iter()
            .find(|(subtag, _)| subtag.eq_ignore_ascii_case(script))
            .map(|(_, scripts)| *scripts);
    }
    BY_SCRIPT
        .iter()
        .find(|(_, languages)| languages.contains(&primary))
        .map(|(scripts, _)| *scripts)
}

/// A warning when an entry's texts are written mostly in another script than its `language`
/// is written in (an entry written in Arabic kept `new`'s default `en`, and the tagger and the
/// edition read it as English; found by a tester): the message and the hint. Only letters count
/// (not digits, punctuation or marks), and only when there are at least 20 of them and fewer
/// than a fifth are in the language's script, so that names, acronyms and addresses in another
/// script never set it off.
pub fn script_mismatch<'t>(
    tag: &str,
    texts: impl IntoIterator<Item = &'t str>,
) -> Option<(String, String)> {
    use unicode_script::{Script, UnicodeScript};
    // A tag not written as BCP 47 writes it (`zh-hans`) is a finding of its own already.
    if canonical_language(tag) != tag {
        return None;
    }
    let expected = usual_scripts(tag)?;
    let texts: Vec<&str> = texts.into_iter().collect();
    if let Some(found) = han_without_its_own_script(tag, &texts) {
        return Some(found);
    }
    if let Some(found) = kana_in_chinese(tag, &texts) {
        return Some(found);
    }
    let mut counts: Vec<(Script, usize)> = Vec::new();
    // The first 1,000 letters tell the script, and once a fifth of them are in the language's
    // script nothing is to be said; an ASCII letter is Latin without a look-up (looking up every
    // letter made `validate` of 10,000 entries three times as slow).
    const LETTERS: usize = 1000;
    let is_expected = |script: Script| expected.contains(&script.short_name());
    let mut in_expected = 0;
    let letters = texts
        .into_iter()
        .flat_map(str::chars)
        .filter(|c| c.is_alphabetic())
        .take(LETTERS);
    for c in letters {
        let script = if c.is_ascii() {
            Script::Latin
        } else {
            c.script()
        };
        if is_expected(script) {
            in_expected += 1;
            if in_expected * 5 >= LETTERS {
                return None;
            }
        }
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    let letters: usize = counts.iter().map(|(_, n)| n).sum();
    if letters < 20 || in_expected * 5 >= letters {
        return None;
    }
    // The script most letters are in (the first met, on a tie).
    let (script, most) = counts
        .iter()
        .fold(counts[0], |best, &c| if c.1 > best.1 { c } else { best });
    let examples: Vec<String> = match script.short_name() {
        "Latn" => vec!["en", "fr", "es"],
        "Arab" => vec!["ar", "fa", "ur"],
        "Cyrl" => vec!["ru", "uk", "kk"],
        "Hani" => vec!["zh", "ja"],
        "Hira" | "Kana" => vec!["ja"],
        "Hang" => vec!["ko"],
        "Deva" => vec!["hi", "ne"],
        "Hebr" => vec!["he"],
        "Grek" => vec!["el"],
        "Thai" => vec!["th"],
        "Ethi" => vec!["am", "ti"],
        _ => Vec::new(),
    }
    .into_iter()
    .map(|code| format!("`{code}`"))
    .collect();
    // A tag that names its script (`sr-Latn`) is told the same language in the script found
    // (`sr-Cyrl`), not another language (found by a reviewer: Serbian was told `ru`).
    let mut subtags: Vec<&str> = tag.split('-').collect();
    let respelt = (subtags.len() > 1
        && subtags[1].len() == 4
        && ["Latn", "Arab", "Cyrl", "Deva"].contains(&script.short_name()))
    .then(|| {
        subtags[1] = script.short_name();
        subtags.join("-")
    });
    let for_example = match examples.split_last() {
        _ if respelt.is_some() => format!(
            ": `{}` for {} script",
            respelt.as_deref().unwrap_or_default(),
            script.full_name()
        ),
        None => String::new(),
        Some((last, [])) => format!(": {last} for {} script", script.full_name()),
        Some((last, rest)) => format!(
            ": for {} script, for example {} or {last}",
            script.full_name(),
            rest.join(", ")
        ),
    };
    Some((
        format!(
            "`language` is `{tag}`, but the entry is written mostly in {} script ({} of its {}{letters} letters)",
            script.full_name(),
            most,
            if letters == LETTERS { "first " } else { "" }
        ),
        format!(
            "set `language` to the language the text is written in{for_example}"
        ),
    ))
}

/// Korean written without a Hangul letter, or Japanese without a kana, is Chinese: Han
/// characters alone are in the scripts both languages use, so the general count says nothing
/// (found by a tester: a Chinese text marked `ko` was declared Korean in the HTML).
fn han_without_its_own_script(tag: &str, texts: &[&str]) -> Option<(String, String)> {
    use unicode_script::{Script, UnicodeScript};
    let primary = tag.split('-').next().unwrap_or_default();
    let own: &[Script] = match primary {
        "ko" => &[Script::Hangul],
        "ja" => &[Script::Hiragana, Script::Katakana],
        _ => return None,
    };
    let (mut letters, mut han) = (0, 0);
    for c in texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| c.is_alphabetic())
        .take(1000)
    {
        let script = c.script();
        if own.contains(&script) {
            return None;
        }
        letters += 1;
        if script == Script::Han {
            han += 1;
        }
    }
    if han < 20 || han * 2 < letters {
        return None;
    }
    let own_name = if primary == "ko" {
        "a Hangul letter"
    } else {
        "a kana (hiragana or katakana)"
    };
    Some((
        format!("`language` is `{tag}`, but the entry is written in Han characters without {own_name}, as Chinese is ({han} of its {letters} letters)"),
        "set `language` to the language the text is written in: `zh` for Chinese (`zh-Hans` or `zh-Hant` to name the script)".to_string(),
    ))
}

/// Chinese with kana is Japanese: Chinese is written without them, and Japanese prose has one in
/// every few letters, so the general count (Han is a script of both) said nothing (found by a
/// tester: Japanese marked `zh` drew no warning, while Chinese marked `ja` did). At least 10
/// kana among the first 1,000 letters, and a fifth of them.
fn kana_in_chinese(tag: &str, texts: &[&str]) -> Option<(String, String)> {
    use unicode_script::{Script, UnicodeScript};
    if tag.split('-').next() != Some("zh") {
        return None;
    }
    let (mut letters, mut kana) = (0usize, 0usize);
    for c in texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| c.is_alphabetic())
        .take(1000)
    {
        letters += 1;
        if matches!(c.script(), Script::Hiragana | Script::Katakana) {
            kana += 1;
        }
    }
    if kana < 10 || kana * 5 < letters {
        return None;
    }
    Some((
        format!("`language` is `{tag}`, but the entry is written in Japanese: {kana} of its {letters} letters are kana (hiragana or katakana), which Chinese does not use"),
        "set `language` to `ja`".to_string(),
    ))
}

/// The commonest small words of the languages told apart by [`words_mismatch`], each list
/// without the words another one shares (`de`, `que`, `en`, `a`, `la` are in none): what a text
/// in the language is full of, and one in the others hardly has.
const TELLING_WORDS: [(&str, &str, &[&str]); 4] = [
    (
        "en",
        "English",
        &[
            "the", "and", "of", "to", "is", "are", "was", "were", "which", "with", "that", "this",
            "for", "by", "from", "its", "their", "be", "has", "have", "not", "or", "it", "at",
            "must", "should", "any", "who",
        ],
    ),
    (
        "fr",
        "French",
        &[
            "le", "les", "des", "du", "et", "est", "sont", "une", "dans", "pour", "sur", "qui",
            "avec", "au", "aux", "ne", "pas", "ce", "cette", "ses", "leur", "être", "été", "doit",
            "peut", "sa", "il", "elle", "aussi",
        ],
    ),
    (
        "es",
        "Spanish",
        &[
            "el", "los", "las", "del", "y", "es", "son", "una", "con", "su", "sus", "al", "lo",
            "fue", "debe", "puede", "sin", "cuando", "también", "hay", "pero", "muy", "ya",
        ],
    ),
    (
        "pt",
        "Portuguese",
        &[
            "os", "do", "da", "dos", "das", "e", "é", "são", "uma", "em", "com", "seu", "sua",
            "ao", "não", "na", "pelo", "pela", "foi", "deve", "pode", "também", "sem", "às", "nas",
            "isso", "quando", "mas",
        ],
    ),
];

/// A warning when an entry marked English, French, Spanish or Portuguese reads, by its commonest
/// small words, as another of the four (an English text marked `fr` lost every tag; Portuguese
/// marked `es` had `excluir`, "delete", read as "exclude"; found by a tester): the message and
/// the hint. Only the first 150 words count, and only when at least 12 of them are telling
/// words of the other language and fewer than a quarter as many of its own.
pub fn words_mismatch<'t>(
    tag: &str,
    texts: impl IntoIterator<Item = &'t str>,
) -> Option<(String, String)> {
    // Each telling word and its language; a word put in two lists by mistake counts for neither.
    static LANGUAGE_OF: std::sync::LazyLock<rustc_hash::FxHashMap<&str, usize>> =
        std::sync::LazyLock::new(|| {
            let mut map = rustc_hash::FxHashMap::default();
            for (i, (_, _, words)) in TELLING_WORDS.iter().enumerate() {
                for word in *words {
                    map.entry(*word)
                        .and_modify(|l| *l = usize::MAX)
                        .or_insert(i);
                }
            }
            map
        });
    const WORDS: usize = 150;
    let primary = tag.split('-').next().unwrap_or(tag);
    let Some(declared) = TELLING_WORDS
        .iter()
        .position(|(code, _, _)| *code == primary)
    else {
        return country_code_as_language(tag, texts, &LANGUAGE_OF);
    };
    let mut counts = [0usize; 4];
    let words = texts
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .take(WORDS);
    let mut lower = String::new();
    for (seen, word) in words.enumerate() {
        let key = if word.chars().any(char::is_uppercase) {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            lower.as_str()
        } else {
            word
        };
        if let Some(&language) = LANGUAGE_OF.get(key) {
            if language < counts.len() {
                counts[language] += 1;
            }
        }
        // Once no other language can reach four times the declared one's count, all is said.
        let others = (0..counts.len())
            .filter(|&i| i != declared)
            .map(|i| counts[i])
            .max()
            .unwrap_or(0);
        if counts[declared] * 4 > others + (WORDS - seen - 1) {
            return None;
        }
    }
    let (best, &most) = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != declared)
        .max_by_key(|(_, n)| **n)?;
    if most < 12 || counts[declared] * 4 > most {
        return None;
    }
    let (code, name, _) = TELLING_WORDS[best];
    Some((
        format!(
            "`language` is `{tag}`, but the text reads as {name}: {most} of its first words are common {name} words, {} common {} ones",
            counts[declared],
            TELLING_WORDS[declared].1
        ),
        format!(
            "set `language` to `{code}` (or the tag of the language the text is written in): the tagger and the duplicate finder read the text in its language"
        ),
    ))
}

/// A language tag that is also a country's code (`br` Breton for Brazil, `co` Corsican for
/// Colombia, `sv` Swedish for El Salvador), on a text that reads clearly as English, French,
/// Spanish or Portuguese: at least 15 of its first 150 words are that language's common words,
/// three times as many as any other of the four's (found by a tester: such entries passed without
/// a word and were published as Breton or Tibetan). Catalan, Galician and Italian, whose codes
/// are also countries' (Canada, Greenland, Italy), share too many of those words to be told
/// apart so, and are left alone.
fn country_code_as_language<'t>(
    tag: &str,
    texts: impl IntoIterator<Item = &'t str>,
    language_of: &rustc_hash::FxHashMap<&str, usize>,
) -> Option<(String, String)> {
    if tag.len() != 2 || ["ca", "gl", "it"].contains(&tag) {
        return None;
    }
    let country = isocountry::CountryCode::for_alpha2_caseless(tag).ok()?;
    let language = isolang::Language::from_639_1(tag)?;
    let mut counts = [0usize; 4];
    for word in texts
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .take(150)
    {
        if let Some(&l) = language_of.get(word.to_lowercase().as_str()) {
            if l < counts.len() {
                counts[l] += 1;
            }
        }
    }
    let (best, &most) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    let second = (0..counts.len())
        .filter(|&i| i != best)
        .map(|i| counts[i])
        .max()
        .unwrap_or(0);
    if most < 15 || most < second * 3 {
        return None;
    }
    let (code, name, _) = TELLING_WORDS[best];
    // Said to be a country's code only where the country, not the language, is what was likely
    // meant: a country where the four languages are spoken, or whose code names a language
    // hardly used there (found by a reviewer: English marked `de` was told `de` is Germany).
    let country_meant = [
        "ae", "ar", "bo", "br", "co", "cr", "ee", "et", "gu", "kr", "la", "ml", "mr", "na", "ng",
        "pa", "ps", "sa", "sc", "sd", "sg", "sl", "sn", "sr", "sv", "tg", "tl", "to", "tt",
    ]
    .contains(&tag);
    let hint = if country_meant {
        format!(
            "set `language` to `{code}` if the text is in {name} (`{code}-{}` to name the country): `{tag}` is {}, and also the country code of {}, which `language` does not take",
            tag.to_uppercase(),
            language.to_name(),
            country.name()
        )
    } else {
        format!("set `language` to `{code}` (or the tag of the language the text is written in): the tagger and the duplicate finder read the text in its language")
    };
    Some((
        format!(
            "`language` is `{tag}`, the code of {}, but the text reads as {name}: {most} of its first words are common {name} words",
            language.to_name()
        ),
        hint,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A submission date of another calendar is refused with what it may be (found by a tester:
    /// the earliest date decides which of two copies is kept, and "1405" won).
    #[test]
    fn submission_dates_of_other_calendars_are_told_so() {
        assert_eq!(
            submitted_in_another_calendar("2569-12-08"),
            "2569 may be a year of the Buddhist era (Thailand), which is 2026 in the Gregorian calendar: write `2026-12-08`"
        );
        let hijri = submitted_in_another_calendar("1448-06-17");
        assert!(
            hijri.contains("Islamic (Hijri) calendar, which falls in 2026–2027"),
            "{hijri}"
        );
        assert!(
            hijri.ends_with("write the date in the Gregorian calendar, as YYYY-MM-DD"),
            "{hijri}"
        );
        assert!(submitted_in_another_calendar("2568-02-29").ends_with("as YYYY-MM-DD"));
        assert!(submitted_in_another_calendar("2567-02-29").ends_with("write `2024-02-29`"));
        assert_eq!(
            submitted_in_another_calendar("1066-10-14"),
            "write the date the entry was submitted, in the Gregorian calendar, as YYYY-MM-DD"
        );
    }

    /// A country's code written as the language of a text that reads as Portuguese or Spanish
    /// is told so (found by a tester: `br`, Breton, for Brazil).
    #[test]
    fn a_country_code_as_language_is_told_so() {
        let portuguese = "O Instituto Nacional de Identificação mantém as impressões digitais \
            apenas pelo período previsto na lei, e depois elas são apagadas de forma automática. \
            Os cidadãos podem pedir a qualquer momento uma cópia dos seus dados e não são obrigados \
            a fornecer mais do que o necessário para a emissão do documento. Uma autoridade \
            independente verifica todos os anos se as regras são cumpridas, e os resultados são \
            publicados no sítio do Instituto, com o número de pedidos recebidos e as respostas \
            dadas pelos serviços, para que os cidadãos saibam como os seus dados são tratados.";
        let (message, hint) = words_mismatch("br", [portuguese]).expect("a warning");
        assert!(
            message.starts_with(
                "`language` is `br`, the code of Breton, but the text reads as Portuguese"
            ),
            "{message}"
        );
        assert!(
            hint.contains("country code of Brazil") && hint.contains("`pt-BR`"),
            "{hint}"
        );
        // A code that is no country's, or a tag with a region, is left to the other checks.
        assert!(words_mismatch("oc", [portuguese]).is_none());
        assert!(words_mismatch("br-FR", [portuguese]).is_none());
        // A short text says too little.
        assert!(words_mismatch("br", ["O Instituto mantém as impressões digitais."]).is_none());
    }

    #[test]
    fn the_african_union_is_named_in_its_languages() {
        for name in [
            "African Union Commission",
            "Commission de l'Union africaine",
            "Comisión de la Unión Africana",
            "Comissão da União Africana",
            "مفوضية الاتحاد الأفريقي",
            "Tume ya Umoja wa Afrika",
        ] {
            assert!(names_the_african_union(name), "{name}");
        }
        for name in [
            "Australian Federal Police",
            "Union Bank of Africa",
            "Universidad Autónoma",
            "UA Biometrics Pty Ltd",
        ] {
            assert!(!names_the_african_union(name), "{name}");
        }
    }

    /// A year of another calendar is told the Gregorian year it stands for (found by a tester).
    #[test]
    fn years_of_other_calendars_are_read() {
        let thai = year_of_another_calendar(2562).unwrap();
        assert!(
            thai.contains("Buddhist era (Thailand), which is 2019"),
            "{thai}"
        );
        assert!(!thai.contains("Hijri"), "{thai}");
        let hijri = year_of_another_calendar(1443).unwrap();
        assert!(
            hijri.contains("Islamic (Hijri) calendar, which falls in 2021–2022"),
            "{hijri}"
        );
        let solar = year_of_another_calendar(1402).unwrap();
        assert!(
            solar.contains("Solar Hijri calendar (Iran, Afghanistan), which falls in 2023–2024"),
            "{solar}"
        );
        assert!(
            solar.contains("Hijri) calendar, which falls in 1981–1982"),
            "{solar}"
        );
        assert_eq!(year_of_another_calendar(2200), None);
        assert_eq!(year_of_another_calendar(19), None);
    }

    /// Chinese marked `ko` or `ja` is told (found by a tester); Korean and Japanese are not.
    #[test]
    fn han_text_without_hangul_or_kana_is_not_korean_or_japanese() {
        let chinese = "人脸识别技术应用安全管理办法规定，不得将人脸识别技术作为唯一验证方式。个人不同意的，应当提供其他合理、便捷的方式。";
        for tag in ["ko", "ja"] {
            let (message, hint) = script_mismatch(tag, [chinese]).unwrap();
            assert!(
                message.contains("written in Han characters without"),
                "{message}"
            );
            assert!(hint.contains("`zh`"), "{hint}");
        }
        assert!(script_mismatch("zh", [chinese]).is_none());
        let japanese =
            "顔認識技術の利用について、個人情報保護委員会は必要最小限の保存期間を求めている。";
        assert!(script_mismatch("ja", [japanese]).is_none());
        // And Japanese marked Chinese is told so (found by a tester).
        for tag in ["zh", "zh-Hant"] {
            let (message, hint) = script_mismatch(tag, [japanese]).unwrap();
            assert!(message.contains("written in Japanese"), "{message}");
            assert_eq!(hint, "set `language` to `ja`");
        }
        // A Chinese text quoting a Japanese name is still Chinese.
        let quoting = format!("{chinese}日本的报告书称之为「ひかり」。");
        assert!(script_mismatch("zh", [quoting.as_str()]).is_none());
        let korean = "개인정보보호위원회는 얼굴인식 기술의 사용에 대하여 최소한의 보존 기간을 요구한다. 生體 情報 保護.";
        assert!(script_mismatch("ko", [korean]).is_none());
    }

    /// A tag that names its script is told the same language in the script found.
    #[test]
    fn a_script_subtag_is_told_the_script_found() {
        let (_, hint) = script_mismatch(
            "sr-Latn",
            ["Закон о заштити података о личности уређује обраду биометријских података."],
        )
        .unwrap();
        assert!(hint.contains("`sr-Cyrl` for Cyrillic script"), "{hint}");
        assert!(!hint.contains("`ru`"), "{hint}");
    }

    /// Found by a tester: an English text marked `fr`, and Portuguese marked `es`, were read in
    /// the wrong language without a word.
    #[test]
    fn a_text_that_reads_as_another_latin_language_is_told() {
        let english = "The border agency deletes the photographs of travellers after thirty days, \
            and an independent body checks that this is done. Travellers who are not matched must \
            be told which data were taken and for what purpose, and they have a right to see it. \
            The agency publishes the error rates of the system every year, with the share of \
            false matches by age and sex, so that the public can judge whether it works.";
        let french =
            "L'agence des frontières supprime les photographies des voyageurs après trente \
            jours, et un organe indépendant vérifie que cette suppression est faite. Les voyageurs \
            qui ne sont pas reconnus doivent être informés des données prises et de leur finalité. \
            L'agence publie chaque année les taux d'erreur du système, avec la part des fausses \
            correspondances par âge et par sexe, pour que le public puisse en juger.";
        let portuguese = "A agência de fronteiras apaga as fotografias dos viajantes após trinta \
            dias, e um órgão independente verifica que isso é feito. Os viajantes que não são \
            reconhecidos devem ser informados dos dados recolhidos e da sua finalidade, e têm o \
            direito de os ver. A agência publica todos os anos as taxas de erro do sistema, com a \
            parte das falsas correspondências por idade e sexo.";
        let (message, hint) = words_mismatch("fr", [english]).unwrap();
        assert!(message.contains("reads as English"), "{message}");
        assert!(hint.contains("`en`"), "{hint}");
        let (message, _) = words_mismatch("es", [portuguese]).unwrap();
        assert!(message.contains("reads as Portuguese"), "{message}");
        assert!(words_mismatch("en", [english]).is_none());
        assert!(words_mismatch("fr", [french]).is_none());
        assert!(words_mismatch("pt-BR", [portuguese]).is_none());
        // A French text quoting an English sentence is French.
        let quoting = format!("{french} Le rapport cite: \"the agency must delete the data.\"");
        assert!(words_mismatch("fr", [quoting.as_str()]).is_none());
        // Languages the lists do not tell apart are left alone, unless their code is also a
        // country's and the text reads clearly as one of the four.
        assert!(words_mismatch("oc", [portuguese]).is_none());
        assert!(words_mismatch("oc", [english]).is_none());
        assert!(words_mismatch("gl", [portuguese]).is_none());
        assert!(words_mismatch("ca", [portuguese]).is_none());
        let (message, hint) = words_mismatch("de", [english]).unwrap();
        assert!(
            message.contains("the code of German, but the text reads as English"),
            "{message}"
        );
        assert!(!hint.contains("country code"), "{hint}");
    }

    #[test]
    fn chinese_japanese_and_korean_count_twice_towards_a_minimum() {
        assert_eq!(length_for_minimum("Face match"), 10);
        assert_eq!(length_for_minimum("人脸识别同意"), 12);
        assert_eq!(length_for_minimum("顔認証の同意"), 12);
        assert_eq!(length_for_minimum("얼굴 인식"), 9);
        assert_eq!(length_for_minimum("𠮷野家"), 6);
        // Other scripts, emoji and the punctuation of any script count once.
        assert_eq!(length_for_minimum("بصمة الوجه"), 10);
        assert_eq!(length_for_minimum("🙂🙂。"), 3);
    }

    #[test]
    fn pointers_are_described_in_words() {
        assert_eq!(describe_pointer(""), "the entry");
        assert_eq!(describe_pointer("/title"), "`title`");
        assert_eq!(describe_pointer("/sources/2/year"), "`year` of source 3");
        assert_eq!(describe_pointer("/recommendations/0"), "recommendation 1");
        assert_eq!(
            describe_pointer("/contributor/email"),
            "`email` of `contributor`"
        );
        assert_eq!(describe_pointer("/a~1b"), "`a/b`");
    }

    #[test]
    fn a_hidden_character_is_named_with_the_words_before_it() {
        let said = super::hidden_character(
            "`body`",
            "body",
            "First line.\nAt the end of the \u{202E}period",
        );
        assert_eq!(
            said,
            "`body` contains an invisible character that changes the direction of the text (U+202E) just after \"At the end of the \""
        );
        let title = super::hidden_character("`title`", "title", "A\ttitle");
        assert!(title.contains("a tab (U+0009) just after \"A\""), "{title}");
        // Word's line separator, in a title and in a body (found by a tester).
        let title = super::hidden_character("`title`", "title", "Recon\u{2028}naissance");
        assert_eq!(
            title,
            "`title` contains a line or paragraph separator from a word processor (U+2028) just after \"Recon\""
        );
        let body = super::hidden_character("`body`", "body", "One.\u{2029}Two.\u{2029}Three");
        assert!(body.contains("(U+2029) just after \"One.\""), "{body}");
    }

    #[test]
    fn typos_get_a_suggestion() {
        let areas = ["counter-terrorism", "border-management", "law-enforcement"];
        assert_eq!(
            closest("border managment", &areas),
            Some("border-management")
        );
        assert_eq!(closest("Law-Enforcement", &areas), Some("law-enforcement"));
        assert_eq!(closest("zzz", &areas), None);
        assert_eq!(slugify("EU EES: Retention!"), "eu-ees-retention");
        // Accents go, not the letters that carry them (found by a tester).
        assert_eq!(slugify("Rétention des données"), "retention-des-donnees");
        assert_eq!(
            slugify("Protección de datos biométricos"),
            "proteccion-de-datos-biometricos"
        );
        assert_eq!(canonical_language("EN-gb"), "en-GB");
        assert_eq!(canonical_language("zh-hant-tw"), "zh-Hant-TW");
    }
}
