//! A small glossary of the field for comparing practices across languages: French and Spanish
//! word stems (see [`super::same`]: accents removed, cut to five letters) that have an English
//! equivalent which is not their cognate. Cognates (`proportionnalité`, `biométrico`,
//! `identification`) need no entry: they share their first five letters with the English word
//! already. A stem that stands for two common words (French `conse` is both *conservation* and
//! *consentement*; `entre` is *entrée* and *between*) has no entry.
//!
//! The words are the field's own (biometric modalities, data, retention, courts, borders,
//! policing), not taken from any practice.

/// French stem → English stem.
const FRENCH: &[(&str, &str)] = &[
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
];

/// Spanish stem → English stem.
const SPANISH: &[(&str, &str)] = &[
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
];

/// The English stem a French or Spanish stem stands for, when the glossary has one.
pub fn english(language: &str, stem: &str) -> Option<&'static str> {
    let table = match language {
        "fr" => FRENCH,
        "es" => SPANISH,
        _ => return None,
    };
    table.iter().find(|(s, _)| *s == stem).map(|(_, en)| *en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_spanish_stems_map_to_english_ones() {
        assert_eq!(english("fr", "empre"), Some("finge"));
        assert_eq!(english("es", "huell"), Some("finge"));
        assert_eq!(english("es", "empre"), None);
        assert_eq!(english("en", "empre"), None);
    }

    #[test]
    fn every_entry_is_a_stem() {
        for (from, to) in FRENCH.iter().chain(SPANISH) {
            for s in [from, to] {
                assert!(s.len() <= 5 && s.is_ascii(), "{s}");
            }
        }
    }
}
