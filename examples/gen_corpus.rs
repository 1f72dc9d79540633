//! Generates a synthetic corpus of practice entries, for benchmarks and duplicate-detection tests.
//!
//! `cargo run --release --example gen_corpus -- --count N --seed S --out DIR [--dup-rate R]
//! [--truth FILE]`
//!
//! Every entry passes `compendium validate`, averages about 3.7 KB, and reads as English prose on
//! biometrics good practice. The text comes from a small grammar (templates whose `{slots}` expand
//! recursively from word lists), so entries differ in wording, not only in the order of shared
//! sentences. Only std and serde_json are used, and randomness comes from a hand-written
//! xoshiro256** seeded per entry: the same seed gives byte-identical files on any machine, and an
//! entry can be rebuilt from `(seed, position)` alone, so memory stays flat at any count.
//!
//! With `--dup-rate R`, that fraction of the entries are planted copies of other entries, split
//! equally between exact copies, light rewordings (6–14 % of the words replaced) and copies with one
//! paragraph appended. The planted pairs are written to `DIR/../<name>-truth.json` (or `--truth`).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The taxonomy the principle tags are drawn from, so tags stay valid when it changes.
const PRINCIPLES: &str = include_str!("../schema/principles.json");

/// The grammar: `name = alt | alt`; a line starting with `|` continues the rule above. `{name}`
/// expands a rule or an entry's own value (its country, organization…); `{^name}` capitalizes.
const GRAMMAR: &str = r#"
actor_counter-terrorism = counter-terrorism investigators | intelligence analysts | specialised police units | joint task force officers
setting_counter-terrorism = in counter-terrorism investigations | when screening persons of interest | in joint operations with partner services | at major public events
people_counter-terrorism = suspects | persons of interest | travellers flagged by partner services | people detained during operations
purpose_counter-terrorism = identify known or suspected terrorists | link separate investigations | check people against a terrorism watchlist | confirm the identity of detained suspects
org_counter-terrorism = Counter-Terrorism Police of {country} | National Security Service of {country} | Counter-Terrorism Coordination Office of {country}
orgx_counter-terrorism = Regional Counter-Terrorism Centre | Joint Counter-Terrorism Task Force | International Counter-Terrorism Partnership
system_counter-terrorism = the {madj} watchlist service | the counter-terrorism {madj} database | the shared {madj} alert system
actor_border-management = border guards | immigration officers | consular staff | border control officers
setting_border-management = at land border crossings | at airport e-gates | in visa application centres | at seaports | at the external border
people_border-management = travellers | visa applicants | third-country nationals | frequent travellers | people crossing the border
purpose_border-management = verify the identity of travellers | detect document fraud | record entries and exits | check visa applicants against alerts
org_border-management = Border Guard Service of {country} | Immigration Department of {country} | National Visa Office of {country}
orgx_border-management = Regional Border Cooperation Agency | Joint Border Management Office | International Border Partnership
system_border-management = the {madj} entry and exit register | the e-gate {madj} verification service | the visa {madj} database
actor_law-enforcement = police officers | forensic examiners | custody officers | criminal intelligence analysts
setting_law-enforcement = in police custody suites | during criminal investigations | at crime scenes | during street patrols
people_law-enforcement = arrested persons | suspects | witnesses | members of the public
purpose_law-enforcement = identify suspects | link crime scenes | confirm the identity of arrested persons | search for missing persons
org_law-enforcement = National Police of {country} | Criminal Investigation Department of {country} | Forensic Science Service of {country}
orgx_law-enforcement = Regional Police Cooperation Office | International Forensic Science Network | Joint Criminal Intelligence Unit
system_law-enforcement = the national {madj} identification system | the police {madj} database | the {madj} search service of the police
actor_criminal-justice = prosecutors | court staff | prison administrators | probation officers | forensic laboratories
setting_criminal-justice = in criminal proceedings | in prisons | in forensic laboratories | in court
people_criminal-justice = defendants | convicted persons | prisoners | people on probation
purpose_criminal-justice = establish the identity of defendants | present forensic evidence in court | manage prison admissions | record convictions
org_criminal-justice = Ministry of Justice of {country} | Prison Service of {country} | Public Prosecution Service of {country}
orgx_criminal-justice = Regional Justice Cooperation Network | International Criminal Records Exchange | Joint Forensic Evidence Board
system_criminal-justice = the {madj} records system of the courts | the prison {madj} register | the forensic {madj} archive
actor_identity-management = civil registration officers | identity agency staff | enrolment operators | public service providers
setting_identity-management = in the national identity programme | at enrolment centres | in civil registries | in digital identity services
people_identity-management = residents | citizens | applicants for identity cards | benefit claimants
purpose_identity-management = issue identity documents | prevent duplicate enrolment | verify identity for public services | keep the population register accurate
org_identity-management = National Identity Agency of {country} | Civil Registration Office of {country} | Digital Identity Authority of {country}
orgx_identity-management = Regional Identity Partnership | International Civil Registration Programme | Joint Digital Identity Office
system_identity-management = the national {madj} identity register | the {madj} deduplication service | the {madj} enrolment system
actor_humanitarian = humanitarian staff | registration teams | aid workers | protection officers
setting_humanitarian = in refugee camps | at aid distribution points | in reception centres | during emergency registration
people_humanitarian = refugees | asylum seekers | displaced people | aid recipients | families in need
purpose_humanitarian = register people in need of assistance | prevent duplicate aid distribution | reunite separated families | confirm eligibility for assistance
org_humanitarian = Refugee Affairs Commission of {country} | National Disaster Relief Agency of {country} | Red Crescent Society of {country}
orgx_humanitarian = International Humanitarian Registration Programme | Regional Refugee Response Office | Joint Relief Coordination Unit
system_humanitarian = the {madj} registration platform | the aid distribution {madj} check | the {madj} case management system
actor_aviation-security = airport operators | airline staff | aviation security officers | passenger screening staff
setting_aviation-security = at airport security checkpoints | at boarding gates | in restricted airport areas | in passenger processing
people_aviation-security = passengers | airport workers | aircrew | contractors with airside access
purpose_aviation-security = control access to restricted areas | match passengers to their boarding passes | speed up boarding | screen passengers against no-fly lists
org_aviation-security = Civil Aviation Authority of {country} | Airport Security Directorate of {country} | National Airports Company of {country}
orgx_aviation-security = Joint Aviation Security Council | International Airport Security Partnership | Regional Civil Aviation Office
system_aviation-security = the {madj} boarding system | the airside {madj} access control | the {madj} passenger processing service
actor_military = military police | armed forces personnel | military intelligence units | base security staff
setting_military = in military operations abroad | at military bases | at checkpoints in conflict zones | in detention facilities run by armed forces
people_military = detainees | local residents | base workers | people met during patrols
purpose_military = control access to military sites | identify detainees | screen local workers | record persons encountered in operations
org_military = Ministry of Defence of {country} | Military Police of {country} | Armed Forces Command of {country}
orgx_military = Multinational Peace Support Mission | Joint Military Police Command | Regional Defence Cooperation Office
system_military = the deployable {madj} kit | the military {madj} database | the base {madj} access system
intro = {^org} uses {mods} to {purpose} {setting}. | {^setting}, {actor} rely on {system} to {purpose}.
  | Since {year}, {org} has run {system}, which holds the {mods} of {count} {people}.
  | {^system} was introduced in {year} to help {actor} {purpose}, replacing a paper-based process.
