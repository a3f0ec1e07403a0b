"""The inventory of a municipality's network and information systems (format version 1).

Strict pydantic v2 models: unknown fields are rejected (the loader adds the
closest valid name as a hint), closed sets are enums, and validation happens
once, at the boundary (:func:`asset_models.loaders.load_inventory`). Checks
that span several sections (references, CIDRs, cycles) live in
:mod:`asset_models.validation`. Nothing here renders or analyses.
"""

from __future__ import annotations

import ipaddress
import re
import types
import typing
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

INVENTORY_FORMAT_VERSION = 1


# --------------------------------------------------------------------------- local habits
#
# A town-hall officer writes dates as 31.12.2025., answers da/ne and types
# "Printer". Where the meaning is unambiguous the value is normalised before
# validation and a note is recorded (the loader reports each kind of note once);
# nothing ambiguous is guessed. Notes go to ``context["notes"]`` when the
# validation context has such a list.

#: local words for booleans (Montenegrin, Latin and Cyrillic)
LOCAL_BOOLEANS: dict[str, bool] = {"da": True, "ne": False, "да": True, "не": False}
#: local words for measure answers
LOCAL_MEASURE_STATES: dict[str, str] = {
    "da": "yes", "ne": "no", "djelimično": "partial", "djelimicno": "partial", "djelimicno.": "partial",
    "да": "yes", "не": "no", "дјелимично": "partial", "djelomično": "partial", "djelomicno": "partial",
}
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$")

#: messages of the inventory's own checks: error type -> English template ({name} placeholders);
#: the loader translates them through the ``messages`` catalogue
CUSTOM_MESSAGES: dict[str, str] = {
    "cidr_type": "a CIDR is written as text, for example 10.20.1.0/24 (got {value})",
    "cidr_prefix": "'{value}' has no prefix length; write it as a network, for example {value}/24",
    "cidr_invalid": "'{value}' is not a valid CIDR; write it like 10.20.1.0/24",
    "cidr_host_bits": "'{value}' has host bits set; the network is {network}",
    "address_type": "an IP address is written as text, for example 10.20.1.15 (got {value})",
    "address_invalid": "'{value}' is not a valid IPv4 or IPv6 address; write it like 10.20.1.15",
    "port_spec": "'{value}' is not a port; write tcp/443, udp/53 or a range like tcp/8000-8100",
    "port_spec_range": "'{value}': ports go from 1 to 65535",
    "port_spec_order": "'{value}': the range ends before it starts",
    "ports_shape": "ports must be 'any' or a non-empty list like [tcp/443, udp/53]",
    "port_type": "'{value}' is not a port; write tcp/443 or udp/53 (protocol/port)",
}


def _error(kind: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, CUSTOM_MESSAGES[kind], params)


def note(info: ValidationInfo | None, kind: str, value: Any) -> None:
    """Record that a local habit was normalised (``kind``: date_dotted, letter_case, local_word)."""
    context = info.context if info is not None else None
    if isinstance(context, dict):
        notes = context.get("notes")
        if isinstance(notes, list):
            notes.append((kind, str(value)))


_HABITS: dict[type[BaseModel], tuple[tuple[str, str, Any], ...]] = {}


