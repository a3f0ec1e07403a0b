"""Policy 3: Access Control and Identity Management Policy – Politika kontrole pristupa i upravljanja
identitetima."""

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
            "This policy defines who may access the information and systems of {{ m.name }}, how identities are "
            "created, verified and removed, how users authenticate, and how privileged, service and supplier "
            "access is controlled. Stolen or shared passwords, administrator accounts used for daily work and "
            "supplier remote-access tools without a second factor are among the most common ways into municipal "
            "networks; this policy closes them by applying least privilege, need-to-know and multi-factor "
            "authentication."
        ),
        Para(
            "The policy implements the access-control and multi-factor authentication measures of the Law on "
            "Information Security, modelled on NIS2 Art. 21(2)(i) and (j), and the access-control part of "
            "ISO/IEC 27001:2022 Annex A. Annex 1 lists the systems that are still reachable without multi-factor "
            "authentication, and Annex 2 the suppliers' remote access, as found by the current risk analysis."
        ),
    ),
    scope=(
        Para(
            "The policy covers all user, administrator, service and supplier accounts in the municipality's "
            "directory, applications, databases, network devices, cloud services (including e-mail and office "
            "suites), e-services and the Government Service Bus connection, as well as physical access cards and "
            "keys to rooms with network equipment."
        ),
    ),
    definitions=(
        ("Identity", "a person, device or service recognised by the systems, represented by one or more accounts."),
        ("Personal account", "an account used by exactly one named person; shared accounts are not personal."),
        ("Privileged account", "an account with rights to administer systems, change security settings, manage "
         "other accounts or read all data (domain, server, database, network device and cloud administrators)."),
        ("Service account", "an account used by an application or integration, not by a person."),
        ("Multi-factor authentication (MFA)", "authentication with at least two independent factors: something "
         "the user knows, has or is (for example a password and a one-time code from an app or a hardware key)."),
        ("Least privilege", "every identity receives only the rights it needs for its current tasks, for the "
         "time it needs them."),
        ("Joiner–mover–leaver", "the process of granting, changing and revoking access when a person joins, "
         "changes role or leaves."),
        ("Remote access", "access to internal systems from outside the municipality's network, by staff or "
         "suppliers."),
    ),
    references=(
        "ISO/IEC 27001:2022 Annex A, controls on access control, identity management, authentication information "
        "and access rights, privileged access rights and secure authentication;",
        "CIS Controls v8, controls 5 (account management) and 6 (access control management);",
        "GovStack security requirements on authentication, authorisation and MFA;",
        "Information Security Policy and Asset Management and Acceptable Use Policy of {{ m.name }}.",
    ),
    roles=(
        ("Heads of organisational units", "request and approve access for their staff based on their tasks, "
         "inform the IT service of every change of role or departure on the day it is known, and confirm the "
         "rights of their staff in the semi-annual access review."),
        ("Register and system owners", "define the roles of their system and which roles may be combined, and "
         "approve access to the data they own."),
        ("IT service", "creates, changes and disables accounts only on approved requests, administers "
         "authentication and MFA, keeps privileged accounts under control and keeps the records of requests."),
        ("Information security officer", "approves privileged and supplier access, carries out the access "
         "reviews with the owners, and monitors exceptions and failed logins."),
        ("Human resources (personnel) function", "informs the IT service of every employment, transfer and "
         "termination, with its date, in advance where possible."),
        ("Users", "keep their passwords and authentication devices to themselves, lock their screens, and report "
         "a lost device or a suspected compromise of their account immediately."),
    ),
    requirements=(
        Chapter(
            "Principles",
            (
                "Access is granted on the basis of need-to-know and least privilege, by role, and only after a "
                "documented request approved by the head of the organisational unit and, for registers, by the "
                "register owner.",
                "Incompatible duties are separated: no single person may both create and approve payments, or both "
                "administer a register and audit its logs; where staff numbers do not allow separation, "
                "compensating controls (log review by a second person) are documented.",
                "Every person uses a personal account; shared and generic accounts are prohibited, except for "
                "technical accounts documented in the register of service accounts.",
            ),
        ),
        Chapter(
            "User lifecycle",
            (
                "Accounts for new staff are created only on a request of the head of the unit based on the act of "
                "employment or engagement, with the minimum rights of the role; temporary staff and trainees "
                "receive accounts with an expiry date.",
                "On a change of role, rights no longer needed are removed within three working days; the new rights "
                "are requested as for a new user.",
                "On departure, all accounts of the person are disabled by the end of the last working day, remote "
                "access and MFA devices are revoked, and the mailbox and files are handed over to the head of the "
                "unit; accounts are deleted after the retention period set by the IT service.",
                "Accounts inactive for 60 days are disabled automatically or by a monthly check.",
                "The IT service keeps records of every request, approval, change and removal of access for at least "
                "two years.",
            ),
        ),
        Chapter(
            "Authentication and multi-factor authentication",
            (
                "Passwords have at least 12 characters (at least 15 for privileged accounts), are not reused "
                "between systems, are not written down in plain view and are changed immediately when a compromise "
                "is suspected; the directory blocks known breached and trivial passwords and locks an account "
                "after repeated failures.",
                "Multi-factor authentication is mandatory for: every remote access (VPN, remote desktop, web "
                "administration), every privileged account, e-mail and cloud services accessible from the "
                "internet, and every supplier access. The systems listed in Annex 1 are brought into line in the "
                "order of the treatment plan, with internet-facing systems first.",
                "Default passwords of devices and applications are changed before they are put into operation; "
                "local administrator passwords on workstations and servers are unique per device and managed "
                "centrally.",
                "Authentication data is transmitted only over encrypted connections; systems that support only "
                "unencrypted logins are isolated and scheduled for replacement.",
            ),
        ),
        Chapter(
            "Privileged access",
            (
                "Administrators have a separate named administrator account that is used only for administration, "
                "never for e-mail or web browsing; the number of domain administrators is kept to the minimum, "
                "normally not more than the members of the IT service.",
                "Administration of servers, network devices and hypervisors is performed only from the management "
                "network or designated administrator workstations, not from the general user network.",
                "Emergency (break-glass) credentials are kept sealed in a safe, their use is recorded and they are "
                "changed after each use.",
                "All privileged actions on key systems (directory, registers, firewall, backups) are logged "
                "centrally in accordance with the Incident Management and Reporting Policy.",
            ),
        ),
        Chapter(
            "Supplier and remote access",
            (
                "Suppliers access the municipality's systems only through the municipality's VPN or another "
                "channel approved by the information security officer, with personal accounts and MFA; remote "
                "desktop tools installed by the supplier (such as TeamViewer or AnyDesk) and remote desktop "
                "published directly to the internet are not permitted.",
                "Supplier access is disabled by default and enabled for a specific intervention, on request, for "
                "a limited time; permanent (always-on) access requires a written exception and is reviewed every "
                "three months.",
                "Every supplier session is logged (who, when, which system, what was done); for critical systems "
                "the IT service may require the session to be supervised.",
                "Staff working remotely use only municipality devices or devices approved under the Asset "
                "Management and Acceptable Use Policy, connect through the VPN with MFA and do not store "
                "municipal data on private devices.",
            ),
        ),
        Chapter(
            "Service accounts, reviews and physical access",
            (
                "Service accounts are recorded with their owner, purpose and rights, cannot log in interactively, "
                "and have long random passwords or keys rotated at least once a year and whenever an administrator "
                "who knew them leaves.",
                "Access rights to registers, file shares and privileged groups are reviewed every six months by "
                "the owners together with the information security officer; rights that cannot be justified are "
                "removed and the review is documented.",
                "Access to the server room and network cabinets is limited to named persons; cards and keys are "
                "issued against signature, returned on departure and the list is reviewed every six months.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.no_mfa",
            (
                Para(
                    "The systems listed in Annex 1 do not yet meet requirement 6.3.2; {{ annex.suppliers_no_mfa }} "
                    "supplier accesses in Annex 2 are without multi-factor authentication and are the first "
                    "priority of the treatment plan for this policy."
                ),
            ),
        ),
    ),
)

