//! A glossary of the field for comparing practices across languages: French and Spanish word
//! stems (see [`super::stem`]: accents removed, cut to five letters) that have an English
//! equivalent which is not their cognate. Cognates (`proportionnalité`, `biométrico`,
//! `identification`) need no entry: they share their first five letters with the English word
//! already (the tagger cuts its words to six, [`super::stem::stem_to`], where some cognates part:
//! `necesidad` and `necessity`). A stem that stands for two common words (French `conse` is both
//! *conservation* and *consentement*; `entre` is *entrée* and *between*) has no entry.
//!
//! Two parts. The hand-made tables below ([`FRENCH`], [`SPANISH`]) hold the field's own words
//! (biometric modalities, data, retention, courts, borders, policing), not taken from any
//! practice. Beside them, `glossary-fr.tsv` and `glossary-es.tsv` hold the common words of
//! legal and policy prose (`lieu`, `amenaza`, `ingérence`), one `word<TAB>English word`
//! pair per line, made by `examples/glossary_filter.rs` from two word lists written from
//! knowledge of the languages (`tests/glossary/words-fr.tsv`, `words-es.tsv`): a line is kept
//! only if its stem is not its English word's, neither word is a grammar word, no other line
//! gives the stem another meaning, the hand-made tables neither have it nor map to its English
//! stem, and English practices hardly use it (`agent`, `politique`). Each line is read here
//! through the same stemmer, so the files stay in words a reader can check.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// French stem → English stem.
pub const FRENCH: &[(&str, &str)] = &[
    ("empre", "finge"), // empreinte
    ("visag", "face"),
    ("recon", "recog"), // reconnaissance
    ("enfan", "child"),
    ("mineu", "minor"),
    ("effac", "delet"), // effacement
    ("suppr", "delet"), // suppression
    ("annee", "year"),
    ("mois", "month"),
    ("tribu", "court"), // tribunal
    ("cour", "court"),
    ("juge", "judge"),
    ("donne", "data"), // données
    ("carte", "card"),
    ("puce", "chip"),
    ("front", "borde"), // frontière
    ("sorti", "exit"),
    ("voyag", "trave"), // voyageur
    ("sejou", "stay"),
    ("reche", "searc"), // recherche
    ("reuni", "assem"), // réunion
    ("liber", "freed"), // liberté
    ("garan", "safeg"), // garantie
    ("autor", "autho"), // autorisation
    ("reel", "real"),
    ("dista", "remot"), // à distance
    ("regle", "regul"), // règlement
    ("droit", "right"),
    ("final", "purpo"), // finalité
    ("salar", "emplo"), // salarié
    ("ecole", "schoo"),
    ("asile", "asylu"),
    ("telep", "phone"),
    ("infra", "offen"), // infraction
    ("delit", "offen"),
    ("enque", "inves"), // enquête
    ("conda", "convi"), // condamnation
    ("preuv", "evide"),
    ("erreu", "error"),
    ("exame", "revie"),
    ("femme", "women"),
    ("oblig", "requi"), // obligation, obligatoire
    ("stock", "store"),
    ("duree", "perio"),
    ("prati", "pract"), // pratique
    ("espac", "space"),
    ("etat", "state"),
    ("prive", "priva"),
    ("risqu", "risk"),
    ("jurid", "legal"), // juridique
    ("enreg", "recor"), // enregistrement
    ("cadre", "frame"),
    ("delai", "perio"),
    // Protest and assembly.
    ("manif", "prote"), // manifestation
    ("rasse", "assem"), // rassemblement
    ("foule", "crowd"),
    ("greve", "strik"),
    // Policing, arrest and crime.
    ("fouil", "searc"), // fouille
    ("soupc", "suspi"), // soupçon
    ("delin", "crime"), // délinquance, délinquant
    ("menac", "threa"), // menace
    ("rense", "intel"), // renseignement
    ("ordre", "order"),
    // Courts, proceedings and complaints.
    ("plaig", "compl"), // plaignant
    ("recla", "compl"), // réclamation
    ("avoca", "lawye"), // avocat
    ("parqu", "prose"), // parquet
    ("jugem", "judgm"), // jugement
    ("casie", "recor"), // casier
    ("penal", "crimi"),
    // Prisons.
    ("penit", "priso"), // pénitentiaire
    ("gardi", "guard"), // gardien
    // Migration and asylum.
    ("deman", "reque"), // demande, demandeur
    ("douan", "custo"), // douane
    ("accue", "recep"), // accueil
    // Children and families.
    ("mere", "mothe"),
    ("pere", "fathe"),
    ("fille", "girl"),
    ("jeune", "young"),
    ("naiss", "birth"), // naissance
    // Health and humanitarian aid.
    ("sante", "healt"),
    ("sanit", "healt"), // sanitaire
    ("soin", "care"),
    // Disability and age.
    ("handi", "disab"), // handicap, handicapé
    ("aveug", "blind"), // aveugle
    ("sourd", "deaf"),
    // Elections and civil registration.
    ("scrut", "elect"), // scrutin
    ("liste", "list"),
    ("inscr", "regis"), // inscription, inscrit
    ("dece", "death"),  // décès
    ("citoy", "citiz"), // citoyen
    // Employment.
    ("trava", "work"),  // travail, travailleurs
    ("embau", "hirin"), // embauche
    ("syndi", "union"), // syndicat
    ("choma", "unemp"), // chômage
    // Schools.
    ("ensei", "teach"), // enseignant
    ("lycee", "schoo"),
    ("canti", "cante"), // cantine
    ("scola", "schoo"), // scolaire
    // Banking and telecoms.
    ("banqu", "bank"),  // banque
    ("banca", "bank"),  // bancaire
    ("paiem", "payme"), // paiement
    ("abonn", "subsc"), // abonné
    ("usurp", "theft"), // usurpation
    // Cameras and public space.
    ("aerop", "airpo"), // aéroport
    ("plaqu", "plate"), // plaque
    ("temp", "time"),   // temps
    ("borne", "kiosk"),
    ("lectu", "readi"), // lecture
    // Watchlists and matching.
    ("fichi", "file"), // fichier
    ("fiche", "file"),
    ("faux", "false"),
    ("fauss", "false"), // fausse
    ("taux", "rate"),
    ("seuil", "thres"),
    // Access, deletion and retention periods.
    ("acce", "acces"),  // accès
    ("detru", "destr"), // détruire, détruites
    ("jour", "days"),   // jours
    ("fuite", "leak"),
    // Government and oversight.
    ("gouve", "gover"), // gouvernement
    ("avis", "opini"),
    // Consent and refusal.
    ("refu", "refus"), // refus
    ("libre", "free"),
    ("preal", "prior"), // préalable
    // Errors and failures.
    ("echec", "failu"),
    ("fiabi", "relia"), // fiabilité
    ("fiabl", "relia"), // fiable
    // Women and gender.
    ("egali", "equal"), // égalité
    // Minorities and discrimination.
    ("autoc", "indig"), // autochtone
    ("croya", "belie"), // croyance
    ("peau", "skin"),
    // Sharing and transfer between states.
    ("parta", "shari"), // partage, partager
    ("tier", "third"),  // tiers
    ("pays", "count"),
    // Laws and legal requirements.
    ("lois", "laws"),
    ("ordon", "order"), // ordonnance
    ("texte", "text"),
    ("norme", "stand"),
    ("encad", "frame"), // encadrement, encadrer
    ("exige", "requi"), // exigence
    ("mesur", "measu"), // mesure
    ("fins", "purpo"),
    // Body and samples.
    ("doigt", "finge"),
    ("main", "hand"),
    ("voix", "voice"),
    ("veine", "vein"),
    ("gabar", "templ"), // gabarit
    ("prele", "sampl"), // prélèvement
    // Means.
    ("outil", "tool"),
];

