"""Policy 4: Backup, Business Continuity and Disaster Recovery Policy – Politika rezervnih kopija,
kontinuiteta poslovanja i oporavka od katastrofe."""

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
            "This policy ensures that {{ m.name }} can continue to deliver its essential services and recover its "
            "data and systems after ransomware, hardware failure, human error, fire, flood, a long power cut or "
            "the failure of a supplier. Ransomware is the dominant threat to public administrations in the region: "
            "it encrypts production systems and, where backups are reachable over the same network, the backups "
            "too. The policy therefore requires at least one copy of every important data set that an attacker "
            "inside the network cannot reach, and proof – by regular restore tests – that data can actually be "
            "restored within the times the services need."
        ),
        Para(
            "The policy implements the business continuity, backup management, disaster recovery and crisis "
            "management measures of the Law on Information Security, modelled on NIS2 Art. 21(2)(c), and the "
            "emergency communication part of Art. 21(2)(j). Annex 1 lists the services with their recovery time "
            "and recovery point objectives, and Annex 2 the backup gaps found by the current risk analysis."
        ),
    ),
    scope=(
        Para(
            "The policy covers all services and business processes recorded in the inventory, the registers and "
            "other data they use, the servers, virtualisation hosts, storage, network and power equipment they "
            "run on, cloud services, backup systems and media, and the people and premises needed to restore "
            "them."
        ),
    ),
    definitions=(
        ("Backup", "a copy of data and system configuration made so that it can be restored after loss or damage."),
        ("Offline (air-gapped) copy", "a backup copy that is disconnected from the network, or immutable, so that "
         "it cannot be altered or deleted by an attacker or malware with administrator rights in the network."),
        ("Off-site copy", "a backup copy kept at a different location from the systems it protects, far enough "
         "not to be affected by the same fire, flood or theft."),
        ("3-2-1 rule", "at least three copies of the data, on at least two different types of media, of which at "
         "least one is off-site and at least one offline or immutable."),
        ("RTO (recovery time objective)", "the maximum time within which a service must be available again after "
         "a disruption."),
        ("RPO (recovery point objective)", "the maximum period of data loss that is acceptable, measured back from "
         "the disruption; it determines how often backups are made."),
        ("Business impact analysis", "the assessment of the consequences of a disruption of each service over "
         "time, from which RTO and RPO are derived."),
        ("Crisis team", "the group that leads the municipality's response to a major disruption."),
    ),
    references=(
        "ISO/IEC 27001:2022 Annex A, controls on information backup, ICT readiness for business continuity and "
        "information security during disruption;",
        "ISO 22301 (business continuity management systems) and NIST SP 800-34 (contingency planning) as guidance;",
        "CIS Controls v8, control 11 (data recovery);",
        "Incident Management and Reporting Policy and Asset Management and Acceptable Use Policy of {{ m.name }}.",
    ),
    roles=(
        (
            "Head of the municipality ({{ m.head_title }})",
            "heads the crisis team, declares a disaster and the switch to continuity "
         "arrangements, and approves the recovery priorities."),
        ("Service and register owners", "set the RTO and RPO of their services, take part in the business impact "
         "analysis and maintain the manual workarounds of their unit."),
        ("IT service", "configures and monitors backups, keeps the offline and off-site copies, carries out the "
         "restore tests and maintains the disaster recovery procedures."),
        ("Information security officer", "checks that backups meet the policy, keeps the records of restore tests, "
         "coordinates the continuity plan and its exercises, and reports the gaps."),
        ("Suppliers of critical systems", "provide the information and support needed for recovery of their "
         "systems within the agreed times, as set in their contracts."),
    ),
    requirements=(
        Chapter(
            "Business impact analysis, RTO and RPO",
            (
                "Every service in the inventory has an RTO and an RPO set by its owner and approved by the "
                "head of the municipality; services without these values (Annex 1) receive them within three months of "
                "the adoption of this policy.",
                "Services used by citizens and businesses, payroll and treasury operations and the registers they "
                "depend on are treated as critical; their RTO should not exceed 48 hours and their RPO 24 hours "
                "unless the owner justifies longer values.",
                "The business impact analysis is reviewed every year and whenever a service, its systems or its "
                "supplier change; single points of failure found by the analysis are recorded in the risk register.",
            ),
        ),
        Chapter(
            "Backup rules",
            (
                "All data stores and system configurations in the inventory are backed up; the backup frequency "
                "is at least as frequent as the RPO of the most demanding service that uses the data, and at least "
                "daily for registers.",
                "The 3-2-1 rule applies: three copies, on two types of media, one off-site and one offline or "
                "immutable. A backup kept on a device in the same network zone as the data it protects, or "
                "reachable with the same administrator credentials, does not count as the offline copy.",
                "The offline or immutable copy of all registers and critical systems is refreshed at least weekly; "
                "removable media used for it are encrypted, labelled, registered and kept locked, off-site.",
                "Backups are encrypted in transit and at rest whenever they leave the server zone or are kept by a "
                "third party; encryption keys are kept separately from the backups and are themselves backed up.",
                "Backup jobs are monitored every working day; a failed job is repeated or escalated the same day, "
                "and failures recurring for more than two days are reported to the information security officer.",
                "Retention: daily backups at least 14 days, weekly at least 8 weeks, monthly at least 12 months, "
                "unless the law governing a register sets other periods; deletion of backups is logged.",
                "The backup system is administered with separate credentials protected by MFA and is not joined "
                "to the general user domain.",
            ),
        ),
        Chapter(
            "Restore testing",
            (
                "The IT service performs a restore test at least quarterly, rotating over the critical systems so "
                "that each register and each critical system is fully restored at least once a year, in an "
                "isolated environment.",
                "Each test records the date, the system, the backup used, the time needed, the data checked by the "
                "owner and any problem found; the measured restore time is compared with the RTO.",
                "A failed restore test is treated as a high risk until a successful repetition.",
            ),
        ),
        Chapter(
            "Disaster recovery and resilience",
            (
                "For every critical service a recovery procedure describes the order of restoration (network, "
                "directory, hypervisors, databases, applications), the dependencies, the contacts of suppliers and "
                "the checks before return to operation.",
                "The server room has uninterruptible power sufficient for a controlled shutdown, environmental "
                "monitoring and protection against fire and water; where the RTO cannot be met by repair, an "
                "alternative location or cloud capacity is agreed in advance.",
                "Installation media, licences, configuration exports and the documentation needed for recovery are "
                "kept with the offline copy, not only on the systems that may be lost.",
            ),
        ),
        Chapter(
            "Business continuity, crisis management and emergency communication",
            (
                "The municipality adopts a business continuity plan naming the crisis team, the criteria for "
                "activating it, the manual workarounds for each critical service and the recovery priorities.",
                "An emergency communication channel independent of the municipality's own network and e-mail (for "
                "example a telephone list and a messaging group on official mobile phones) is kept up to date for "
                "the crisis team, the IT service, key suppliers and the competent authorities.",
                "The plan is exercised at least once a year, alternating a tabletop exercise and a technical "
                "recovery exercise, and is updated after each exercise and each real disruption.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.gaps",
            (
                Para(
                    "The systems listed in Annex 2 do not meet requirement 6.2.2 on the date of the analysis; "
                    "closing these gaps, starting with the registers, is a priority of the treatment plan."
                ),
            ),
        ),
    ),
)

