//! The long explanations behind `compendium explain CODE`, one per finding code.
//!
//! A report line such as `error[invalid-date]` is short on purpose; this module says, for the
//! contributor who is not a programmer, what the code means, why it matters for the published
//! compendium, how to fix it, and shows a wrong and a right example. The `match` below has no
//! wildcard arm, so a new [`Code`] without an explanation does not compile.

use crate::diag::Code;

/// The long explanation of a code, in Markdown-ish plain text for a terminal.
pub fn explanation(code: Code) -> &'static str {
    match code {
        Code::Unreadable => {
            r#"unreadable-file: the file could not be read

What it means
  The tool could not open or read the file at all: it may have been
  removed while the check ran, you may lack permission to read it, or
  the path names something that is not a regular file.

Why it matters
  An entry that cannot be read cannot be checked or published.

How to fix it
  Check that the file exists, that you may read it, and that the path
  names the entry file itself.

Example
  Wrong:  a file readable only by another user
  Right:  the same file with read permission for you"#
        }
        Code::InvalidYaml => {
            r#"invalid-yaml: the front matter is not well-formed YAML

What it means
  A Markdown entry keeps its fields between two `---` lines, written in
  YAML. Something there cannot be read: a missing colon after a field
  name, wrong indentation, a tab used for indentation, a quote that is
  never closed, or a ` #`, which YAML takes as the start of a comment
  and would drop with all that follows it. The report points there.

Why it matters
  Until the fields can be read, nothing else in the entry can be checked.

How to fix it
  Write one field per line as `name: value`, indent list items with
  spaces (never tabs), and close every quote. Use `>-` before a long
  text that spans several lines.

Example
  Wrong:  title "Published retention schedule"
  Right:  title: Published retention schedule"#
        }
        Code::MissingFrontMatter => {
            r#"missing-front-matter: the entry does not start with its fields

What it means
  A Markdown entry must begin with a line `---`, then its fields (id,
  title, summary and the others), then another line `---`. After that
  comes the description, and last the `## Recommendations` list.

Why it matters
  Without the fields the tool cannot tell what the entry is, where it
  applies or who wrote it.

How to fix it
  Start from `compendium new --markdown`, or copy the top of an existing
  Markdown entry, and put your fields between the two `---` lines.

Example
  Wrong:  # Published retention schedule
  Right:  ---
          id: published-retention-schedule
          ---"#
        }
        Code::EmptyFile => {
            r#"empty-file: the file is empty

What it means
  The file has no content at all, or only spaces and blank lines. It was
  probably created by mistake, or saving it failed.

Why it matters
  There is no practice in it to check or publish, and while it stays in
  the practices folder every build is refused.

How to fix it
  Put the entry into the file and save it again, or delete the file. To
  start a new entry, copy an existing one and change every field.

Example
  Wrong:  a file of 0 bytes, or one holding only blank lines
  Right:  a file that starts with { and ends with }, holding one entry"#
        }

        Code::FileTooLarge => {
            r#"file-too-large: the file is larger than 1 MiB

What it means
  The file is bigger than 1 MiB (1,048,576 bytes), the most one entry
  may take. The tool refuses it without reading it.

Why it matters
  No real entry comes near this size (a body may have at most 20,000
  characters), so the file is almost certainly something else: a data
  export, a document renamed to .json, or several entries pasted together.

How to fix it
  Check that the file really is one practice entry. Move other files out
  of the practices folder. If it is an entry, shorten it: long material
  belongs in the source it came from, cited under "sources".

Example
  Wrong:  practices/export.json, 3 MB, a whole spreadsheet saved as JSON
  Right:  practices/eu/eu-ees-retention.json, a few kilobytes"#
        }

        Code::NotUtf8 => {
            r#"not-utf8: the file is not saved as UTF-8 text

What it means
  The file was saved in an older encoding (such as Windows-1252 or
  Latin-1), so an accented letter or another character cannot be read;
  the report marks the first one. Or it was saved as UTF-16, which
  Windows calls "Unicode": the report says so.

Why it matters
  Names and titles would come out garbled in the published compendium
  (Caf� instead of Café), and nothing else in the file can be checked.

How to fix it
  Open the file in a text editor and save it again with the encoding
  "UTF-8" (VS Code: click the encoding in the status bar, then "Save with
  Encoding"; Notepad: "Save as", then "Encoding"). Check the accents after.

Example
  Wrong:  "title": "Café practice"  saved as Windows-1252
  Right:  "title": "Café practice"  saved as UTF-8"#
        }

        Code::Bom => {
            r#"byte-order-mark: invisible byte order mark at the start (warning)

What it means
  The file begins with an invisible marker, a "byte order mark" (BOM),
  that some editors add when they save as UTF-8. The tool skips it and
  checks the entry as usual: this is a warning, not an error.

Why it matters
  The entry is still published. But other programs that read the entry
  files may refuse the marker or take it for part of the text.

How to fix it
  Save the file again choosing the encoding "UTF-8" rather than "UTF-8
  with BOM" (VS Code and Notepad both offer the choice when saving).

Example
  Wrong:  the file saved as "UTF-8 with BOM"
  Right:  the file saved as "UTF-8""#
        }

        Code::NulByte => {
            r#"nul-character: the file contains a NUL character

What it means
  The file contains a byte of value zero (a "NUL"). Plain text never
  holds one: the file is damaged, was saved by a word processor, or is
  not a text file. The report marks the first one.

Why it matters
  A file that is not plain text cannot be checked with confidence, and
  a NUL in published text breaks many programs that read it.

How to fix it
  Open the file in a plain-text editor (not a word processor), delete the
  marked character (it may be invisible or shown as a box or "NUL"), and
  save as UTF-8. If much is garbled, start again from a good entry.

Example
  Wrong:  an entry saved from a word processor with "Save as… .json"
  Right:  the same text saved from a plain-text editor as UTF-8"#
        }

        Code::InvalidJson => {
            r#"invalid-json: the file is not well-formed JSON

What it means
  The punctuation that holds the entry together is broken: a comma
  missing or one too many, a quote or bracket missing, or a " or a line
  break typed inside a text. The caret marks where the tool noticed the
  problem; the mistake itself is usually just before it.

Why it matters
  Until the file can be read, none of its fields can be checked, so this
  one finding hides every other problem in the file.

How to fix it
  Look at the marked place and the line before it. Fields are separated
  by commas, with none after the last one; texts use straight quotes ("),
  not curly ones; inside a text write \" for a quote and \n for a break.

Example
  Wrong:  "status": "accepted",   followed by the closing }
  Right:  "status": "accepted"    followed by the closing }"#
        }

        Code::TruncatedJson => {
            r#"truncated-json: the file ends too early

What it means
  The file stops before the entry is complete: a closing }, ] or " is
  missing, or the end of the file was lost when it was copied or saved.
  The caret marks the end of what is there.

