"""Policy 2: Interoperability and Electronic Data Exchange Policy (GSB) – Politika interoperabilnosti i
elektronske razmjene podataka. Structured by the four EIF layers: legal, organisational, semantic, technical."""

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
            "This policy regulates how {{ m.name }} exchanges data electronically with state bodies, other "
            "municipalities, public companies and other partners, and how it keeps the registers that are the "
            "source of those exchanges. Its aim is that data is exchanged only on a legal basis, through the "
            "Government Service Bus (GSB, the single system for electronic data exchange) wherever the partner is "
            "connected to it, in a form both sides understand, with the protection the data requires, and with a "
            "record of every exchange."
        ),
        Para(
            "The policy applies the once-only principle: citizens and businesses should not be asked to submit "
            "data that a public body already holds in an official register. Every exchange that today relies on "
            "e-mail attachments, removable media, paper or manual entry is a risk to the confidentiality and "
            "integrity of the data and a burden on citizens, and this policy sets the path to replace it. Annex 1 "
            "is at the same time the municipality's list of registers needed for data exchange through the GSB."
        ),
    ),
    scope=(
        Para(
            "The policy covers all registers, records and databases kept by the municipality, all data exchanges "
            "with external parties in either direction, the technical components used for them (the GSB adapter "
            "or security server, interfaces, certificates, accounts) and the e-services that consume data from "
            "other registers. According to the current inventory, the municipality keeps {{ scope.registers }} "
            "registers and databases."
        ),
    ),
    definitions=(
        ("GSB", "Government Service Bus – the state integrated information system for electronic data exchange "
         "between registers of public bodies (JSERP), managed by the ministry responsible for public "
         "administration."),
        ("Register", "an official, structured record of data kept by the municipality on the basis of a law or "
         "of a decision of the municipal assembly."),
        ("Data exchange", "the electronic transfer of data from a register of one body to another, either on "
         "request (query) or by delivery."),
        ("Data provider / consumer", "the body that makes data from its register available / the body that uses "
         "it to carry out its legal tasks."),
        ("Interoperability agreement", "a written arrangement between the provider and the consumer defining the "
         "data set, the legal basis, the purpose, the technical interface, security and service levels."),
        ("Once-only principle", "citizens and businesses provide the same data to public administration only once."),
        ("Data dictionary", "the description of every field of a register: name, meaning, format, code list, "
         "owner and source."),
        ("Exchange outside the GSB", "any transfer of register data by e-mail, removable media, paper, fax or a "
         "direct interface not mediated by the GSB."),
    ),
    references=(
        "European Interoperability Framework (EIF, COM(2017) 134): legal, organisational, semantic and technical "
        "interoperability;",
        "Rulebook on the records of electronic registers and information systems (Official Gazette of Montenegro "
        "No. 27/2015), as far as it is in force;",
        "GovStack Information Mediator building block and GovStack security requirements;",
        "Information Security Policy and Access Control and Identity Management Policy of {{ m.name }}.",
    ),
    roles=(
        (
            "Head of the municipality ({{ m.head_title }})",
            "approves interoperability agreements and requests for connection to the GSB, and "
         "designates the owner of each register."),
        ("Register owner", "the head of the organisational unit that keeps the register: responsible for its legal "
         "basis, content, quality and data dictionary, and for approving every exchange of its data."),
        ("GSB contact person", "the employee (normally in the IT service) who manages the connection to the GSB: "
         "certificates, adapter configuration, registration of services, monitoring and contact with the "
         "ministry responsible for the GSB."),
        ("Information security officer", "assesses the risks of every new exchange, keeps the list of exchanges "
         "up to date and monitors the removal of exchanges outside the GSB."),
        ("Data protection officer", "checks the legal ground for every exchange of personal data and the "
         "principles of purpose limitation and data minimisation."),
        ("IT service", "implements the technical requirements, keeps the logs of exchanges and tests interfaces "
         "before production."),
    ),
    requirements=(
        Chapter(
            "Legal interoperability",
            (
                "Every register and every exchange has a documented legal basis (a law, a bylaw or a decision of "
                "the municipal assembly) recorded in Annex 1 and Annex 2; an exchange without a legal basis is not "
                "established, and an existing one is suspended until the basis is documented.",
                "Personal data is exchanged only for the purpose set by the legal basis and only in the scope "
                "needed for that purpose; special categories of data (social welfare, health, children) are "
                "exchanged only where the law expressly provides for it.",
                "For every regular exchange an interoperability agreement or equivalent act is concluded with the "
                "partner, covering the data set, purpose, legal basis, channel, security measures, retention, "
                "incident contacts and service levels.",
                "Retention periods of exchanged data are set per register; data received from other registers is "
                "not kept longer than the procedure for which it was obtained requires.",
            ),
        ),
        Chapter(
            "Organisational interoperability",
            (
                "Each register has a named owner; the owner approves every new exchange, every change of the data "
                "set and every new consumer, after a risk assessment by the information security officer and an "
                "opinion of the data protection officer.",
                "Exchanges with state bodies that are connected to the GSB are carried out through the GSB. The "
                "municipality requests the connection of its registers and services to the GSB from the ministry "
                "responsible for public administration, in the order of priority set in the treatment plan.",
                "Exchanges outside the GSB (Annex 3) are permitted only temporarily, with a written justification "
                "and a date by which they are replaced; e-mail attachments with personal data are encrypted and "
                "removable media may only be encrypted, registered media.",
                "Changes of interfaces and data sets are announced to partners in advance, tested in a test "
                "environment and recorded; a failure or incident in an exchange is reported to the partner and to "
                "the information security officer without delay.",
                "The list of registers and exchanges (Annexes 1 and 2) is reviewed with every risk analysis and "
                "is the basis for the municipality's entries in the records of electronic registers.",
            ),
        ),
        Chapter(
            "Semantic interoperability",
            (
                "Every register has a data dictionary describing each field, its format, the code lists used and "
                "the source of the data; the dictionary is kept with the register documentation.",
                "Standard identifiers are used wherever they exist (the personal identification number for "
                "natural persons, the tax identification number for legal persons, cadastral identifiers for "
                "real estate, official codes for addresses and places) instead of free text.",
                "Data received through the GSB from the authoritative register is not re-entered by hand; where "
                "local data differs from the authoritative source, the register owner checks it and informs the "
                "source.",
                "The register owner sets data-quality checks (completeness, validity, duplicates) and reviews "
                "them at least twice a year.",
            ),
        ),
        Chapter(
            "Technical interoperability and security",
            (
                "The connection to the GSB runs only through the approved adapter or security server in the "
                "server zone; no register database is directly reachable from outside the municipality's network "
                "and no direct database links are made with other institutions.",
                "All exchanges use mutually authenticated TLS (version 1.2 or later) with certificates issued for "
                "that purpose; private keys are stored on the adapter only, access to them is restricted to the "
                "GSB contact person and the IT administrators, and certificate expiry dates are monitored.",
                "Service accounts used for exchanges have only the rights the exchange needs, are not used "
                "interactively and their passwords or keys are rotated at least once a year and whenever a person "
                "with access leaves.",
                "Every request and response is logged (time, service, requesting body and official, purpose or "
                "case number, result) and the logs are kept for at least one year, protected against alteration.",
                "The availability of the GSB connection and of the interfaces is monitored; the dependency of "
                "e-services on the GSB is taken into account in the Backup, Business Continuity and Disaster "
                "Recovery Policy.",
                "Test and production environments are separated; test environments do not contain real personal "
                "data unless it is pseudonymised.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.outside",
            (
                Para(
                    "The current analysis found {{ annex.outside_count }} exchanges outside the GSB and "
                    "{{ annex.gsb_count }} through the GSB; each exchange listed in Annex 3 needs a justification "
                    "and a replacement date in the treatment plan within three months of the adoption of this "
                    "policy."
                ),
            ),
        ),
    ),
)