context = The system is used by about {count} {actor} and handles {count} transactions a month.
  | It was set up under {legal_basis}, which defines who may use it and for what.
  | Early reviews pointed to a risk of {risk}, which shaped the safeguards described here.
  | The practice described here concerns {stage_phrase}.
  | {^conn} {org} works with {stakeholder} to keep the rules under review.
  | The rules apply to every office of {org} and to the contractors that run parts of the system.
  | Before the current rules, {actor} decided case by case, and practice varied widely between sites.
planning = Before {system} was procured, {org} explained in writing why {mods} were needed to {purpose} and why less intrusive means would not work.
  | The project team carried out {safeguard} and consulted {stakeholder} before any {mod} was collected.
  | {^org} defined the purpose of the system in writing and listed the {number} situations in which {actor} may use it.
  | A pilot of {pilot} tested the system {setting}, and {oversight} reviewed its results before a wider roll-out was approved.
  | The business case compared {mods} with other options and set out the expected benefits, the costs and the risk of {risk}.
  | Planning documents name the official who is accountable for the system and explain how {people} can raise concerns.
collection = {^actor} collect {mods} only from {people} who fall within the categories defined by {legal_basis}.
  | Each {mod} is captured with {quality}, and a sample that fails is taken again while the person is still present.
  | {^people} are told in plain language, in a language they understand, why their {mods} are taken, how long they are kept and whom to contact.
  | Children under {age} are not enrolled, and older children are enrolled only in the presence of a parent or guardian.
  | Capture takes place in a private area {setting}, and {actor} are trained to treat every person with dignity.
  | No {mod} is taken by force; where a person refuses, {actor} record the refusal and use other means to establish identity.
  | Only the {mods} needed for the stated purpose are collected, and no other traits are captured just because the equipment allows it.
storage = {^tpl} are stored in {system} apart from names and other biographic data, linked only by a random reference number.
  | The database is encrypted at rest and in transit, and every access is written to a log that {oversight} can inspect.
  | Only {number} named roles can view stored {mods}, and access rights are reviewed {review_freq}.
  | Raw images are discarded once the {tpl} have been created, unless the law requires the original to be kept as evidence.
  | Backups are held in {country} under the same controls as the live system, and restoring one needs two people.
matching = Every candidate list produced by {system} is reviewed by {staff} before any action is taken.
  | The match threshold keeps the false match rate below {pct} per cent, and it changes only after testing and written approval.
  | {^actor} treat a match as an investigative lead, never as proof of identity on its own.
  | Searches are one-to-one checks wherever possible, and a one-to-many search of the whole database needs {approval}.
  | The algorithm was tested by an independent laboratory, and its error rates for {group} are published.
  | Where a match is disputed, a second examiner repeats the comparison without knowing the first result.
sharing = {^mods} are shared with other agencies only under a written agreement that names the purpose, the data and the retention period.
  | Requests from foreign authorities are checked case by case, and no data are sent where there is a real risk of {risk}.
  | Each disclosure is recorded with the requesting body, the legal basis and the data sent.
  | Partner agencies receive a hit or no-hit answer to a search rather than a copy of the {mods} themselves.
  | {^org} never shares data about {people} with authorities that could use them to harm the people concerned.
retention = Records are kept for {period} after {event}, and the period is set in {legal_basis} rather than in internal guidance.
  | Records of people who are never charged are kept for no longer than {period}, unless a court extends the period.
  | The retention schedule treats {people} differently from other groups, and shorter periods apply to children.
  | {^org} reviews {review_freq} whether each category of record is still needed for its purpose.
deletion = At the end of the retention period, {system} deletes the record automatically and writes a deletion entry to the audit log.
  | Deletion covers backups and copies held by partner agencies, which must confirm it in writing within {days} days.
  | {^people} can ask for their {mods} to be deleted once the purpose has ended, and the request is answered within {days} days.
  | A monthly report shows how many records were deleted and how many were kept under a recorded exception.
oversight = {^oversight} inspects the system {review_freq} and publishes its findings.
  | An annual report to parliament gives the number of searches, matches, errors and complaints.
  | Internal auditors sample {number} searches each month and check that each one had a recorded reason.
  | Operators who misuse the system face disciplinary action, and {number} cases have been referred for investigation since {year}.
  | The audit log cannot be changed by the operators whose actions it records.
redress = Anyone who believes they were wrongly matched can complain to {oversight}, free of charge.
  | {^people} can ask to see the data held about them and to have errors corrected within {days} days.
  | Where a wrong match caused harm, {org} apologises in writing and corrects every record that relied on it.
  | Decisions are never based solely on an automated match, so every person can ask for a human to look at the case again.
  | Information on how to complain is posted {setting} and on the website of {org}, in several languages.
why = The practice shows that {safeguard} can be part of daily work without slowing operations down.
  | It limits the risk of {risk} while keeping the benefits that led to the system in the first place.
  | By writing the rules down in {legal_basis}, {org} makes them visible to {people} and open to challenge.
  | Other bodies can copy the approach because it rests on clear rules rather than on particular equipment.
  | It treats {mods} as sensitive personal data that cannot be changed if they are ever compromised.
  | The approach keeps a human in charge of decisions that affect {people}.
  | It shows how the principle of {principle} can be applied to {stage_phrase}.
lesson = A review in {year} found that {finding}, and the rules were changed as a result.
  | Staff needed more training than planned, especially on {topic}.
  | {^oversight} recommended {safeguard}, which was introduced a year later.
  | Costs were lower than expected because the safeguards were designed in from the start.
