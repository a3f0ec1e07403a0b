"""Texts of the Risk and Security Analysis report in Montenegrin (ijekavian Latin) and English.

Static prose goes into the per-language docx template (built from code by
:mod:`policy_templates.report.builder`) and the HTML page; short labels of
controlled vocabularies that :mod:`policy_templates.i18n` does not cover live
here too. Free text from the inventory is never translated.
"""

from __future__ import annotations

from typing import Final

from policy_templates.i18n import Lang, as_lang
from policy_templates.i18n import label as base_label
from risk_analyzer.pathtext import entry_names

# --------------------------------------------------------------------------- labels

_EXTRA_LABELS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "exposure": {
        "none": ("nije izložen", "not exposed"),
        "low": ("niska", "low"),
        "medium": ("srednja", "medium"),
        "high": ("visoka", "high"),
        "very_high": ("vrlo visoka", "very high"),
    },
    # the analysis names entry points in both languages; the report uses the same names
    "entry_point": {code: (name.cnr, name.en) for code, name in entry_names().items()},  # from analysis.po
    "effort": {"quick_win": ("brza mjera", "quick win"), "project": ("projekat", "project")},
    "status": {
        "open": ("otvoren", "open"),
        "in_progress": ("u obradi", "in progress"),
        "accepted": ("prihvaćen", "accepted"),
        "mitigated": ("umanjen", "mitigated"),
        "false_positive": ("lažno pozitivan", "false positive"),
    },
    "subject_type": {
        "asset": ("sredstvo", "asset"),
        "data": ("informaciono sredstvo", "information asset"),
        "service": ("usluga", "service"),
        "zone": ("mrežna zona", "network zone"),
        "supplier": ("dobavljač", "supplier"),
        "flow": ("dozvoljeni saobraćaj", "zone flow"),
        "link": ("komunikaciona veza", "link"),
        "municipality": ("opština", "municipality"),
    },
    "cia": {"C": ("povjerljivost", "confidentiality"), "I": ("integritet", "integrity"),
            "A": ("dostupnost", "availability")},
    "source": {"rule": ("pravilo", "rule"), "scan": ("skeniranje", "scan")},
}


def label(group: str, value: object, lang: str | Lang) -> str:
    """A vocabulary label: the report's own groups first, then :func:`policy_templates.i18n.label`."""
    code = as_lang(lang)
    entry = _EXTRA_LABELS.get(group, {}).get(str(getattr(value, "value", value)))
    if entry is None:
        return base_label(group, value, code)
    return entry[0] if code is Lang.cnr else entry[1]


# --------------------------------------------------------------------------- document texts

