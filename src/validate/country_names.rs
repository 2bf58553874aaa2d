//! Country names and alpha-3 codes, for telling someone who wrote "United Kingdom" or "GBR"
//! which alpha-2 code to use: what CRM and shop exports put in their country columns.

use super::country;
use crate::text;

/// Each assigned country, in the order of its alpha-2 code, as the end of its alpha-3 code and its
/// English names (ISO 3166-1's, the short form, and common ones such as "Russia" or "Ivory
/// Coast"), folded to lower-case ASCII letters and digits: `NDandorra,REunitedarabemirates/uae,…`
/// is AD (AND), then AE (ARE). The alpha-2 code is not written: the n-th entry is the n-th
/// assigned code ([`country::assigned_codes`]). The alpha-3 code is written as the upper-case
/// letters after those it shares with the alpha-2 code: one (AF → AFG), two (AD → AND) or three
/// (KM → COM). Only hints read it, so it is one string (4.3 KB, 0.65 KB gzip less than with both
/// codes written out) rather than a table of slices (18 KB). Names two countries share ("Korea",
/// "Virgin Islands") are left out.
const COUNTRIES: &str = concat!(
    "NDandorra,REunitedarabemirates/uae,Gafghanistan,TGantiguaandbarbuda,Aanguilla,",
    "Balbania,RMarmenia,GOangola,TAantarctica,Gargentina,Mamericansamoa,",
    "UTaustria/osterreich/sterreich,Saustralia,BWaruba,LAlandislands/alandislands,Eazerbaijan,",
    "IHbosniaandherzegovina,RBbarbados,GDbangladesh,Lbelgium/belgique/belgie,Aburkinafaso,Rbulgaria,",
    "Rbahrain,DIburundi,ENbenin,Msaintbarthlemy/saintbarthelemy/stbarts,Ubermuda,",
    "RNbruneidarussalam/brunei,Lboliviaplurinationalstateof/bolivia,",
    "ESbonairesinteustatiusandsaba,Abrazil/brasil,HSbahamas/thebahamas,Nbhutan,Tbouvetisland,",
    "Abotswana,LRbelarus,LZbelize,Ncanada,Kcocoskeelingislands/cocosislands,",
    "ODcongodemocraticrepublicofthe/democraticrepublicofthecongo/drcongo,AFcentralafricanrepublic,",
    "OGcongo/republicofthecongo,Eswitzerland/schweiz/suisse/svizzera,Vctedivoire/cotedivoire/ivorycoast,",
    "OKcookislands,HLchile,Rcameroon,HNchina,Lcolombia,Icostarica,Bcuba,",
    "PVcaboverde/capeverde,UWcuraao/curacao,Rchristmasisland,Pcyprus,",
    "Eczechia/czechrepublic,Ugermany/deutschland/federalrepublicofgermany,Idjibouti,NKdenmark/danmark,Adominica,",
    "Mdominicanrepublic,Aalgeria,Uecuador,STestonia,Yegypt,SHwesternsahara,",
    "Ieritrea,Pspain/espana/espaa,Hethiopia,Nfinland,Ifiji,",
    "LKfalklandislandsmalvinas/falklandislands,SMmicronesiafederatedstatesof/micronesia,",
    "ROfaroeislands,Afrance/republiquefrancaise,Bgabon,",
    "Runitedkingdomofgreatbritainandnorthernireland/unitedkingdom/greatbritain/britain/england/scotland/wales/northernireland/theunitedkingdom,",
    "RDgrenada,Ogeorgia,UFfrenchguiana,Yguernsey,Aghana,Bgibraltar,RLgreenland,",
    "Bgambia/thegambia,INguinea,LPguadeloupe,NQequatorialguinea,Cgreece,",
    "SGSsouthgeorgiaandthesouthsandwichislands,Mguatemala,Mguam,NBguineabissau,UYguyana,",
    "Ghongkong/hongkongsar/hongkongsarchina,Dheardislandandmcdonaldislands,Dhonduras,Vcroatia,Ihaiti,",
    "Nhungary,Nindonesia,RLireland/republicofireland/eire,SRisrael,Nisleofman,Dindia,",
    "Tbritishindianoceanterritory,RQiraq,Niranislamicrepublicof/iran,Liceland,Aitaly/italia,",
    "Yjersey,AMjamaica,Rjordan,Njapan,Nkenya,Zkyrgyzstan,Mcambodia,",
    "Rkiribati,COMcomoros,Asaintkittsandnevis/stkittsandnevis,",
    "PRKkoreademocraticpeoplesrepublicof/northkorea,",
    "ORkorearepublicof/southkorea/republicofkorea,Tkuwait,CYMcaymanislands,AZkazakhstan,",
    "Olaopeoplesdemocraticrepublic/laos,Nlebanon,Asaintlucia/stlucia,Eliechtenstein,",
    "Asrilanka,BRliberia,Olesotho,Ulithuania,Xluxembourg,Alatvia,BYlibya,",
    "Rmorocco,Omonaco,Amoldovarepublicof/moldova,NEmontenegro,",
    "AFsaintmartinfrenchpart/saintmartin,DGmadagascar,Lmarshallislands,",
    "Dnorthmacedonia/macedonia,Imali,Rmyanmar/burma,Gmongolia,ACmacao/macau/macaosarchina,",
    "NPnorthernmarianaislands,TQmartinique,Tmauritania,Rmontserrat,LTmalta,",
    "Smauritius,DVmaldives,Imalawi,EXmexico,Smalaysia,OZmozambique,Mnamibia,",
    "Lnewcaledonia,Rniger,Knorfolkisland,Anigeria,Cnicaragua,",
    "Dnetherlands/holland/thenetherlands/nederland/netherlandsthe,Rnorway/norge,Lnepal,Unauru,IUniue,Lnewzealand,",
    "Noman,Npanama,Rperu,YFfrenchpolynesia,NGpapuanewguinea,Lphilippines,",
    "AKpakistan,OLpoland/polska,SPMsaintpierreandmiquelon,CNpitcairn,Ipuertorico,",
    "Epalestinestateof/palestine,RTportugal,LWpalau,RYparaguay,Tqatar,",
    "Urunion/reunion,Uromania,SRBserbia,Srussianfederation/russia/russianfederationthe,Arwanda,",
    "Usaudiarabia,LBsolomonislands,YCseychelles,Nsudan,WEsweden/sverige,Psingapore,",
    "Nsainthelenaascensionandtristandacunha/sainthelena,VNslovenia,Msvalbardandjanmayen,",
    "VKslovakia,Esierraleone,Rsanmarino,ENsenegal,Msomalia,URsuriname,",
    "Dsouthsudan,Psaotomeandprincipe,LVelsalvador,Msintmaartendutchpart/sintmaarten,",
    "Rsyrianarabrepublic/syria,WZeswatini/swaziland,Aturksandcaicosislands,CDchad,",
    "ATFfrenchsouthernterritories,Otogo,Athailand,Ktajikistan,Ltokelau,",
    "Stimorleste/easttimor,KMturkmenistan,UNtunisia,Ntonga,URturkey/trkiye/turkiye,",
    "Otrinidadandtobago,UVtuvalu,Ntaiwanprovinceofchina/taiwan,",
    "Atanzaniaunitedrepublicof/tanzania,KRukraine,Auganda,",
    "Iunitedstatesminoroutlyingislands,Aunitedstatesofamerica/unitedstates/america/theunitedstates/theunitedstatesofamerica,RYuruguay,",
    "Buzbekistan,Tholysee/vatican/vaticancity,",
    "Tsaintvincentandthegrenadines/stvincentandthegrenadines,",
    "Nvenezuelabolivarianrepublicof/venezuela,Bvirginislandsbritish/britishvirginislands,",
    "Rvirginislandsus/usvirginislands,Mvietnam/vietnamsocialistrepublicof,Tvanuatu,LFwallisandfutuna,Msamoa,",
    "Myemen,MYTmayotte,Fsouthafrica,Bzambia,Ezimbabwe",
);