extra = A follow-up review in {year} confirmed that the safeguards work as intended, although {finding}.
  | Since this entry was first written, {org} has added {safeguard} and plans to publish the results of the next audit.
  | {^oversight} noted that complaints fell after {safeguard} was introduced.
  | Other agencies in {country} have since adopted the same approach for their own {mods}.
  | The next step is to extend the rules to {topic}, which the current policy does not yet cover.
list_intro = The main safeguards are: | In short, the practice rests on: | The rules require: | The key elements are:
summary = {^org} applies {safeguard} to the {mods} that {actor} collect {setting}. {why_short}
  | When {actor} use {mods} to {purpose}, {org} requires {safeguard} and {safeguard}. {why_short}
  | {^setting}, {org} relies on {stage_summary} so that {mods} are used only to {purpose}. {why_short}
  | {^org} has set out {stage_summary} for the {mods} of {people}, backed by {safeguard}. {why_short}
why_short = This reduces the risk of {risk}. | The rules are set in {legal_basis} and checked by {oversight}.
  | It keeps decisions about {people} in human hands. | {^people} can see how their data are used and complain if something goes wrong.
title_tail = in {country} | {setting} | by the {org} | for {people}
title_planning = Necessity assessment before deploying {madj} technology | Public purpose statement for a new {madj} system | Pilot evaluation before a {madj} roll-out
title_collection = Informed and dignified capture of {mods} | Quality checks at {madj} enrolment | Collecting only the {mods} that are needed
title_storage = Separate and encrypted storage of {tpl} | Access controls for stored {mods}
title_matching = Human review of automated {madj} matches | Published error rates for {madj} matching | Tested thresholds for {madj} searches
title_sharing = Written agreements for sharing {mods} | Case-by-case checks before sharing {mods} abroad | Hit or no-hit exchange of {mods}
title_retention = Fixed retention periods for {mods} | Short retention for {mods} of people never charged
title_deletion = Automatic deletion of expired {madj} records | Deletion of {mods} on request
title_oversight = Independent inspection of {madj} searches | Annual public reporting on {madj} use
title_redress = A free complaints route for people wrongly matched by {madj} systems | Prompt correction of wrong {madj} records
phrase_planning = the planning of a new system | phrase_collection = the collection of {mods} | phrase_storage = the storage of {mods}
phrase_matching = the matching of {mods} | phrase_sharing = the sharing of {mods} with other bodies
phrase_retention = how long {mods} are kept | phrase_deletion = the deletion of {mods}
phrase_oversight = the oversight of {system} | phrase_redress = the remedies open to {people}
stage_summary = a written assessment before deployment | plain-language notices at capture | separate, encrypted storage
  | human review of each match | case-by-case checks before sharing | fixed retention periods | automatic deletion
  | regular independent inspections | a free complaints procedure
rec_planning = Write down the purpose of the system and the situations in which {actor} may use it before buying any equipment.
  | Carry out {safeguard} and publish a summary of it. | Compare the use of {mods} with less intrusive ways of reaching the same aim.
  | Run a time-limited pilot and have {oversight} review its results before a wider roll-out.
rec_collection = Tell {people} why their {mods} are collected, how long they are kept and how to complain.
  | Check the quality of each {mod} at capture and take it again while the person is present.
  | Collect only the {mods} needed for the stated purpose. | Never use force to take a {mod}; record refusals and use other means of identification.
rec_storage = Store {tpl} apart from biographic data and link them with a random reference number.
  | Encrypt the database and log every access. | Review access rights to {system} {review_freq}.
rec_matching = Have {staff} check every automated match before acting on it.
  | Publish error rates for {group} and set thresholds on the basis of tests. | Treat a match as a lead, not as proof of identity.
rec_sharing = Share {mods} only under written agreements that state the purpose, the data and the retention period.
  | Assess each foreign request for the risk of {risk}. | Record every disclosure together with its legal basis.
rec_retention = Set retention periods in law and tie each one to a defined event.
  | Keep records of people who are not charged for no longer than {period}. | Review {review_freq} whether each category of record is still needed.
rec_deletion = Delete expired records automatically, including backups and copies held by partners.
  | Answer deletion requests within {days} days. | Publish the number of records deleted each year.
rec_oversight = Give {oversight} the power to inspect the system without notice.
  | Report the number of searches, matches and errors to parliament every year. | Make the audit log tamper-proof.
rec_redress = Offer a free complaints procedure and explain it {setting}.
  | Correct wrong records within {days} days and tell the person concerned. | Let every person ask for a human review of a decision based on a match.
rec_general = Train every operator before they are given access to {system}. | Name an official who is accountable for the system.
  | Review the practice {review_freq} and publish what changed.
source_title = Report on {topic} in {country} | Guidelines on the use of {mods} by {actor} | Code of practice on {stage_phrase}
  | Annual report on {system} | Evaluation of {system} | Handbook for {actor} on {topic}
safeguard = a documented necessity and proportionality assessment | a data protection impact assessment | independent oversight by {oversight}
  | a fixed retention period | automatic deletion of records that are no longer needed | human review of every automated match
  | a published policy on {topic} | regular accuracy testing across demographic groups | strict access controls and logging
  | encryption of stored {tpl} | a complaints procedure open to everyone concerned | training for every operator
  | a legal basis in primary legislation | clear rules on sharing with other agencies | an annual public report
  | written authorisation from a senior officer for each search | a ban on use for unrelated purposes
oversight = the national data protection authority | an independent biometrics commissioner | a parliamentary committee
  | an independent ethics board | the courts | an external audit office | the inspector general | a joint supervisory body
legal_basis = a statute passed by parliament | a regulation adopted after public consultation | the national data protection act
  | a court order for each search | a code of practice with statutory force | an international agreement ratified by parliament
  | the code of criminal procedure | the immigration act
risk = false matches that lead to wrongful stops | function creep | the use of data for purposes never announced
  | unauthorised access to the database | discrimination against particular groups | a chilling effect on lawful protest
  | the loss of records in a data breach | errors that are never corrected | mass surveillance
  | the exposure of vulnerable people to persecution | excessive retention of data on innocent people | over-reliance on automated results
topic = retention and deletion | access to {mods} | the use of watchlists | the sharing of {mods} | match thresholds
  | error handling | the rights of the people concerned | the testing of algorithms | the enrolment of children
finding = some operators searched without a recorded reason | error rates were higher for {group} | records had been kept beyond the legal period
  | partner agencies kept copies longer than agreed | notices about data collection were missing at {number} sites | few people knew about the complaints procedure