Why it matters
  Part of the entry may be missing, and nothing in the file can be
  checked until it is complete.

How to fix it
  Look at the end of the file: is the last field complete? Pair every
  opening {, [ and " with its closing one. If text was cut off, take it
  again from your original.

Example
  Wrong:  "recommendations": ["Publish the retention period
  Right:  "recommendations": ["Publish the retention period."] … }"#
        }

        Code::TooDeep => {
            r#"nesting-too-deep: brackets nested too deeply

What it means
  The file has more than 127 brackets or braces open one inside another.
  An entry needs only three levels: the entry itself, a list such as
  "sources", and one source inside that list.

Why it matters
  A file like this is not a practice entry: it is damaged, produced by
  another program, or made to test the tool. The tool stops reading it
  so that it cannot slow down or upset the checking of other files.

How to fix it
  Replace the file with a real entry. If it started as one, look for
  brackets pasted many times over and remove the extra ones.

Example
  Wrong:  "sources": [[[[[[[[ … ]]]]]]]]
  Right:  "sources": [{"title": "…", "publisher": "…", "year": 2018}]"#
        }

        Code::DuplicateKey => {
            r#"duplicate-key: the same field is written twice

What it means
  One object gives the same field twice: two "language" lines in the
  entry, say, or two "url" lines in one source. The report marks the
  second one.

Why it matters
  Only one of the two values can be kept, and programs disagree on which
  (this tool would keep the last, others the first), so the published
  entry could quietly say something other than what you meant.

How to fix it
  Decide which value is right and delete the other line. Check that the
  remaining fields are still separated by commas.

Example
  Wrong:  "language": "en",  and further down  "language": "fr",
  Right:  "language": "en",  once"#
        }

        Code::NotAnObject => {
            r#"not-an-object: the file does not hold one entry in braces

What it means
  The whole file must be one entry: it starts with { and ends with },
  with the named fields in between. This file holds something else: a
  list in [ ], a lone text or number, or true, false or null.

Why it matters
  Only a set of named fields can be read as a practice. Several entries
  in one file are not supported: each practice has a file of its own.

How to fix it
  Make the file hold exactly one entry in braces. If it holds a list of
  entries, split them into one file each, named after their ids.

Example
  Wrong:  [{"id": "first-practice", …}, {"id": "second-practice", …}]
  Right:  {"id": "first-practice", …}  in first-practice.json"#
        }

        Code::UnknownField => {
            r#"unknown-field: a field the entry format does not have

What it means
  The entry, a source, the contributor or a refused principle has a
  field whose name is not part of the entry format: usually a spelling
  mistake or a wrong capital. The hint names the nearest field, or lists
  the fields allowed at that place.

Why it matters
  If it passed, the field would be ignored: its content would never be
  published, while the field you meant stayed empty or missing.

How to fix it
  Rename the field as the hint suggests, or delete it. Names must match
  exactly: "Summary" and "sumary" are not "summary". The fields are in
  README.md, "The entry format". Notes for the editors go elsewhere.

Example
  Wrong:  "sumary": "Fingerprints of travellers are deleted after …"
  Right:  "summary": "Fingerprints of travellers are deleted after …""#
        }

        Code::MissingField => {
            r#"missing-field: a required field is missing

What it means
  A field every entry must have is absent; or a source lacks its title,
  publisher or year, the contributor a name, or a refused principle its
  reason. The hint says what the missing field is for.

Why it matters
  Each published practice shows these facts; without them readers cannot
  tell what it is, who applies it, where it comes from, or whom to ask.

How to fix it
  Add the field. Every entry needs: id, title, summary, body,
  recommendations, recommendations_by, area, modalities, lifecycle,
  jurisdiction, organization, instrument, sources, contributor,
  submitted, language, license, status. Check the name's spelling too.

Example
  Wrong:  an entry with no "summary" line
  Right:  "summary": "Fingerprints of travellers are deleted after …","#
        }

        Code::UnclosedBlock => {
            r#"unclosed-block: a block in the description that is never closed

What it means
  In a Markdown entry, a code block opened with ``` or ~~~, an HTML
  comment opened with <!--, or a <pre> block is never closed. Everything
  after it, the `## Recommendations` heading too, is read as part of it,
  so the entry seems to have no recommendations.

Why it matters
  The recommendations would be lost from the edition, or published as
  part of the description.

How to fix it
  Close the block where it ends, with the same fence or with -->.

Example
  Wrong:  ```  (a code block, then `## Recommendations`, and no ```)
  Right:  ```  …  ```  then `## Recommendations`"#
        }

        Code::WrongType => {
            r#"wrong-type: a value of the wrong kind

What it means
  A value is of the wrong kind for its field: one text where a list is
  needed, a number written in quotes, a list where a single text is
  needed, and so on. The message says what was expected.

Why it matters
  The compendium, its spreadsheet and its manifest rely on each field
  holding one kind of value: a year is a number, modalities are a list
  of separate items. A value of another kind cannot be placed.

How to fix it
  Texts go in double quotes: "face". Lists go in square brackets, even
  with one item: ["face"]. Whole numbers have no quotes: 2018. Groups of
  fields go in braces: {"name": "…"}.

Example
  Wrong:  "modalities": "face",     "year": "2020"
  Right:  "modalities": ["face"],   "year": 2020"#
        }

        Code::NotAllowed => {
            r#"value-not-allowed: a value that is not one of the choices

What it means
  Some fields accept only words from a fixed list: "recommendations_by",
  "area", "modalities", "lifecycle", "instrument" and "status". The
  value given is not one of them. The message lists the choices; the
  hint suggests the nearest one when the value looks like a typo.

Why it matters
  The compendium sorts and counts practices by these words. A value off
  the list would make a category of its own that no reader or
  spreadsheet filter would find with the others.

How to fix it
  Copy one of the listed choices exactly: lower case, words joined by
  hyphens, spelt as in the list.

Example
  Wrong:  "area": "border managment"     "status": "Approved"
  Right:  "area": "border-management"    "status": "accepted""#
        }

        Code::TooShort => {
            r#"too-short: a text is shorter than its minimum

What it means
  A text has fewer characters than its field requires. Minimums: title
  10, summary 40, body 100, each recommendation 10, refusal reason 10,
  id 3, source title 3, organization, publisher and names 2 (a Chinese,
  Japanese or Korean character counts as two in a title, summary, body,
  recommendation or reason). Spaces only are too short at any length.

Why it matters
  A text this short cannot tell a reader what the practice is or what to
  do; the minimums catch placeholders and unfinished entries.

How to fix it
  Write the text out in full. For a summary or recommendation: who does
  what, under which rule or safeguard. Spaces and punctuation count.

Example
  Wrong:  "summary": "Too short."
  Right:  "summary": "Border guards delete fingerprints three years on.""#
        }

        Code::TooLong => {
            r#"too-long: a text is longer than its maximum

What it means
  A text has more characters than its field allows. Maximums: title 200,
  summary 600, body 20,000, each recommendation or refusal reason 500,
  id 80, source title 300, organization, publisher and names 200, e-mail
  254, source address 2,000, licence 64.

Why it matters
  Titles, summaries and recommendations appear in the contents, the
  index table and the spreadsheet; texts past the limit crowd them out
  and stop each part doing its job.

How to fix it
  Shorten the text. Move detail from the title to the summary and from
  the summary to the body; split a long recommendation into two.

Example
  Wrong:  a summary of 900 characters retelling the whole practice
  Right:  a summary of two or three sentences, the detail in "body""#
        }

        Code::TooFewItems => {
            r#"too-few-items: a list has too few items

What it means
  A list is empty but needs at least one item. This applies to
  "recommendations", "modalities", "lifecycle" and "sources".

Why it matters
  A practice with no recommendation, no source, no modality or no stage
  of the lifecycle cannot be acted on, checked, or found in the index.

How to fix it
  Put at least one item between the square brackets. If you are unsure
  which to choose, ask your editor rather than leaving the list empty.

Example
  Wrong:  "recommendations": [],
  Right:  "recommendations": ["Publish the retention period."],"#
        }

        Code::TooManyItems => {
            r#"too-many-items: a list has too many items

What it means
  A list has more items than allowed. The only such limit is on
  "recommendations": at most 20.

Why it matters
  Readers need a short list of steps they can act on; dozens of steps
  usually mean the entry describes several practices at once.

How to fix it
  Merge steps that say the same thing, drop minor ones, or move detail
  into "body". If the entry covers several practices, split it into
  several entries.

Example
  Wrong:  "recommendations": [ … 24 items … ]
  Right:  "recommendations": [ … the 20 or fewer that matter most … ]"#
        }

        Code::RepeatedItem => {
            r#"repeated-item: the same value is listed twice

What it means
  A list names the same value more than once. "modalities", "lifecycle",
  "principles" and "supersedes" must not repeat a value. The report
  marks the second occurrence.

Why it matters
  The repeated value would be shown and counted twice in the compendium
  and its spreadsheet.

How to fix it
  Delete the second occurrence, together with the comma before it.

Example
  Wrong:  "modalities": ["face", "fingerprint", "face"]
  Right:  "modalities": ["face", "fingerprint"]"#
        }

        Code::OutOfRange => {
            r#"out-of-range: a number is outside the allowed range

What it means
  A number is too small or too large. The only number in an entry is the
  "year" of a source, which must be between 1948 and 2100.

Why it matters
  A year outside this range is a typo (2200 for 2020, a digit missing)
  or a year of another calendar (2562 of the Buddhist era, 1443 of the
  Hijri calendar), and a wrong year makes the source hard to find.

How to fix it
  Write the year the source was published or adopted, in the Gregorian
  calendar: four digits, without quotes. The message says which year a
  year of another calendar stands for.

Example
  Wrong:  "year": 2200
  Right:  "year": 2020"#
        }

        Code::InvalidId => {
            r#"invalid-id: an id is not in the required form

What it means
  An id (the entry's own, or one listed in "principles" or "supersedes")
  is not made of lower-case words of letters a-z and digits joined by
  single hyphens. Capitals, spaces, underscores, accents, and hyphens at
  either end or doubled are not allowed.

Why it matters
  The id is the permanent name of a practice: its file name, its link
  in the compendium (#id), its key in the spreadsheet and manifest.
  Any other form would break links or make ids that differ only by case.

How to fix it
  Use the form the hint suggests, 3 to 80 characters long, and name the
  file after it (<id>.json).

Example
  Wrong:  "id": "Bad_Id"  in Bad_Id.json
  Right:  "id": "bad-id"  in bad-id.json"#
        }

        Code::InvalidDate => {
            r#"invalid-date: not a real date written YYYY-MM-DD

What it means
  The "submitted" date is not written as year-month-day (four, two and
  two digits joined by hyphens), is a day that does not exist (30
  February, month 13), or has a year outside 1990-2099.

Why it matters
  Dates decide which of two duplicate entries is kept; 03/05/2026 reads
  as March in some countries, May in others.

How to fix it
  Write YYYY-MM-DD in the Gregorian calendar: 5 March 2026 is 2026-03-05;
  a Buddhist-era 2569 is 2026.

Example
  Wrong:  "submitted": "2026-02-30"     "submitted": "05/03/2026"
  Right:  "submitted": "2026-02-28"     "submitted": "2026-03-05""#
        }

        Code::InvalidEmail => {
            r#"invalid-email: an e-mail address is not well-formed

What it means
  The contributor's "email" is not a single address of the form
  name@domain: it lacks the @ or the domain, holds spaces, adds
  "mailto:", or lists several addresses.

Why it matters
  Editors use the address to reach the contributor about the entry; a
  broken one means their questions go nowhere.

How to fix it
  Write one address, exactly as you would type it to send a message. The
  field is optional: leave it out rather than write something else.

Example
  Wrong:  "email": "jane.doe at example.org"
  Right:  "email": "jane.doe@example.org""#
        }

        Code::InvalidUrl => {
            r#"invalid-url: a source address is not a valid https:// link

What it means
  The "url" of a source is not a complete web address beginning with
  https://, or it contains a space. Plain http://, addresses starting
  with www., file paths and ftp:// are refused.

Why it matters
  Readers follow these links from the published compendium. An insecure
  link can be tampered with on the way; a broken one leads nowhere.

How to fix it
  Open the source in a browser and copy the full address from the
  address bar. If it has no https:// address or is not online, leave
  "url" out: title, publisher and year are enough.

Example
  Wrong:  "url": "http://example.org/report"
  Right:  "url": "https://example.org/report""#
        }

        Code::InvalidJurisdiction => {
            r#"invalid-jurisdiction: not a country code, EU or INT

What it means
  The "jurisdiction" is not a two-letter ISO 3166-1 country code in
  capitals, nor EU (the European Union), nor INT (international bodies
  such as the UN, ICAO or INTERPOL).

Why it matters
  Readers filter by it; names or unofficial codes split one country.

How to fix it
  Use the country's two-letter code in capitals: the United Kingdom is
  GB (not UK), Kenya is KE; Kosovo is XK. A regional body other than the
  EU (African Union, ECOWAS, ASEAN) is INT, named in "organization";
  AU is Australia's code, not the African Union's.

Example
  Wrong:  "jurisdiction": "uk"     "jurisdiction": "France"
  Right:  "jurisdiction": "GB"     "jurisdiction": "FR""#
        }

        Code::InvalidLanguage => {
            r#"invalid-language: not a language tag such as en, fr or pt-BR

What it means
  The "language" is not a BCP 47 tag: the ISO 639 code of a language
  (two letters where the language has them: es, not spa), optionally a
  script (Latn, Cyrl) and a region in capitals (BR) or digits (419).

Why it matters
  The tagger, the duplicate finder and assistive tools read the text by
  its tag: with jp or spa, a Japanese or Spanish text is read as English.

How to fix it
  Give the language the entry is written in: en, fr, es, ar, ru, zh, or
  with a region, pt-BR. Mind the case: pt-BR, not pt-br or PT-BR.

Example
  Wrong:  "language": "English"    "language": "spa"    "language": "jp"
  Right:  "language": "en"         "language": "es"     "language": "ja""#
        }

        Code::LanguageScript => {
            r#"language-script: the text is in another script than its language

What it means
  A warning: most letters of the title, summary, body and
  recommendations are in another script than the "language" is written
  in, such as Arabic text marked "en" (the default of `compendium new`).

Why it matters
  The tagger and the duplicate finder read the text in its language, and
  the edition marks it so for readers and screen readers: Arabic read as
  English gets no suggested tags and is laid out left to right.

How to fix it
  Set "language" to the language the text is written in.

Example
  Wrong:  "language": "en" with an Arabic text
  Right:  "language": "ar""#
        }

        Code::RegionalBody => {
            r#"regional-body: AU is Australia, not the African Union

What it means
  A warning: "jurisdiction" is AU, Australia's country code, but the
  organisation is the African Union (in any of its working languages).

Why it matters
  Readers filter by jurisdiction: the practice would be listed under
  Australia, and Australia's practices would seem to include it.

How to fix it
  A regional or international body other than the EU is INT, named in
  "organization". Keep AU only for a practice of Australia.

Example
  Wrong:  "jurisdiction": "AU", "organization": "African Union Commission"
  Right:  "jurisdiction": "INT", "organization": "African Union Commission""#
        }

        Code::LanguageWords => {
            r#"language-words: the text reads as another language

What it means
  A warning: the entry is marked English, French, Spanish or
  Portuguese, but its commonest small words ("the", "les", "los",
  "não"...) are clearly those of another of the four, such as an
  English text marked "fr".

Why it matters
  The tagger and the duplicate finder read the text in its language: an
  English text read as French gets almost no suggested tags, and
  Portuguese "excluir" (delete) read as Spanish means "exclude".

How to fix it
  Set "language" to the language the text is written in.

Example
  Wrong:  "language": "fr" with an English text
  Right:  "language": "en""#
        }

        Code::InvalidLicense => {
            r#"invalid-license: not an SPDX licence identifier

What it means
  The "license" is not written as an SPDX identifier: a short code of
  letters, digits, dots, hyphens and plus signs, with no spaces, such as
  CC-BY-4.0, CC0-1.0 or CC-BY-SA-4.0.

Why it matters
  The licence tells others how they may reuse the published text; the
  standard identifier is the form people and programs recognise without
  doubt.

How to fix it
  Use the identifier from the SPDX list (spdx.org/licenses) exactly as
  written there, not the licence's full name. The tool checks only the
  form, so make sure the code is on that list. Ask your editor if unsure.

Example
  Wrong:  "license": "Creative Commons Attribution 4.0"
  Right:  "license": "CC-BY-4.0""#
        }

        Code::ControlCharacter => {
            r#"control-character: an invisible control character in a text

What it means
  A line break or tab in a one-line field (title, a recommendation,
  organization, a name, a source's title), or in any text NUL (\u0000),
  a character forcing the direction of text (\u202A-\u202E,
  \u2066-\u2069) or a word processor's line separator (\u2028, \u2029).
  Only "summary" and "body" may break lines, with ordinary line breaks.

Why it matters
  Hidden characters can garble headings and table cells, or make a word
  display as another (detpecca as accepted).

How to fix it
  Join the text onto one line (breaks often come from copying out of a
  PDF); in a body, use an ordinary line break. Retype what you cannot see.

Example
  Wrong:  "title": "A title that\nbreaks over two lines"
  Right:  "title": "A title that stays on one line""#
        }

        Code::SchemaViolation => {
            r#"schema-violation: a rule of the format without a more specific code

What it means
  The entry breaks a rule of the entry format that has no code of its
  own (this happens mostly with an editor's own --schema), or it passed
  the rules but could not be read as a practice when being published.

Why it matters
  The entry does not have the shape the compendium expects, so it could
  not be published as written.

How to fix it
  Read the message: it names the field and the rule. Compare the field
  with README.md ("The entry format"). If the entry looks right to you,
  tell the editors: the problem may lie in the tool or the schema.

Example
  Wrong:  "year": 2021  (an editor's --schema asks for a multiple of 10)
  Right:  "year": 2020"#
        }

        Code::UnknownPrinciple => {
            r#"unknown-principle: a principle that is not in the taxonomy

What it means
  A principle in "principles" or "principles_refused" is not one of the
  ids in schema/principles.json (such as proportionality,
  data-protection, human-rights, retention-limits).

Why it matters
  Each principle is a chapter of the compendium. An unknown one has no
  chapter, so the practice would be missing where readers look for it.

How to fix it
  Write the id exactly as in schema/principles.json: lower case, hyphens,
  the spelling used there (data-minimisation, with an s). If no principle
  fits, leave it out: the tool suggests principles from the text.

Example
  Wrong:  "principles": ["proportionalty", "Data Protection"]
  Right:  "principles": ["proportionality", "data-protection"]"#
        }

        Code::DeclaredAndRefused => {
            r#"declared-and-refused: a principle both declared and refused

What it means
  A principle is in "principles" and in "principles_refused": the two
  say opposite things. Declaring a principle that is part of another
  (retention-limits, part of data-protection) declares that one too.

Why it matters
  The edition would list the practice under a principle its entry says
  does not apply, or under a part but not the principle it belongs to.

How to fix it
  Keep the one you mean: remove the principle (or its parts) from
  "principles", or remove its line from "principles_refused".

Example
  Wrong:  "principles": ["retention-limits"],
          "principles_refused": [
            {"principle": "data-protection", "reason": "…"}]
  Right:  "principles": ["retention-limits"]"#
        }

        Code::DuplicateId => {
            r#"duplicate-id: two entries use the same id

What it means
  Two entry files checked together have the same id. The finding is on
  the second file (paths in alphabetical order) and names the first.

Why it matters
  The id is a practice's permanent name and link. With two practices
  under one id, links, the spreadsheet and comparisons between editions
  could not tell them apart, and one would hide the other.

How to fix it
  If they are different practices, give one a new id and rename its
  file. If one replaces the other, give it a new id, list the old id in
  its "supersedes", and set the old entry's status to "retired". If it
  is a plain copy, delete it.

Example
  Wrong:  a/shared-id.json and b/shared-id.json, both "id": "shared-id"
  Right:  ids shared-id and shared-id-2026, each file named after its id"#
        }

        Code::IdFileMismatch => {
            r#"id-file-mismatch: the file name differs from the id

What it means
  The file name (without .json or .md) is not the same as the "id"
  inside it, or it ends otherwise (.markdown, or .md.txt where Windows
  hides the .txt). Each entry is stored as <id>.json or <id>.md, in any
  folder under practices/.

Why it matters
  Editors and reviewers find an entry by its file name; when the two
  differ, the wrong file gets opened, changed or removed.

How to fix it
  Rename the file after the id, or change the id to the file name. If
  the entry was already published, keep its id (links use it) and rename
  the file. Capitals count: Eu-Ees.json does not match eu-ees.

Example
  Wrong:  "id": "the-real-id"  in practices/wrong-file-name.json
  Right:  "id": "the-real-id"  in practices/the-real-id.json"#
        }

        Code::UnknownSupersedes => {
            r#"unknown-supersedes: "supersedes" names an id no entry has

What it means
  "supersedes" lists an id that no entry has among the files checked in
  this run (misspelt, or the old entry was deleted or renamed), the
  entry's own id, or an entry that supersedes this one in turn.

Why it matters
  A reference to a practice that does not exist leads nowhere and hides
  which version of a practice is the current one.

How to fix it
  Check the spelling against the old entry's id. Keep replaced entries
  with "status": "retired" instead of deleting them. When only some
  entries are read (a file, a batch in practices/, `tag`, `dedup`), this
  is a warning: the old entry may be in a file not read.

Example
  Wrong:  "supersedes": ["no-such-entry"]
  Right:  "supersedes": ["eu-ees-retention"]  (an entry with that id)"#
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADINGS: [&str; 4] = [
        "\nWhat it means\n",
        "\nWhy it matters\n",
        "\nHow to fix it\n",
        "\nExample\n",
    ];

    #[test]
    fn every_code_is_explained_in_the_usual_shape() {
        for &code in Code::ALL {
            let text = explanation(code);
            assert!(
                text.starts_with(&format!("{}: ", code.as_str())),
                "{code}: the explanation must start with its code"
            );
            let mut last = 0;
            for heading in HEADINGS {
                let at = text
                    .find(heading)
                    .unwrap_or_else(|| panic!("{code}: missing heading {heading:?}"));
                assert!(at > last, "{code}: heading {heading:?} out of order");
                last = at;
            }
            assert!(
                text.contains("\n  Wrong:  ") && text.contains("\n  Right:  "),
                "{code}: the example needs a Wrong and a Right line"
            );
        }
    }

    /// The fields the explanations name are the built-in schema's: every required field, and
    /// every field whose values come from a fixed list (other than the jurisdiction, which has
    /// a code of its own).
    #[test]
    fn explanations_name_the_schemas_fields() {
        let schema = crate::schema::Schemas::embedded().unwrap().practice;
        let text = |code: Code| {
            explanation(code)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let missing = text(Code::MissingField);
        for field in schema["required"].as_array().unwrap() {
            let field = field.as_str().unwrap();
            let named = missing
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == field);
            assert!(named, "missing-field does not name `{field}`");
        }
        let listed = text(Code::NotAllowed);
        for (field, rule) in schema["properties"].as_object().unwrap() {
            let fixed = rule.get("enum").is_some()
                || rule.get("items").is_some_and(|i| i.get("enum").is_some());
            if fixed && field != "jurisdiction" {
                assert!(
                    listed.contains(&format!("\"{field}\"")),
                    "value-not-allowed does not name `{field}`"
                );
            }
        }
    }

    #[test]
    fn explanations_fit_a_terminal() {
        let mut problems = Vec::new();
        for &code in Code::ALL {
            let text = explanation(code);
            let lines = text.lines().count();
            if !(6..=20).contains(&lines) {
                problems.push(format!("{code}: {lines} lines"));
            }
            for line in text.lines() {
                if line.chars().count() > 80 {
                    problems.push(format!("{code}: line over 80 characters: {line:?}"));
                }
                if line != line.trim_end() {
                    problems.push(format!("{code}: trailing space: {line:?}"));
                }
            }
            if text.ends_with('\n') {
                problems.push(format!("{code}: trailing line break"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