/// What a value that is not an alpha-2 code turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// An alpha-3 code ("GBR"), with the alpha-2 code of its country.
    Alpha3(String),
    /// A country's name ("United Kingdom"), with its alpha-2 code.
    Name(String),
}

/// The alpha-3 code and the names (`/`-separated) of the entry of [`COUNTRIES`] for `alpha2`.
fn decode(entry: &str, alpha2: [u8; 2]) -> ([u8; 3], &str) {
    let own = entry.bytes().take_while(u8::is_ascii_uppercase).count().clamp(1, 3);
    let mut alpha3 = [alpha2[0], alpha2[1], 0];
    alpha3[3 - own..].copy_from_slice(&entry.as_bytes()[..own]);
    (alpha3, &entry[own..])
}

/// The country `value` names, by alpha-3 code or English name, case, spaces and punctuation aside.
#[cfg_attr(size_opt, optimize(size))]
pub fn lookup(value: &str) -> Option<Known> {
    if value.len() > 100 {
        return None;
    }
    let folded: String = value.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    if folded.len() < 3 {
        return None;
    }
    // Loops rather than iterator adapters (a third of the size in wasm), and bytes rather than
    // `str::split` (whose char searcher the validate module otherwise does without).
    let mut rest = COUNTRIES;
    for alpha2 in country::assigned_codes() {
        let (entry, after) = text::split_once(rest, b',').unwrap_or((rest, ""));
        rest = after;
        let (alpha3, names) = decode(entry, alpha2);
        let is_alpha3 = alpha3.eq_ignore_ascii_case(folded.as_bytes());
        if !is_alpha3 && !names.as_bytes().split(|&b| b == b'/').any(|name| name == folded.as_bytes()) {
            continue;
        }
        let mut code = String::new();
        code.push(char::from(alpha2[0]));
        code.push(char::from(alpha2[1]));
        return Some(if is_alpha3 { Known::Alpha3(code) } else { Known::Name(code) });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::COUNTRY_CODES;

    #[test]
    fn every_assigned_code_has_one_entry_with_an_alpha3_code() {
        assert_eq!(COUNTRIES.split(',').count(), COUNTRY_CODES.len());
        let codes: Vec<String> =
            country::assigned_codes().map(|code| String::from_utf8(code.to_vec()).unwrap()).collect();
        assert_eq!(codes, COUNTRY_CODES);
        for (code, entry) in country::assigned_codes().zip(COUNTRIES.split(',')) {
            let (alpha3, names) = decode(entry, code);
            assert!(alpha3.iter().all(u8::is_ascii_uppercase), "{code:?} {alpha3:?}");
            // Written as short as it goes: the letters shared with the alpha-2 code left out.
            let own = entry.len() - names.len();
            let shared = if alpha3[..2] == code {
                2
            } else if alpha3[0] == code[0] {
                1
            } else {
                0
            };
            assert_eq!(own, 3 - shared, "{code:?} {alpha3:?}");
            assert!(
                !names.is_empty() && names.bytes().all(|b| b == b'/' || b.is_ascii_lowercase() || b.is_ascii_digit())
            );
        }
    }

    #[test]
    fn alpha3_codes_of_each_written_form() {
        for (alpha3, alpha2) in [
            ("AND", "AD"),
            ("GBR", "GB"),
            ("USA", "US"),
            ("DEU", "DE"),
            ("ALA", "AX"),
            ("COM", "KM"),
            ("SGS", "GS"),
            ("ATF", "TF"),
            ("MYT", "YT"),
            ("SPM", "PM"),
            ("SRB", "RS"),
            ("ZWE", "ZW"),
        ] {
            assert_eq!(lookup(alpha3), Some(Known::Alpha3(alpha2.into())), "{alpha3}");
        }
        assert_eq!(lookup("Zimbabwe"), Some(Known::Name("ZW".into())));
        assert_eq!(lookup("Andorra"), Some(Known::Name("AD".into())));
        assert_eq!(lookup("UKR"), Some(Known::Alpha3("UA".into())));
        assert_eq!(lookup("GBX"), None);
    }

    #[test]
    fn names_and_alpha3_codes_find_their_country() {
        assert_eq!(lookup("United Kingdom"), Some(Known::Name("GB".into())));
        assert_eq!(lookup("united states of america"), Some(Known::Name("US".into())));
        assert_eq!(lookup("USA"), Some(Known::Alpha3("US".into())));
        assert_eq!(lookup("gbr"), Some(Known::Alpha3("GB".into())));
        assert_eq!(lookup("Côte d'Ivoire"), Some(Known::Name("CI".into())));
        assert_eq!(lookup("Cote dIvoire"), Some(Known::Name("CI".into())));
        assert_eq!(lookup("Bolivia"), Some(Known::Name("BO".into())));
        assert_eq!(lookup("South Korea"), Some(Known::Name("KR".into())));
        assert_eq!(lookup("Korea"), None, "two countries");
        // The forms CRM and shop exports write, in any case.
        for (name, code) in [
            ("United States", "US"),
            ("UNITED KINGDOM", "GB"),
            ("south korea", "KR"),
            ("Korea, Republic of", "KR"),
            ("Russia", "RU"),
            ("Vietnam", "VN"),
            ("Viet Nam", "VN"),
            ("Czech Republic", "CZ"),
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("Deutschland", "DE"),
            ("España", "ES"),
            ("Iran, Islamic Republic of", "IR"),
            ("Netherlands, The", "NL"),
        ] {
            assert_eq!(lookup(name), Some(Known::Name(code.into())), "{name}");
        }
        assert_eq!(lookup("Atlantis"), None);
        assert_eq!(lookup(&"x".repeat(1_000_000)), None);
    }
}
