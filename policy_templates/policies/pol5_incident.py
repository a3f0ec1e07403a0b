"""Policy 5: Incident Management and Reporting Policy – Politika upravljanja bezbjednosnim incidentima i
njihovog prijavljivanja (includes logging and monitoring)."""

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
            "This policy establishes how {{ m.name }} detects, reports, assesses, contains and recovers from "
            "information security incidents, how it notifies the competent authorities and the persons affected, "
            "and how it learns from incidents. It also sets the logging and monitoring that make detection and "
            "investigation possible: an incident that leaves no record can neither be found in time nor explained "
            "afterwards."
        ),
        Para(
            "The policy implements the incident-handling and reporting obligations of the Law on Information "
            "Security, modelled on NIS2 Art. 21(2)(b) and Art. 23, and the breach-notification obligations of the "
            "Law on Personal Data Protection. The reporting deadlines used in this draft – early warning within "
            "{{ p.early_warning }}, incident notification within {{ p.notification }} and a final report within "
            "{{ p.final_report }} – are {{ p.source }}; they are configurable parameters of the tool and are "
            "replaced by the values of the Law and its bylaws once these are confirmed."
        ),
    ),
    scope=(
        Para(
            "The policy covers every event that affects or may affect the confidentiality, integrity or "
            "availability of the municipality's data, systems or services, wherever it is detected – by staff, "
            "by a supplier, by a citizen, by monitoring systems or by an external body – including incidents at "
            "suppliers and cloud providers that affect the municipality's data."
        ),
    ),
    definitions=(
        ("Security event", "an observed occurrence in a system or network that may be relevant to security."),
        ("Incident", "an event that compromises the availability, authenticity, integrity or confidentiality of "
         "data or of the services offered by or accessible through network and information systems."),
        ("Significant incident", "an incident that has caused or can cause severe disruption of services or "
         "financial loss for the municipality, or considerable damage to citizens or other bodies (NIS2 Art. 23(3) "
         "criteria, until the Law's criteria are confirmed)."),
        ("Personal data breach", "a breach of security leading to the accidental or unlawful destruction, loss, "
         "alteration, unauthorised disclosure of, or access to, personal data."),
        ("CIRT", "computer incident response team; the national or government team designated under the Law to "
         "receive incident reports and to assist in their handling."),
        ("Indicator of compromise", "technical evidence of an attack, such as a malicious file hash, address, "
         "domain or account."),
        ("Incident register", "the record of all incidents with their classification, timeline, actions, "
         "notifications and lessons learned."),
        ("Central logging", "collection of the logs of systems in one protected place where they are kept, "
         "correlated and reviewed."),
    ),
    references=(
        "NIS2 Directive, Art. 23 (reporting obligations), as the model for the reporting chain;",
        "ISO/IEC 27001:2022 Annex A, controls on incident management planning, assessment, response, learning "
        "from incidents, collection of evidence, logging and monitoring;",
        "NIST SP 800-61 (computer security incident handling guide) as guidance;",
        "CIS Controls v8, controls 8 (audit log management) and 17 (incident response management);",
        "Backup, Business Continuity and Disaster Recovery Policy of {{ m.name }}.",
    ),
    roles=(
        (
            "Head of the municipality ({{ m.head_title }})",
            "is informed of every significant incident, decides on measures with major "
         "consequences (shutting down services, public communication, engaging external experts) and signs the "
         "notifications to the competent authorities where the Law requires it."),
        ("Information security officer", "is the single point of contact for incidents: receives reports, leads "
         "the assessment and the incident response team, submits notifications to the competent authority and "
         "CIRT, keeps the incident register and organises the lessons-learned review; at {{ m.name }} this is "
         "{{ m.officer }}."),
        ("Incident response team", "the security officer, the IT service, the owner of the affected system and, "
         "as needed, the data protection officer, the legal service and the supplier."),
        ("Data protection officer", "assesses whether personal data is affected, prepares the notification to "
         "the Agency for Personal Data Protection and Free Access to Information and the communication to the "
         "persons affected."),
        ("IT service", "operates logging and monitoring, contains and eradicates the incident technically, "
         "preserves evidence and restores systems."),
        ("All employees and suppliers", "report every suspected incident immediately and do not investigate, "
         "delete evidence or contact the attacker on their own."),
    ),
    requirements=(
        Chapter(
            "Reporting within the municipality",
            (
                "Every employee, contractor and supplier reports a suspected incident immediately, and at the "
                "latest within one hour of noticing it, to the information security officer by telephone or in "
                "person, and in writing afterwards; typical signs are listed in the annual training (unexpected "
                "encryption of files, ransom notes, suspicious e-mails that were opened, unknown logins, lost "
                "devices, data sent to the wrong recipient).",
                "Reporting is a duty and is never sanctioned; sanctions apply to concealing an incident, not to "
                "having caused it by mistake.",
                "The information security officer confirms the report, registers it and assesses it within four "
                "hours; significant incidents are reported to the head of the municipality at once.",
            ),
        ),
        Chapter(
            "Classification and handling",
            (
                "Incidents are classified by impact (services affected, number of persons whose data is affected, "
                "duration, financial loss) into low, medium, high and significant; the class determines the "
                "response team and the notifications.",
                "Handling follows the phases preparation, detection and analysis, containment, eradication, "
                "recovery and post-incident activity; containment takes priority over investigation when an "
                "attack is spreading (for example isolating infected workstations or disconnecting the backup "
                "system from the network).",
                "Evidence (logs, memory and disk images, e-mails, screenshots) is preserved before systems are "
                "cleaned or restored, and its chain of custody is recorded.",
                "Systems are returned to operation only after the cause has been removed, credentials that may "
                "have been exposed have been changed, and the owner has checked the integrity of the data.",
                "Every incident is recorded in the incident register with its timeline, decisions, notifications "
                "and costs.",
            ),
        ),
        Chapter(
            "Notification of the competent authority, CIRT and data subjects",
            (
                "A significant incident is notified to the competent authority or CIRT designated under the Law "
                "on Information Security: an early warning within {{ p.early_warning }} of becoming aware of it, "
                "stating whether it is suspected to be caused by unlawful or malicious acts; an incident "
                "notification within {{ p.notification }} with an initial assessment of severity and impact and "
                "the indicators of compromise; and a final report within {{ p.final_report }} after the "
                "notification, with the root cause and the measures taken.",
                "Where an incident is still ongoing when the final report is due, a progress report is submitted "
                "instead and the final report follows within one month of the end of the handling.",
                "A personal data breach is notified to the Agency for Personal Data Protection and Free Access to "
                "Information without undue delay, within the period set by the law on personal data protection, "
                "and the persons affected are informed when the breach is likely to result in a high risk to "
                "their rights.",
                "Partners in data exchanges, including the body managing the Government Service Bus, are informed "
                "without delay of incidents that may affect the data exchanged with them.",
                "Public communication about an incident is made only by persons authorised by the "
                "head of the municipality.",
            ),
        ),
        Chapter(
            "Logging and monitoring",
            (
                "Servers, network and security devices, registers and e-services log at least: successful and "
                "failed logins, use of privileged rights, changes of accounts and rights, changes of security "
                "settings, access to registers with personal data, and errors of security functions.",
                "Logs are sent to a central log store outside the reach of ordinary administrators, protected "
                "against alteration and kept for at least twelve months; the systems listed in Annex 3 are "
                "connected to it in the order of the treatment plan.",
                "The clocks of all systems are synchronised with a common time source.",
                "Alerts for critical events (malware detections, repeated failed logins of administrators, new "
                "administrator accounts, disabled antivirus or backups, traffic to known malicious addresses) are "
                "reviewed every working day; the full logs of key systems are reviewed at least weekly.",
            ),
        ),
        Chapter(
            "Learning from incidents and preparedness",
            (
                "After every high or significant incident a lessons-learned review is held within two weeks; its "
                "conclusions become actions in the treatment plan with an owner and a deadline.",
                "The incident response procedure, the contact list (Annex 2) and the emergency communication "
                "channel are checked every six months, and the procedure is exercised at least once a year "
                "together with the continuity plan.",
                "The information security officer reports incident statistics to the head of the municipality at least "
                "twice a year, and to the competent authority where the Law requires it.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.logging_gaps",
            (
                Para(
                    "On the date of the analysis the systems listed in Annex 3 did not send their logs to a "
                    "central log store; until they do, incidents on them may go undetected."
                ),
            ),
        ),
    ),
)

