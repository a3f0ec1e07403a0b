"""Policy 6: Asset Management and Acceptable Use Policy – Politika upravljanja informacionom imovinom i
prihvatljivog korišćenja."""

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
            "This policy makes sure that {{ m.name }} knows what information assets it has, who is responsible "
            "for each of them, how valuable and sensitive they are and whether they are still supported, and it "
            "sets the rules for the acceptable use of the municipality's devices, e-mail, internet access and "
            "data by everybody who uses them. A municipality cannot protect what it does not know it has: "
            "unknown devices, forgotten servers and systems past the end of vendor support are where attacks "
            "most often succeed."
        ),
        Para(
            "The policy implements the asset-management and cyber-hygiene measures of the Law on Information "
            "Security, modelled on NIS2 Art. 21(2)(g) and (i), and CIS Controls 1 to 3. Annex 1 lists the systems "
            "past the end of vendor support, Annex 2 summarises the inventory by network zone and kind of asset, "
            "and Annex 3 lists the data assets with their classification and owner, as recorded in the inventory "
            "used for the current risk analysis."
        ),
    ),
    scope=(
        Para(
            "The policy covers all hardware (servers, workstations, laptops, network and security devices, "
            "printers, telephones, cameras and other connected devices), software and cloud services, data "
            "assets and removable media owned or used by the municipality, as well as private devices when they "
            "are used for official work, and applies to every user of these assets."
        ),
    ),
    definitions=(
        ("Asset inventory", "the register of the municipality's information assets with, for each, its "
         "identifier, kind, location or zone, owner, protection needs, software version and support status."),
        ("Asset owner", "the head of the organisational unit, or the person designated by them, accountable for "
         "an asset being inventoried, classified, protected and reviewed."),
        ("Classification", "the sensitivity level of information: public, internal, confidential or secret "
         "(classified information under the law on data secrecy is handled under that law)."),
        ("End of support (end of life)", "the date after which the vendor no longer releases security updates "
         "for a product or version."),
        ("Removable media", "USB memory sticks, external disks, memory cards, optical discs and similar."),
        ("Acceptable use", "use of information assets for official purposes, in line with this policy and the "
         "law, in a way that does not endanger the security of the municipality."),
        ("Private device (BYOD)", "a device owned by an employee and used for official work."),
        ("Secure disposal", "deletion or destruction of data on a device or medium in a way that makes recovery "
         "impossible, before the device is reused, returned, repaired outside or discarded."),
    ),
    references=(
        "ISO/IEC 27001:2022 Annex A, controls on the inventory of information and other associated assets, "
        "acceptable use, return of assets, classification, labelling, secure disposal and user endpoint devices;",
        "CIS Controls v8, controls 1 (enterprise assets), 2 (software assets) and 3 (data protection);",
        "Law on Personal Data Protection, for the handling of personal data;",
        "Information Security Policy and Access Control and Identity Management Policy of {{ m.name }}.",
    ),
    roles=(
        ("Asset owners", "keep the entries of their assets in the inventory correct, set the classification and "
         "protection needs of their data, approve access and review their assets every year."),
        ("IT service", "maintains the inventory of hardware and software, registers and labels new devices, "
         "installs only approved software, tracks end-of-support dates and carries out secure disposal."),
        ("Information security officer", "checks the inventory against network scans and the risk analysis, "
         "keeps the list of end-of-life systems and approves exceptions to acceptable use."),
        ("Heads of organisational units", "make sure their staff know the acceptable-use rules and return "
         "equipment when they leave."),
        ("Users", "use assets only for official purposes and according to this policy, take care of the devices "
         "entrusted to them and report loss or theft immediately."),
    ),
    requirements=(
        Chapter(
            "Asset inventory",
            (
                "The municipality keeps a single inventory of its information assets (hardware, software, cloud "
                "services, data assets, services, network zones and suppliers) in the format used by the risk "
                "analysis; every asset has an owner, a location or network zone and, for systems, the operating "
                "system or firmware with its version and end-of-support date.",
                "New devices and software are entered in the inventory before they are connected to the network "
                "or put into use; devices not in the inventory are not connected, and unknown devices found by a "
                "network scan are identified and either registered or removed within five working days.",
                "The inventory is updated continuously by the IT service and checked in full at least once a "
                "year and before each risk analysis, including a comparison with a discovery scan of the network.",
                "Network devices and segments are part of the inventory; the permitted traffic between zones is "
                "documented and changes to it are approved by the information security officer.",
            ),
        ),
        Chapter(
            "Ownership, classification and handling",
            (
                "Every data asset is classified by its owner as public, internal, confidential or secret, and its "
                "protection needs for confidentiality, integrity and availability are recorded; registers with "
                "personal data are at least confidential.",
                "Confidential information is stored only on systems approved for it, sent outside the "
                "municipality only encrypted or through the Government Service Bus, printed only when necessary "
                "and never left unattended; documents are labelled with their class.",
                "Information is kept no longer than the applicable retention period and is then deleted or handed "
                "over to the archive in accordance with the regulations on archives.",
            ),
        ),
        Chapter(
            "End-of-life systems and software",
            (
                "Systems and software past the end of vendor support (Annex 1) are replaced, upgraded or, where "
                "this is not possible immediately, isolated in a separate network segment with access limited to "
                "what is strictly needed, monitored, and included in the treatment plan with a replacement date.",
                "The IT service tracks support dates and plans the replacement of every product at least twelve "
                "months before its end of support, so that the budget can include it.",
                "Only software that is licensed, supported and approved by the IT service is installed; users do "
                "not have administrator rights on their workstations and cannot install software themselves.",
            ),
        ),
        Chapter(
            "Acceptable use",
            (
                "Devices, e-mail and internet access of the municipality are used for official purposes; limited "
                "private use is tolerated when it does not interfere with work, does not endanger security and "
                "does not break the law. Users have no expectation of privacy for official accounts, within the "
                "limits of the law.",
                "Users must not: disclose their credentials, bypass security controls, connect unapproved devices "
                "to the municipality's network, install or run unapproved software, forward official e-mail to "
                "private accounts, store municipal data in private cloud storage, or access content that is "
                "illegal or endangers security.",
                "E-mail attachments and links from unknown or unexpected senders are not opened; suspicious "
                "messages are reported to the IT service with the reporting function or by telephone, without "
                "forwarding them to colleagues.",
                "Removable media may be used only if registered and encrypted, and only where electronic exchange "
                "is not possible; media of unknown origin are never connected.",
                "Screens are locked when the user leaves the workplace, documents with confidential information "
                "are not left on desks or printers, and visitors do not see screens with personal data "
                "(clean desk and clear screen).",
                "Private devices may be used for official work only for e-mail and office applications through "
                "the municipality's managed access with MFA, never for direct access to registers, and only if "
                "they have a supported operating system, screen lock and encryption.",
                "Guest and public wireless networks are separated from the municipality's internal network; "
                "staff devices do not use the guest network for official work.",
            ),
        ),
        Chapter(
            "Return, repair and disposal",
            (
                "Equipment, media, cards and keys are returned when a person leaves or changes role; the head of "
                "the unit confirms the return before the final settlement.",
                "Before a device leaves the municipality for repair, reuse, donation or disposal, its storage is "
                "securely wiped or removed; disks of servers and devices that held registers are destroyed or "
                "wiped by a method verified by the IT service, and the disposal is recorded.",
                "Lost or stolen devices and media are reported at once as an incident; where encryption was not "
                "in place, the loss is assessed as a potential personal data breach.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.eol",
            (
                Para(
                    "On the date of the analysis the inventory held systems past the end of vendor support "
                    "(Annex 1); each of them needs a replacement or isolation date in the treatment plan."
                ),
            ),
        ),
    ),
)

