//! Country names and alpha-3 codes, for telling someone who wrote "United Kingdom" or "GBR"
//! which alpha-2 code to use: what CRM and shop exports put in their country columns.

/// Each country as its alpha-2 code, its alpha-3 code and its English names (ISO 3166-1's, the
/// short form, and common ones such as "Russia" or "Ivory Coast"), folded to lower-case ASCII
/// letters and digits: `AFAFGafghanistan,AXALAlandislands/alandislands,…`. Only hints read it, so
/// it is one string (5 KB) rather than a table of slices (18 KB). Names two countries share
/// ("Korea", "Virgin Islands") are left out.
const COUNTRIES: &str = concat!(
    "ADANDandorra,AEAREunitedarabemirates/uae,AFAFGafghanistan,AGATGantiguaandbarbuda,AIAIAanguilla,",
    "ALALBalbania,AMARMarmenia,AOAGOangola,AQATAantarctica,ARARGargentina,ASASMamericansamoa,",
    "ATAUTaustria/osterreich/sterreich,AUAUSaustralia,AWABWaruba,AXALAlandislands/alandislands,AZAZEazerbaijan,",
    "BABIHbosniaandherzegovina,BBBRBbarbados,BDBGDbangladesh,BEBELbelgium/belgique/belgie,BFBFAburkinafaso,BGBGRbulgaria,",
    "BHBHRbahrain,BIBDIburundi,BJBENbenin,BLBLMsaintbarthlemy/saintbarthelemy/stbarts,BMBMUbermuda,",
    "BNBRNbruneidarussalam/brunei,BOBOLboliviaplurinationalstateof/bolivia,",
    "BQBESbonairesinteustatiusandsaba,BRBRAbrazil/brasil,BSBHSbahamas/thebahamas,BTBTNbhutan,BVBVTbouvetisland,",
    "BWBWAbotswana,BYBLRbelarus,BZBLZbelize,CACANcanada,CCCCKcocoskeelingislands/cocosislands,",
    "CDCODcongodemocraticrepublicofthe/democraticrepublicofthecongo/drcongo,CFCAFcentralafricanrepublic,",
    "CGCOGcongo/republicofthecongo,CHCHEswitzerland/schweiz/suisse/svizzera,CICIVctedivoire/cotedivoire/ivorycoast,",
    "CKCOKcookislands,CLCHLchile,CMCMRcameroon,CNCHNchina,COCOLcolombia,CRCRIcostarica,CUCUBcuba,",
    "CVCPVcaboverde/capeverde,CWCUWcuraao/curacao,CXCXRchristmasisland,CYCYPcyprus,",
    "CZCZEczechia/czechrepublic,DEDEUgermany/deutschland/federalrepublicofgermany,DJDJIdjibouti,DKDNKdenmark/danmark,DMDMAdominica,",
    "DODOMdominicanrepublic,DZDZAalgeria,ECECUecuador,EEESTestonia,EGEGYegypt,EHESHwesternsahara,",
    "ERERIeritrea,ESESPspain/espana/espaa,ETETHethiopia,FIFINfinland,FJFJIfiji,",
    "FKFLKfalklandislandsmalvinas/falklandislands,FMFSMmicronesiafederatedstatesof/micronesia,",
    "FOFROfaroeislands,FRFRAfrance/republiquefrancaise,GAGABgabon,",
    "GBGBRunitedkingdomofgreatbritainandnorthernireland/unitedkingdom/greatbritain/britain/england/scotland/wales/northernireland/theunitedkingdom,",
    "GDGRDgrenada,GEGEOgeorgia,GFGUFfrenchguiana,GGGGYguernsey,GHGHAghana,GIGIBgibraltar,GLGRLgreenland,",
    "GMGMBgambia/thegambia,GNGINguinea,GPGLPguadeloupe,GQGNQequatorialguinea,GRGRCgreece,",
    "GSSGSsouthgeorgiaandthesouthsandwichislands,GTGTMguatemala,GUGUMguam,GWGNBguineabissau,GYGUYguyana,",
    "HKHKGhongkong/hongkongsar/hongkongsarchina,HMHMDheardislandandmcdonaldislands,HNHNDhonduras,HRHRVcroatia,HTHTIhaiti,",
    "HUHUNhungary,IDIDNindonesia,IEIRLireland/republicofireland/eire,ILISRisrael,IMIMNisleofman,ININDindia,",
    "IOIOTbritishindianoceanterritory,IQIRQiraq,IRIRNiranislamicrepublicof/iran,ISISLiceland,ITITAitaly/italia,",
    "JEJEYjersey,JMJAMjamaica,JOJORjordan,JPJPNjapan,KEKENkenya,KGKGZkyrgyzstan,KHKHMcambodia,",
    "KIKIRkiribati,KMCOMcomoros,KNKNAsaintkittsandnevis/stkittsandnevis,",
    "KPPRKkoreademocraticpeoplesrepublicof/northkorea,",
    "KRKORkorearepublicof/southkorea/republicofkorea,KWKWTkuwait,KYCYMcaymanislands,KZKAZkazakhstan,",
    "LALAOlaopeoplesdemocraticrepublic/laos,LBLBNlebanon,LCLCAsaintlucia/stlucia,LILIEliechtenstein,",
    "LKLKAsrilanka,LRLBRliberia,LSLSOlesotho,LTLTUlithuania,LULUXluxembourg,LVLVAlatvia,LYLBYlibya,",
    "MAMARmorocco,MCMCOmonaco,MDMDAmoldovarepublicof/moldova,MEMNEmontenegro,",
    "MFMAFsaintmartinfrenchpart/saintmartin,MGMDGmadagascar,MHMHLmarshallislands,",
    "MKMKDnorthmacedonia/macedonia,MLMLImali,MMMMRmyanmar/burma,MNMNGmongolia,MOMACmacao/macau/macaosarchina,",
    "MPMNPnorthernmarianaislands,MQMTQmartinique,MRMRTmauritania,MSMSRmontserrat,MTMLTmalta,",
    "MUMUSmauritius,MVMDVmaldives,MWMWImalawi,MXMEXmexico,MYMYSmalaysia,MZMOZmozambique,NANAMnamibia,",
    "NCNCLnewcaledonia,NENERniger,NFNFKnorfolkisland,NGNGAnigeria,NINICnicaragua,",
    "NLNLDnetherlands/holland/thenetherlands/nederland/netherlandsthe,NONORnorway/norge,NPNPLnepal,NRNRUnauru,NUNIUniue,NZNZLnewzealand,",
    "OMOMNoman,PAPANpanama,PEPERperu,PFPYFfrenchpolynesia,PGPNGpapuanewguinea,PHPHLphilippines,",
    "PKPAKpakistan,PLPOLpoland/polska,PMSPMsaintpierreandmiquelon,PNPCNpitcairn,PRPRIpuertorico,",
    "PSPSEpalestinestateof/palestine,PTPRTportugal,PWPLWpalau,PYPRYparaguay,QAQATqatar,",
    "REREUrunion/reunion,ROROUromania,RSSRBserbia,RURUSrussianfederation/russia/russianfederationthe,RWRWArwanda,",
    "SASAUsaudiarabia,SBSLBsolomonislands,SCSYCseychelles,SDSDNsudan,SESWEsweden/sverige,SGSGPsingapore,",
    "SHSHNsainthelenaascensionandtristandacunha/sainthelena,SISVNslovenia,SJSJMsvalbardandjanmayen,",
    "SKSVKslovakia,SLSLEsierraleone,SMSMRsanmarino,SNSENsenegal,SOSOMsomalia,SRSURsuriname,",
    "SSSSDsouthsudan,STSTPsaotomeandprincipe,SVSLVelsalvador,SXSXMsintmaartendutchpart/sintmaarten,",
    "SYSYRsyrianarabrepublic/syria,SZSWZeswatini/swaziland,TCTCAturksandcaicosislands,TDTCDchad,",
    "TFATFfrenchsouthernterritories,TGTGOtogo,THTHAthailand,TJTJKtajikistan,TKTKLtokelau,",
    "TLTLStimorleste/easttimor,TMTKMturkmenistan,TNTUNtunisia,TOTONtonga,TRTURturkey/trkiye/turkiye,",
    "TTTTOtrinidadandtobago,TVTUVtuvalu,TWTWNtaiwanprovinceofchina/taiwan,",
    "TZTZAtanzaniaunitedrepublicof/tanzania,UAUKRukraine,UGUGAuganda,",
    "UMUMIunitedstatesminoroutlyingislands,USUSAunitedstatesofamerica/unitedstates/america/theunitedstates/theunitedstatesofamerica,UYURYuruguay,",
    "UZUZBuzbekistan,VAVATholysee/vatican/vaticancity,",
    "VCVCTsaintvincentandthegrenadines/stvincentandthegrenadines,",
    "VEVENvenezuelabolivarianrepublicof/venezuela,VGVGBvirginislandsbritish/britishvirginislands,",
    "VIVIRvirginislandsus/usvirginislands,VNVNMvietnam/vietnamsocialistrepublicof,VUVUTvanuatu,WFWLFwallisandfutuna,WSWSMsamoa,",
    "YEYEMyemen,YTMYTmayotte,ZAZAFsouthafrica,ZMZMBzambia,ZWZWEzimbabwe",
);