CNR = PolicyText(
    purpose=(
        Para(
            "Ovom politikom se utvrđuje kako {{ m.name }} otkriva, prijavljuje, procjenjuje, obuzdava i otklanja "
            "bezbjednosne incidente i oporavlja se od njih, kako obavještava nadležne organe i lica na koja se "
            "incident odnosi i kako uči iz incidenata. Politika utvrđuje i evidentiranje događaja i nadzor koji "
            "omogućavaju otkrivanje i istraživanje: incident koji ne ostavi trag ne može se ni otkriti na vrijeme "
            "ni naknadno objasniti."
        ),
        Para(
            "Politika sprovodi obaveze postupanja sa incidentima i njihovog prijavljivanja iz Zakona o "
            "informacionoj bezbjednosti, modelovane prema čl. 21 st. 2 tač. (b) i čl. 23 Direktive NIS2, kao i "
            "obaveze obavještavanja o povredi podataka iz Zakona o zaštiti podataka o ličnosti. Rokovi "
            "prijavljivanja u ovom nacrtu – rano upozorenje u roku od {{ p.early_warning }}, obavještenje o "
            "incidentu u roku od {{ p.notification }} i završni izvještaj u roku od {{ p.final_report }} – su "
            "{{ p.source }}; to su parametri alata koji se mogu podesiti i zamjenjuju se vrijednostima iz Zakona "
            "i podzakonskih akata kada se one potvrde."
        ),
    ),
    scope=(
        Para(
            "Politika obuhvata svaki događaj koji utiče ili može uticati na povjerljivost, cjelovitost ili "
            "dostupnost podataka, sistema ili usluga opštine, ma gdje da je otkriven – od strane zaposlenih, "
            "dobavljača, građana, sistema za nadzor ili spoljnog organa – uključujući incidente kod dobavljača i "
            "pružalaca usluga u oblaku koji se tiču podataka opštine."
        ),
    ),
    definitions=(
        ("Bezbjednosni događaj", "uočena pojava u sistemu ili mreži koja može biti od značaja za bezbjednost."),
        ("Incident", "događaj koji ugrožava dostupnost, autentičnost, cjelovitost ili povjerljivost podataka ili "
         "usluga koje se pružaju putem mrežnih i informacionih sistema ili su preko njih dostupne."),
        ("Značajan incident", "incident koji je prouzrokovao ili može prouzrokovati ozbiljan prekid usluga ili "
         "finansijski gubitak za opštinu, ili znatnu štetu građanima ili drugim organima (kriterijumi iz čl. 23 "
         "st. 3 Direktive NIS2, dok se ne potvrde kriterijumi Zakona)."),
        ("Povreda podataka o ličnosti", "povreda bezbjednosti koja dovodi do slučajnog ili nezakonitog "
         "uništenja, gubitka, izmjene, neovlašćenog otkrivanja podataka o ličnosti ili pristupa njima."),
        ("CIRT", "tim za odgovor na računarske incidente; nacionalni ili vladin tim određen Zakonom za prijem "
         "prijava incidenata i pomoć u njihovom rješavanju."),
        ("Pokazatelj kompromitacije", "tehnički dokaz napada, kao što je heš zlonamjerne datoteke, adresa, domen "
         "ili nalog."),
        ("Registar incidenata", "evidencija svih incidenata sa klasifikacijom, tokom događaja, preduzetim "
         "radnjama, obavještenjima i naučenim lekcijama."),
        ("Centralno evidentiranje", "prikupljanje evidencija (logova) sistema na jednom zaštićenom mjestu gdje "
         "se čuvaju, povezuju i pregledaju."),
    ),
    references=(
        "Direktiva NIS2, čl. 23 (obaveze izvještavanja), kao model lanca prijavljivanja;",
        "ISO/IEC 27001:2022 Aneks A, kontrole koje se odnose na planiranje upravljanja incidentima, procjenu, "
        "odgovor, učenje iz incidenata, prikupljanje dokaza, evidentiranje događaja i nadzor;",
        "NIST SP 800-61 (vodič za postupanje sa računarskim bezbjednosnim incidentima) kao smjernica;",
        "CIS Controls v8, kontrole 8 (upravljanje evidencijama) i 17 (upravljanje odgovorom na incidente);",
        "Politika rezervnih kopija, kontinuiteta poslovanja i oporavka od katastrofe ({{ m.name }}).",
    ),
    roles=(
        ("{{ m.head_title }}", "obavještava se o svakom značajnom incidentu, odlučuje o mjerama sa većim "
         "posljedicama (gašenje usluga, javno obavještavanje, angažovanje spoljnih stručnjaka) i potpisuje "
         "obavještenja nadležnim organima kada to Zakon zahtijeva."),
        ("Lice zaduženo za informacionu bezbjednost", "jedinstvena je kontakt tačka za incidente: prima prijave, "
         "rukovodi procjenom i timom za odgovor na incidente, podnosi obavještenja nadležnom organu i CIRT-u, "
         "vodi registar incidenata i organizuje analizu naučenih lekcija; tu dužnost obavlja "
         "{{ m.officer }}."),
        ("Tim za odgovor na incidente", "lice zaduženo za informacionu bezbjednost, IT služba, vlasnik "
         "pogođenog sistema i, po potrebi, službenik za zaštitu podataka o ličnosti, pravna služba i dobavljač."),
        ("Službenik za zaštitu podataka o ličnosti", "procjenjuje da li su pogođeni podaci o ličnosti, priprema "
         "obavještenje Agenciji za zaštitu ličnih podataka i slobodan pristup informacijama i obavještenje "
         "licima na koja se podaci odnose."),
        ("IT služba", "upravlja evidentiranjem događaja i nadzorom, tehnički obuzdava i otklanja incident, čuva "
         "dokaze i vraća sisteme u rad."),
        ("Svi zaposleni i dobavljači", "odmah prijavljuju svaku sumnju na incident i ne istražuju sami, ne "
         "brišu dokaze i ne kontaktiraju napadača."),
    ),
    requirements=(
        Chapter(
            "Prijavljivanje unutar opštine",
            (
                "Svaki zaposleni, angažovano lice i dobavljač odmah, a najkasnije u roku od jednog časa od "
                "uočavanja, prijavljuje sumnju na incident licu zaduženom za informacionu bezbjednost telefonom "
                "ili lično, a potom i pisano; tipični znaci se obrađuju na godišnjoj obuci (neočekivano šifrovanje "
                "datoteka, poruke sa zahtjevom za otkup, otvorene sumnjive poruke elektronske pošte, nepoznate "
                "prijave na sistem, izgubljeni uređaji, podaci poslati pogrešnom primaocu).",
                "Prijavljivanje je obaveza i nikada se ne sankcioniše; sankcije se odnose na prikrivanje "
                "incidenta, a ne na to što je incident greškom prouzrokovan.",
                "Lice zaduženo za informacionu bezbjednost potvrđuje prijem prijave, evidentira je i procjenjuje "
                "u roku od četiri časa; o značajnim incidentima odmah se obavještava {{ m.head_title }}.",
            ),
        ),
        Chapter(
            "Klasifikacija i postupanje",
            (
                "Incidenti se prema uticaju (pogođene usluge, broj lica čiji su podaci pogođeni, trajanje, "
                "finansijski gubitak) razvrstavaju na niske, srednje, visoke i značajne; klasa određuje sastav "
                "tima za odgovor i obavještenja.",
                "Postupanje prati faze pripreme, otkrivanja i analize, obuzdavanja, otklanjanja, oporavka i "
                "aktivnosti nakon incidenta; obuzdavanje ima prednost nad istraživanjem kada se napad širi (na "
                "primjer izolovanje zaraženih radnih stanica ili isključivanje sistema za rezervne kopije iz "
                "mreže).",
                "Dokazi (evidencije, snimci memorije i diskova, poruke elektronske pošte, snimci ekrana) čuvaju "
                "se prije čišćenja ili vraćanja sistema, a lanac njihovog čuvanja se evidentira.",
                "Sistemi se vraćaju u rad tek kada je uzrok otklonjen, kada su promijenjeni pristupni podaci koji "
                "su mogli biti otkriveni i kada je vlasnik provjerio cjelovitost podataka.",
                "Svaki incident se upisuje u registar incidenata sa tokom događaja, odlukama, obavještenjima i "
                "troškovima.",
            ),
        ),
        Chapter(
            "Obavještavanje nadležnog organa, CIRT-a i lica na koja se podaci odnose",
            (
                "O značajnom incidentu obavještava se nadležni organ, odnosno CIRT određen Zakonom o "
                "informacionoj bezbjednosti: rano upozorenje u roku od {{ p.early_warning }} od saznanja, uz "
                "navod da li se sumnja da je incident prouzrokovan nezakonitim ili zlonamjernim radnjama; "
                "obavještenje o incidentu u roku od {{ p.notification }}, sa početnom procjenom ozbiljnosti i "
                "uticaja i pokazateljima kompromitacije; i završni izvještaj u roku od {{ p.final_report }} od "
                "obavještenja, sa osnovnim uzrokom i preduzetim mjerama.",
                "Ako incident još traje kada dospijeva završni izvještaj, umjesto njega se podnosi izvještaj o "
                "napretku, a završni izvještaj slijedi u roku od mjesec dana od okončanja postupanja.",
                "Povreda podataka o ličnosti prijavljuje se Agenciji za zaštitu ličnih podataka i slobodan "
                "pristup informacijama bez nepotrebnog odlaganja, u roku utvrđenom zakonom o zaštiti podataka o "
                "ličnosti, a lica na koja se podaci odnose obavještavaju se kada povreda vjerovatno prouzrokuje "
                "visok rizik po njihova prava.",
                "Partneri u razmjeni podataka, uključujući organ koji upravlja Vladinom servisnom magistralom, "
                "bez odlaganja se obavještavaju o incidentima koji mogu uticati na podatke koji se sa njima "
                "razmjenjuju.",
                "Javnost o incidentu obavještavaju samo lica koja ovlasti {{ m.head_title }}.",
            ),
        ),
        Chapter(
            "Evidentiranje događaja i nadzor",
            (
                "Serveri, mrežni i bezbjednosni uređaji, registri i elektronske usluge evidentiraju najmanje: "
                "uspješne i neuspješne prijave, korišćenje privilegovanih prava, izmjene naloga i prava, izmjene "
                "bezbjednosnih podešavanja, pristup registrima sa podacima o ličnosti i greške bezbjednosnih "
                "funkcija.",
                "Evidencije se šalju u centralno skladište evidencija van domašaja običnih administratora, "
                "zaštićeno od izmjene, i čuvaju se najmanje dvanaest mjeseci; sistemi iz Priloga 3 povezuju se na "
                "njega redoslijedom iz plana tretmana rizika.",
                "Časovnici svih sistema sinhronizuju se sa zajedničkim izvorom tačnog vremena.",
                "Upozorenja o kritičnim događajima (otkriven zlonamjerni softver, ponovljene neuspjele prijave "
                "administratora, novi administratorski nalozi, isključen antivirus ili rezervne kopije, saobraćaj "
                "prema poznatim zlonamjernim adresama) pregledaju se svakog radnog dana; potpune evidencije "
                "ključnih sistema pregledaju se najmanje jednom sedmično.",
            ),
        ),
        Chapter(
            "Učenje iz incidenata i spremnost",
            (
                "Nakon svakog visokog ili značajnog incidenta u roku od dvije sedmice sprovodi se analiza "
                "naučenih lekcija; njeni zaključci postaju mjere u planu tretmana sa odgovornim licem i rokom.",
                "Procedura za odgovor na incidente, spisak kontakata (Prilog 2) i kanal komunikacije u hitnim "
                "slučajevima provjeravaju se svakih šest mjeseci, a procedura se uvježbava najmanje jednom "
                "godišnje zajedno sa planom kontinuiteta poslovanja.",
                "Lice zaduženo za informacionu bezbjednost najmanje dva puta godišnje dostavlja statistiku "
                "incidenata licu koje obavlja funkciju „{{ m.head_title }}”, a nadležnom organu kada to Zakon "
                "zahtijeva.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.logging_gaps",
            (
                Para(
                    "Na dan analize sistemi navedeni u Prilogu 3 nijesu slali evidencije u centralno skladište "
                    "evidencija; dok se to ne uredi, incidenti na njima mogu ostati neotkriveni."
                ),
            ),
        ),
    ),
)


def annexes(b: TemplateBuilder, lang: Lang) -> None:
    """Annex 1 reporting chain with deadlines, 2 contacts, 3 systems without central logging."""
    word = COMMON[lang].annex_word
    b.heading(f"{word} 1. " + pick(lang, "Lanac prijavljivanja i rokovi", "Reporting chain and deadlines"), 2)
    b.para(pick(lang, "Rokovi prema nadležnom organu su parametri iz kataloga (frameworks.yaml, legal_parameters): "
                      "{{ p.source }}.",
                "Deadlines towards the competent authority are catalogue parameters (frameworks.yaml, "
                "legal_parameters): {{ p.source }}."), italic=True)
    annex_table(
        b, lang, items="annex.chain",
        headers=[pick(lang, "Korak", "Step"), pick(lang, "Ko prijavljuje", "Who reports"),
                 pick(lang, "Kome", "To whom"), pick(lang, "Rok", "Deadline")],
        cells=["{{ r.step }}", "{{ r.who }}", "{{ r.to }}", "{{ r.deadline }}"],
        widths_cm=(1.2, 4.4, 6.0, 5.0),
    )
    b.heading(f"{word} 2. " + pick(lang, "Kontakti", "Contacts"), 2)
    annex_table(
        b, lang, items="annex.contacts",
        headers=[pick(lang, "Uloga", "Role"), pick(lang, "Naziv / ime", "Name"), pick(lang, "Kontakt", "Contact")],
        cells=["{{ r.role }}", "{{ r.name }}", "{{ r.contact }}"],
        widths_cm=(7.0, 4.6, 5.0),
    )
    b.heading(f"{word} 3. " + pick(lang, "Sistemi bez centralnog evidentiranja događaja",
                                   "Systems without central logging"), 2)
    annex_table(
        b, lang, items="annex.logging_gaps",
        headers=[pick(lang, "Sistem", "System"), pick(lang, "Vrsta", "Kind"), pick(lang, "Zona", "Zone"),
                 pick(lang, "Najviša potreba zaštite", "Highest protection need")],
        cells=["{{ r.system }}", "{{ r.kind }}", "{{ r.zone }}", "{{ r.need }}"],
        widths_cm=(5.2, 3.2, 4.8, 3.4),
    )


POLICY = PolicyDef(
    number=5,
    slug="incident-management",
    title=POLICY_TITLES[5],
    text={Lang.en: EN, Lang.cnr: CNR},
    annexes=annexes,
    annex_count=3,
)