CNR = PolicyText(
    purpose=(
        Para(
            "Ovom politikom se obezbjeđuje da {{ m.name }} zna koju informacionu imovinu posjeduje, ko je za nju "
            "odgovoran, koliko je vrijedna i osjetljiva i da li je još podržana, i utvrđuju se pravila "
            "prihvatljivog korišćenja uređaja, elektronske pošte, pristupa internetu i podataka opštine za sva "
            "lica koja ih koriste. Opština ne može zaštititi ono za šta ne zna da posjeduje: nepoznati uređaji, "
            "zaboravljeni serveri i sistemi kojima je istekla podrška proizvođača mjesta su na kojima napadi "
            "najčešće uspijevaju."
        ),
        Para(
            "Politika sprovodi mjere upravljanja imovinom i sajber higijene iz Zakona o informacionoj "
            "bezbjednosti, modelovane prema čl. 21 st. 2 tač. (g) i (i) Direktive NIS2, kao i kontrole 1 do 3 "
            "CIS Controls. Prilog 1 sadrži sisteme kojima je istekla podrška proizvođača, Prilog 2 pregled "
            "inventara po mrežnim zonama i vrstama imovine, a Prilog 3 podatke sa klasifikacijom i vlasnikom, "
            "kako su upisani u inventar korišćen za važeću analizu rizika."
        ),
    ),
    scope=(
        Para(
            "Politika obuhvata sav hardver (servere, radne stanice, laptopove, mrežne i bezbjednosne uređaje, "
            "štampače, telefone, kamere i druge povezane uređaje), softver i usluge u oblaku, podatke i prenosive "
            "medije koje opština posjeduje ili koristi, kao i privatne uređaje kada se koriste za službeni posao, "
            "i primjenjuje se na svakog korisnika te imovine."
        ),
    ),
    definitions=(
        ("Inventar imovine", "evidencija informacione imovine opštine koja za svaku stavku sadrži oznaku, vrstu, "
         "lokaciju ili zonu, vlasnika, potrebe zaštite, verziju softvera i status podrške."),
        ("Vlasnik imovine", "rukovodilac organizacione jedinice ili lice koje on odredi, odgovorno za to da je "
         "imovina upisana u inventar, klasifikovana, zaštićena i preispitana."),
        ("Klasifikacija", "nivo osjetljivosti podataka: javno, interno, povjerljivo ili tajno (sa tajnim "
         "podacima u smislu zakona o tajnosti podataka postupa se prema tom zakonu)."),
        ("Prestanak podrške", "datum nakon kojeg proizvođač više ne objavljuje bezbjednosna ažuriranja za "
         "proizvod ili verziju."),
        ("Prenosivi mediji", "USB memorije, eksterni diskovi, memorijske kartice, optički diskovi i slično."),
        ("Prihvatljivo korišćenje", "korišćenje informacione imovine u službene svrhe, u skladu sa ovom politikom "
         "i zakonom, na način koji ne ugrožava bezbjednost opštine."),
        ("Privatni uređaj (BYOD)", "uređaj u vlasništvu zaposlenog koji se koristi za službeni posao."),
        ("Bezbjedno uklanjanje", "brisanje ili uništavanje podataka na uređaju ili mediju na način koji "
         "onemogućava njihov povraćaj, prije ponovne upotrebe, vraćanja, popravke van opštine ili otpisa "
         "uređaja."),
    ),
    references=(
        "ISO/IEC 27001:2022 Aneks A, kontrole koje se odnose na inventar informacija i druge povezane imovine, "
        "prihvatljivo korišćenje, vraćanje imovine, klasifikaciju, označavanje, bezbjedno uklanjanje i krajnje "
        "korisničke uređaje;",
        "CIS Controls v8, kontrole 1 (imovina organizacije), 2 (softverska imovina) i 3 (zaštita podataka);",
        "Zakon o zaštiti podataka o ličnosti, za postupanje sa podacima o ličnosti;",
        "Politika informacione bezbjednosti i Politika kontrole pristupa i upravljanja identitetima "
        "({{ m.name }}).",
    ),
    roles=(
        ("Vlasnici imovine", "održavaju tačnim upise svoje imovine u inventaru, utvrđuju klasifikaciju i potrebe "
         "zaštite svojih podataka, odobravaju pristup i jednom godišnje preispituju svoju imovinu."),
        ("IT služba", "vodi inventar hardvera i softvera, evidentira i označava nove uređaje, instalira samo "
         "odobreni softver, prati datume prestanka podrške i sprovodi bezbjedno uklanjanje podataka."),
        ("Lice zaduženo za informacionu bezbjednost", "provjerava inventar upoređivanjem sa skeniranjem mreže i "
         "analizom rizika, vodi spisak sistema kojima je istekla podrška i odobrava izuzetke od pravila "
         "prihvatljivog korišćenja."),
        ("Rukovodioci organizacionih jedinica", "obezbjeđuju da njihovi zaposleni poznaju pravila "
         "prihvatljivog korišćenja i da vrate opremu kada odlaze."),
        ("Korisnici", "koriste imovinu samo u službene svrhe i u skladu sa ovom politikom, čuvaju uređaje koji "
         "su im povjereni i odmah prijavljuju gubitak ili krađu."),
    ),
    requirements=(
        Chapter(
            "Inventar imovine",
            (
                "Opština vodi jedinstven inventar informacione imovine (hardver, softver, usluge u oblaku, podaci, "
                "usluge, mrežne zone i dobavljači) u formatu koji koristi analiza rizika; svaka stavka ima "
                "vlasnika, lokaciju ili mrežnu zonu, a za sisteme i operativni sistem ili firmver sa verzijom i "
                "datumom prestanka podrške.",
                "Novi uređaji i softver upisuju se u inventar prije povezivanja na mrežu ili početka korišćenja; "
                "uređaji koji nijesu u inventaru ne povezuju se, a nepoznati uređaji otkriveni skeniranjem mreže "
                "identifikuju se i u roku od pet radnih dana upisuju ili uklanjaju.",
                "IT služba stalno ažurira inventar, a u cjelini se provjerava najmanje jednom godišnje i prije "
                "svake analize rizika, uključujući poređenje sa skeniranjem mreže.",
                "Mrežni uređaji i segmenti dio su inventara; dozvoljeni saobraćaj između zona je dokumentovan, a "
                "njegove izmjene odobrava lice zaduženo za informacionu bezbjednost.",
            ),
        ),
        Chapter(
            "Vlasništvo, klasifikacija i postupanje",
            (
                "Vlasnik klasifikuje svaki skup podataka kao javni, interni, povjerljivi ili tajni i evidentira "
                "njegove potrebe zaštite povjerljivosti, cjelovitosti i dostupnosti; registri sa podacima o "
                "ličnosti su najmanje povjerljivi.",
                "Povjerljivi podaci čuvaju se samo na sistemima koji su za to odobreni, van opštine se šalju samo "
                "šifrovani ili preko Vladine servisne magistrale, štampaju se samo kada je neophodno i nikada se "
                "ne ostavljaju bez nadzora; dokumenti se označavaju klasom.",
                "Podaci se ne čuvaju duže od propisanog roka čuvanja, a nakon toga se brišu ili predaju arhivi u "
                "skladu sa propisima o arhivskoj djelatnosti.",
            ),
        ),
        Chapter(
            "Sistemi i softver kojima je istekla podrška",
            (
                "Sistemi i softver kojima je istekla podrška proizvođača (Prilog 1) zamjenjuju se, nadograđuju "
                "ili, kada to odmah nije moguće, izoluju u poseban mrežni segment sa pristupom ograničenim na ono "
                "što je neophodno, nadziru i uključuju u plan tretmana rizika sa rokom zamjene.",
                "IT služba prati datume podrške i planira zamjenu svakog proizvoda najmanje dvanaest mjeseci prije "
                "prestanka podrške, kako bi se zamjena mogla predvidjeti budžetom.",
                "Instalira se samo licenciran, podržan softver koji je odobrila IT služba; korisnici nemaju "
                "administratorska prava na svojim radnim stanicama i ne mogu sami instalirati softver.",
            ),
        ),
        Chapter(
            "Prihvatljivo korišćenje",
            (
                "Uređaji, elektronska pošta i pristup internetu opštine koriste se u službene svrhe; ograničeno "
                "privatno korišćenje se toleriše kada ne ometa rad, ne ugrožava bezbjednost i ne krši zakon. "
                "Korisnici, u granicama zakona, ne mogu očekivati privatnost na službenim nalozima.",
                "Korisnici ne smiju: otkrivati svoje pristupne podatke, zaobilaziti bezbjednosne kontrole, "
                "povezivati neodobrene uređaje na mrežu opštine, instalirati ili pokretati neodobreni softver, "
                "prosljeđivati službenu elektronsku poštu na privatne naloge, čuvati podatke opštine u privatnim "
                "skladištima u oblaku niti pristupati sadržaju koji je nezakonit ili ugrožava bezbjednost.",
                "Prilozi i linkovi u porukama nepoznatih ili neočekivanih pošiljalaca se ne otvaraju; sumnjive "
                "poruke prijavljuju se IT službi funkcijom za prijavu ili telefonom, bez prosljeđivanja kolegama.",
                "Prenosivi mediji smiju se koristiti samo ako su evidentirani i šifrovani, i samo kada "
                "elektronska razmjena nije moguća; mediji nepoznatog porijekla nikada se ne povezuju.",
                "Ekran se zaključava kada korisnik napušta radno mjesto, dokumenti sa povjerljivim podacima ne "
                "ostavljaju se na stolovima ni štampačima, a posjetioci ne vide ekrane sa podacima o ličnosti "
                "(pravilo čistog stola i čistog ekrana).",
                "Privatni uređaji smiju se koristiti za službeni posao samo za elektronsku poštu i kancelarijske "
                "aplikacije preko upravljanog pristupa opštine sa višefaktorskom autentifikacijom, nikada za "
                "direktan pristup registrima, i samo ako imaju podržan operativni sistem, zaključavanje ekrana i "
                "šifrovanje.",
                "Bežične mreže za goste i javne bežične mreže odvojene su od interne mreže opštine; uređaji "
                "zaposlenih ne koriste mrežu za goste za službeni posao.",
            ),
        ),
        Chapter(
            "Vraćanje, popravka i otpis",
            (
                "Oprema, mediji, kartice i ključevi vraćaju se kada lice odlazi ili mijenja radno mjesto; "
                "rukovodilac jedinice potvrđuje povraćaj prije konačnog obračuna.",
                "Prije nego što uređaj napusti opštinu radi popravke, ponovne upotrebe, donacije ili otpisa, "
                "podaci na njemu se bezbjedno brišu ili se medij za skladištenje uklanja; diskovi servera i "
                "uređaja na kojima su bili registri uništavaju se ili brišu metodom koju je provjerila IT služba, "
                "a otpis se evidentira.",
                "Izgubljeni ili ukradeni uređaji i mediji odmah se prijavljuju kao incident; ako nijesu bili "
                "šifrovani, gubitak se procjenjuje kao moguća povreda podataka o ličnosti.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.eol",
            (
                Para(
                    "Na dan analize inventar je sadržao sisteme kojima je istekla podrška proizvođača (Prilog 1); "
                    "za svaki od njih u planu tretmana rizika treba utvrditi rok zamjene ili izolovanja."
                ),
            ),
        ),
    ),
)


def annexes(b: TemplateBuilder, lang: Lang) -> None:
    """Annex 1 end-of-life systems, 2 inventory per zone and kind, 3 data assets and classification."""
    word = COMMON[lang].annex_word
    b.heading(f"{word} 1. " + pick(lang, "Sistemi kojima je istekla podrška proizvođača",
                                   "Systems past the end of vendor support"), 2)
    annex_table(
        b, lang, items="annex.eol",
        headers=[pick(lang, "Sistem", "System"), pick(lang, "Operativni sistem / verzija", "Operating system"),
                 pick(lang, "Kraj podrške", "End of support"), pick(lang, "Dana od isteka", "Days past"),
                 pick(lang, "Zona", "Zone")],
        cells=["{{ r.system }}", "{{ r.os }}", "{{ r.end_of_support }}", "{{ r.days }}", "{{ r.zone }}"],
        widths_cm=(4.2, 4.2, 2.6, 1.8, 3.8),
    )
    b.heading(f"{word} 2. " + pick(lang, "Pregled inventara po zonama i vrstama",
                                   "Inventory summary per zone and kind"), 2)
    annex_table(
        b, lang, items="annex.summary",
        headers=[pick(lang, "Zona", "Zone"), pick(lang, "Vrsta", "Kind"), pick(lang, "Broj", "Count")],
        cells=["{{ r.zone }}", "{{ r.kind }}", "{{ r.count }}"],
        widths_cm=(8.0, 5.6, 3.0),
    )
    b.heading(f"{word} 3. " + pick(lang, "Podaci, klasifikacija i vlasnici", "Data assets, classification and owners"),
              2)
    annex_table(
        b, lang, items="annex.data",
        headers=[pick(lang, "Podaci", "Data asset"), pick(lang, "Vrsta", "Kind"),
                 pick(lang, "Klasifikacija", "Classification"), pick(lang, "Vlasnik", "Owner"),
                 pick(lang, "Podaci o ličnosti", "Personal data")],
        cells=["{{ r.name }}", "{{ r.kind }}", "{{ r.classification }}", "{{ r.owner }}", "{{ r.personal }}"],
        widths_cm=(5.6, 2.6, 2.4, 4.0, 2.0),
    )


POLICY = PolicyDef(
    number=6,
    slug="asset-management",
    title=POLICY_TITLES[6],
    text={Lang.en: EN, Lang.cnr: CNR},
    annexes=annexes,
    annex_count=3,
)