stakeholder = civil society groups | the data protection authority | community representatives | staff unions | organisations representing {people}
group = women and men | people of different ages | people with darker skin tones | older people | children | people with disabilities | manual workers with worn fingerprints
quality = automatic image quality checks | a minimum quality score for every sample | standard lighting and capture conditions | certified capture devices
staff = a trained examiner | two trained examiners working separately | a supervisor | a senior officer | a specialist review team
approval = the written approval of a senior officer | a court order | a warrant issued by a judge | the approval of the data protection officer
event = the end of the case | the person's last entry | the date of collection | the end of the sentence | the closure of the investigation | the last aid distribution
review_freq = every year | every two years | every six months | each quarter | after every major software update
conn = In practice, | In addition, | Since then, | At the same time, | For this reason, | Under these rules,
period = six months | one year | two years | three years | five years | ten years | 90 days | 30 days | 18 months
number = two | three | four | five | six | a dozen | several
count = 120 | 250 | 400 | 1,200 | 3,000 | 8,500 | 20,000 | 65,000
pct = 0.1 | 0.5 | 1 | 2 | 3
days = 14 | 21 | 30 | 45 | 60
age = 6 | 12 | 14
pilot = three months | six months | one year
year = 2012 | 2013 | 2014 | 2015 | 2016 | 2017 | 2018 | 2019 | 2020 | 2021 | 2022 | 2023 | 2024 | 2025
"#;

/// Rewording: a word and the words that may replace it.
const SYNONYMS: &str = "use:employ,apply|uses:employs,applies|used:employed,applied|system:platform|records:files,entries\
|record:file,entry|data:information|collect:gather,take|collected:gathered,taken|stored:kept,held|store:keep,hold\
|kept:held,retained|every:each|each:every|people:persons,individuals|person:individual|check:verify,examine\
|checks:verifies,examines|checked:verified,examined|reviewed:examined,assessed|before:prior to|after:following\
|only:solely,just|clear:plain,explicit|written:documented|rules:provisions,regulations|law:legislation|risk:danger\
|purpose:aim,objective|purposes:aims|agency:body|agencies:bodies|authority:body|request:application\
|requests:applications|delete:erase,remove|deleted:erased,removed|deletion:erasure,removal|automatically:by default\
|independent:external,separate|published:made public,released|publish:release|shows:demonstrates,illustrates\
|help:assist|officers:officials|staff:personnel,employees|trained:qualified|training:instruction|errors:mistakes\
|error:mistake|wrong:incorrect,mistaken|wrongly:incorrectly,mistakenly|match:hit|matches:hits|search:query\
|searches:queries|sensitive:delicate|annual:yearly|need:require|needed:required,necessary|limits:restricts\
|reduces:lowers,cuts|country:state|legal:lawful|complain:object|period:term|periods:terms|shared:exchanged,disclosed\
|share:exchange,disclose|approach:method|main:key,principal|several:various|many:numerous|inspect:audit,examine\
|inspects:audits,examines|found:identified,discovered|changed:amended,altered|concerns:relates to|concerned:affected\
|decisions:rulings|decision:ruling|operators:users|allows:permits|requires:demands|strict:rigorous|plain:simple\
|safeguards:protections|practice:measure|agreement:arrangement|documents:papers|database:register|quality:standard\
|sample:specimen|capture:acquisition|report:account|reports:accounts|costs:expenses|lower:smaller|helps:assists";
/// Words put in where too few words have synonyms.
const FILLERS: &[&str] = &[
    "also",
    "notably",
    "generally",
    "usually",
    "formally",
    "often",
    "clearly",
    "still",
];

const AREAS: &[&str] = &[
    "counter-terrorism",
    "border-management",
    "law-enforcement",
    "criminal-justice",
    "identity-management",
    "humanitarian",
    "aviation-security",
    "military",
];
const STAGES: &[&str] = &[
    "planning",
    "collection",
    "storage",
    "matching",
    "sharing",
    "retention",
    "deletion",
    "oversight",
    "redress",
];
/// Modality, adjective, sample noun, plural data noun, template noun.
const MODALITIES: &[[&str; 5]] = &[
    [
        "face",
        "facial",
        "facial image",
        "facial images",
        "face templates",
    ],
    [
        "fingerprint",
        "fingerprint",
        "fingerprint",
        "fingerprints",
        "fingerprint templates",
    ],
    ["iris", "iris", "iris image", "iris images", "iris codes"],
    ["dna", "DNA", "DNA sample", "DNA profiles", "DNA profiles"],
    [
        "voice",
        "voice",
        "voice sample",
        "voice recordings",
        "voiceprints",
    ],
    [
        "palm",
        "palm print",
        "palm print",
        "palm prints",
        "palm templates",
    ],
    [
        "vein",
        "vein",
        "finger-vein scan",
        "vein patterns",
        "vein templates",
    ],
    [
        "gait",
        "gait",
        "gait recording",
        "gait recordings",
        "gait signatures",
    ],
    [
        "signature",
        "signature",
        "handwritten signature",
        "signature samples",
        "signature models",
    ],
    [
        "other",
        "biometric",
        "biometric sample",
        "biometric samples",
        "biometric templates",
    ],
];
const COUNTRIES: &str = "GB:the United Kingdom|FR:France|DE:Germany|NL:the Netherlands|SE:Sweden|ES:Spain|IT:Italy\
|PL:Poland|KE:Kenya|NG:Nigeria|ZA:South Africa|GH:Ghana|IN:India|ID:Indonesia|PH:the Philippines|JP:Japan\
|KR:the Republic of Korea|AU:Australia|NZ:New Zealand|CA:Canada|US:the United States|MX:Mexico|BR:Brazil|CL:Chile\
|CO:Colombia|AR:Argentina|MA:Morocco|JO:Jordan|PK:Pakistan|BD:Bangladesh|UG:Uganda|TZ:Tanzania|EE:Estonia\
|FI:Finland|NO:Norway|CH:Switzerland|IE:Ireland|PT:Portugal|SG:Singapore|TH:Thailand";
const FIRST: &str =
    "Amina|José|Li|Sofia|Kwame|Priya|Lars|Fatima|Mateo|Hana|Olga|Tariq|Zoë|Ngozi|Pierre|Yuki|Aïcha\
|Daniel|Ingrid|Rahul|Elena|Kofi|Marta|Omar|Chen|Łukasz|Grace|Ahmed|Sara|Tomás|Nadia|David";
const LAST: &str = "Okafor|García|Wang|Rossi|Mensah|Sharma|Nilsson|Haddad|López|Tanaka|Ivanova|Khan|Müller|Adeyemi\
|Dubois|Sato|Diallo|Cohen|Berg|Patel|Popescu|Boateng|Silva|Farah|Zhang|Kowalski|Mwangi|Hassan|Lindqvist|Novak";
const FOLDERS: &[&str] = &[
    "africa",
    "americas",
    "asia",
    "europe",
    "oceania",
    "middle-east",
    "eu",
    "un",
    "coe",
    "interpol",
    "humanitarian",
    "aviation",
    "borders",
    "policing",
    "courts",
    "identity",
    "defence",
    "standards",
    "industry",
    "civil-society",
];
/// Principles that fit a lifecycle stage; only those in the taxonomy are used.
const STAGE_PRINCIPLES: &[&str] = &[
    "necessity proportionality impact-assessment legality",
    "consent-autonomy data-minimisation transparency rights-of-the-child",
    "security data-protection",
    "accuracy-quality human-review non-discrimination",
    "responsible-sharing purpose-limitation",
    "retention-limits proportionality",
    "retention-limits data-subject-rights",
    "accountability-oversight transparency",
    "remedy-redress data-subject-rights",
];

