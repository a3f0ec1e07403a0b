"""Text shared by the six policies, per language: headings, labels and the common chapters.

The common chapters (scope, legal basis, compliance, review) are written once
and filled from the context (``m`` municipality, ``scope``, ``doc``); each
policy adds its own paragraphs to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from policy_templates.i18n import Lang
from policy_templates.policies.spec import Block, Para


@dataclass(frozen=True)
class CommonText:
    """Labels and common prose of one language."""

    draft_banner: str
    control_title: str
    control_labels: tuple[str, ...]
    headings: dict[str, str]
    scope_intro: tuple[Block, ...]
    units_lead: str
    zones_lead: str
    systems_lead: str
    legal_intro: str
    legal_acts: tuple[str, ...]
    legal_note: str
    references_lead: str
    roles_lead: str
    compliance: tuple[Block, ...]
    review: tuple[Block, ...]
    revision_headers: tuple[str, ...]
    annex_word: str
    plan_heading: str
    plan_note: str  # "§N" is replaced by the number of the plan annex
    plan_headers: tuple[str, ...]
    none_found: str
    page_word: str
    of_word: str
    generated_note: str


_CNR = CommonText(
    draft_banner="NACRT – dokument pripremljen na osnovu analize rizika, prije usvajanja ga provjeravaju i dopunjuju "
    "nadležne službe opštine",
    control_title="Kontrola dokumenta",
    control_labels=(
        "Naziv dokumenta",
        "Oznaka",
        "Verzija",
        "Status",
        "Datum",
        "Vlasnik dokumenta",
        "Odobrava",
        "Sljedeći pregled",
        "Osnova",
    ),
    headings={
        "purpose": "1. Svrha",
        "scope": "2. Obim primjene",
        "definitions": "3. Pojmovi i skraćenice",
        "legal": "4. Pravni osnov i povezani dokumenti",
        "roles": "5. Uloge i odgovornosti",
        "requirements": "6. Zahtjevi",
        "compliance": "7. Usklađenost, izuzeci i posljedice kršenja",
        "review": "8. Pregled i ažuriranje",
        "revisions": "9. Istorija izmjena",
        "annexes": "Prilozi",
    },
    scope_intro=(
        Para(
            "Ova politika važi za jedinicu lokalne samouprave {{ m.name }} (u daljem tekstu: opština) i "
            "primjenjuje se na sve organe lokalne uprave, službe i organizacione jedinice opštine, na sve "
            "zaposlene, lica angažovana po ugovoru, praktikante i volontere, kao i na dobavljače i druga lica "
            "koja po bilo kom osnovu koriste mrežne i informacione sisteme opštine ili im pristupaju."
        ),
        Para(
            "Politika obuhvata sve mrežne i informacione sisteme koje opština koristi, bez obzira na to da li se "
            "nalaze u zgradi opštine, kod dobavljača ili u računarstvu u oblaku. Prema inventaru sa stanjem na dan "
            "{{ doc.date }} obuhvaćeno je: uređaja i sistema ukupno {{ scope.devices }} (od toga servera "
            "{{ scope.servers }}, a radnih stanica i laptopova {{ scope.endpoints }}); zbirki podataka "
            "{{ scope.data }} (od toga registara i baza podataka {{ scope.registers }}); usluga i poslovnih "
            "procesa {{ scope.services }}; dobavljača {{ scope.suppliers }}."
        ),
    ),
    units_lead="Politika se odnosi na sljedeće organizacione jedinice:",
    zones_lead="Mrežni segmenti (zone) i spoljne strane obuhvaćene politikom:",
    systems_lead="Informacioni sistemi (aplikacije, baze podataka, veb-sajtovi i usluge u oblaku) obuhvaćeni "
    "politikom:",
    legal_intro="Politika se donosi u skladu sa sljedećim propisima, odnosno uzima u obzir sljedeće izvore:",
    legal_acts=(
        "Zakon o informacionoj bezbjednosti („Službeni list Crne Gore”, br. 113/2024), kojim se u pravni poredak "
        "Crne Gore prenosi Direktiva (EU) 2022/2555 (NIS2) i koji se primjenjuje i na organe jedinica lokalne "
        "samouprave i organe lokalne uprave – odgovarajuće odredbe Zakona i podzakonskih akata donijetih na "
        "osnovu njega;",
        "Zakon o zaštiti podataka o ličnosti („Službeni list Crne Gore”, br. 79/08, 70/09, 44/12, 22/17 i 77/24);",
        "Zakon o elektronskoj upravi („Službeni list Crne Gore”, br. 72/2019), koji se primjenjuje i na organe "
        "lokalne samouprave i organe lokalne uprave;",
        "Direktiva (EU) 2022/2555 Evropskog parlamenta i Savjeta o mjerama za visok zajednički nivo sajber "
        "bezbjednosti širom Unije (NIS2), naročito čl. 21 (mjere upravljanja rizicima) i čl. 23 (obaveze "
        "izvještavanja) – kao referentni okvir;",
        "standard ISO/IEC 27001:2022 (sistem upravljanja informacionom bezbjednošću) i njegov Aneks A – kao "
        "referentni okvir dobre prakse.",
    ),
    legal_note="Brojevi članova Zakona o informacionoj bezbjednosti iz 2024. godine i rokovi koje propisuju "
    "podzakonski akti u ovom nacrtu nijesu navedeni kao utvrđeni: prije usvajanja pravna služba opštine upisuje "
    "tačne odredbe. Gdje ovaj dokument navodi vrijednosti iz Direktive NIS2, one su tako i označene.",
    references_lead="Povezani dokumenti i izvori:",
    roles_lead="Za sprovođenje ove politike odgovorni su:",
    compliance=(
        Para(
            "Lice zaduženo za informacionu bezbjednost najmanje jednom godišnje provjerava usklađenost sa ovom "
            "politikom: pregledom inventara i evidencija, tehničkim provjerama (uključujući skeniranje mreže koje "
            "odobri rukovodilac), razgovorima sa vlasnicima sistema i ponovljenom analizom rizika. Nalazi se "
            "upisuju u registar rizika, a mjere u plan tretmana rizika sa rokom i odgovornim licem."
        ),
        Para(
            "Izuzetak od pojedinog zahtjeva može se odobriti samo u pisanoj formi, na obrazloženi zahtjev "
            "rukovodioca organizacione jedinice. Zahtjev sadrži razlog, rizik koji izuzetak donosi, privremene "
            "zaštitne mjere i rok važenja, koji ne može biti duži od dvanaest mjeseci. Izuzetak odobrava "
            "{{ m.head_title }} na predlog lica zaduženog za informacionu bezbjednost, a evidentira se u "
            "registru izuzetaka i u registru rizika kao prihvaćeni rizik."
        ),
        Para(
            "Kršenje ove politike prijavljuje se licu zaduženom za informacionu bezbjednost. Povreda obaveza "
            "zaposlenih predstavlja povredu radne dužnosti i rješava se u skladu sa propisima o državnim "
            "službenicima i namještenicima i propisima o radu; povreda obaveza dobavljača rješava se u skladu "
            "sa ugovorom. Ako kršenje ugrozi podatke o ličnosti ili dovede do incidenta, primjenjuje se i "
            "Politika upravljanja bezbjednosnim incidentima i njihovog prijavljivanja."
        ),
    ),
    review=(
        Para(
            "Vlasnik dokumenta preispituje ovu politiku najmanje jednom godišnje, nakon svake godišnje analize "
            "rizika, kao i vanredno: nakon značajnog incidenta, nakon bitne promjene sistema, organizacije ili "
            "dobavljača, i kada se izmijene propisi, naročito kada se donesu podzakonski akti na osnovu Zakona "
            "o informacionoj bezbjednosti. Sljedeći redovni pregled obavlja se najkasnije {{ doc.next_review }} godine."
        ),
        Para(
            "Izmjene predlaže lice zaduženo za informacionu bezbjednost, a usvaja ih {{ m.head_title }}. Svaka "
            "verzija se upisuje u istoriju izmjena. Prilozi ove politike su generisani iz inventara i analize "
            "rizika i ažuriraju se pri svakoj novoj analizi bez postupka izmjene same politike."
        ),
    ),
    revision_headers=("Verzija", "Datum", "Autor", "Opis izmjene"),
    annex_word="Prilog",
    plan_heading="Mjere iz plana tretmana rizika koje sprovode ovu politiku",
    plan_note="Mjere koje ova politika zahtijeva, a koje prema analizi rizika još nijesu sprovedene na svim "
    "sistemima, navedene su u Prilogu §N redoslijedom iz plana tretmana rizika (brze mjere, zatim projekti); "
    "njihovo sprovođenje je prvi korak u primjeni ove politike.",
    plan_headers=("#", "Mjera", "Opis", "Vrsta", "Rizika", "Najviši nivo", "Gdje nedostaje"),
    none_found="Nije utvrđena nijedna stavka.",
    page_word="Strana",
    of_word="od",
    generated_note="Nacrt je generisan alatom lsgrisk iz inventara i analize rizika (stanje na dan {{ doc.date }}).",
)

_EN = CommonText(
    draft_banner="DRAFT – prepared from the risk analysis; the municipality's services review and complete it "
    "before adoption",
    control_title="Document control",
    control_labels=(
        "Title",
        "Reference",
        "Version",
        "Status",
        "Date",
        "Document owner",
        "Approved by",
        "Next review",
        "Basis",
    ),
    headings={
        "purpose": "1. Purpose",
        "scope": "2. Scope",
        "definitions": "3. Terms and abbreviations",
        "legal": "4. Legal basis and related documents",
        "roles": "5. Roles and responsibilities",
        "requirements": "6. Requirements",
        "compliance": "7. Compliance, exceptions and non-compliance",
        "review": "8. Review and update",
        "revisions": "9. Revision history",
        "annexes": "Annexes",
    },
    scope_intro=(
        Para(
            "This policy applies to all local administration bodies, services and organisational units of "
            "{{ m.name }}, to all employees, contractors, trainees and volunteers, and to suppliers and any other "
            "person who uses or accesses the municipality's network and information systems on any basis."
        ),
        Para(
            "The policy covers every network and information system the municipality uses, whether it sits in the "
            "town hall, with a supplier or in the cloud: according to the inventory as of {{ doc.date }}, these "
            "are {{ scope.devices }} devices and systems (of which {{ scope.servers }} servers and "
            "{{ scope.endpoints }} workstations and laptops), {{ scope.data }} data collections, of which "
            "{{ scope.registers }} are registers and databases, {{ scope.services }} services and business "
            "processes, and {{ scope.suppliers }} suppliers."
        ),
    ),
    units_lead="The policy applies to the following organisational units:",
    zones_lead="Network segments (zones) and outside parties covered by the policy:",
    systems_lead="Information systems (applications, databases, websites and cloud services) covered by the policy:",
    legal_intro="This policy is issued in accordance with the following legislation and takes the following "
    "sources into account:",
    legal_acts=(
        "Law on Information Security (Official Gazette of Montenegro No. 113/2024), which transposes Directive "
        "(EU) 2022/2555 (NIS2) and applies also to the bodies of local self-government units and local "
        "administration bodies – the relevant provisions of the Law and of the bylaws adopted under it;",
        "Law on Personal Data Protection (Official Gazette of Montenegro Nos. 79/08, 70/09, 44/12, 22/17 and "
        "77/24);",
        "Law on Electronic Government (Official Gazette of Montenegro No. 72/2019), which applies also to local "
        "self-government and local administration bodies;",
        "Directive (EU) 2022/2555 of the European Parliament and of the Council on measures for a high common "
        "level of cybersecurity across the Union (NIS2), in particular Art. 21 (risk-management measures) and "
        "Art. 23 (reporting obligations) – as a reference framework;",
        "ISO/IEC 27001:2022 (information security management systems) and its Annex A – as a reference for good "
        "practice.",
    ),
    legal_note="Article numbers of the 2024 Law on Information Security and deadlines set by its bylaws are not "
    "presented as established in this draft: before adoption the municipality's legal service inserts the exact "
    "provisions. Where this document uses values from the NIS2 Directive, they are marked as such.",
    references_lead="Related documents and sources:",
    roles_lead="The following are responsible for implementing this policy:",
    compliance=(
        Para(
            "The information security officer checks compliance with this policy at least once a year: by "
            "reviewing the inventory and records, by technical checks (including network scans approved by the "
            "head of the administration), by interviews with system owners and by repeating the risk analysis. "
            "Findings are entered in the risk register and measures in the risk treatment plan, each with a "
            "deadline and a responsible person."
        ),
        Para(
            "An exception to a requirement may only be granted in writing, on a reasoned request of the head of an "
            "organisational unit. The request states the reason, the risk the exception brings, interim "
            "safeguards and a validity period of no more than twelve months. Exceptions are approved by the "
            "head of the municipality on the proposal of the information security officer and are recorded in the "
            "register of exceptions and, as accepted risks, in the risk register."
        ),
        Para(
            "Breaches of this policy are reported to the information security officer. A breach by an employee "
            "is a breach of official duty and is handled under the rules on civil servants and state employees "
            "and under labour law; a breach by a supplier is handled under the contract. Where a breach "
            "endangers personal data or leads to an incident, the Incident Management and Reporting Policy "
            "applies as well."
        ),
    ),
    review=(
        Para(
            "The document owner reviews this policy at least once a year, after each annual risk analysis, and "
            "additionally after a significant incident, after a major change of systems, organisation or "
            "suppliers, and when legislation changes, in particular when bylaws under the Law on Information "
            "Security are adopted. The next scheduled review is due by {{ doc.next_review }}."
        ),
        Para(
            "Changes are proposed by the information security officer and adopted by the head of the municipality. "
            "Every version is entered in the revision history. The annexes of this policy are generated from the "
            "inventory and the risk analysis and are refreshed with every new analysis without a formal change "
            "of the policy itself."
        ),
    ),
    revision_headers=("Version", "Date", "Author", "Description of change"),
    annex_word="Annex",
    plan_heading="Actions of the risk treatment plan that implement this policy",
    plan_note="The measures this policy requires that, according to the risk analysis, are not yet in place on "
    "every system are listed in Annex §N in the order of the risk treatment plan (quick wins, then projects); "
    "carrying them out is the first step in applying this policy.",
    plan_headers=("#", "Control", "Description", "Type", "Risks", "Highest level", "Missing at"),
    none_found="No items were found.",
    page_word="Page",
    of_word="of",
    generated_note="Draft generated by lsgrisk from the inventory and the risk analysis as of {{ doc.date }}.",
)

COMMON: dict[Lang, CommonText] = {Lang.cnr: _CNR, Lang.en: _EN}