CNR = PolicyText(
    purpose=(
        Para(
            "Ovom politikom se utvrđuje ko može pristupati podacima i sistemima ({{ m.name }}), kako se "
            "identiteti otvaraju, provjeravaju i ukidaju, kako se korisnici autentifikuju i kako se kontroliše "
            "privilegovani pristup, pristup servisnih naloga i pristup dobavljača. Ukradene ili zajedničke "
            "lozinke, administratorski nalozi koji se koriste za svakodnevni rad i alati dobavljača za udaljeni "
            "pristup bez drugog faktora među najčešćim su putevima ulaska u mreže opština; ova politika ih "
            "zatvara primjenom načela najmanjih privilegija, pristupa po potrebi i višefaktorske autentifikacije."
        ),
        Para(
            "Politika sprovodi mjere kontrole pristupa i višefaktorske autentifikacije iz Zakona o informacionoj "
            "bezbjednosti, modelovane prema čl. 21 st. 2 tač. (i) i (j) Direktive NIS2, kao i dio Aneksa A "
            "standarda ISO/IEC 27001:2022 koji se odnosi na kontrolu pristupa. Prilog 1 sadrži sisteme kojima se "
            "i dalje pristupa bez višefaktorske autentifikacije, a Prilog 2 udaljeni pristup dobavljača, onako "
            "kako ih je utvrdila važeća analiza rizika."
        ),
    ),
    scope=(
        Para(
            "Politika obuhvata sve korisničke, administratorske, servisne naloge i naloge dobavljača u "
            "direktorijumu opštine, aplikacijama, bazama podataka, mrežnim uređajima, uslugama u oblaku "
            "(uključujući elektronsku poštu i kancelarijske pakete), elektronskim uslugama i vezi sa Vladinom "
            "servisnom magistralom, kao i kartice i ključeve za fizički pristup prostorijama sa mrežnom opremom."
        ),
    ),
    definitions=(
        ("Identitet", "lice, uređaj ili usluga koje sistemi prepoznaju, predstavljeni jednim ili više naloga."),
        ("Lični nalog", "nalog koji koristi tačno jedno imenovano lice; zajednički nalozi nijesu lični."),
        ("Privilegovani nalog", "nalog sa pravom upravljanja sistemima, mijenjanja bezbjednosnih podešavanja, "
         "upravljanja drugim nalozima ili čitanja svih podataka (administratori domena, servera, baza podataka, "
         "mrežnih uređaja i usluga u oblaku)."),
        ("Servisni nalog", "nalog koji koristi aplikacija ili integracija, a ne lice."),
        ("Višefaktorska autentifikacija (MFA)", "autentifikacija sa najmanje dva nezavisna faktora: nešto što "
         "korisnik zna, posjeduje ili jeste (na primjer lozinka i jednokratni kod iz aplikacije ili hardverski "
         "ključ)."),
        ("Najmanje privilegije", "svaki identitet dobija samo prava potrebna za tekuće zadatke, na vrijeme dok su "
         "mu potrebna."),
        ("Dolazak – promjena – odlazak", "proces dodjele, izmjene i ukidanja pristupa kada lice počne da radi, "
         "promijeni radno mjesto ili napusti opštinu."),
        ("Udaljeni pristup", "pristup internim sistemima izvan mreže opštine, od strane zaposlenih ili "
         "dobavljača."),
    ),
    references=(
        "ISO/IEC 27001:2022 Aneks A, kontrole koje se odnose na kontrolu pristupa, upravljanje identitetima, "
        "autentifikacione podatke i prava pristupa, privilegovana prava pristupa i bezbjednu autentifikaciju;",
        "CIS Controls v8, kontrole 5 (upravljanje nalozima) i 6 (upravljanje kontrolom pristupa);",
        "GovStack bezbjednosni zahtjevi o autentifikaciji, autorizaciji i višefaktorskoj autentifikaciji;",
        "Politika informacione bezbjednosti i Politika upravljanja informacionom imovinom i prihvatljivog "
        "korišćenja ({{ m.name }}).",
    ),
    roles=(
        ("Rukovodioci organizacionih jedinica", "traže i odobravaju pristup za svoje zaposlene na osnovu "
         "njihovih zadataka, obavještavaju IT službu o svakoj promjeni radnog mjesta ili odlasku istog dana kada "
         "za to saznaju i potvrđuju prava svojih zaposlenih u polugodišnjem preispitivanju pristupa."),
        ("Vlasnici registara i sistema", "utvrđuju uloge u svom sistemu i koje se uloge mogu kombinovati i "
         "odobravaju pristup podacima čiji su vlasnici."),
        ("IT služba", "otvara, mijenja i onemogućava naloge samo na osnovu odobrenih zahtjeva, upravlja "
         "autentifikacijom i višefaktorskom autentifikacijom, drži privilegovane naloge pod kontrolom i vodi "
         "evidenciju zahtjeva."),
        ("Lice zaduženo za informacionu bezbjednost", "odobrava privilegovani pristup i pristup dobavljača, "
         "sprovodi preispitivanje prava pristupa sa vlasnicima i prati izuzetke i neuspjele prijave."),
        ("Kadrovska služba", "obavještava IT službu o svakom zapošljavanju, premještaju i prestanku radnog "
         "odnosa, sa datumom, unaprijed kad god je to moguće."),
        ("Korisnici", "ne dijele svoje lozinke i uređaje za autentifikaciju, zaključavaju ekran i odmah "
         "prijavljuju gubitak uređaja ili sumnju da je njihov nalog kompromitovan."),
    ),
    requirements=(
        Chapter(
            "Načela",
            (
                "Pristup se dodjeljuje na osnovu načela pristupa po potrebi i najmanjih privilegija, prema ulozi, "
                "i tek nakon dokumentovanog zahtjeva koji odobri rukovodilac organizacione jedinice, a za "
                "registre i vlasnik registra.",
                "Nespojive dužnosti se razdvajaju: isto lice ne može i kreirati i odobravati plaćanja, niti i "
                "administrirati registar i kontrolisati njegove evidencije; kada broj zaposlenih ne dozvoljava "
                "razdvajanje, dokumentuju se kompenzacione kontrole (pregled evidencija od strane drugog lica).",
                "Svako lice koristi lični nalog; zajednički i generički nalozi su zabranjeni, osim tehničkih "
                "naloga upisanih u registar servisnih naloga.",
            ),
        ),
        Chapter(
            "Životni ciklus korisnika",
            (
                "Nalozi za nove zaposlene otvaraju se samo na zahtjev rukovodioca jedinice zasnovan na aktu o "
                "zasnivanju radnog odnosa ili angažovanju, sa minimalnim pravima uloge; privremeno angažovana lica "
                "i praktikanti dobijaju naloge sa datumom isteka.",
                "Pri promjeni radnog mjesta, prava koja više nijesu potrebna ukidaju se u roku od tri radna dana; "
                "nova prava se traže kao za novog korisnika.",
                "Pri odlasku, svi nalozi lica onemogućavaju se do kraja posljednjeg radnog dana, ukida se udaljeni "
                "pristup i uređaji za višefaktorsku autentifikaciju, a poštansko sanduče i datoteke predaju se "
                "rukovodiocu jedinice; nalozi se brišu po isteku roka čuvanja koji utvrdi IT služba.",
                "Nalozi koji nijesu korišćeni 60 dana onemogućavaju se automatski ili mjesečnom provjerom.",
                "IT služba čuva evidenciju svakog zahtjeva, odobrenja, izmjene i ukidanja pristupa najmanje dvije "
                "godine.",
            ),
        ),
        Chapter(
            "Autentifikacija i višefaktorska autentifikacija",
            (
                "Lozinke imaju najmanje 12 znakova (najmanje 15 za privilegovane naloge), ne koriste se ponovo na "
                "različitim sistemima, ne zapisuju se na vidljivom mjestu i odmah se mijenjaju kada postoji sumnja "
                "na kompromitaciju; direktorijum blokira poznate kompromitovane i trivijalne lozinke i zaključava "
                "nalog nakon ponovljenih neuspjelih pokušaja.",
                "Višefaktorska autentifikacija je obavezna za: svaki udaljeni pristup (VPN, udaljena radna "
                "površina, veb-administracija), svaki privilegovani nalog, elektronsku poštu i usluge u oblaku "
                "dostupne sa interneta i svaki pristup dobavljača. Sistemi iz Priloga 1 usklađuju se redoslijedom "
                "iz plana tretmana rizika, počev od sistema dostupnih sa interneta.",
                "Podrazumijevane lozinke uređaja i aplikacija mijenjaju se prije puštanja u rad; lozinke lokalnih "
                "administratora na radnim stanicama i serverima jedinstvene su za svaki uređaj i njima se upravlja "
                "centralno.",
                "Autentifikacioni podaci prenose se samo šifrovanim vezama; sistemi koji podržavaju samo "
                "nešifrovanu prijavu se izoluju i planira se njihova zamjena.",
            ),
        ),
        Chapter(
            "Privilegovani pristup",
            (
                "Administratori imaju poseban imenovani administratorski nalog koji se koristi samo za "
                "administraciju, nikada za elektronsku poštu ili pretraživanje interneta; broj administratora "
                "domena svodi se na najmanju mjeru, po pravilu ne više od članova IT službe.",
                "Administriranje servera, mrežnih uređaja i hipervizora obavlja se samo iz upravljačke mreže ili sa "
                "određenih administratorskih radnih stanica, a ne iz opšte korisničke mreže.",
                "Pristupni podaci za hitne slučajeve čuvaju se zapečaćeni u sefu, njihovo korišćenje se "
                "evidentira, a nakon svakog korišćenja se mijenjaju.",
                "Sve privilegovane radnje na ključnim sistemima (direktorijum, registri, zaštitni zid, rezervne "
                "kopije) evidentiraju se centralno u skladu sa Politikom upravljanja bezbjednosnim incidentima i "
                "njihovog prijavljivanja.",
            ),
        ),
        Chapter(
            "Pristup dobavljača i udaljeni pristup",
            (
                "Dobavljači pristupaju sistemima opštine samo preko VPN-a opštine ili drugog kanala koji odobri "
                "lice zaduženo za informacionu bezbjednost, sa ličnim nalozima i višefaktorskom autentifikacijom; "
                "alati za udaljeni rad koje instalira dobavljač (kao što su TeamViewer ili AnyDesk) i udaljena "
                "radna površina objavljena direktno na internetu nijesu dozvoljeni.",
                "Pristup dobavljača je podrazumijevano onemogućen i omogućava se za konkretnu intervenciju, na "
                "zahtjev, na ograničeno vrijeme; stalni pristup zahtijeva pisani izuzetak i preispituje se svaka "
                "tri mjeseca.",
                "Svaka sesija dobavljača se evidentira (ko, kada, koji sistem, šta je urađeno); za kritične "
                "sisteme IT služba može zahtijevati da se sesija nadzire.",
                "Zaposleni koji rade na daljinu koriste samo uređaje opštine ili uređaje odobrene u skladu sa "
                "Politikom upravljanja informacionom imovinom i prihvatljivog korišćenja, povezuju se preko VPN-a "
                "sa višefaktorskom autentifikacijom i ne čuvaju podatke opštine na privatnim uređajima.",
            ),
        ),
        Chapter(
            "Servisni nalozi, preispitivanje i fizički pristup",
            (
                "Servisni nalozi se evidentiraju sa vlasnikom, namjenom i pravima, ne mogu se koristiti za "
                "interaktivnu prijavu i imaju duge slučajne lozinke ili ključeve koji se mijenjaju najmanje jednom "
                "godišnje i kad god ode administrator koji ih je znao.",
                "Prava pristupa registrima, zajedničkim folderima i privilegovanim grupama preispituju vlasnici "
                "zajedno sa licem zaduženim za informacionu bezbjednost svakih šest mjeseci; prava koja se ne "
                "mogu obrazložiti se ukidaju, a preispitivanje se dokumentuje.",
                "Pristup serverskoj sobi i mrežnim ormarima ograničen je na imenovana lica; kartice i ključevi se "
                "izdaju uz potpis, vraćaju pri odlasku, a spisak se preispituje svakih šest mjeseci.",
            ),
        ),
    ),
    compliance=(
        When(
            "annex.no_mfa",
            (
                Para(
                    "Sistemi navedeni u Prilogu 1 još ne ispunjavaju zahtjev 6.3.2; {{ annex.suppliers_no_mfa }} "
                    "pristupa dobavljača iz Priloga 2 je bez višefaktorske autentifikacije i oni su prvi prioritet "
                    "plana tretmana za ovu politiku."
                ),
            ),
        ),
    ),
)