/// xoshiro256**, seeded through splitmix64: small, fast, and the same on every platform.
struct Rng([u64; 4]);

impl Rng {
    /// A generator for one purpose (`lane`) of one entry (`stream`), independent of all others.
    fn new(seed: u64, stream: u64, lane: u64) -> Rng {
        let mut x = seed
            ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ lane.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
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
    /// Uniform in `0..n` (multiply-shift; no floating point, so no platform differences).
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

/// The parsed grammar and word lists, built once.
struct Gen {
    rules: BTreeMap<&'static str, Vec<&'static str>>,
    synonyms: BTreeMap<&'static str, Vec<&'static str>>,
    principles: Vec<(String, String)>,
    countries: Vec<(&'static str, &'static str)>,
    first: Vec<&'static str>,
    last: Vec<&'static str>,
}

/// One entry's fixed values (its country, organization…) and the alternatives it has used, so
/// that no sentence or phrase repeats within an entry while others remain.
#[derive(Clone, Default)]
struct Scene {
    vars: BTreeMap<&'static str, String>,
    used: BTreeSet<(&'static str, usize)>,
}

impl Gen {
    fn new() -> Gen {
        let mut rules: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut current = "";
        for line in GRAMMAR.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let alternatives = match line.strip_prefix('|') {
                Some(rest) => rest,
                None => line,
            };
            for alt in alternatives.split(" | ").map(str::trim) {
                match alt.split_once(" = ") {
                    Some((name, first)) if !name.contains(' ') => {
                        current = name;
                        rules.entry(name).or_default().push(first);
                    }
                    _ => rules.entry(current).or_default().push(alt),
                }
            }
        }
        let synonyms = SYNONYMS
            .split('|')
            .filter_map(|s| s.split_once(':'))
            .map(|(w, alts)| (w, alts.split(',').collect()))
            .collect();
        let taxonomy: serde_json::Value =
            serde_json::from_str(PRINCIPLES).expect("taxonomy is JSON");
        let principles = taxonomy["principles"]
            .as_array()
            .expect("taxonomy lists principles")
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap_or_default().to_string(),
                    p["label"].as_str().unwrap_or_default().to_lowercase(),
                )
            })
            .collect();
        let countries = COUNTRIES
            .split('|')
            .filter_map(|c| c.split_once(':'))
            .collect();
        let (first, last) = (FIRST.split('|').collect(), LAST.split('|').collect());
        Gen {
            rules,
            synonyms,
            principles,
            countries,
            first,
            last,
        }
    }

    /// Expands `{slots}` in a template: the scene's own values first, then grammar rules.
    fn expand(&self, template: &str, scene: &mut Scene, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("slot is closed");
            let name = &rest[open + 1..close];
            let (capital, name) = match name.strip_prefix('^') {
                Some(n) => (true, n),
                None => (false, name),
            };
            let text = match scene.vars.get(name) {
                Some(v) => v.clone(),
                None => self
                    .rule(name, scene, rng)
                    .unwrap_or_else(|| panic!("no rule `{name}`")),
            };
            out.push_str(&if capital { capitalize(&text) } else { text });
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// One alternative of a rule, expanded; unused alternatives first. None if there is no rule.
    fn rule(&self, name: &str, scene: &mut Scene, rng: &mut Rng) -> Option<String> {
        let (&key, alts) = self.rules.get_key_value(name)?;
        let fresh: Vec<usize> = (0..alts.len())
            .filter(|i| !scene.used.contains(&(key, *i)))
            .collect();
        let i = if fresh.is_empty() {
            rng.below(alts.len())
        } else {
            *rng.pick(&fresh)
        };
        scene.used.insert((key, i));
        Some(self.expand(alts[i], scene, rng))
    }

    /// A sentence from a group that this entry has not used yet, or None when all are used.
    fn fresh(&self, name: &str, scene: &mut Scene, rng: &mut Rng) -> Option<String> {
        let (&key, alts) = self.rules.get_key_value(name)?;
        (0..alts.len())
            .any(|i| !scene.used.contains(&(key, i)))
            .then(|| self.rule(name, scene, rng))?
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A practice entry, plus the scene it was written from (needed to append a paragraph later).
#[derive(Clone)]
struct Entry {
    id: String,
    title: String,
    summary: String,
    body: String,
    recommendations: Vec<String>,
    area: &'static str,
    modalities: Vec<&'static str>,
    lifecycle: Vec<&'static str>,
    jurisdiction: &'static str,
    organization: String,
    principles: Vec<String>,
    sources: Vec<(String, String, usize, Option<String>)>,
    contributor: (String, Option<String>, Option<String>),
    submitted: String,
    status: &'static str,
    supersedes: Vec<String>,
    scene: Scene,
}

/// A JSON value whose objects keep their field order (serde_json's `Map` sorts keys here).
enum J {
    S(String),
    N(usize),
    A(Vec<J>),
    O(Vec<(&'static str, J)>),
}

/// Pretty-prints like `serde_json::to_string_pretty`: two-space indent, one item per line.
fn write_json(j: &J, indent: usize, out: &mut String) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    match j {
        J::S(s) => out.push_str(&serde_json::to_string(s).expect("a string serializes")),
        J::N(n) => out.push_str(&n.to_string()),
        J::A(items) if items.is_empty() => out.push_str("[]"),
        J::A(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                pad(out, indent + 2);
                write_json(item, indent + 2, out);
            }
            out.push('\n');
            pad(out, indent);
            out.push(']');
        }
        J::O(fields) => {
            out.push('{');
            for (i, (key, value)) in fields.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                pad(out, indent + 2);
                out.push_str(&format!("\"{key}\": "));
                write_json(value, indent + 2, out);
            }
            out.push('\n');
            pad(out, indent);
            out.push('}');
        }
    }
}

impl Entry {
    fn to_json(&self) -> String {
        let strs = |v: &[String]| J::A(v.iter().map(|s| J::S(s.clone())).collect());
        let enums = |v: &[&str]| J::A(v.iter().map(|s| J::S(s.to_string())).collect());
        let sources = self.sources.iter().map(|(title, publisher, year, url)| {
            let mut f = vec![
                ("title", J::S(title.clone())),
                ("publisher", J::S(publisher.clone())),
                ("year", J::N(*year)),
            ];
            f.extend(url.clone().map(|u| ("url", J::S(u))));
            J::O(f)
        });
        let (name, org, email) = &self.contributor;
        let mut contributor = vec![("name", J::S(name.clone()))];
        contributor.extend(org.clone().map(|o| ("organization", J::S(o))));
        contributor.extend(email.clone().map(|e| ("email", J::S(e))));
        let mut fields = vec![
            ("id", J::S(self.id.clone())),
            ("title", J::S(self.title.clone())),
            ("summary", J::S(self.summary.clone())),
            ("body", J::S(self.body.clone())),
            ("recommendations", strs(&self.recommendations)),
            ("area", J::S(self.area.to_string())),
            ("modalities", enums(&self.modalities)),
            ("lifecycle", enums(&self.lifecycle)),
            ("jurisdiction", J::S(self.jurisdiction.to_string())),
            ("organization", J::S(self.organization.clone())),
            ("principles", strs(&self.principles)),
            ("sources", J::A(sources.collect())),
            ("contributor", J::O(contributor)),
            ("submitted", J::S(self.submitted.clone())),
            ("language", J::S("en".into())),
            ("license", J::S("CC-BY-4.0".into())),
            ("status", J::S(self.status.to_string())),
        ];
        if !self.supersedes.is_empty() {
            fields.push(("supersedes", strs(&self.supersedes)));
        }
        let mut out = String::with_capacity(4096);
        write_json(&J::O(fields), 0, &mut out);
        out.push('\n');
        out
    }

    /// The schema's length rules for the texts (in characters, as JSON Schema counts them).
    fn texts_fit(&self) -> bool {
        let len = |s: &str| s.chars().count();
        (10..=200).contains(&len(&self.title))
            && (40..=600).contains(&len(&self.summary))
            && (100..=20_000).contains(&len(&self.body))
            && (1..=20).contains(&self.recommendations.len())
            && self
                .recommendations
                .iter()
                .all(|r| (10..=500).contains(&len(r)))
    }
}

/// Kebab-case id from the title's first significant words, made unique by the position.
fn make_id(title: &str, pos: usize) -> String {
    const STOP: &[&str] = &[
        "the", "of", "a", "an", "and", "for", "in", "on", "by", "to", "at", "from", "that", "are",
    ];
    let mut slug = String::new();
    for word in title
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(w))
        .take(6)
    {
        if slug.len() + word.len() > 60 {
            break;
        }
        slug.push_str(word);
        slug.push('-');
    }
    format!("{slug}{pos:06}")
}