/// Spanish stem → English stem.
pub const SPANISH: &[(&str, &str)] = &[
    ("huell", "finge"), // huella
    ("rostr", "face"),
    ("recon", "recog"), // reconocimiento
    ("nino", "child"),
    ("menor", "minor"),
    ("supri", "delet"), // suprimir
    ("borra", "delet"), // borrado
    ("elimi", "delet"),
    ("anos", "year"), // años
    ("mese", "month"),
    ("tribu", "court"),
    ("juez", "judge"),
    ("dato", "data"),
    ("tarje", "card"),
    ("front", "borde"), // frontera
    ("salid", "exit"),
    ("viaje", "trave"), // viajero
    ("busqu", "searc"), // búsqueda
    ("reuni", "assem"), // reunión
    ("liber", "freed"), // libertad
    ("garan", "safeg"), // garantía
    ("autor", "autho"), // autorización
    ("dista", "remot"), // a distancia
    ("regla", "regul"), // reglamento
    ("derec", "right"), // derecho
    ("final", "purpo"), // finalidad
    ("emple", "emplo"), // empleado
    ("escue", "schoo"),
    ("asilo", "asylu"),
    ("telef", "phone"),
    ("conde", "convi"), // condena
    ("delit", "offen"),
    ("infra", "offen"), // infracción
    ("prueb", "evide"),
    ("revis", "revie"),
    ("mujer", "women"),
    ("oblig", "requi"),
    ("almac", "store"), // almacenamiento
    ("plazo", "perio"),
    ("manif", "prote"), // manifestación, manifestante
    ("fotog", "photo"),
    ("camar", "camer"),
    ("pract", "pract"), // práctica
    ("espac", "space"), // espacio
    ("estad", "state"), // Estado
    ("siste", "syste"),
    ("riesg", "risk"),
    ("tecno", "techn"),
    ("jurid", "legal"), // jurídico
    ("marco", "frame"),
    // Protest and assembly.
    ("huelg", "strik"), // huelga
    ("asamb", "assem"), // asamblea
    // Policing, arrest and crime.
    ("sospe", "suspe"), // sospechoso, sospecha
    ("delin", "crime"), // delincuencia, delincuente
    ("orden", "order"),
    ("robo", "theft"),
    ("desap", "disap"), // desaparición, desaparecidos
    // Courts, proceedings and complaints.
    ("juici", "trial"), // juicio
    ("sente", "judgm"), // sentencia
    ("apela", "appea"), // apelación
    ("denun", "compl"), // denuncia
    ("queja", "compl"),
    ("recla", "compl"), // reclamo, reclamación
    ("acusa", "accus"), // acusado, acusación
    ("penal", "crimi"),
    ("dano", "harm"), // daño
    // Prisons.
    ("carce", "priso"), // cárcel
    // Migration and asylum.
    ("pasap", "passp"), // pasaporte
    ("aduan", "custo"), // aduana
    ("solic", "reque"), // solicitud, solicitante
    ("inmig", "immig"), // inmigrante, inmigración
    // Children and families.
    ("joven", "young"),
    ("hijo", "child"),
    ("nina", "girl"),   // niña
    ("nacim", "birth"), // nacimiento
    // Schools.
    ("alumn", "stude"), // alumno
    ("escol", "schoo"), // escolar
    // Health and humanitarian aid.
    ("salud", "healt"),
    ("sanit", "healt"), // sanitario
    ("ayuda", "assis"),
    ("alime", "food"),  // alimento, alimentaria
    ("jubil", "pensi"), // jubilación, jubilados
    // Disability and age.
    ("disca", "disab"), // discapacidad
    ("ancia", "older"), // anciano
    // Elections and civil registration.
    ("voto", "vote"),
    ("cedul", "card"),  // cédula
    ("nombr", "name"),  // nombre
    ("padro", "regis"), // padrón
    ("inscr", "regis"), // inscripción
    // Employment.
    ("traba", "work"),  // trabajo, trabajador
    ("sindi", "union"), // sindicato
    ("sueld", "salar"), // sueldo
    ("empre", "compa"), // empresa
    // Banking and telecoms.
    ("banco", "bank"),
    ("banca", "bank"), // bancario, bancaria
    ("pago", "payme"),
    ("usuar", "user"),  // usuario
    ("movil", "mobil"), // móvil
    // Cameras and public space.
    ("vigil", "surve"), // vigilancia, vigilar
    ("tiemp", "time"),  // tiempo
    ("graba", "recor"), // grabación, grabar
    ("placa", "plate"),
    // Watchlists and matching.
    ("lista", "list"),
    ("coinc", "match"), // coincidencia
    ("falso", "false"),
    ("falsa", "false"),
    ("tasa", "rate"),
    ("umbra", "thres"), // umbral
    // Access, deletion and retention periods.
    ("dias", "days"), // días
    ("hora", "hour"),
    ("venci", "expir"), // vencimiento
    ("nube", "cloud"),
    ("recab", "colle"), // recabar
    ("recol", "colle"), // recolección
    // Government and oversight.
    ("gobie", "gover"), // gobierno
    ("parla", "parli"), // parlamento
    // Consent and refusal.
    ("recha", "rejec"), // rechazo, rechazar
    ("libre", "free"),
    // Errors and failures.
    ("falla", "failu"),
    ("fiabi", "relia"), // fiabilidad
    ("fiabl", "relia"), // fiable
    ("sesgo", "bias"),
    // Women and gender.
    ("igual", "equal"), // igualdad
    // Minorities and discrimination.
    ("etnic", "ethni"), // étnico, étnica
    ("etnia", "ethni"),
    ("raza", "race"),
    ("piel", "skin"),
    ("perfi", "profi"), // perfil, perfilamiento
    // Sharing and transfer between states.
    ("pais", "count"),  // país
    ("paise", "count"), // países
    ("terce", "third"), // tercero
    ("acuer", "agree"), // acuerdo
    // Laws and legal requirements.
    ("leye", "laws"),   // leyes
    ("proye", "proje"), // proyecto
    ("exige", "requi"), // exigencia
    ("afect", "affec"), // afectación, afectar
    ("auten", "authe"), // autenticación
    ("anali", "analy"), // análisis
    ("medid", "measu"), // medida
    // Body and samples.
    ("dedo", "finge"),
    ("mano", "hand"),
    ("vena", "vein"),
    ("firma", "signa"),
    ("cara", "face"),
    ("foto", "photo"),
    // Means.
    ("herra", "tool"), // herramienta
];