def _habit_fields(cls: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(key, kind, enum class) of the fields where local habits apply, cached per model."""
    cached = _HABITS.get(cls)
    if cached is not None:
        return cached
    found: list[tuple[str, str, Any]] = []
    for name, info in cls.model_fields.items():
        key = info.alias or name
        args = typing_args(info.annotation)
        enums = [a for a in args if isinstance(a, type) and issubclass(a, Enum)]
        if enums:
            found.append((key, "enum", enums[0]))
        elif bool in args:
            found.append((key, "bool", None))
        elif date in args:
            found.append((key, "date", None))
    result = tuple(found)
    _HABITS[cls] = result
    return result


def typing_args(annotation: Any) -> tuple[Any, ...]:
    """The plain types inside an annotation like ``Kind | None``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return typing_args(typing.get_args(annotation)[0])
    if origin is None:
        return (annotation,)
    if origin in (typing.Union, types.UnionType):
        out: tuple[Any, ...] = ()
        for arg in typing.get_args(annotation):
            out += typing_args(arg)
        return out
    return ()


def enum_value(enum_cls: type[Enum], text: str) -> str | None:
    """The member value ``text`` means when only letter case, spaces or '-' differ; else None."""
    wanted = text.strip().lower().replace(" ", "_").replace("-", "_")
    for member in enum_cls:
        if str(member.value) == wanted:
            return str(member.value)
    return None


def local_date(text: str) -> str | None:
    """'31.12.2025' or '31.12.2025.' as '2025-12-31' (None when not that form or not a real day)."""
    match = _DOTTED_DATE.match(text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


class StrictModel(BaseModel):
    """Base of every inventory model: unknown fields are errors; unambiguous local habits are read."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        populate_by_name=True,
        use_enum_values=False,
    )

    @model_validator(mode="before")
    @classmethod
    def _local_habits(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data
        changed: dict[str, Any] | None = None
        for key, kind, enum_cls in _habit_fields(cls):
            value = data.get(key)
            if not isinstance(value, str):
                continue
            fixed: Any = None
            if kind == "enum":
                if value in enum_cls._value2member_map_:
                    continue
                fixed = enum_value(enum_cls, value)
                habit = "letter_case"
            elif kind == "bool":
                fixed = LOCAL_BOOLEANS.get(value.strip().lower())
                habit = "local_word"
            else:
                fixed = local_date(value)
                habit = "date_dotted"
            if fixed is not None:
                if changed is None:
                    changed = dict(data)
                changed[key] = fixed
                note(info, habit, value)
        return changed if changed is not None else data


# --------------------------------------------------------------------------- enums


class EntityClass(str, Enum):
    """Classification of the body under the Law on Information Security (2024)."""

    key = "key"
    important = "important"
    other = "other"
    unknown = "unknown"


class MunicipalityKind(str, Enum):
    """The type of local self-government unit; it decides who issues the municipality's acts."""

    municipality = "municipality"  # opština: the predsjednik opštine issues internal acts
    capital_city = "capital_city"  # Glavni grad Podgorica: the gradonačelnik
    old_royal_capital = "old_royal_capital"  # Prijestonica Cetinje: the gradonačelnik


class ZoneKind(str, Enum):
    internet = "internet"
    government_network = "government_network"
    partner = "partner"
    cloud = "cloud"
    dmz = "dmz"
    internal = "internal"
    server = "server"
    management = "management"
    backup = "backup"
    guest = "guest"
    wireless = "wireless"
    voip = "voip"
    iot = "iot"
    vpn = "vpn"


#: zones that stand for parties outside the town hall's own network
EXTERNAL_ZONE_KINDS = frozenset({ZoneKind.internet, ZoneKind.government_network, ZoneKind.partner, ZoneKind.cloud})
#: zones where staff work (phishing lands here)
USER_ZONE_KINDS = frozenset({ZoneKind.internal, ZoneKind.wireless, ZoneKind.vpn})


class AssetKind(str, Enum):
    server = "server"
    workstation = "workstation"
    laptop = "laptop"
    router = "router"
    switch = "switch"
    firewall = "firewall"
    wireless_ap = "wireless_ap"
    nas = "nas"
    printer = "printer"
    phone = "phone"
    iot = "iot"
    camera = "camera"
    hypervisor = "hypervisor"
    cloud_service = "cloud_service"
    application = "application"
    database = "database"
    website = "website"


NETWORK_DEVICE_KINDS = frozenset({AssetKind.router, AssetKind.switch, AssetKind.firewall, AssetKind.wireless_ap})
ENDPOINT_KINDS = frozenset({AssetKind.workstation, AssetKind.laptop})
SOFTWARE_KINDS = frozenset({AssetKind.application, AssetKind.database, AssetKind.website, AssetKind.cloud_service})


class Protocol(str, Enum):
    tcp = "tcp"
    udp = "udp"


class NeedLevel(str, Enum):
    """Protection need of a CIA property (BSI 200-2 scale)."""

    normal = "normal"
    high = "high"
    very_high = "very_high"

    @property
    def rank(self) -> int:
        return _NEED_RANK[self]


_NEED_RANK = {NeedLevel.normal: 1, NeedLevel.high: 2, NeedLevel.very_high: 3}


class Classification(str, Enum):
    public = "public"
    internal = "internal"
    confidential = "confidential"
    secret = "secret"


class DataKind(str, Enum):
    register = "register"
    database = "database"
    documents = "documents"
    mailbox = "mailbox"
    website_content = "website_content"


class ExchangeChannel(str, Enum):
    gsb = "gsb"
    api = "api"
    sftp = "sftp"
    web_portal = "web_portal"
    email = "email"
    usb = "usb"
    paper = "paper"
    fax = "fax"
    other = "other"


#: channels that count as structured electronic exchange through the Government Service Bus
GSB_CHANNELS = frozenset({ExchangeChannel.gsb})


class Direction(str, Enum):
    provide = "provide"
    consume = "consume"
    both = "both"


class RemoteMethod(str, Enum):
    vpn = "vpn"
    rdp = "rdp"
    ssh = "ssh"
    teamviewer = "teamviewer"
    anydesk = "anydesk"
    web = "web"
    other = "other"


#: remote-desktop tools that bypass the perimeter
REMOTE_DESKTOP_TOOLS = frozenset({RemoteMethod.teamviewer, RemoteMethod.anydesk, RemoteMethod.rdp})


class MeasureState(str, Enum):
    yes = "yes"
    partial = "partial"
    no = "no"


class ServiceAudience(str, Enum):
    citizens = "citizens"
    businesses = "businesses"
    internal = "internal"
    government = "government"


# --------------------------------------------------------------------------- scalar types

Identifier = Annotated[
    str,
    Field(
        min_length=1,
        max_length=80,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        description="Identifier: letters, digits, '.', '_' and '-', starting with a letter or digit.",
    ),
]


def _text_version(value: Any) -> Any:
    """YAML turns `version: 2014` into a number; versions are text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return value


VersionText = Annotated[
    str,
    BeforeValidator(_text_version),
    WithJsonSchema({"type": ["string", "number"], "description": "Version, e.g. '2012 R2' or 10"}),
]


def _parse_network(value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    if isinstance(value, (ipaddress.IPv4Network, ipaddress.IPv6Network)):
        return value
    if not isinstance(value, str):
        raise _error("cidr_type", value=repr(value))
    text = value.strip()
    if "/" not in text:
        raise _error("cidr_prefix", value=text)
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            fixed = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise _error("cidr_invalid", value=text) from None
        raise _error("cidr_host_bits", value=text, network=str(fixed)) from None


def _parse_address(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return value
    if not isinstance(value, str):
        raise _error("address_type", value=repr(value))
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        raise _error("address_invalid", value=str(value)) from None


Network = Annotated[
    ipaddress.IPv4Network | ipaddress.IPv6Network,
    BeforeValidator(_parse_network),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": "A network in CIDR form, e.g. 10.20.1.0/24"}),
]
Address = Annotated[
    ipaddress.IPv4Address | ipaddress.IPv6Address,
    BeforeValidator(_parse_address),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "description": "An IPv4 or IPv6 address"}),
]

_PORT_SPEC = re.compile(r"^(tcp|udp)/(\d{1,5})(?:-(\d{1,5}))?$")


def _check_port_spec(value: str) -> str:
    text = value.strip().lower()
    match = _PORT_SPEC.match(text)
    if not match:
        raise _error("port_spec", value=value)
    low = int(match.group(2))
    high = int(match.group(3) or low)
    if not (1 <= low <= 65535 and 1 <= high <= 65535):
        raise _error("port_spec_range", value=value)
    if high < low:
        raise _error("port_spec_order", value=value)
    return text


PortSpec = Annotated[str, AfterValidator(_check_port_spec)]


def _parse_ports(value: Any) -> Literal["any"] | list[str]:
    """'any', or a list of port specs (one error message, not one per union branch)."""
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()] if value.strip().lower() != "any" else "any"
    if isinstance(value, list) and [str(v).strip().lower() for v in value] == ["any"]:
        value = "any"
    if value == "any":
        return "any"
    if not isinstance(value, list) or not value:
        raise _error("ports_shape")
    specs = []
    for item in value:
        if not isinstance(item, str):
            raise _error("port_type", value=item)
        specs.append(_check_port_spec(item))
    return specs


Ports = Annotated[
    Literal["any"] | list[str],
    PlainValidator(_parse_ports),
    WithJsonSchema(
        {
            "oneOf": [
                {"const": "any"},
                {"type": "array", "items": {"type": "string", "pattern": r"^(tcp|udp)/\d{1,5}(-\d{1,5})?$"}},
            ]
        }
    ),
]


def parse_port_spec(spec: str) -> tuple[Protocol, int, int]:
    """Split a validated port spec ``tcp/8000-8100`` into (protocol, low, high)."""
    match = _PORT_SPEC.match(spec)
    if not match:  # pragma: no cover - specs are validated at load
        raise ValueError(spec)
    low = int(match.group(2))
    return Protocol(match.group(1)), low, int(match.group(3) or low)


def _yaml_measure_state(value: Any, info: ValidationInfo) -> Any:
    """YAML 1.1 reads unquoted yes/no/on/off as booleans; measures mean the words (da/ne/djelimično too)."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        text = value.strip().lower()
        local = LOCAL_MEASURE_STATES.get(text)
        if local is not None:
            note(info, "local_word", value)
            return local
        if text != value.strip() and text in ("yes", "partial", "no"):
            note(info, "letter_case", value)
        return text
    return value


MeasureValue = Annotated[
    MeasureState,
    BeforeValidator(_yaml_measure_state),
    WithJsonSchema(
        {
            "anyOf": [{"enum": ["yes", "partial", "no"]}, {"type": "boolean"}],
            "description": "yes | partial | no (also da | djelimično | ne; unquoted YAML yes/no read as booleans)",
        }
    ),
]


# --------------------------------------------------------------------------- sections


class Person(StrictModel):
    name: str = Field(min_length=1)
    title: str | None = None
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = None


class Municipality(StrictModel):
    name: str = Field(min_length=1, description="Official name, any Unicode, e.g. 'Opština Primjer'.")
    code: Identifier
    country: str = Field(default="ME", pattern=r"^[A-Z]{2}$")
    entity_class: EntityClass = EntityClass.unknown
    employees: int | None = Field(default=None, ge=0, le=1_000_000)
    it_staff: int | None = Field(default=None, ge=0, le=100_000)
    address: str | None = None
    units: list[str] = Field(default_factory=list, description="Organisational units (secretariats, services).")
    security_officer: Person | None = None
    head: Person | None = None
    kind: MunicipalityKind | None = Field(
        default=None, description="municipality, capital_city (Podgorica) or old_royal_capital (Cetinje); "
        "taken from the name when not given.")
    statute: str | None = Field(default=None, min_length=1, description="Gazette reference of the Statute, "
                                "e.g. '„Službeni list Crne Gore – opštinski propisi”, br. 12/2019'.")
    statute_article: str | None = Field(default=None, min_length=1, description="Article of the Statute on the "
                                        "head's acts, e.g. '58'.")
    repeals: str | None = Field(default=None, min_length=1, description="An earlier act that the information "
                                "security policy replaces (title, number and date), repealed by it.")

    @model_validator(mode="after")
    def _kind_from_name(self) -> Municipality:
        named = (MunicipalityKind.capital_city if re.search(r"\bglavni\s+grad\b", self.name, re.IGNORECASE)
                 else MunicipalityKind.old_royal_capital if re.search(r"\bprijestonic", self.name, re.IGNORECASE)
                 else None)
        if self.kind is None:
            object.__setattr__(self, "kind", named or MunicipalityKind.municipality)
        elif named is not None and self.kind is not named:
            raise ValueError(f"kind '{self.kind.value}' does not match the name '{self.name}' "
                             f"(expected '{named.value}')")
        return self


class Zone(StrictModel):
    id: Identifier
    kind: ZoneKind
    name: str | None = None
    cidrs: list[Network] = Field(default_factory=list)
    vlan: int | None = Field(default=None, ge=1, le=4094)
    description: str | None = None


class ZoneFlow(StrictModel):
    """A firewall rule between zones; everything not listed is denied."""

    from_: Identifier = Field(alias="from")
    to: Identifier
    ports: Ports = Field(description="'any' or a list like [tcp/443, udp/53]")
    description: str | None = None


class OperatingSystem(StrictModel):
    """Operating system or firmware."""

    name: str = Field(min_length=1)
    version: VersionText | None = None
    end_of_support: date | None = None


class NetService(StrictModel):
    """A network service an asset offers (declared; scans add observed ones)."""

    port: int = Field(ge=1, le=65535)
    protocol: Protocol = Protocol.tcp
    name: str | None = None
    product: str | None = None
    version: VersionText | None = None


class Needs(StrictModel):
    """Protection needs for confidentiality, integrity and availability."""

    confidentiality: NeedLevel = NeedLevel.normal
    integrity: NeedLevel = NeedLevel.normal
    availability: NeedLevel = NeedLevel.normal


class Asset(StrictModel):
    id: Identifier
    name: str = Field(min_length=1)
    kind: AssetKind
    zone: Identifier
    quantity: int = Field(default=1, ge=1, le=100_000, description="How many identical devices this row stands for.")
    ips: list[Address] = Field(default_factory=list)
    hostname: str | None = None
    os: OperatingSystem | None = None
    services: list[NetService] = Field(default_factory=list)
    runs_on: Identifier | None = None
    depends_on: list[Identifier] = Field(default_factory=list)
    owner: str | None = None
    location: str | None = None
    vendor: str | None = None
    needs: Needs | None = Field(default=None, description="Own protection needs, if any (inherited needs are added).")
    controls: list[str] = Field(default_factory=list, description="Catalogue control ids in place.")
    planned_controls: list[str] = Field(default_factory=list, description="Catalogue control ids planned.")
    description: str | None = None


class Exchange(StrictModel):
    with_: str = Field(alias="with", min_length=1, description="The other party, e.g. 'Uprava za katastar'.")
    via: ExchangeChannel
    direction: Direction
    legal_basis: str | None = None
    description: str | None = None
    # GovStack Information Mediator checks for exchanges through the GSB (None: not known)
    sharing_agreement: bool | None = Field(default=None, description="A written data-sharing agreement exists.")
    allowed_consumers: list[str] = Field(
        default_factory=list, description="Parties the security server lets consume the service (provider side)."
    )
    message_log: bool | None = Field(default=None, description="Messages are kept in a signed, time-stamped log.")
    tls_to_security_server: bool | None = Field(
        default=None, description="Applications reach the local security server over TLS."
    )


class Data(StrictModel):
    id: Identifier
    name: str = Field(min_length=1)
    kind: DataKind
    personal_data: bool = False
    special_categories: bool = Field(
        default=False, description="Health, social welfare, children ... (sensitive data)."
    )
    classification: Classification = Classification.internal
    needs: Needs = Field(default_factory=Needs)
    legal_basis: str | None = None
    owner: str | None = None
    records: int | None = Field(default=None, ge=0)
    stored_on: list[Identifier] = Field(default_factory=list)
    backup_on: list[Identifier] = Field(default_factory=list, description="Assets that hold backup copies.")
    exchanges: list[Exchange] = Field(default_factory=list)
    description: str | None = None


class Service(StrictModel):
    id: Identifier
    name: str = Field(min_length=1)
    audience: ServiceAudience = ServiceAudience.citizens
    uses: list[Identifier] = Field(default_factory=list)
    runs_on: list[Identifier] = Field(default_factory=list)
    rto_hours: float | None = Field(default=None, gt=0, le=8760)
    rpo_hours: float | None = Field(default=None, ge=0, le=8760)
    needs: Needs | None = None
    owner: str | None = None
    description: str | None = None


class Link(StrictModel):
    from_: Identifier = Field(alias="from")
    to: Identifier
    protocol: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    encrypted: bool = False
    authenticated: bool = False
    carries: list[Identifier] = Field(default_factory=list, description="Data assets that travel over this link.")
    description: str | None = None


class RemoteAccess(StrictModel):
    to: list[Identifier] = Field(min_length=1)
    method: RemoteMethod
    mfa: bool = False
    always_on: bool = False


class Supplier(StrictModel):
    id: Identifier
    name: str = Field(min_length=1)
    provides: str | None = None
    contract_security_clauses: bool = False
    remote_access: RemoteAccess | None = None
    contact: str | None = None


class Inventory(StrictModel):
    """A municipality's inventory (format version 1)."""

    model_config = ConfigDict(title="lsgrisk inventory, format version 1")

    version: Literal[1] = Field(description="Format version; always 1 for now.")
    municipality: Municipality
    zones: list[Zone] = Field(default_factory=list)
    zone_flows: list[ZoneFlow] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    data: list[Data] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    suppliers: list[Supplier] = Field(default_factory=list)
    measures: dict[str, MeasureValue] = Field(
        default_factory=dict, description="Organisational measures: key -> yes | partial | no."
    )

    # Convenience indexes (computed on demand, not stored)
    def asset_index(self) -> dict[str, Asset]:
        return {a.id: a for a in self.assets}

    def zone_index(self) -> dict[str, Zone]:
        return {z.id: z for z in self.zones}

    def data_index(self) -> dict[str, Data]:
        return {d.id: d for d in self.data}

    def service_index(self) -> dict[str, Service]:
        return {s.id: s for s in self.services}

    def supplier_index(self) -> dict[str, Supplier]:
        return {s.id: s for s in self.suppliers}


#: the list sections of an inventory that hold items with an ``id``
ID_SECTIONS: tuple[str, ...] = ("zones", "assets", "data", "services", "suppliers")