/// What a value that is not an alpha-2 code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// An alpha-3 code ("GBR"), with the alpha-2 code of its country.
    Alpha3(&'static str),
    /// A country's name ("United Kingdom"), with its alpha-2 code.
    Name(&'static str),
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
    COUNTRIES.split(',').find_map(|entry| {
        let (code, alpha3) = (entry.get(..2)?, entry.get(2..5)?);
        if alpha3.eq_ignore_ascii_case(&folded) {
            return Some(Known::Alpha3(code));
        }
        entry.get(5..)?.split('/').any(|name| name == folded).then_some(Known::Name(code))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::COUNTRY_CODES;

    #[test]
    fn every_assigned_code_has_one_entry_with_an_alpha3_code() {
        let codes: Vec<&str> = COUNTRIES.split(',').map(|entry| &entry[..2]).collect();
        assert_eq!(codes, COUNTRY_CODES);
        assert!(COUNTRIES.split(',').all(|entry| entry[2..5].bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn names_and_alpha3_codes_find_their_country() {
        assert_eq!(lookup("United Kingdom"), Some(Known::Name("GB")));
        assert_eq!(lookup("united states of america"), Some(Known::Name("US")));
        assert_eq!(lookup("USA"), Some(Known::Alpha3("US")));
        assert_eq!(lookup("gbr"), Some(Known::Alpha3("GB")));
        assert_eq!(lookup("Côte d'Ivoire"), Some(Known::Name("CI")));
        assert_eq!(lookup("Cote dIvoire"), Some(Known::Name("CI")));
        assert_eq!(lookup("Bolivia"), Some(Known::Name("BO")));
        assert_eq!(lookup("South Korea"), Some(Known::Name("KR")));
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
            assert_eq!(lookup(name), Some(Known::Name(code)), "{name}");
        }
        assert_eq!(lookup("Atlantis"), None);
        assert_eq!(lookup(&"x".repeat(1_000_000)), None);
    }
}