CNR = PolicyText(
    purpose=(
        Para(
            "Ovom politikom se uređuje način na koji {{ m.name }} elektronski razmjenjuje podatke sa državnim "
            "organima, drugim opštinama, javnim preduzećima i drugim partnerima i način na koji vodi registre iz "
            "kojih ti podaci potiču. Cilj politike je da se podaci razmjenjuju samo na osnovu zakona, preko Vladine "
            "servisne magistrale (GSB, jedinstveni sistem za elektronsku razmjenu podataka) kad god je partner na "
            "nju povezan, u obliku koji obje strane jednako razumiju, uz zaštitu koju podaci zahtijevaju i uz "
            "evidenciju svake razmjene."
        ),
        Para(
            "Politika primjenjuje načelo „samo jednom”: od građana i privrednih subjekata ne treba tražiti podatke "
            "koje organ javne uprave već posjeduje u službenoj evidenciji. Svaka razmjena koja se danas oslanja na "
            "priloge elektronske pošte, prenosive medije, papir ili ručni unos predstavlja rizik za povjerljivost i "
            "cjelovitost podataka i opterećenje za građane, a ova politika utvrđuje put za njenu zamjenu. Prilog 1 "
            "je istovremeno spisak registara opštine potrebnih za razmjenu podataka preko GSB-a."
        ),
    ),
    scope=(
        Para(
            "Politika obuhvata sve registre, evidencije i baze podataka koje opština vodi, svaku razmjenu podataka "
            "sa spoljnim stranama u oba smjera, tehničke komponente koje se za to koriste (GSB adapter ili "
            "bezbjednosni server, interfejse, sertifikate, naloge) i elektronske usluge koje preuzimaju podatke iz "
            "drugih registara. Prema važećem inventaru, opština vodi {{ scope.registers }} registara i baza "
            "podataka."
        ),
    ),
    definitions=(
        ("GSB", "Vladina servisna magistrala (Government Service Bus) – državni integrisani informacioni sistem "
         "za elektronsku razmjenu podataka između registara organa javne uprave (JSERP), kojim upravlja "
         "ministarstvo nadležno za poslove javne uprave."),
        ("Registar", "službena, strukturirana evidencija podataka koju opština vodi na osnovu zakona ili odluke "
         "skupštine opštine."),
        ("Razmjena podataka", "elektronski prenos podataka iz registra jednog organa drugom organu, na zahtjev "
         "(upit) ili dostavljanjem."),
        ("Davalac / korisnik podataka", "organ koji podatke iz svog registra stavlja na raspolaganje / organ koji "
         "ih koristi za obavljanje poslova iz svoje nadležnosti."),
        ("Sporazum o interoperabilnosti", "pisani akt između davaoca i korisnika kojim se utvrđuju skup "
         "podataka, pravni osnov, svrha, tehnički interfejs, bezbjednost i nivo usluge."),
        ("Načelo „samo jednom”", "građani i privredni subjekti iste podatke javnoj upravi dostavljaju samo jednom."),
        ("Rječnik podataka", "opis svakog polja registra: naziv, značenje, format, šifarnik, vlasnik i izvor."),
        ("Razmjena van GSB-a", "svaki prenos podataka iz registra elektronskom poštom, prenosivim medijem, na "
         "papiru, faksom ili direktnim interfejsom koji ne ide preko GSB-a."),
    ),
    references=(
        "Evropski okvir interoperabilnosti (EIF, COM(2017) 134): pravna, organizaciona, semantička i tehnička "
        "interoperabilnost;",
        "Pravilnik o evidenciji elektronskih registara i informacionih sistema („Službeni list Crne Gore”, br. "
        "27/2015), u mjeri u kojoj je na snazi;",
        "GovStack gradivni blok Information Mediator i GovStack bezbjednosni zahtjevi;",
        "Politika informacione bezbjednosti i Politika kontrole pristupa i upravljanja identitetima "
        "({{ m.name }}).",
    ),
    roles=(
        ("{{ m.head_title }}", "odobrava sporazume o interoperabilnosti i zahtjeve za povezivanje na GSB i "
         "određuje vlasnika svakog registra."),
        ("Vlasnik registra", "rukovodilac organizacione jedinice koja vodi registar: odgovoran je za pravni "
         "osnov, sadržaj, kvalitet i rječnik podataka registra i odobrava svaku razmjenu njegovih podataka."),
        ("Kontakt osoba za GSB", "zaposleni (po pravilu u IT službi) koji upravlja vezom sa GSB-om: sertifikati, "
         "podešavanje adaptera, registracija usluga, nadzor i komunikacija sa ministarstvom nadležnim za GSB."),
        ("Lice zaduženo za informacionu bezbjednost", "procjenjuje rizike svake nove razmjene, ažurira spisak "
         "razmjena i prati ukidanje razmjena van GSB-a."),
        ("Službenik za zaštitu podataka o ličnosti", "provjerava pravni osnov svake razmjene podataka o ličnosti "
         "i poštovanje načela ograničenja svrhe i minimizacije podataka."),
        ("IT služba", "sprovodi tehničke zahtjeve, vodi evidenciju razmjena i testira interfejse prije puštanja "
         "u rad."),
    ),
    requirements=(
        Chapter(
            "Pravna interoperabilnost",
            (
                "Svaki registar i svaka razmjena imaju dokumentovan pravni osnov (zakon, podzakonski akt ili "
                "odluka skupštine opštine) upisan u Prilog 1 i Prilog 2; razmjena bez pravnog osnova se ne "
                "uspostavlja, a postojeća se obustavlja dok se osnov ne dokumentuje.",
                "Podaci o ličnosti razmjenjuju se samo u svrhu utvrđenu pravnim osnovom i samo u obimu potrebnom "
                "za tu svrhu; posebne kategorije podataka (socijalna zaštita, zdravlje, djeca) razmjenjuju se samo "
                "kada je to zakonom izričito propisano.",
                "Za svaku redovnu razmjenu sa partnerom se zaključuje sporazum o interoperabilnosti ili "
                "odgovarajući akt kojim se utvrđuju skup podataka, svrha, pravni osnov, kanal, mjere "
                "bezbjednosti, rok čuvanja, kontakti za incidente i nivo usluge.",
                "Rokovi čuvanja razmijenjenih podataka utvrđuju se za svaki registar; podaci preuzeti iz drugih "
                "registara ne čuvaju se duže nego što to zahtijeva postupak zbog kojeg su pribavljeni.",
            ),
        ),
        Chapter(
            "Organizaciona interoperabilnost",
            (
                "Svaki registar ima imenovanog vlasnika; vlasnik odobrava svaku novu razmjenu, svaku izmjenu skupa "
                "podataka i svakog novog korisnika, nakon procjene rizika koju sprovodi lice zaduženo za "
                "informacionu bezbjednost i mišljenja službenika za zaštitu podataka o ličnosti.",
                "Razmjena sa državnim organima koji su povezani na GSB obavlja se preko GSB-a. Opština od "
                "ministarstva nadležnog za poslove javne uprave traži povezivanje svojih registara i usluga na "
                "GSB redoslijedom prioriteta utvrđenim u planu tretmana rizika.",
                "Razmjena van GSB-a (Prilog 3) dozvoljena je samo privremeno, uz pisano obrazloženje i rok do "
                "kojeg se zamjenjuje; prilozi elektronske pošte sa podacima o ličnosti se šifruju, a prenosivi "
                "mediji mogu biti samo šifrovani i evidentirani mediji.",
                "O izmjenama interfejsa i skupova podataka partneri se obavještavaju unaprijed, izmjene se "
                "testiraju u testnom okruženju i evidentiraju; prekid ili incident u razmjeni bez odlaganja se "
                "prijavljuje partneru i licu zaduženom za informacionu bezbjednost.",
                "Spisak registara i razmjena (prilozi 1 i 2) preispituje se uz svaku analizu rizika i osnov je za "
                "upis podataka opštine u evidenciju elektronskih registara.",
            ),
        ),
        Chapter(
            "Semantička interoperabilnost",
            (
                "Svaki registar ima rječnik podataka koji opisuje svako polje, njegov format, šifarnike koji se "
                "koriste i izvor podataka; rječnik se čuva uz dokumentaciju registra.",
                "Gdje god postoje, koriste se standardni identifikatori (jedinstveni matični broj građana za "
                "fizička lica, poreski identifikacioni broj za pravna lica, katastarske oznake za nepokretnosti, "
                "službene šifre adresa i mjesta) umjesto slobodnog teksta.",
                "Podaci primljeni preko GSB-a iz izvornog registra ne unose se ponovo ručno; kada se lokalni podaci "
                "razlikuju od izvornih, vlasnik registra ih provjerava i obavještava izvor.",
                "Vlasnik registra utvrđuje provjere kvaliteta podataka (potpunost, ispravnost, duplikati) i "
                "preispituje ih najmanje dva puta godišnje.",
            ),
        ),
        Chapter(
            "Tehnička interoperabilnost i bezbjednost",
            (
                "Veza sa GSB-om ostvaruje se isključivo preko odobrenog adaptera ili bezbjednosnog servera u "
                "serverskoj zoni; nijedna baza podataka registra nije direktno dostupna izvan mreže opštine i ne "
                "uspostavljaju se direktne veze između baza podataka sa drugim institucijama.",
                "Sve razmjene koriste obostrano autentifikovani TLS (verzija 1.2 ili novija) sa sertifikatima "
                "izdatim za tu namjenu; privatni ključevi čuvaju se samo na adapteru, pristup njima imaju samo "
                "kontakt osoba za GSB i IT administratori, a datumi isteka sertifikata se prate.",
                "Servisni nalozi za razmjenu imaju samo prava koja razmjena zahtijeva, ne koriste se za "
                "interaktivni rad, a njihove lozinke ili ključevi mijenjaju se najmanje jednom godišnje i svaki "
                "put kada ode lice koje im je imalo pristup.",
                "Svaki zahtjev i odgovor se evidentira (vrijeme, usluga, organ i službenik koji traži podatke, "
                "svrha ili broj predmeta, rezultat), a evidencije se čuvaju najmanje godinu dana, zaštićene od "
                "izmjene.",
                "Dostupnost veze sa GSB-om i interfejsa se nadzire; zavisnost elektronskih usluga od GSB-a "
                "uzima se u obzir u Politici rezervnih kopija, kontinuiteta poslovanja i oporavka od katastrofe.",
                "Testno i produkciono okruženje su odvojeni; testna okruženja ne sadrže stvarne podatke o "
                "ličnosti, osim ako su pseudonimizovani.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.outside",
            (
                Para(
                    "Važećom analizom utvrđeno je {{ annex.outside_count }} razmjena van GSB-a i "
                    "{{ annex.gsb_count }} razmjena preko GSB-a; za svaku razmjenu iz Priloga 3 potrebno je u "
                    "roku od tri mjeseca od usvajanja ove politike upisati obrazloženje i rok zamjene u plan "
                    "tretmana rizika."
                ),
            ),
        ),
    ),
)


def annexes(b: TemplateBuilder, lang: Lang) -> None:
    """Annex 1 registers (the GSB list), 2 all exchanges, 3 exchanges outside the GSB."""
    word = COMMON[lang].annex_word
    b.heading(f"{word} 1. " + pick(lang, "Registri opštine i razmjena preko GSB-a",
                                   "Registers of the municipality and exchange through the GSB"), 2)
    b.para(pick(lang, "Spisak registara i baza podataka koje opština vodi; kolona „GSB” pokazuje da li se bar "
                      "jedna razmjena registra obavlja preko GSB-a.",
                "Registers and databases kept by the municipality; the column \u201cGSB\u201d shows whether at "
                "least one exchange of the register runs through the GSB."))
    annex_table(
        b, lang, items="annex.registers",
        headers=[pick(lang, "Registar", "Register"), pick(lang, "Pravni osnov", "Legal basis"),
                 pick(lang, "Vlasnik", "Owner"), pick(lang, "Podaci o ličnosti", "Personal data"),
                 pick(lang, "Klasifikacija", "Classification"), pick(lang, "Kanali", "Channels"), "GSB"],
        cells=["{{ r.name }}", "{{ r.legal_basis }}", "{{ r.owner }}", "{{ r.personal }}",
               "{{ r.classification }}", "{{ r.channels }}", "{{ r.gsb }}"],
        widths_cm=(3.6, 3.2, 2.6, 1.8, 1.8, 2.4, 1.2),
    )
    b.heading(f"{word} 2. " + pick(lang, "Razmjene podataka", "Data exchanges"), 2)
    exchange_headers = [pick(lang, "Registar", "Register"), pick(lang, "Partner", "Partner"),
                        pick(lang, "Kanal", "Channel"), pick(lang, "Smjer", "Direction"),
                        pick(lang, "Pravni osnov", "Legal basis"), pick(lang, "Oznaka", "Flag")]
    exchange_cells = ["{{ r.reg }}", "{{ r.partner }}", "{{ r.channel }}", "{{ r.direction }}",
                      "{{ r.legal_basis }}", "{{ r.flag }}"]
    widths = (3.6, 3.4, 2.0, 2.4, 3.2, 2.0)
    annex_table(b, lang, items="annex.exchanges", headers=exchange_headers, cells=exchange_cells, widths_cm=widths)
    b.heading(f"{word} 3. " + pick(lang, "Razmjene van GSB-a koje treba zamijeniti",
                                   "Exchanges outside the GSB to be replaced"), 2)
    annex_table(b, lang, items="annex.outside", headers=exchange_headers, cells=exchange_cells, widths_cm=widths)


POLICY = PolicyDef(
    number=2,
    slug="interoperability",
    title=POLICY_TITLES[2],
    text={Lang.en: EN, Lang.cnr: CNR},
    annexes=annexes,
    annex_count=3,
)