#: key -> (cnr, en)
_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "title": ("Analiza rizika i bezbjednosti mrežnih i informacionih sistema",
              "Risk and Security Analysis of Network and Information Systems"),
    "draft": ("NACRT – radni dokument za internu upotrebu", "DRAFT – working document for internal use"),
    "confidential": (
        "Dokument opisuje slabosti sistema opštine. Čuvati kao povjerljiv i dijeliti samo sa ovlašćenim licima.",
        "This document describes weaknesses of the municipality's systems. Keep it confidential and share it only "
        "with authorised persons."),
    "doc_control": ("Podaci o dokumentu", "Document control"),
    "municipality": ("Opština", "Municipality"),
    "code": ("Oznaka", "Code"),
    "entity_class": ("Kategorija prema Zakonu", "Category under the Law"),
    "as_of": ("Stanje na dan", "As of"),
    "security_officer": ("Lice odgovorno za informacionu bezbjednost", "Security officer"),
    "head": ("Rukovodilac", "Head of the municipality"),
    "tool": ("Alat i verzija kataloga", "Tool and catalogue version"),
    "scan": ("Skeniranje mreže", "Network scan"),
    "scan_none": ("nije korišćeno (analiza samo na osnovu popisa)", "not used (analysis of the inventory only)"),
    "not_named": ("nije imenovano", "not named"),
    # 1
    "h_summary": ("1. Rezime za rukovodstvo", "1. Executive summary"),
    "summary_intro": (
        "Ovaj izvještaj prikazuje rezultat analize rizika po mrežne i informacione sisteme opštine, urađene na "
        "osnovu popisa sredstava, mrežnih zona, registara i usluga, kao i samoprocjene organizacionih mjera. "
        "Rizici su procijenjeni prema vjerovatnoći i uticaju na matrici 5×5; za svaki rizik navedeni su dokazi, "
        "postojeće i planirane mjere i preostali (rezidualni) rizik.",
        "This report presents the result of the risk analysis of the municipality's network and information "
        "systems, based on the inventory of assets, network zones, registers and services, and on the "
        "self-assessment of organisational measures. Risks are rated by likelihood and impact on a 5×5 matrix; for "
        "each risk the evidence, the existing and planned controls and the remaining (residual) risk are given."),
    "counts_title": ("Broj rizika po nivou", "Risks per level"),
    "col_level": ("Nivo", "Level"),
    "col_inherent": ("Inherentni", "Inherent"),
    "col_residual": ("Rezidualni", "Residual"),
    "col_active": ("Aktivni", "Active"),
    "key_messages": ("Ključne poruke", "Key messages"),
    "top_risks": ("Najveći rizici", "Top risks"),
    # 2
    "h_method": ("2. Obuhvat i metodologija", "2. Scope and method"),
    "method_scope": (
        "Obuhvat čine sva sredstva, mrežne zone, informaciona sredstva (registri, baze podataka, dokumenti), "
        "elektronske usluge i dobavljači navedeni u popisu opštine. Analiza slijedi pristup upravljanja rizicima "
        "koji zahtijevaju Zakon o informacionoj bezbjednosti (2024) i Direktiva NIS2, uz korišćenje metodologije "
        "BSI 200-2/200-3 za utvrđivanje potreba zaštite i standarda ISO/IEC 27001:2022 i ISO/IEC 27005 kao "
        "referenci.",
        "The scope covers every asset, network zone, information asset (registers, databases, documents), "
        "e-service and supplier listed in the municipality's inventory. The analysis follows the risk-management "
        "approach required by the Law on Information Security (2024) and the NIS2 Directive, using the BSI "
        "200-2/200-3 method to establish protection needs and ISO/IEC 27001:2022 and ISO/IEC 27005 as references."),
    "scope_title": ("Obuhvat analize", "Scope of the analysis"),
    "count_zones": ("Mrežne zone", "Network zones"),
    "count_assets": ("Sredstva (stavke popisa / uređaji)", "Assets (inventory rows / devices)"),
    "count_data": ("Informaciona sredstva (registri, baze, dokumenti)",
                   "Information assets (registers, databases, documents)"),
    "count_services": ("Elektronske usluge i procesi", "E-services and processes"),
    "count_suppliers": ("Dobavljači", "Suppliers"),
    "count_risks": ("Utvrđeni rizici / nalazi", "Risks / findings"),
    "units_title": ("Organizacione jedinice", "Organisational units"),
    "h_needs": ("2.1 Potrebe zaštite i princip maksimuma", "2.1 Protection needs and the maximum principle"),
    "method_needs": (
        "Za svako informaciono sredstvo i uslugu utvrđuju se potrebe zaštite za povjerljivost, integritet i "
        "dostupnost na skali normalna – visoka – vrlo visoka. Potrebe se nasljeđuju po principu maksimuma: usluga "
        "prenosi svoje potrebe na podatke koje koristi, podaci na sredstva koja ih čuvaju ili obrađuju, aplikacije "
        "na sisteme na kojima rade, a virtuelne mašine na hipervizore. Mrežni uređaji jedne zone nose potrebu "
        "dostupnosti te zone. Za svaku naslijeđenu vrijednost navodi se njeno porijeklo.",
        "For every information asset and service the protection needs for confidentiality, integrity and "
        "availability are set on the scale normal – high – very high. Needs are inherited by the maximum "
        "principle: a service passes its needs to the data it uses, data to the assets that store or process "
        "them, applications to the systems they run on, and virtual machines to their hypervisors. Network devices "
        "of a zone carry the availability need of that zone. Every inherited value states where it came from."),
    "h_scales": ("2.2 Skale vjerovatnoće i uticaja", "2.2 Likelihood and impact scales"),
    "method_scales": (
        "Vjerovatnoća polazi od osnovne vrijednosti pravila slabosti i mijenja se prema izloženosti sredstva i "
        "mjerama koje su već primijenjene. Uticaj se izvodi iz najviše potrebe zaštite svojstva (povjerljivost, "
        "integritet, dostupnost) koje prijetnja pogađa.",
        "Likelihood starts from the base value of the weakness rule and changes with the exposure of the asset and "
        "the controls already in place. Impact follows from the highest protection need of the property "
        "(confidentiality, integrity, availability) the threat affects."),
    "likelihood": ("Vjerovatnoća", "Likelihood"),
    "impact": ("Uticaj", "Impact"),
    "col_value": ("Vrijednost", "Value"),
    "col_label": ("Naziv", "Name"),
    "col_description": ("Opis", "Description"),
    "h_matrix": ("2.3 Matrica rizika 5×5", "2.3 The 5×5 risk matrix"),
    "matrix_intro": (
        "Nivo rizika određuje se u presjeku vjerovatnoće (redovi) i uticaja (kolone). Rezidualni rizik računa se "
        "na isti način, uzimajući u obzir planirane mjere.",
        "The risk level is read where likelihood (rows) and impact (columns) meet. Residual risk is computed the "
        "same way, counting the planned controls."),
    "need_impact": ("Potreba zaštite i uticaj", "Protection need and impact"),
    "col_need": ("Potreba zaštite", "Protection need"),
    # 3
    "h_context": ("3. Kontekst: mreža i zone", "3. Context: network and zones"),
    "context_intro": (
        "Slika prikazuje mrežne zone kao okvire, a sredstva kao tačke obojene prema najvišem nivou rizika koji se "
        "na njih odnosi. Ulazne tačke napadača (internet, mreža za goste, fišing, daljinski pristup dobavljača) "
        "prikazane su izvan zona.",
        "The figure shows network zones as boxes and assets as dots coloured by the highest risk level that "
        "concerns them. The attacker's entry points (internet, guest network, phishing, supplier remote access) "
        "are shown outside the zones."),
    "figure_network": ("Slika 1. Mrežni dijagram opštine (boja = najviši nivo rizika)",
                       "Figure 1. Network diagram of the municipality (colour = highest risk level)"),
    "zones_title": ("Mrežne zone", "Network zones"),
    "col_zone": ("Zona", "Zone"),
    "col_kind": ("Vrsta", "Kind"),
    "col_cidrs": ("Adresni opseg", "Address range"),
    "col_assets": ("Sredstva", "Assets"),
    "suppliers_title": ("Dobavljači sa pristupom", "Suppliers with access"),
    "col_supplier": ("Dobavljač", "Supplier"),
    "col_method": ("Način pristupa", "Access method"),
    "col_mfa": ("MFA", "MFA"),
    "col_targets": ("Sistemi", "Systems"),
    "col_clauses": ("Bezbjednosne klauzule u ugovoru", "Security clauses in contract"),
    # 4
    "h_assets": ("4. Sredstva i naslijeđene potrebe zaštite", "4. Assets and inherited protection needs"),
    "assets_intro": (
        "Tabela prikazuje sredstva sa najvišim nivoom rizika, njihove naslijeđene potrebe zaštite (P = "
        "povjerljivost, I = integritet, D = dostupnost) i izloženost. Potpun spisak nalazi se u Prilogu A.",
        "The table shows the assets with the highest risk level, their inherited protection needs (C = "
        "confidentiality, I = integrity, A = availability) and exposure. The full list is in Annex A."),
    "col_asset": ("Sredstvo", "Asset"),
    "col_c": ("P", "C"),
    "col_i": ("I", "I"),
    "col_a": ("D", "A"),
    "col_exposure": ("Izloženost", "Exposure"),
    "col_risk": ("Rizik", "Risk"),
    "data_title": ("Informaciona sredstva (registri i podaci)", "Information assets (registers and data)"),
    "col_data": ("Informaciono sredstvo", "Information asset"),
    "col_classification": ("Klasifikacija", "Classification"),
    "col_personal": ("Lični podaci", "Personal data"),
    "col_stored_on": ("Čuva se na", "Stored on"),
    "services_title": ("Elektronske usluge", "E-services"),
    "col_service": ("Usluga", "Service"),
    "col_rto": ("RTO (h)", "RTO (h)"),
    "col_rpo": ("RPO (h)", "RPO (h)"),
    "col_spof": ("Jedinstvene tačke otkaza", "Single points of failure"),
    # 5
    "h_findings": ("5. Prijetnje i slabosti", "5. Threats and weaknesses"),
    "findings_intro": (
        "Slabosti su utvrđene pravilima kataloga prijetnji primijenjenim na popis i, kada postoji, na rezultat "
        "skeniranja mreže. Svaki nalaz navodi pravilo, predmet i dokaz; dokazi su u cjelini dati u Prilogu B.",
        "Weaknesses were found by the rules of the threat catalogue applied to the inventory and, when available, "
        "to the result of a network scan. Each finding names the rule, the subject and the evidence; the full "
        "evidence is in Annex B."),
    "threats_title": ("Prijetnje na koje se rizici odnose", "Threats the risks refer to"),
    "col_threat": ("Prijetnja", "Threat"),
    "col_count": ("Broj rizika", "Risks"),
    "col_rule": ("Pravilo", "Rule"),
    "col_finding": ("Nalaz", "Finding"),
    "col_subject": ("Predmet", "Subject"),
    # 6
    "h_register": ("6. Registar rizika", "6. Risk register"),
    "register_intro": (
        "Registar sadrži sve utvrđene rizike, poređane po ocjeni (vjerovatnoća × uticaj). V = vjerovatnoća, "
        "U = uticaj.",
        "The register holds every risk found, ordered by score (likelihood × impact). L = likelihood, I = impact."),
    "col_no": ("R. br.", "No."),
    "col_l": ("V", "L"),
    "col_im": ("U", "I"),
    "col_score": ("Ocjena", "Score"),
    "col_controls": ("Potrebne mjere", "Controls needed"),
    "col_status": ("Status", "Status"),
    "h_heatmap": ("7. Toplotna mapa rizika", "7. Risk heat map"),
    "heatmap_intro": (
        "Toplotna mapa prikazuje broj rizika u svakom polju matrice (inherentni rizik).",
        "The heat map shows the number of risks in each cell of the matrix (inherent risk)."),
    "figure_heatmap": ("Slika 2. Toplotna mapa: broj rizika po vjerovatnoći i uticaju",
                       "Figure 2. Heat map: number of risks by likelihood and impact"),
    # 8
    "h_paths": ("8. Putanje napada do najvažnijih podataka", "8. Attack paths to the crown jewels"),
    "paths_intro": (
        "Za svako informaciono sredstvo sa visokom ili vrlo visokom potrebom zaštite prikazana je najjeftinija "
        "putanja napadača od ulazne tačke, korak po korak. Putanje su izračunate algoritmom najkraćeg puta po "
        "dozvoljenim tokovima između zona i vezama između sistema.",
        "For every information asset with a high or very high protection need, the attacker's cheapest path from "
        "an entry point is shown hop by hop. Paths are computed with a shortest-path algorithm over the allowed "
        "zone flows and the links between systems."),
    "no_paths": ("Nije pronađena putanja napada do informacionih sredstava sa visokom potrebom zaštite.",
                 "No attack path to an information asset with a high protection need was found."),
    "path_target": ("Cilj", "Target"),
    "path_entry": ("Ulazna tačka", "Entry point"),
    "path_cost": ("Cijena putanje", "Path cost"),
    "col_step": ("Korak", "Step"),
    "col_node": ("Čvor", "Node"),
    "col_via": ("Način prelaska", "How"),
    # 9
    "h_treatment": ("9. Plan tretmana rizika (mapa puta)", "9. Risk treatment plan (roadmap)"),
    "treatment_intro": (
        "Mjere su poređane prema odnosu smanjenja rizika i potrebnog napora. Brze mjere mogu se sprovesti u "
        "roku od nekoliko sedmica postojećim kapacitetima; projekti zahtijevaju planiranje, budžet ili nabavku.",
        "Actions are ordered by risk reduction per effort. Quick wins can be done within a few weeks with existing "
        "staff; projects need planning, budget or procurement."),
    "quick_wins": ("9.1 Brze mjere (prvih 90 dana)", "9.1 Quick wins (first 90 days)"),
    "projects": ("9.2 Projekti (6–24 mjeseca)", "9.2 Projects (6–24 months)"),
    "no_actions": ("Nema mjera u ovoj grupi.", "No actions in this group."),
    "col_action": ("Mjera", "Action"),
    "col_risks": ("Rizici", "Risks"),
    "col_reduction": ("Smanjenje rizika", "Risk reduction"),
    "col_max_level": ("Najviši nivo", "Highest level"),
    "col_where": ("Gdje", "Where"),
    # 10
    "h_compliance": ("10. Usklađenost sa Zakonom i Direktivom NIS2", "10. Compliance with the Law and NIS2"),
    "compliance_intro": (
        "Stanje je procijenjeno po oblastima mjera Zakona o informacionoj bezbjednosti (2024) i po stavkama "
        "člana 21(2) Direktive NIS2, na osnovu samoprocjene mjera, mjera primijenjenih na sredstva i otvorenih "
        "rizika. Brojevi članova Zakona nijesu potvrđeni, pa se oblasti navode po sadržaju.",
        "The state is assessed per measure area of the Law on Information Security (2024) and per item of "
        "Article 21(2) of the NIS2 Directive, from the self-assessed measures, the controls applied to assets and "
        "the open risks. Article numbers of the Law are not confirmed, so areas are named by their content."),
    "law_title": ("10.1 Oblasti mjera prema Zakonu", "10.1 Measure areas under the Law"),
    "nis2_title": ("10.2 Direktiva NIS2, član 21(2)", "10.2 NIS2 Directive, Article 21(2)"),
    "col_item": ("Stavka", "Item"),
    "col_area": ("Oblast", "Area"),
    "col_state": ("Stanje", "State"),
    "col_evidence": ("Obrazloženje", "Evidence"),
    "col_open": ("Otvoreni rizici", "Open risks"),
    # annexes
    "h_annex_a": ("Prilog A. Potpun spisak sredstava", "Annex A. Full list of assets"),
    "col_id": ("Oznaka", "Id"),
    "col_name": ("Naziv", "Name"),
    "col_os": ("Operativni sistem", "Operating system"),
    "col_owner": ("Vlasnik", "Owner"),
    "col_eol": ("Bez podrške", "End of support"),
    "h_annex_b": ("Prilog B. Dokazi za nalaze", "Annex B. Evidence of the findings"),
    "col_source": ("Izvor", "Source"),
    "h_annex_c": ("Prilog C. Napomene o ograničenjima", "Annex C. Limitations"),
    "limitations": (
        "Analiza se oslanja na popis i samoprocjenu koje je dostavila opština; netačni ili nepotpuni podaci "
        "daju nepotpun rezultat. Rezultat skeniranja, kada je korišćen, odražava stanje u trenutku skeniranja. "
        "Brojevi članova Zakona o informacionoj bezbjednosti i rokovi za prijavu incidenata navedeni su kao "
        "pretpostavke dok se ne potvrde podzakonskim aktima. Izvještaj treba ažurirati najmanje jednom godišnje i "
        "nakon svake značajne promjene sistema.",
        "The analysis relies on the inventory and self-assessment provided by the municipality; incorrect or "
        "incomplete data give an incomplete result. A scan result, when used, reflects the state at the time of "
        "the scan. Article numbers of the Law on Information Security and incident-reporting deadlines are "
        "assumptions until confirmed by secondary legislation. The report should be updated at least once a year "
        "and after every significant change of the systems."),
    # html
    "html_graph": ("Mreža", "Network"),
    "html_graph_help": ("Povucite za pomjeranje, točkić miša za uvećanje; kliknite čvor za detalje.",
                        "Drag to pan, mouse wheel to zoom; click a node for details."),
    "html_filter": ("Filter (tekst)", "Filter (text)"),
    "html_all_levels": ("Svi nivoi", "All levels"),
    "html_shown": ("Prikazano", "Shown"),
    "html_of": ("od", "of"),
    "html_details": ("Detalji", "Details"),
    "html_click_node": ("Kliknite čvor na grafu.", "Click a node in the graph."),
    "html_no_risk": ("bez rizika", "no risk"),
    "html_reset": ("Vrati prikaz", "Reset view"),
    "html_sort_hint": ("Kliknite zaglavlje kolone za sortiranje.", "Click a column header to sort."),
    "outside": ("Van mreže opštine", "Outside the municipal network"),
    "information": ("Informaciona sredstva", "Information assets"),
}


def text(key: str, lang: str | Lang) -> str:
    """A report text in ``lang``; a missing key is a programming error (KeyError)."""
    cnr, en = _TEXTS[key]
    return cnr if as_lang(lang) is Lang.cnr else en


def all_keys() -> list[str]:
    return sorted(_TEXTS)