CNR = PolicyText(
    purpose=(
        Para(
            "Ovom politikom se obezbjeđuje da {{ m.name }} može nastaviti da pruža ključne usluge i oporaviti "
            "podatke i sisteme nakon napada ucjenjivačkim softverom (ransomware), kvara hardvera, ljudske greške, "
            "požara, poplave, dugotrajnog nestanka struje ili otkaza dobavljača. Ucjenjivački softver je najveća "
            "prijetnja javnoj upravi u regionu: šifruje produkcione sisteme, a ako su rezervne kopije dostupne "
            "preko iste mreže, i njih. Zato politika zahtijeva da za svaki važan skup podataka postoji bar jedna "
            "kopija do koje napadač unutar mreže ne može doći, kao i dokaz – redovnim testovima vraćanja – da se "
            "podaci zaista mogu vratiti u rokovima koji su uslugama potrebni."
        ),
        Para(
            "Politika sprovodi mjere kontinuiteta poslovanja, upravljanja rezervnim kopijama, oporavka od "
            "katastrofe i upravljanja krizom iz Zakona o informacionoj bezbjednosti, modelovane prema čl. 21 st. 2 "
            "tač. (c) Direktive NIS2, kao i dio tačke (j) koji se odnosi na komunikaciju u hitnim slučajevima. "
            "Prilog 1 sadrži usluge sa ciljanim vremenom oporavka i ciljanom tačkom oporavka, a Prilog 2 "
            "nedostatke u rezervnim kopijama koje je utvrdila važeća analiza rizika."
        ),
    ),
    scope=(
        Para(
            "Politika obuhvata sve usluge i poslovne procese upisane u inventar, registre i druge podatke koje "
            "koriste, servere, hostove za virtuelizaciju, skladišta, mrežnu opremu i opremu za napajanje na kojima "
            "rade, usluge u oblaku, sisteme i medije za rezervne kopije, kao i ljude i prostorije potrebne za "
            "njihov oporavak."
        ),
    ),
    definitions=(
        ("Rezervna kopija", "kopija podataka i konfiguracije sistema napravljena da bi se mogla vratiti nakon "
         "gubitka ili oštećenja."),
        ("Offline (izdvojena) kopija", "rezervna kopija koja je odvojena od mreže ili je nepromjenljiva, tako da "
         "je napadač ili zlonamjerni softver sa administratorskim pravima u mreži ne može izmijeniti ni obrisati."),
        ("Udaljena kopija", "rezervna kopija koja se čuva na drugoj lokaciji u odnosu na sisteme koje štiti, "
         "dovoljno daleko da je ne pogodi isti požar, poplava ili krađa."),
        ("Pravilo 3-2-1", "najmanje tri kopije podataka, na najmanje dvije različite vrste medija, od kojih je "
         "najmanje jedna na udaljenoj lokaciji i najmanje jedna offline ili nepromjenljiva."),
        ("RTO (ciljano vrijeme oporavka)", "najduže vrijeme u kojem usluga mora ponovo biti dostupna nakon "
         "prekida."),
        ("RPO (ciljana tačka oporavka)", "najduži prihvatljivi period gubitka podataka, računajući unazad od "
         "prekida; od njega zavisi koliko često se prave rezervne kopije."),
        ("Analiza uticaja na poslovanje", "procjena posljedica prekida svake usluge tokom vremena, iz koje se "
         "izvode RTO i RPO."),
        ("Krizni tim", "grupa koja rukovodi odgovorom opštine na veliki prekid rada."),
    ),
    references=(
        "ISO/IEC 27001:2022 Aneks A, kontrole koje se odnose na rezervne kopije informacija, spremnost IKT-a za "
        "kontinuitet poslovanja i informacionu bezbjednost tokom prekida;",
        "ISO 22301 (sistemi upravljanja kontinuitetom poslovanja) i NIST SP 800-34 (planiranje za vanredne "
        "situacije) kao smjernice;",
        "CIS Controls v8, kontrola 11 (oporavak podataka);",
        "Politika upravljanja bezbjednosnim incidentima i njihovog prijavljivanja i Politika upravljanja "
        "informacionom imovinom i prihvatljivog korišćenja ({{ m.name }}).",
    ),
    roles=(
        ("{{ m.head_title }}", "rukovodi kriznim timom, proglašava katastrofu i prelazak na rješenja za "
         "kontinuitet i odobrava prioritete oporavka."),
        ("Vlasnici usluga i registara", "utvrđuju RTO i RPO svojih usluga, učestvuju u analizi uticaja na "
         "poslovanje i održavaju ručna zaobilazna rješenja svoje jedinice."),
        ("IT služba", "podešava i nadzire rezervne kopije, čuva offline i udaljene kopije, sprovodi testove "
         "vraćanja podataka i održava procedure oporavka od katastrofe."),
        ("Lice zaduženo za informacionu bezbjednost", "provjerava da li rezervne kopije ispunjavaju zahtjeve "
         "politike, vodi evidenciju testova vraćanja, koordinira plan kontinuiteta i vježbe i izvještava o "
         "nedostacima."),
        ("Dobavljači kritičnih sistema", "obezbjeđuju informacije i podršku potrebne za oporavak svojih "
         "sistema u dogovorenim rokovima, kako je utvrđeno ugovorom."),
    ),
    requirements=(
        Chapter(
            "Analiza uticaja na poslovanje, RTO i RPO",
            (
                "Svaka usluga iz inventara ima RTO i RPO koje utvrđuje njen vlasnik, a odobrava "
                "{{ m.head_title }}; usluge bez ovih vrijednosti (Prilog 1) dobijaju ih u roku od tri mjeseca "
                "od usvajanja ove politike.",
                "Usluge koje koriste građani i privreda, obračun zarada, poslovi trezora i registri od kojih "
                "zavise smatraju se kritičnim; njihov RTO ne bi trebalo da bude duži od 48 časova, a RPO od 24 "
                "časa, osim ako vlasnik obrazloži duže vrijednosti.",
                "Analiza uticaja na poslovanje preispituje se svake godine i kad god se promijeni usluga, njeni "
                "sistemi ili dobavljač; pojedinačne tačke otkaza koje analiza utvrdi upisuju se u registar "
                "rizika.",
            ),
        ),
        Chapter(
            "Pravila za rezervne kopije",
            (
                "Za sva skladišta podataka i konfiguracije sistema iz inventara prave se rezervne kopije; "
                "učestalost nije manja od one koju zahtijeva RPO najzahtjevnije usluge koja koristi podatke, a za "
                "registre je najmanje dnevna.",
                "Primjenjuje se pravilo 3-2-1: tri kopije, na dvije vrste medija, jedna na udaljenoj lokaciji i "
                "jedna offline ili nepromjenljiva. Kopija na uređaju u istoj mrežnoj zoni kao podaci koje štiti, "
                "ili dostupna sa istim administratorskim pristupnim podacima, ne smatra se offline kopijom.",
                "Offline ili nepromjenljiva kopija svih registara i kritičnih sistema obnavlja se najmanje jednom "
                "sedmično; prenosivi mediji koji se za to koriste su šifrovani, označeni, evidentirani i čuvaju se "
                "zaključani, na drugoj lokaciji.",
                "Rezervne kopije se šifruju u prenosu i u skladištu kad god napuštaju serversku zonu ili ih čuva "
                "treće lice; ključevi za šifrovanje čuvaju se odvojeno od kopija i za njih takođe postoje rezervne "
                "kopije.",
                "Poslovi izrade rezervnih kopija nadziru se svakog radnog dana; neuspjeli posao se ponavlja ili "
                "eskalira istog dana, a greške koje se ponavljaju duže od dva dana prijavljuju se licu zaduženom "
                "za informacionu bezbjednost.",
                "Čuvanje: dnevne kopije najmanje 14 dana, sedmične najmanje 8 sedmica, mjesečne najmanje 12 "
                "mjeseci, osim ako zakon kojim je uređen registar propisuje drugačije rokove; brisanje kopija se "
                "evidentira.",
                "Sistemom za rezervne kopije upravlja se posebnim pristupnim podacima zaštićenim višefaktorskom "
                "autentifikacijom, a sistem nije učlanjen u opšti korisnički domen.",
            ),
        ),
        Chapter(
            "Testiranje vraćanja podataka",
            (
                "IT služba najmanje jednom u tri mjeseca sprovodi test vraćanja podataka, naizmjenično za "
                "kritične sisteme, tako da se svaki registar i svaki kritični sistem u cjelini vrati najmanje "
                "jednom godišnje, u izolovanom okruženju.",
                "Za svaki test se evidentiraju datum, sistem, korišćena kopija, potrebno vrijeme, podaci koje je "
                "provjerio vlasnik i uočeni problemi; izmjereno vrijeme vraćanja upoređuje se sa RTO.",
                "Neuspješan test vraćanja tretira se kao visok rizik do uspješnog ponavljanja.",
            ),
        ),
        Chapter(
            "Oporavak od katastrofe i otpornost",
            (
                "Za svaku kritičnu uslugu procedura oporavka opisuje redoslijed vraćanja (mreža, direktorijum, "
                "hipervizori, baze podataka, aplikacije), zavisnosti, kontakte dobavljača i provjere prije "
                "povratka u rad.",
                "Serverska soba ima besprekidno napajanje dovoljno za kontrolisano gašenje, nadzor uslova "
                "okruženja i zaštitu od požara i vode; kada se RTO ne može postići popravkom, unaprijed se "
                "dogovara alternativna lokacija ili kapacitet u oblaku.",
                "Instalacioni mediji, licence, izvozi konfiguracija i dokumentacija potrebna za oporavak čuvaju se "
                "uz offline kopiju, a ne samo na sistemima koji mogu biti izgubljeni.",
            ),
        ),
        Chapter(
            "Kontinuitet poslovanja, upravljanje krizom i komunikacija u hitnim slučajevima",
            (
                "Opština donosi plan kontinuiteta poslovanja kojim se imenuje krizni tim, utvrđuju kriterijumi "
                "za njegovo aktiviranje, ručna zaobilazna rješenja za svaku kritičnu uslugu i prioriteti "
                "oporavka.",
                "Za krizni tim, IT službu, ključne dobavljače i nadležne organe održava se kanal komunikacije u "
                "hitnim slučajevima nezavisan od mreže i elektronske pošte opštine (na primjer telefonski imenik "
                "i grupa za poruke na službenim mobilnim telefonima).",
                "Plan se uvježbava najmanje jednom godišnje, naizmjenično kao simulacija za stolom i kao tehnička "
                "vježba oporavka, i ažurira se nakon svake vježbe i svakog stvarnog prekida.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.gaps",
            (
                Para(
                    "Sistemi navedeni u Prilogu 2 na dan analize ne ispunjavaju zahtjev 6.2.2; otklanjanje ovih "
                    "nedostataka, počev od registara, prioritet je plana tretmana rizika."
                ),
            ),
        ),
    ),
)


def annexes(b: TemplateBuilder, lang: Lang) -> None:
    """Annex 1 services with RTO/RPO, 2 backup gaps."""
    word = COMMON[lang].annex_word
    b.heading(f"{word} 1. " + pick(lang, "Usluge sa ciljanim vremenom i tačkom oporavka",
                                   "Services with recovery time and recovery point objectives"), 2)
    annex_table(
        b, lang, items="annex.services",
        headers=[pick(lang, "Usluga", "Service"), pick(lang, "Korisnici", "Audience"), "RTO", "RPO",
                 pick(lang, "Rezervne kopije prema RPO", "Backups against the RPO"),
                 pick(lang, "Sistemi", "Systems"), pick(lang, "Pojedinačne tačke otkaza", "Single points of failure")],
        cells=["{{ r.service }}", "{{ r.audience }}", "{{ r.rto }}", "{{ r.rpo }}", "{{ r.rpo_gap }}",
               "{{ r.systems }}", "{{ r.spof }}"],
        widths_cm=(3.2, 1.8, 1.2, 1.2, 2.8, 3.4, 3.0),
    )
    b.heading(f"{word} 2. " + pick(lang, "Nedostaci u rezervnim kopijama", "Backup gaps"), 2)
    annex_table(
        b, lang, items="annex.gaps",
        headers=[pick(lang, "Sistem", "System"), pick(lang, "Podaci", "Data"), pick(lang, "Nedostatak", "Gap")],
        cells=["{{ r.system }}", "{{ r.data }}", "{{ r.gap }}"],
        widths_cm=(4.4, 7.0, 5.2),
    )


POLICY = PolicyDef(
    number=4,
    slug="backup-continuity",
    title=POLICY_TITLES[4],
    text={Lang.en: EN, Lang.cnr: CNR},
    annexes=annexes,
    annex_count=2,
)
