"""Official titles of the six policies in both languages."""

from __future__ import annotations

from policy_templates.i18n import Lang

POLICY_TITLES: dict[int, dict[Lang, str]] = {
    1: {Lang.cnr: "Politika informacione bezbjednosti", Lang.en: "Information Security Policy"},
    2: {
        Lang.cnr: "Politika interoperabilnosti i elektronske razmjene podataka",
        Lang.en: "Interoperability and Electronic Data Exchange Policy",
    },
    3: {
        Lang.cnr: "Politika kontrole pristupa i upravljanja identitetima",
        Lang.en: "Access Control and Identity Management Policy",
    },
    4: {
        Lang.cnr: "Politika rezervnih kopija, kontinuiteta poslovanja i oporavka od katastrofe",
        Lang.en: "Backup, Business Continuity and Disaster Recovery Policy",
    },
    5: {
        Lang.cnr: "Politika upravljanja bezbjednosnim incidentima i njihovog prijavljivanja",
        Lang.en: "Incident Management and Reporting Policy",
    },
    6: {
        Lang.cnr: "Politika upravljanja informacionom imovinom i prihvatljivog korišćenja",
        Lang.en: "Asset Management and Acceptable Use Policy",
    },
}