fn date(rng: &mut Rng) -> String {
    let (year, month) = (rng.range(2019, 2026), rng.range(1, 12));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1];
    format!("{year}-{month:02}-{:02}", rng.range(1, days))
}

fn contributor(g: &Gen, rng: &mut Rng, org: &str) -> (String, Option<String>, Option<String>) {
    let (first, last) = (*rng.pick(&g.first), *rng.pick(&g.last));
    let ascii = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'á' | 'à' | 'ä' | 'â' => 'a',
                'é' | 'è' | 'ë' => 'e',
                'í' | 'ï' => 'i',
                'ó' | 'ö' => 'o',
                'ü' | 'ú' => 'u',
                'ł' => 'l',
                c => c,
            })
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    let email = rng
        .chance(60)
        .then(|| format!("{}.{}@example.org", ascii(first), ascii(last)));
    (
        format!("{first} {last}"),
        rng.chance(70).then(|| org.to_string()),
        email,
    )
}

fn status(rng: &mut Rng) -> &'static str {
    match rng.below(100) {
        0..=54 => "accepted",
        55..=79 => "submitted",
        80..=94 => "draft",
        _ => "retired",
    }
}

/// Builds the original entry at `pos`, from `(seed, pos)` alone.
fn original(g: &Gen, seed: u64, pos: usize) -> Entry {
    let rng = &mut Rng::new(seed, pos as u64, 0);
    let mut scene = Scene::default();
    let area = *rng.pick(AREAS);
    let (jurisdiction, country) = match rng.below(10) {
        0 => ("EU", "the European Union"),
        1 => ("INT", "the participating States"),
        _ => *rng.pick(&g.countries),
    };
    let mut mods: Vec<usize> = (0..MODALITIES.len()).collect();
    rng.shuffle(&mut mods);
    mods.truncate([1, 1, 1, 2, 2, 3][rng.below(6)]);
    let mut stages: Vec<usize> = (0..STAGES.len()).collect();
    rng.shuffle(&mut stages);
    stages.truncate(rng.range(1, 4));
    let m = MODALITIES[mods[0]];
    let v = &mut scene.vars;
    for (key, value) in [
        ("country", country),
        ("madj", m[1]),
        ("mod", m[2]),
        ("mods", m[3]),
        ("tpl", m[4]),
    ] {
        v.insert(key, value.to_string());
    }
    for slot in ["actor", "setting", "people", "purpose", "system"] {
        let value = g
            .rule(&format!("{slot}_{area}"), &mut scene, rng)
            .expect("area rule");
        scene.vars.insert(slot, value);
    }
    let org_rule = if jurisdiction.len() == 2 && jurisdiction != "EU" {
        "org"
    } else {
        "orgx"
    };
    let organization = g
        .rule(&format!("{org_rule}_{area}"), &mut scene, rng)
        .expect("org rule");
    scene.vars.insert("org", organization.clone());
    let period = g.rule("period", &mut scene, rng).expect("period");
    scene.vars.insert("period", period);
    let stage = STAGES[stages[0]];
    let phrase = g
        .rule(&format!("phrase_{stage}"), &mut scene, rng)
        .expect("phrase");
    scene.vars.insert("stage_phrase", phrase);
    let mut principles: Vec<String> = Vec::new();
    for &s in &stages {
        principles.extend(
            STAGE_PRINCIPLES[s]
                .split(' ')
                .filter(|_| rng.chance(60))
                .map(String::from),
        );
    }
    principles.push(rng.pick(&g.principles).0.clone());
    principles.retain(|p| g.principles.iter().any(|(id, _)| id == p));
    let mut seen = BTreeSet::new();
    principles.retain(|p| seen.insert(p.clone()));
    let label = g
        .principles
        .iter()
        .find(|(id, _)| *id == principles[0])
        .map_or("", |p| &p.1);
    scene.vars.insert("principle", label.to_string());

    let ex = |name: &str, scene: &mut Scene, rng: &mut Rng| g.rule(name, scene, rng).expect("rule");
    let title = format!(
        "{} {}",
        ex(&format!("title_{stage}"), &mut scene, rng),
        ex("title_tail", &mut scene, rng)
    );
    let summary = ex("summary", &mut scene, rng);
    let mut recommendations = Vec::new();
    for &s in &stages {
        for _ in 0..rng.range(1, 2) {
            recommendations.extend(g.fresh(&format!("rec_{}", STAGES[s]), &mut scene, rng));
        }
    }
    if recommendations.len() < 3 || rng.chance(50) {
        recommendations.extend(g.fresh("rec_general", &mut scene, rng));
    }
    let sources = (0..[1, 1, 2, 2, 3][rng.below(5)])
        .map(|_| {
            let title = capitalize(&ex("source_title", &mut scene, rng));
            let year = rng.range(1995, 2025);
            let publisher = if rng.chance(50) {
                organization.clone()
            } else {
                capitalize(&ex("oversight", &mut scene, rng))
            };
            let slug = make_id(&title, year).replace(&format!("-{year:06}"), "");
            let url = rng.chance(75).then(|| {
                format!(
                    "https://example.org/{}/{slug}",
                    ["reports", "guidance", "docs", "publications"][rng.below(4)]
                )
            });
            (title, publisher, year, url)
        })
        .collect();
    let mut e = Entry {
        id: make_id(&title, pos),
        title,
        summary,
        body: String::new(),
        recommendations,
        area,
        modalities: mods.iter().map(|&i| MODALITIES[i][0]).collect(),
        lifecycle: stages.iter().map(|&i| STAGES[i]).collect(),
        jurisdiction,
        contributor: contributor(g, rng, &organization),
        organization,
        principles,
        sources,
        submitted: date(rng),
        status: status(rng),
        supersedes: Vec::new(),
        scene: Scene::default(),
    };
    // Size control: every entry aims at its own total size, 2.7–4.7 KB, and the body fills the
    // space the other fields leave, so the mean lands near 3.7 KB whatever the metadata.
    let target = rng
        .range(2650, 4650)
        .saturating_sub(e.to_json().len())
        .max(400);
    e.body = body(g, &stages, target, &mut scene, rng);
    e.scene = scene;
    assert!(
        e.texts_fit(),
        "generated entry {} breaks a length rule",
        e.id
    );
    e
}