def annexes(b: TemplateBuilder, lang: Lang) -> None:
    """Annex 1 systems without MFA, 2 supplier remote access."""
    word = COMMON[lang].annex_word
    b.heading(f"{word} 1. " + pick(lang, "Sistemi bez višefaktorske autentifikacije",
                                   "Systems without multi-factor authentication"), 2)
    annex_table(
        b, lang, items="annex.no_mfa",
        headers=[pick(lang, "Sistem", "System"), pick(lang, "Vrsta", "Kind"), pick(lang, "Zona", "Zone"),
                 pick(lang, "Izloženost", "Exposure"), pick(lang, "Pristup dobavljača", "Supplier access")],
        cells=["{{ r.system }}", "{{ r.kind }}", "{{ r.zone }}", "{{ r.exposure }}", "{{ r.suppliers }}"],
        widths_cm=(4.6, 2.8, 3.6, 2.2, 3.4),
    )
    b.heading(f"{word} 2. " + pick(lang, "Udaljeni pristup dobavljača", "Supplier remote access"), 2)
    annex_table(
        b, lang, items="annex.suppliers",
        headers=[pick(lang, "Dobavljač", "Supplier"), pick(lang, "Način", "Method"), "MFA",
                 pick(lang, "Stalno uključen", "Always on"), pick(lang, "Sistemi", "Systems"),
                 pick(lang, "Bezbjednosne odredbe ugovora", "Security clauses in contract")],
        cells=["{{ r.supplier }}", "{{ r.method }}", "{{ r.mfa }}", "{{ r.always_on }}", "{{ r.targets }}",
               "{{ r.clauses }}"],
        widths_cm=(3.4, 2.2, 1.2, 1.8, 5.0, 3.0),
    )


POLICY = PolicyDef(
    number=3,
    slug="access-control",
    title=POLICY_TITLES[3],
    text={Lang.en: EN, Lang.cnr: CNR},
    annexes=annexes,
    annex_count=2,
)
