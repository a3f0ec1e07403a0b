"""Policy 1: Information Security Policy – Politika informacione bezbjednosti (the umbrella policy)."""

from __future__ import annotations

from policy_templates.docxkit import TemplateBuilder
from policy_templates.i18n import Lang, pick
from policy_templates.policies.builder import PolicyDef, annex_table
from policy_templates.policies.common import COMMON
from policy_templates.policies.spec import Chapter, Para, PolicyText, When
from policy_templates.policies.titles import POLICY_TITLES

EN = PolicyText(
    purpose=(
        Para(
            "This policy sets out how {{ m.name }} protects the confidentiality, integrity and availability of the "
            "information it holds about citizens, businesses and its own staff, and of the network and information "
            "systems through which it delivers public services. It is the umbrella document of the municipality's "
            "information security framework: it states the objectives, assigns responsibilities, defines how risks "
            "are assessed and treated, and establishes the five topic policies that regulate interoperability and "
            "data exchange, access control, backup and continuity, incident management, and asset management."
        ),
        Para(
            "The policy implements the risk-management and governance obligations that the Law on Information "
            "Security places on local self-government bodies, and it follows the structure of the measures listed "
            "in Art. 21(2) of the NIS2 Directive. Its objectives are: that every information asset has a known owner "
            "and a known protection need; that risks are analysed at least once a year and treated according to a "
            "plan approved by management; that incidents are detected, handled and reported on time; that the "
            "services citizens depend on can be restored within agreed times; and that every employee knows the "
            "rules and the reasons for them."
        ),
    ),
    scope=(
        Para(
            "The policy covers information in any form – electronic records and registers, e-mail, documents on "
            "paper that are scanned or printed from the systems – for as long as the municipality holds it, "
            "including copies held by suppliers and in cloud services. The municipality is treated as "
            "{{ m.entity_class }} for the purposes of the Law on Information Security until the competent authority "
            "decides otherwise."
        ),
    ),
    definitions=(
        ("Information security", "preservation of the confidentiality, integrity and availability of information "
         "and of the systems that process it."),
        ("Network and information system", "an electronic communications network, a device or group of devices "
         "that process digital data, and the data stored, processed, retrieved or transmitted by them."),
        ("Information asset", "information, software, hardware, service or person of value to the municipality, "
         "recorded in the asset inventory."),
        ("Protection need", "the level (normal, high, very high) of confidentiality, integrity and availability an "
         "asset requires, set by its owner and inherited by the systems that store or process it."),
        ("Risk", "the combination of the likelihood of an adverse event and its impact on the municipality, its "
         "services or citizens, rated on a 5 × 5 matrix."),
        ("Risk owner", "the manager accountable for deciding how a risk is treated and for accepting residual risk."),
        ("Incident", "an event that compromises the availability, authenticity, integrity or confidentiality of "
         "data or services."),
        ("ISMS", "information security management system: the policies, processes, roles and records through "
         "which information security is planned, operated, checked and improved."),
    ),
    references=(
        "Risk and Security Analysis of Network and Information Systems of {{ m.name }} (current version) with the "
        "risk register and the risk treatment plan;",
        "Policies 2 to 6 of this framework: Interoperability and Electronic Data Exchange; Access Control and "
        "Identity Management; Backup, Business Continuity and Disaster Recovery; Incident Management and "
        "Reporting; Asset Management and Acceptable Use;",
        "ISO/IEC 27001:2022, clause 5.2 (information security policy) and clause 6.1 (risk assessment and "
        "treatment);",
        "NIS2 Directive, Art. 20 (governance) and Art. 21 (cybersecurity risk-management measures);",
        "CIS Critical Security Controls v8, implementation group 1, as the minimum technical baseline.",
    ),
    roles=(
        (
            "Head of the municipality ({{ m.head_title }})",
            "adopts this policy and the topic policies, approves the risk treatment plan and the "
         "resources for it, accepts residual risks above the medium level, and is informed of every significant "
         "incident. Management is responsible for overseeing the implementation of the security measures and "
         "takes part in security training at least once a year."),
        ("Information security officer", "coordinates the framework: maintains the inventory and the risk "
         "register, runs the annual risk analysis, proposes policies and measures, advises units, checks "
         "compliance, keeps the register of exceptions, is the contact point for the competent authority and "
         "CIRT, and reports to the head of the municipality at least twice a year. At {{ m.name }} this is "
         "{{ m.officer }}."),
        ("Heads of organisational units", "ensure that their staff know and follow the policies, approve access "
         "rights for their staff, act as owners of the registers and services of their unit, and report changes "
         "in their processes to the security officer."),
        ("IT service", "operates and protects the systems according to the policies: configuration, patching, "
         "backups, accounts, logging and monitoring; it has {{ m.it_staff }} staff members."),
        ("Data protection officer", "advises on the processing of personal data, takes part in the assessment of "
         "incidents involving personal data and communicates with the Agency for Personal Data Protection and "
         "Free Access to Information."),
        ("Employees and contractors", "use information and systems only for official purposes, protect their "
         "credentials, complete the mandatory training and report suspected incidents immediately."),
        ("Suppliers", "comply with the security clauses of their contracts and with the rules on remote access, "
         "and report incidents that affect the municipality without delay."),
    ),
    requirements=(
        Chapter(
            "Information security framework",
            (
                "The municipality establishes and maintains an information security management system proportionate "
                "to its size, consisting of this policy, the five topic policies, the risk analysis, the risk "
                "register, the risk treatment plan and the records these documents require.",
                "The topic policies are adopted within six months of the adoption of this policy; until then the "
                "requirements of this policy and the annexes generated from the risk analysis apply directly.",
                "Every policy names a document owner and is reviewed at least once a year; operational procedures "
                "(for example, user registration or backup restore) are written by the IT service and approved by "
                "the security officer.",
                "Information security objectives are set each year in the treatment plan, are measurable (for "
                "example: share of systems with multi-factor authentication, number of restore tests performed, "
                "time to revoke the access of a leaver) and are reported to the head of the municipality.",
            ),
        ),
        Chapter(
            "Risk management",
            (
                "A risk analysis of the network and information systems is carried out at least once a year and "
                "after every significant change, using the method of the risk analysis report: protection needs "
                "inherited from services and data to the systems, exposure and attack paths from the entry points, "
                "and likelihood and impact on a 5 × 5 matrix with the levels low, medium, high and critical.",
                "Risks at the high and critical level are treated with priority: each receives an owner and a "
                "deadline in the treatment plan, and quick wins are carried out within three months.",
                "Residual risks may be accepted only by the risk owner; acceptance of a high or critical residual "
                "risk requires the written approval of the head of the municipality and is reviewed at least every six "
                "months.",
                "The risk register records, for every risk, its identifier, evidence, level, owner, status (open, "
                "in progress, accepted, mitigated, false positive) and the justification of each decision.",
            ),
        ),
        Chapter(
            "Human resources security and awareness",
            (
                "Before employment or engagement, every person signs a statement that they have read the policies "
                "relevant to their role and a confidentiality undertaking covering personal and official data.",
                "All employees complete basic security training at least once a year, covering phishing, passwords "
                "and multi-factor authentication, handling of personal data and incident reporting; staff with "
                "administrative rights and managers receive additional training.",
                "The municipality runs at least two simulated phishing exercises a year and uses the results to "
                "target training, never to sanction individuals.",
                "When a person leaves or changes role, their access rights are revoked or adjusted in accordance "
                "with the Access Control and Identity Management Policy on the same working day.",
            ),
        ),
        Chapter(
            "Supplier and supply-chain security",
            (
                "Every contract with a supplier who processes the municipality's data or accesses its systems "
                "contains security clauses: confidentiality, compliance with these policies, named personnel, "
                "remote access only through approved channels with multi-factor authentication, incident "
                "notification within 24 hours, the right to audit, return and deletion of data at the end of the "
                "contract, and data processing terms where personal data is involved.",
                "Existing contracts without such clauses are amended at renewal and at the latest within twelve "
                "months; until then the risks are recorded in the risk register.",
                "Suppliers of critical systems are reviewed once a year: their access, their incidents, the support "
                "status of the products they deliver and their compliance with the contract.",
            ),
        ),
        Chapter(
            "Secure acquisition, maintenance and vulnerability handling",
            (
                "Security requirements (authentication, logging, encryption, backups, support period, export of "
                "data in an open format) are part of every procurement of a system or service.",
                "Security updates are installed within 14 days of release, and within 72 hours for vulnerabilities "
                "that are actively exploited or that affect systems reachable from the internet.",
                "Systems past the end of vendor support are replaced or isolated according to a dated plan; no new "
                "system is procured with a support period shorter than its planned use.",
                "The IT service checks the network for vulnerabilities at least quarterly and after each major "
                "change, and records the findings in the risk register.",
            ),
        ),
        Chapter(
            "Cryptography and physical security",
            (
                "Data in transit outside the server zone is protected with TLS 1.2 or later; personal and "
                "confidential data on laptops, removable media and backup media is encrypted.",
                "Cryptographic keys and certificates, including those used for the Government Service Bus, are "
                "kept by named persons, recorded with their expiry dates and renewed in time.",
                "The server room is locked and protected against unauthorised entry, fire, water and power "
                "failure; entry is recorded, keys and cards are issued by name, and visitors are accompanied.",
            ),
        ),
        Chapter(
            "Monitoring, measurement and improvement",
            (
                "The security officer reports to the head of the municipality at least twice a year on the state of "
                "risks, incidents, the progress of the treatment plan and the objectives.",
                "Compliance with the policies is checked at least once a year, and the effectiveness of key "
                "measures (backups, access reviews, patching) is tested, not only documented.",
                "Lessons from incidents, audits and exercises are turned into corrective actions with an owner "
                "and a deadline.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.top_risks",
            (
                Para(
                    "The analysis as of {{ doc.date }} recorded {{ annex.risk_total }} risks, of which "
                    "{{ annex.risk_high }} at the high or critical level; the highest ones are listed in Annex 2 and "
                    "are the first priorities of the treatment plan."
                ),
            ),
        ),
    ),
)

CNR = PolicyText(
    purpose=(
        Para(
            "Ovom politikom se utvrđuje način na koji {{ m.name }} štiti povjerljivost, cjelovitost i dostupnost "
            "podataka o građanima, privrednim subjektima i sopstvenim zaposlenima, kao i mrežnih i informacionih "
            "sistema putem kojih pruža javne usluge. Politika je krovni dokument okvira informacione bezbjednosti "
            "opštine: utvrđuje ciljeve, raspoređuje odgovornosti, određuje kako se rizici procjenjuju i tretiraju i "
            "uspostavlja pet tematskih politika kojima se uređuju interoperabilnost i razmjena podataka, kontrola "
            "pristupa, rezervne kopije i kontinuitet poslovanja, upravljanje incidentima i upravljanje imovinom."
        ),
        Para(
            "Politika sprovodi obaveze upravljanja rizicima i nadzora koje Zakon o informacionoj bezbjednosti "
            "propisuje za organe lokalne samouprave i prati strukturu mjera iz čl. 21 st. 2 Direktive NIS2. Njeni "
            "ciljevi su: da svaka informaciona imovina ima poznatog vlasnika i poznatu potrebu zaštite; da se rizici "
            "analiziraju najmanje jednom godišnje i tretiraju prema planu koji odobri rukovodstvo; da se incidenti "
            "otkrivaju, rješavaju i prijavljuju na vrijeme; da se usluge od kojih građani zavise mogu oporaviti u "
            "dogovorenim rokovima; i da svaki zaposleni poznaje pravila i razloge zbog kojih postoje."
        ),
    ),
    scope=(
        Para(
            "Politika obuhvata podatke u svakom obliku – elektronske evidencije i registre, elektronsku poštu, "
            "dokumente na papiru koji se skeniraju ili štampaju iz sistema – sve dok ih opština posjeduje, "
            "uključujući kopije kod dobavljača i u uslugama računarstva u oblaku. Za potrebe Zakona o informacionoj "
            "bezbjednosti opština se smatra kategorijom „{{ m.entity_class }}” dok nadležni organ ne odluči "
            "drugačije."
        ),
    ),
    definitions=(
        ("Informaciona bezbjednost", "očuvanje povjerljivosti, cjelovitosti i dostupnosti podataka i sistema koji "
         "ih obrađuju."),
        ("Mrežni i informacioni sistem", "elektronska komunikaciona mreža, uređaj ili grupa uređaja koji obrađuju "
         "digitalne podatke, kao i podaci koji se u njima čuvaju, obrađuju, pretražuju ili prenose."),
        ("Informaciona imovina", "podaci, softver, hardver, usluga ili lice od vrijednosti za opštinu, upisani u "
         "inventar imovine."),
        ("Potreba zaštite", "nivo (normalan, visok, vrlo visok) povjerljivosti, cjelovitosti i dostupnosti koji "
         "imovina zahtijeva; utvrđuje ga vlasnik, a nasljeđuju ga sistemi koji imovinu čuvaju ili obrađuju."),
        ("Rizik", "kombinacija vjerovatnoće neželjenog događaja i njegovog uticaja na opštinu, njene usluge ili "
         "građane, ocijenjena na matrici 5 × 5."),
        ("Vlasnik rizika", "rukovodilac odgovoran za odluku o tretmanu rizika i za prihvatanje preostalog rizika."),
        ("Incident", "događaj koji ugrožava dostupnost, autentičnost, cjelovitost ili povjerljivost podataka ili "
         "usluga."),
        ("ISMS", "sistem upravljanja informacionom bezbjednošću: politike, procesi, uloge i evidencije kojima se "
         "informaciona bezbjednost planira, sprovodi, provjerava i unapređuje."),
    ),
    references=(
        "Analiza rizika i bezbjednosti mrežnih i informacionih sistema ({{ m.name }}, važeća verzija), sa "
        "registrom rizika i planom tretmana rizika;",
        "politike 2 do 6 ovog okvira: Politika interoperabilnosti i elektronske razmjene podataka; Politika "
        "kontrole pristupa i upravljanja identitetima; Politika rezervnih kopija, kontinuiteta poslovanja i "
        "oporavka od katastrofe; Politika upravljanja bezbjednosnim incidentima i njihovog prijavljivanja; "
        "Politika upravljanja informacionom imovinom i prihvatljivog korišćenja;",
        "ISO/IEC 27001:2022, tačka 5.2 (politika informacione bezbjednosti) i tačka 6.1 (procjena i tretman "
        "rizika);",
        "Direktiva NIS2, čl. 20 (upravljanje) i čl. 21 (mjere upravljanja rizicima u oblasti sajber bezbjednosti);",
        "CIS Critical Security Controls v8, grupa primjene 1, kao minimalna tehnička osnova.",
    ),
    roles=(
        ("{{ m.head_title }}", "donosi ovu politiku i tematske politike, odobrava plan tretmana rizika i sredstva "
         "za njegovo sprovođenje, prihvata preostale rizike iznad srednjeg nivoa i obavještava se o svakom "
         "značajnom incidentu. Rukovodstvo je odgovorno za nadzor nad sprovođenjem mjera bezbjednosti i najmanje "
         "jednom godišnje učestvuje u obuci iz oblasti bezbjednosti."),
        ("Lice zaduženo za informacionu bezbjednost", "koordinira okvir: vodi inventar i registar rizika, sprovodi "
         "godišnju analizu rizika, predlaže politike i mjere, savjetuje organizacione jedinice, provjerava "
         "usklađenost, vodi registar izuzetaka, kontakt je osoba za nadležni organ i CIRT i najmanje dva puta "
         "godišnje izvještava lice koje obavlja funkciju „{{ m.head_title }}”. Tu dužnost obavlja "
         "{{ m.officer }}."),
        ("Rukovodioci organizacionih jedinica", "obezbjeđuju da zaposleni poznaju i poštuju politike, odobravaju "
         "prava pristupa svojim zaposlenima, vlasnici su registara i usluga svoje jedinice i obavještavaju lice "
         "zaduženo za informacionu bezbjednost o promjenama u procesima."),
        ("IT služba", "upravlja sistemima i štiti ih u skladu sa politikama: konfiguracija, ažuriranje, rezervne "
         "kopije, nalozi, evidentiranje događaja i nadzor; ima {{ m.it_staff }} zaposlenih."),
        ("Službenik za zaštitu podataka o ličnosti", "savjetuje o obradi podataka o ličnosti, učestvuje u procjeni "
         "incidenata koji uključuju podatke o ličnosti i komunicira sa Agencijom za zaštitu ličnih podataka i "
         "slobodan pristup informacijama."),
        ("Zaposleni i angažovana lica", "koriste podatke i sisteme samo u službene svrhe, čuvaju svoje pristupne "
         "podatke, završavaju obaveznu obuku i odmah prijavljuju sumnju na incident."),
        ("Dobavljači", "poštuju bezbjednosne odredbe ugovora i pravila o udaljenom pristupu i bez odlaganja "
         "prijavljuju incidente koji se tiču opštine."),
    ),
    requirements=(
        Chapter(
            "Okvir informacione bezbjednosti",
            (
                "Opština uspostavlja i održava sistem upravljanja informacionom bezbjednošću srazmjeran svojoj "
                "veličini, koji čine ova politika, pet tematskih politika, analiza rizika, registar rizika, plan "
                "tretmana rizika i evidencije koje ovi dokumenti zahtijevaju.",
                "Tematske politike donose se u roku od šest mjeseci od usvajanja ove politike; do tada se "
                "neposredno primjenjuju zahtjevi ove politike i prilozi generisani iz analize rizika.",
                "Svaka politika ima vlasnika dokumenta i preispituje se najmanje jednom godišnje; operativne "
                "procedure (na primjer, otvaranje korisničkog naloga ili vraćanje podataka iz rezervne kopije) "
                "piše IT služba, a odobrava lice zaduženo za informacionu bezbjednost.",
                "Ciljevi informacione bezbjednosti utvrđuju se svake godine u planu tretmana rizika, mjerljivi su "
                "(na primjer: udio sistema sa višefaktorskom autentifikacijom, broj sprovedenih testova vraćanja "
                "podataka, vrijeme ukidanja pristupa licu koje napušta opštinu) i o njima se izvještava "
                "{{ m.head_title }}.",
            ),
        ),
        Chapter(
            "Upravljanje rizicima",
            (
                "Analiza rizika mrežnih i informacionih sistema sprovodi se najmanje jednom godišnje i nakon svake "
                "značajne promjene, metodom iz izvještaja o analizi rizika: potrebe zaštite nasljeđuju se od "
                "usluga i podataka na sisteme, utvrđuju se izloženost i putanje napada od ulaznih tačaka, a "
                "vjerovatnoća i uticaj ocjenjuju se na matrici 5 × 5 sa nivoima nizak, srednji, visok i kritičan.",
                "Rizici visokog i kritičnog nivoa tretiraju se prioritetno: svaki dobija vlasnika i rok u planu "
                "tretmana, a brze mjere se sprovode u roku od tri mjeseca.",
                "Preostali rizik može prihvatiti samo vlasnik rizika; za prihvatanje visokog ili kritičnog "
                "preostalog rizika potrebna je pisana saglasnost lica koje obavlja funkciju „{{ m.head_title }}”, "
                "a takva odluka se preispituje najmanje svakih šest mjeseci.",
                "Registar rizika za svaki rizik sadrži oznaku, dokaze, nivo, vlasnika, status (otvoren, u toku, "
                "prihvaćen, ublažen, lažno pozitivan) i obrazloženje svake odluke.",
            ),
        ),
        Chapter(
            "Bezbjednost ljudskih resursa i podizanje svijesti",
            (
                "Prije zasnivanja radnog odnosa ili angažovanja svako lice potpisuje izjavu da je upoznato sa "
                "politikama koje se odnose na njegovo radno mjesto i izjavu o povjerljivosti koja obuhvata podatke "
                "o ličnosti i službene podatke.",
                "Svi zaposleni najmanje jednom godišnje pohađaju osnovnu obuku iz bezbjednosti koja obuhvata "
                "fišing, lozinke i višefaktorsku autentifikaciju, postupanje sa podacima o ličnosti i prijavljivanje "
                "incidenata; zaposleni sa administratorskim pravima i rukovodioci prolaze dodatnu obuku.",
                "Opština najmanje dva puta godišnje sprovodi simulirane fišing vježbe i rezultate koristi za "
                "usmjeravanje obuke, a nikada za sankcionisanje pojedinaca.",
                "Kada lice napusti opštinu ili promijeni radno mjesto, njegova prava pristupa se ukidaju ili "
                "usklađuju u skladu sa Politikom kontrole pristupa i upravljanja identitetima istog radnog dana.",
            ),
        ),
        Chapter(
            "Bezbjednost u odnosima sa dobavljačima i lancu snabdijevanja",
            (
                "Svaki ugovor sa dobavljačem koji obrađuje podatke opštine ili pristupa njenim sistemima sadrži "
                "bezbjednosne odredbe: povjerljivost, poštovanje ovih politika, imenovana lica, udaljeni pristup "
                "samo preko odobrenih kanala sa višefaktorskom autentifikacijom, obavještavanje o incidentu u roku "
                "od 24 časa, pravo na provjeru, vraćanje i brisanje podataka po isteku ugovora i uslove obrade "
                "kada su u pitanju podaci o ličnosti.",
                "Postojeći ugovori bez takvih odredbi mijenjaju se prilikom obnove, a najkasnije u roku od "
                "dvanaest mjeseci; do tada se rizici upisuju u registar rizika.",
                "Dobavljači kritičnih sistema provjeravaju se jednom godišnje: njihov pristup, incidenti, status "
                "podrške za proizvode koje isporučuju i poštovanje ugovora.",
            ),
        ),
        Chapter(
            "Bezbjednost pri nabavci i održavanju i postupanje sa ranjivostima",
            (
                "Bezbjednosni zahtjevi (autentifikacija, evidentiranje događaja, šifrovanje, rezervne kopije, "
                "period podrške, izvoz podataka u otvorenom formatu) sastavni su dio svake nabavke sistema ili "
                "usluge.",
                "Bezbjednosna ažuriranja instaliraju se u roku od 14 dana od objavljivanja, a u roku od 72 časa "
                "za ranjivosti koje se aktivno zloupotrebljavaju ili koje pogađaju sisteme dostupne sa interneta.",
                "Sistemi kojima je istekla podrška proizvođača zamjenjuju se ili izoluju prema planu sa rokovima; "
                "ne nabavlja se nijedan novi sistem čiji je period podrške kraći od planiranog korišćenja.",
                "IT služba najmanje jednom u tri mjeseca i nakon svake veće promjene provjerava mrežu na "
                "ranjivosti i nalaze upisuje u registar rizika.",
            ),
        ),
        Chapter(
            "Kriptografija i fizička bezbjednost",
            (
                "Podaci koji se prenose van serverske zone štite se protokolom TLS 1.2 ili novijim; podaci o "
                "ličnosti i povjerljivi podaci na laptopovima, prenosivim medijima i medijima za rezervne kopije "
                "su šifrovani.",
                "Kriptografske ključeve i sertifikate, uključujući one koji se koriste za Vladinu servisnu "
                "magistralu (GSB), čuvaju imenovana lica, evidentiraju se sa datumom isteka i obnavljaju na "
                "vrijeme.",
                "Serverska soba je zaključana i zaštićena od neovlašćenog ulaska, požara, vode i nestanka "
                "napajanja; ulazak se evidentira, ključevi i kartice se izdaju imenovanim licima, a posjetioci su "
                "u pratnji.",
            ),
        ),
        Chapter(
            "Praćenje, mjerenje i unapređenje",
            (
                "Lice zaduženo za informacionu bezbjednost najmanje dva puta godišnje izvještava lice koje obavlja "
                "funkciju „{{ m.head_title }}” o stanju rizika, incidentima, napretku plana tretmana i ciljevima.",
                "Usklađenost sa politikama provjerava se najmanje jednom godišnje, a djelotvornost ključnih mjera "
                "(rezervne kopije, preispitivanje prava pristupa, ažuriranje) se testira, a ne samo dokumentuje.",
                "Pouke iz incidenata, provjera i vježbi pretvaraju se u korektivne mjere sa odgovornim licem i "
                "rokom.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.top_risks",
            (
                Para(
                    "Analizom sa stanjem na dan {{ doc.date }} utvrđeno je {{ annex.risk_total }} rizika, od čega "
                    "{{ annex.risk_high }} visokog ili kritičnog nivoa; najviši rizici navedeni su u Prilogu 2 i "
                    "prvi su prioriteti plana tretmana."
                ),
            ),
        ),
    ),
)


def annexes(b: TemplateBuilder, lang: Lang) -> None:
    """Annex 1 roles, 2 top risks, 3 compliance per Law area and NIS2 item, 4 priority actions."""
    word = COMMON[lang].annex_word
    b.heading(f"{word} 1. " + pick(lang, "Uloge i odgovorna lica", "Roles and responsible persons"), 2)
    annex_table(
        b, lang, items="annex.roles",
        headers=[pick(lang, "Uloga", "Role"), pick(lang, "Lice", "Person"), pick(lang, "Kontakt", "Contact")],
        cells=["{{ r.role }}", "{{ r.person }}", "{{ r.contact }}"], widths_cm=(6.0, 5.5, 5.1),
    )
    b.heading(f"{word} 2. " + pick(lang, "Najviši rizici", "Top risks"), 2)
    annex_table(
        b, lang, items="annex.top_risks",
        headers=[pick(lang, "Oznaka", "Id"), pick(lang, "Rizik", "Risk"), pick(lang, "Predmet", "Subject"),
                 pick(lang, "Nivo", "Level"), pick(lang, "Preostali", "Residual"), pick(lang, "Mjere", "Controls")],
        cells=["{{ r.id }}", "{{ r.title }}", "{{ r.subject }}", "{{ r.level }}", "{{ r.residual }}",
               "{{ r.controls }}"],
        widths_cm=(3.4, 4.4, 2.8, 1.6, 1.8, 2.6),
    )
    b.heading(f"{word} 3. " + pick(lang, "Usklađenost po oblastima mjera", "Compliance per measure area"), 2)
    b.para(pick(lang, "Oblasti mjera Zakona o informacionoj bezbjednosti (modelovane prema Direktivi NIS2):",
                "Measure areas of the Law on Information Security (modelled on the NIS2 Directive):"))
    headers = [pick(lang, "Oznaka", "Item"), pick(lang, "Oblast", "Area"), pick(lang, "Stanje", "State"),
               pick(lang, "Dokazi", "Evidence")]
    cells = ["{{ r.item }}", "{{ r.title }}", "{{ r.state }}", "{{ r.evidence }}"]
    annex_table(b, lang, items="annex.law", headers=headers, cells=cells, widths_cm=(3.0, 5.0, 2.2, 6.4))
    b.para(pick(lang, "Mjere iz čl. 21 st. 2 Direktive NIS2:", "Measures of NIS2 Art. 21(2):"))
    annex_table(b, lang, items="annex.nis2", headers=headers, cells=cells, widths_cm=(1.4, 6.0, 2.2, 7.0))
    b.heading(f"{word} 4. " + pick(lang, "Prioritetne brze mjere", "Priority quick wins"), 2)
    b.bullets([pick(lang, "Brze mjere iz plana tretmana rizika, poređane po smanjenju rizika u odnosu na napor.",
                    "Quick wins from the risk treatment plan, ranked by risk reduction per effort.")])
    annex_table(
        b, lang, items="annex.actions",
        headers=["#", pick(lang, "Mjera", "Control"), pick(lang, "Opis", "Description"),
                 pick(lang, "Rizika", "Risks"), pick(lang, "Najviši nivo", "Highest level")],
        cells=["{{ r.rank }}", "{{ r.control }}", "{{ r.title }}", "{{ r.risks }}", "{{ r.level }}"],
        widths_cm=(1.0, 3.6, 7.6, 1.8, 2.6),
    )


POLICY = PolicyDef(
    number=1,
    slug="information-security",
    title=POLICY_TITLES[1],
    text={Lang.en: EN, Lang.cnr: CNR},
    annexes=annexes,
    annex_count=4,
)