/// The body: context, one paragraph per lifecycle stage, maybe a list, then why it is good
/// practice and maybe lessons; stage paragraphs grow until the body reaches `target` bytes.
fn body(g: &Gen, stages: &[usize], target: usize, scene: &mut Scene, rng: &mut Rng) -> String {
    let mut paras: Vec<Vec<String>> = vec![vec![g.rule("intro", scene, rng).expect("intro")]];
    paras[0].extend(g.fresh("context", scene, rng));
    for &s in stages {
        paras.push(
            (0..2)
                .filter_map(|_| g.fresh(STAGES[s], scene, rng))
                .collect(),
        );
    }
    let mut why: Vec<String> = (0..rng.range(1, 2))
        .filter_map(|_| g.fresh("why", scene, rng))
        .collect();
    let lesson = rng
        .chance(40)
        .then(|| g.fresh("lesson", scene, rng))
        .flatten();
    let list: Option<String> = rng.chance(40).then(|| {
        let items: Vec<String> = (0..rng.range(3, 5))
            .filter_map(|_| g.fresh("safeguard", scene, rng))
            .collect();
        format!(
            "{}\n\n- {}.",
            g.rule("list_intro", scene, rng).expect("list"),
            items.join(";\n- ")
        )
    });
    let size = |paras: &[Vec<String>], why: &[String]| {
        paras
            .iter()
            .map(Vec::as_slice)
            .chain([why])
            .flatten()
            .map(|s| s.len() + 1)
            .sum::<usize>()
            + 100
    };
    // Grow the stage paragraphs (then the context and the reasons) until the target is reached.
    let mut groups: Vec<(usize, &str)> = stages
        .iter()
        .enumerate()
        .map(|(i, &s)| (i + 1, STAGES[s]))
        .collect();
    groups.extend([(0, "context"), (usize::MAX, "why")]);
    let mut turn = 0;
    while size(&paras, &why) < target && !groups.is_empty() {
        let (para, group) = groups[turn % groups.len()];
        match g.fresh(group, scene, rng) {
            Some(s) if para == usize::MAX => why.push(s),
            Some(s) => paras[para].push(s),
            None => {
                groups.remove(turn % groups.len());
                continue;
            }
        }
        turn += 1;
    }
    let mut text: Vec<String> = paras
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join(" "))
        .collect();
    if let Some(list) = list {
        let at = rng.range(1, text.len());
        text.insert(at, list);
    }
    text.push(format!("### Why it is good practice\n\n{}", why.join(" ")));
    if let Some(lesson) = lesson {
        text.push(format!("### Lessons learned\n\n{lesson}"));
    }
    text.join("\n\n")
}