/// French words and their English equivalents, beyond [`FRENCH`] (see the module's text).
const FRENCH_WORDS: &str = include_str!("glossary-fr.tsv");
/// Spanish words and their English equivalents, beyond [`SPANISH`].
const SPANISH_WORDS: &str = include_str!("glossary-es.tsv");

/// The stem of a word of the word lists: [`super::stem::stem`] as for an English word, which
/// never consults the glossary (so this can build it).
fn word_stem(word: &str) -> Option<String> {
    super::stem::stem("en", word).map(|s| s.into_owned())
}

/// A language's stems and what they stand for in English: for the word list's, the English
/// word of its first line with that stem (`lieu` → `place`); for the hand-made table's, over
/// them, an English stem (`empre` → `finge`).
fn table(
    hand_made: &'static [(&'static str, &'static str)],
    words: &'static str,
) -> HashMap<String, &'static str> {
    let mut table = HashMap::new();
    for line in words.lines() {
        if let Some((from, english)) = line
            .split_once('\t')
            .and_then(|(word, english)| Some((word_stem(word)?, english)))
        {
            table.entry(from).or_insert(english);
        }
    }
    table.extend(hand_made.iter().map(|&(s, e)| (s.to_string(), e)));
    table
}

/// The French and the Spanish table.
static TABLES: LazyLock<[HashMap<String, &'static str>; 2]> =
    LazyLock::new(|| [table(FRENCH, FRENCH_WORDS), table(SPANISH, SPANISH_WORDS)]);

/// Whether `stem` is the English stem some French or Spanish stem of the hand-made tables
/// stands for (`finge`, `delet`): such a stem stays five letters long wherever it is used, so
/// that the words those tables map keep meeting their English equivalents. (The word lists map
/// to whole English words, which [`super::stem::stem_to`] cuts as it cuts any English word.)
pub fn is_english_stem(stem: &str) -> bool {
    static TARGETS: LazyLock<HashSet<&str>> =
        LazyLock::new(|| FRENCH.iter().chain(SPANISH).map(|&(_, e)| e).collect());
    TARGETS.contains(stem)
}

/// What a French or Spanish stem stands for in English, when the glossary has it: an English
/// word (`place`) or stem (`finge`), to be stemmed as English ([`super::stem::stem_to`]).
pub fn english(language: &str, stem: &str) -> Option<&'static str> {
    let table = match language {
        "fr" => &TABLES[0],
        "es" => &TABLES[1],
        _ => return None,
    };
    table.get(stem).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_spanish_stems_map_to_english_ones() {
        assert_eq!(english("fr", "empre"), Some("finge"));
        assert_eq!(english("es", "huell"), Some("finge"));
        assert_eq!(english("es", "empre"), Some("compa"));
        assert_eq!(english("es", "visag"), None);
        assert_eq!(english("en", "empre"), None);
    }

    #[test]
    fn every_entry_is_a_stem() {
        for (from, to) in FRENCH.iter().chain(SPANISH) {
            for s in [from, to] {
                assert!(s.len() <= 5 && s.is_ascii(), "{s}");
            }
        }
        // One meaning per stem: no stem is listed twice in a language.
        for table in [FRENCH, SPANISH] {
            let keys: std::collections::HashSet<&str> = table.iter().map(|(s, _)| *s).collect();
            assert_eq!(keys.len(), table.len());
        }
    }

    #[test]
    fn word_lists_map_words_to_english_ones() {
        assert_eq!(english("fr", "lieu"), Some("place"));
        assert_eq!(english("es", "lucha"), Some("fight")); // luchar
        assert_eq!(word_stem("échapper").as_deref(), Some("echap"));
        // The hand-made tables keep their word.
        assert_eq!(english("fr", "empre"), Some("finge"));
    }

    #[test]
    fn the_first_line_of_a_stem_and_then_the_hand_made_table_win() {
        let words = "lieu\tplace\nlieux\tplaces\nmoyen\tmeans\nmoyens\tway\n";
        let table = table(&[("lieu", "spot")], words);
        assert_eq!(table.get("lieu"), Some(&"spot"));
        assert_eq!(table.get("lieux"), Some(&"places"));
        assert_eq!(table.get("moyen"), Some(&"means"));
    }

    /// The rules `crate::derived::glossary_list` applies that need no corpus: each line is two words
    /// of four letters or more whose stems differ; no stem has two meanings in a language, at
    /// five letters or six; the hand-made tables do not have it, nor map to its English stem.
    #[test]
    fn word_lists_keep_the_rules() {
        for (hand_made, words) in [(FRENCH, FRENCH_WORDS), (SPANISH, SPANISH_WORDS)] {
            let mut meaning: HashMap<String, String> = HashMap::new();
            for line in words.lines() {
                let (word, english) = line.split_once('\t').expect(line);
                assert!(word.chars().all(char::is_alphabetic), "{line}");
                assert!(english.chars().all(char::is_alphabetic), "{line}");
                let (from, to) = (
                    word_stem(word).expect(line),
                    word_stem(english).expect(line),
                );
                assert_ne!(from, to, "a cognate needs no line: {line}");
                assert!(!hand_made.iter().any(|(s, _)| *s == from), "{line}");
                // Its English word does not meet what the hand-made tables map to (`leve` as
                // `minor` would meet `mineur`).
                assert!(!is_english_stem(&to), "{line}");
                // One meaning per stem, at five letters and at the tagger's six.
                let six = super::super::stem::stem_to("en", english, 6).expect(line);
                let earlier = meaning.entry(from).or_insert_with(|| six.to_string());
                assert_eq!(*earlier, six, "a stem with two meanings: {line}");
            }
        }
    }
}