/// Replaces `fraction_pct`/100 of the words of title, summary, body and recommendations, by
/// synonyms where possible and by other words otherwise. Markdown marks are never words.
fn reword(g: &Gen, e: &mut Entry, fraction_pct: usize, rng: &mut Rng) {
    let mut texts: Vec<String> = [&e.title, &e.summary, &e.body]
        .into_iter()
        .chain(&e.recommendations)
        .cloned()
        .collect();
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    for (t, text) in texts.iter().enumerate() {
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphabetic(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push((t, s, i));
                    start = None;
                }
                _ => {}
            }
        }
    }
    let want = (words.len() * fraction_pct + 50) / 100;
    let has_synonym = |&(t, s, end): &(usize, usize, usize)| {
        g.synonyms
            .contains_key(texts[t][s..end].to_lowercase().as_str())
    };
    let (mut chosen, mut others): (Vec<_>, Vec<_>) = words.iter().copied().partition(has_synonym);
    rng.shuffle(&mut chosen);
    rng.shuffle(&mut others);
    chosen.truncate(want);
    chosen.extend(others.into_iter().take(want - chosen.len()));
    chosen.sort_by(|a, b| b.cmp(a)); // from the end, so earlier offsets stay valid
    for (t, s, end) in chosen {
        let word = &texts[t][s..end];
        let new = match g.synonyms.get(word.to_lowercase().as_str()) {
            Some(alts) => rng.pick(alts).to_string(),
            None => rng.pick(FILLERS).to_string(),
        };
        let new = if word.starts_with(char::is_uppercase) {
            capitalize(&new)
        } else {
            new
        };
        texts[t].replace_range(s..end, &new);
    }
    let mut texts = texts.into_iter();
    e.title = texts.next().expect("title");
    e.summary = texts.next().expect("summary");
    e.body = texts.next().expect("body");
    e.recommendations = texts.collect();
}

/// A planted duplicate of `e`, placed at `pos`: new id, possibly other metadata.
fn duplicate(g: &Gen, seed: u64, pos: usize, e: &Entry, kind: &str) -> Entry {
    let rng = &mut Rng::new(seed, pos as u64, 1);
    let mut d = e.clone();
    match kind {
        "reworded" => loop {
            reword(g, &mut d, rng.range(6, 14), rng);
            if d.texts_fit() {
                break;
            }
            d = e.clone();
        },
        "appended" => {
            let extra: Vec<String> = (0..rng.range(2, 3))
                .filter_map(|_| g.fresh("extra", &mut d.scene, rng))
                .collect();
            d.body = format!("{}\n\n{}", d.body, extra.join(" "));
        }
        _ => {}
    }
    if rng.chance(50) {
        d.submitted = date(rng);
    }
    if rng.chance(50) {
        d.contributor = contributor(g, rng, &d.organization);
    }
    if rng.chance(30) {
        d.status = status(rng);
    }
    d.supersedes.clear();
    d.id = make_id(&d.title, pos);
    d
}

struct Options {
    count: usize,
    seed: u64,
    out: PathBuf,
    dup_rate: f64,
    truth: Option<PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut count, mut seed, mut out, mut dup_rate, mut truth) = (None, 1, None, 0.0, None);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--count" => count = Some(value()?.parse().map_err(|e| format!("--count: {e}"))?),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--dup-rate" => dup_rate = value()?.parse().map_err(|e| format!("--dup-rate: {e}"))?,
            "--truth" => truth = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    if !(0.0..1.0).contains(&dup_rate) {
        return Err("--dup-rate must be at least 0 and below 1".into());
    }
    let count = count.ok_or("--count is required")?;
    Ok(Options {
        count,
        seed,
        out: out.ok_or("--out is required")?,
        dup_rate,
        truth,
    })
}

fn run(o: &Options) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    if std::fs::read_dir(&o.out)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false)
    {
        return Err(format!(
            "{} is not empty; remove it or choose another folder",
            o.out.display()
        ));
    }
    for folder in FOLDERS {
        std::fs::create_dir_all(o.out.join(folder)).map_err(|e| io(&o.out, e))?;
    }
    let g = Gen::new();
    // The plan: which positions hold duplicates, of what, and of which kind (in turn).
    let dups = ((o.count as f64 * o.dup_rate).round() as usize).min(o.count.saturating_sub(1));
    let plan_rng = &mut Rng::new(o.seed, u64::MAX, 2);
    let mut order: Vec<usize> = (0..o.count).collect();
    plan_rng.shuffle(&mut order);
    let originals: Vec<usize> = {
        let mut v = order[dups..].to_vec();
        v.sort_unstable();
        v
    };
    let mut plan: Vec<Option<(usize, &str)>> = vec![None; o.count];
    for (k, &pos) in order[..dups].iter().enumerate() {
        plan[pos] = Some((
            *plan_rng.pick(&originals),
            ["exact", "reworded", "appended"][k % 3],
        ));
    }
    drop(order);
    let (mut truth, mut bytes) = (Vec::new(), 0usize);
    for pos in 0..o.count {
        let rng = &mut Rng::new(o.seed, pos as u64, 3);
        let entry = match plan[pos] {
            Some((from, kind)) => {
                let source = original(&g, o.seed, from);
                let d = duplicate(&g, o.seed, pos, &source, kind);
                truth.push(J::O(vec![
                    ("original", J::S(source.id)),
                    ("duplicate", J::S(d.id.clone())),
                    ("kind", J::S(kind.into())),
                ]));
                d
            }
            None => {
                let mut e = original(&g, o.seed, pos);
                // A few entries replace an earlier original, which must exist: exercise `supersedes`.
                let earlier = originals.partition_point(|&p| p < pos);
                if earlier > 0 && rng.chance(2) {
                    e.supersedes
                        .push(original(&g, o.seed, originals[rng.below(earlier)]).id);
                }
                e
            }
        };
        let text = entry.to_json();
        bytes += text.len();
        let path = o
            .out
            .join(rng.pick(FOLDERS))
            .join(format!("{}.json", entry.id));
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    if dups > 0 || o.truth.is_some() {
        let path = o.truth.clone().unwrap_or_else(|| {
            let name = o
                .out
                .file_name()
                .map_or("corpus".into(), |n| n.to_string_lossy().into_owned());
            o.out
                .parent()
                .unwrap_or(Path::new("."))
                .join(format!("{name}-truth.json"))
        });
        let mut text = String::new();
        write_json(&J::A(truth), 0, &mut text);
        std::fs::write(&path, text + "\n").map_err(|e| io(&path, e))?;
        eprintln!("wrote {} planted pairs to {}", dups, path.display());
    }
    let mean = if o.count > 0 { bytes / o.count } else { 0 };
    eprintln!(
        "wrote {} entries ({dups} duplicates) to {}: {bytes} bytes, mean {mean} bytes",
        o.count,
        o.out.display()
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    match parse_args().and_then(|o| run(&o)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}\nusage: gen_corpus --count N --seed S --out DIR [--dup-rate R] [--truth FILE]");
            std::process::ExitCode::from(2)
        }
    }
}
