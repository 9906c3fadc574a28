"""Build the app's demo organisation, Harbourlight Hotels, into ``resources/demo_hotel_group.xlsx``.

The demo is the first thing a new user sees, so it should look like a real HR export: a head
office and four hotels, mixed team sizes (a housekeeping supervisor with thirty room attendants
next to a two-person bar), people who joined over the years, a couple of namesakes, and ids issued
in hiring order rather than in tree order.

The workbook is committed, and a test rebuilds it and compares, so the output must depend on
nothing but this file: one seeded ``random.Random``, no clock (openpyxl would stamp the save
time into the document properties and every zip entry) and no iteration over ``set`` of strings
(whose order changes with hash randomisation between runs).

Usage, from anywhere::

    python tools/make_demo_org.py              # rewrites resources/demo_hotel_group.xlsx
    python tools/make_demo_org.py -o /tmp/x.xlsx
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

SEED = 1847  # Any fixed number will do; changing it reshuffles every name, date and team size.
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "demo_hotel_group.xlsx"

COMPANY_DOMAIN = "harbourlight-hotels.example"
HEAD_OFFICE = "Head Office"
FOUNDED = dt.date(2009, 3, 2)  # The chief executive's start date; nobody joined earlier.
AS_OF = dt.date(2025, 6, 30)  # The export date the demo pretends to be; nobody starts later.
# Written as the workbook's created/modified time and every zip entry's time, so reruns match.
FIXED_TIMESTAMP = dt.datetime(2025, 7, 1, 9, 0, 0)

PEOPLE_HEADER = (
    "Employee ID",
    "Name",
    "Job Title",
    "Department",
    "Location",
    "Manager ID",
    "Email",
    "Start Date",
)
CUSTOMERS_HEADER = ("Segment", "Description", "Share of revenue")

# Names from many countries, because a hotel group in four European port cities hires widely.
# Any first name may meet any surname, which is what a real multinational staff list looks like.
FIRST_NAMES = (
    "Aaliyah Abdul Adaeze Adriana Agnieszka Ahmed Aiko Alejandro Alessia Amara Amir Ana Anders "
    "Aneta Anjali Arjun Astrid Ayesha Beatriz Bilal Bongani Camille Carmen Catalina Chiamaka "
    "Chloé Ciaran Dariusz Deepa Dimitra Ebony Eilidh Elena Emeka Emil Esra Eun-ji Fatima Femi "
    "Fernanda Finlay Freya Gabriel Giulia Gonzalo Hamza Hannah Harriet Hassan Helga Hyun-woo "
    "Ibrahim Inês Ingrid Isabela Ishaan Jakub Jamal Jasmine João Joaquín Júlia Kalani Karim "
    "Katarzyna Kenji Khadija Kwame Lars Layla Leandro Lena Lucía Mai Malik Mariam Marta Mateus "
    "Mei Mikkel Nadia Naledi Nasser Niamh Nikolai Noor Olga Oliwia Omari Paulo Pilar Priya "
    "Rafael Rania Rashid Rebecca Rhona Rosa Rui Ruth Sadia Samuel Santiago Sara Seo-yeon Siobhan "
    "Sipho Sofia Søren Stella Sunita Tamar Thabo Théo Tiago Tomasz Tove Valentina Vikram "
    "Wanjiru Wei Xavier Yasmin Yaw Yusuf Zainab Zara Zoltan Zuzana"
).split()
LAST_NAMES = (
    "Abubakar Acheampong Adeyemi Ahmadi Almeida Andersen Antunes Appiah Bakker Banerjee Barbosa "
    "Bergström Bianchi Boateng Borges Brennan Campbell Carvalho Castillo Chaudhry Chen Cruz Dahl "
    "Demir Dias Dlamini Doherty Dubois Eze Fagerlund Farouk Ferreira Fraser Gallagher Gonçalves "
    "Guerrero Gupta Haddad Halvorsen Hansen Hashemi Hosseini Ibáñez Iyer Jankowski Jensen Kamara "
    "Kaplan Kariuki Kaur Khumalo Kim Kowalczyk Kristensen Lindahl Lopes MacLeod Mahlangu Marques "
    "Martín Mazur Menon Mensah Molina Moreno Morrison Murray Nakamura Navarro Ndlovu Ng Nielsen "
    "Novak Nowak Nwosu O'Donnell Obi Okonkwo Oliveira Ortiz Osei Owusu Pacheco Patel Pereira "
    "Petersen Pinto Qureshi Rahman Ramos Rasmussen Reid Ribeiro Rocha Romero Ross Ruiz Sadiq "
    "Şahin Salazar Santos Sato Schmidt Sen Serrano Shah Silva Sousa Stewart Suzuki Tan Tavares "
    "Teixeira Thomsen Torres Tran Usman Vasquez Vieira Wiśniewski Wójcik Yamamoto Yildiz Zapata "
    "Zhang Zhou"
).split()
# Letters that Unicode decomposition leaves alone but an email address cannot hold.
EMAIL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "\u0131": "i"})


class Hotel(NamedTuple):
    """One property. The differences between them are what make the demo's teams uneven."""

    name: str
    city: str
    opened: dt.date
    attendant_teams: tuple[tuple[int, int], ...]  # room attendants per supervisor: (low, high)
    servers: tuple[int, int]
    flagship: bool  # a deeper management structure: night manager, head concierge, pastry chef
    banqueting: bool
    spa: bool
    security: bool


HOTELS = (
    Hotel(
        "Harbourlight Tejo",
        "Lisbon",
        dt.date(2011, 5, 2),
        attendant_teams=((26, 32), (10, 13)),
        servers=(6, 9),
        flagship=True,
        banqueting=True,
        spa=True,
        security=True,
    ),
    Hotel(
        "Harbourlight Leith",
        "Edinburgh",
        dt.date(2014, 4, 7),
        attendant_teams=((17, 21),),
        servers=(4, 6),
        flagship=False,
        banqueting=True,
        spa=False,
        security=False,
    ),
    Hotel(
        "Harbourlight Nyhavn",
        "Copenhagen",
        dt.date(2017, 9, 4),
        attendant_teams=((12, 15),),
        servers=(4, 6),
        flagship=False,
        banqueting=False,
        spa=True,
        security=False,
    ),
    Hotel(
        "Harbourlight Marina",
        "Valencia",
        dt.date(2021, 6, 7),
        attendant_teams=((13, 16),),
        servers=(4, 6),
        flagship=False,
        banqueting=True,
        spa=False,
        security=False,
    ),
)

CUSTOMER_SEGMENTS = (
    (
        "Leisure guests",
        "Couples, families and solo travellers who book a room for a short break or a holiday.",
        0.34,
    ),
    (
        "Corporate clients",
        "Companies with agreed rates so their staff have a dependable place to stay on business.",
        0.22,
    ),
    (
        "Event and conference organisers",
        "Planners who hire our meeting rooms and ballrooms, usually with catering and a block of "
        "bedrooms.",
        0.14,
    ),
    (
        "Wedding parties",
        "Couples who hold their ceremony or reception with us, and the guests who stay over.",
        0.07,
    ),
    (
        "Travel agents and online booking partners",
        "Agencies, tour operators and booking sites that resell our rooms for a commission.",
        0.17,
    ),
    (
        "Local diners and spa day guests",
        "Neighbours who come in for a meal, a drink at the bar or a day at the spa without "
        "staying the night.",
        0.06,
    ),
)


class Person:
    """One row of the People sheet, with the links the generator needs while it builds.

    A plain class rather than a dataclass: the test loads this file with importlib, and
    dataclasses with string annotations need their module registered in ``sys.modules``.
    """

    __slots__ = ("department", "id", "location", "manager", "name", "reports", "start", "title")

    def __init__(
        self,
        name: str,
        title: str,
        department: str,
        location: str,
        manager: Person | None,
        start: dt.date,
    ) -> None:
        self.id = ""  # issued once everyone is hired, in order of start date
        self.name = name
        self.title = title
        self.department = department
        self.location = location
        self.manager = manager
        self.start = start
        self.reports: list[Person] = []


class Organisation:
    """Hires people one by one, drawing every name, date and team size from one seeded stream.

    Everything random goes through ``self.random`` in program order, which is what makes the
    output repeatable.
    """

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.people: list[Person] = []
        self._names_in_use: set[str] = set()  # only tested for membership, never iterated

    def hire(
        self,
        title: str,
        department: str,
        location: str,
        manager: Person | None,
        *,
        since: dt.date,
        recent: float = 1.0,
    ) -> Person:
        """Add one person who joined between ``since`` and the export date.

        ``recent`` above 1 pulls start dates towards the export date, as staff turnover does
        for front-line jobs; below 1 pulls them back towards ``since``, as for long-serving
        managers.
        """
        person = Person(
            self._fresh_name(), title, department, location, manager, self._start(since, recent)
        )
        self.people.append(person)
        if manager is not None:
            manager.reports.append(person)
        return person

    def team(
        self,
        size: tuple[int, int],
        title: str,
        department: str,
        location: str,
        manager: Person,
        *,
        since: dt.date,
        recent: float = 1.7,
    ) -> list[Person]:
        """Hire between ``size[0]`` and ``size[1]`` people with one title under one manager."""
        low, high = size
        return [
            self.hire(title, department, location, manager, since=since, recent=recent)
            for _ in range(self.random.randint(low, high))
        ]

    def _fresh_name(self) -> str:
        # Namesakes are added on purpose later; chance ones would make their number arbitrary.
        while True:
            name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"
            if name not in self._names_in_use:
                self._names_in_use.add(name)
                return name

    def _start(self, since: dt.date, recent: float) -> dt.date:
        since = max(since, FOUNDED)
        days = (AS_OF - since).days
        start = AS_OF - dt.timedelta(days=round(days * self.random.random() ** recent))
        # People start on a Monday; step back to one if the next would pass the export date.
        monday = start + dt.timedelta(days=-start.weekday() % 7)
        return monday if monday <= AS_OF else monday - dt.timedelta(days=7)


def build_organisation(seed: int = SEED) -> list[Person]:
    """The whole group, ids issued, in id order."""
    org = Organisation(seed)
    ceo = org.hire("Chief Executive Officer", "Executive", HEAD_OFFICE, None, since=FOUNDED)
    ceo.start = FOUNDED  # the founder, so HL0001
    early = FOUNDED + dt.timedelta(days=120)
    org.hire("Executive Assistant", "Executive", HEAD_OFFICE, ceo, since=early)
    coo = org.hire("Chief Operating Officer", "Operations", HEAD_OFFICE, ceo, since=early)
    cfo = org.hire("Chief Financial Officer", "Finance", HEAD_OFFICE, ceo, since=early)
    cco = org.hire("Chief Commercial Officer", "Sales & Marketing", HEAD_OFFICE, ceo, since=early)
    hrd = org.hire("HR Director", "Human Resources", HEAD_OFFICE, ceo, since=early)

    _staff_operations(org, coo)
    _staff_finance_and_it(org, cfo)
    _staff_commercial(org, cco)
    _staff_people_team(org, hrd)
    for hotel in HOTELS:
        _staff_hotel(org, coo, hotel)

    _add_namesakes(org, pairs=2)
    _issue_ids(org.people)
    return sorted(org.people, key=lambda person: person.id)


def _staff_operations(org: Organisation, coo: Person) -> None:
    ho, dept, since = HEAD_OFFICE, "Operations", FOUNDED
    org.hire("Group Quality and Standards Manager", dept, ho, coo, since=since)
    org.hire("Operations Analyst", dept, ho, coo, since=since, recent=1.5)


def _staff_finance_and_it(org: Organisation, cfo: Person) -> None:
    ho, since = HEAD_OFFICE, FOUNDED
    controller = org.hire("Group Financial Controller", "Finance", ho, cfo, since=since)
    org.hire("Management Accountant", "Finance", ho, controller, since=since)
    org.team((1, 2), "Accounts Payable Clerk", "Finance", ho, controller, since=since)
    org.team((1, 1), "Accounts Receivable Clerk", "Finance", ho, controller, since=since)
    org.hire("Credit Controller", "Finance", ho, controller, since=since)
    payroll = org.hire("Payroll Manager", "Finance", ho, cfo, since=since)
    org.team((2, 3), "Payroll Officer", "Finance", ho, payroll, since=since)
    buying = org.hire("Procurement Manager", "Finance", ho, cfo, since=since)
    org.team((1, 2), "Purchasing Officer", "Finance", ho, buying, since=since)

    it_head = org.hire("Head of IT", "IT", ho, cfo, since=since, recent=0.8)
    org.hire("Systems Administrator", "IT", ho, it_head, since=since)
    org.hire("Network Engineer", "IT", ho, it_head, since=since)
    service_desk = org.hire("IT Service Desk Lead", "IT", ho, it_head, since=since)
    org.team((2, 3), "IT Support Technician", "IT", ho, service_desk, since=since)
    # The two biggest hotels keep a technician on site, reporting to head office.
    for hotel in HOTELS[:2]:
        org.hire("IT Support Technician", "IT", hotel.city, service_desk, since=hotel.opened)


def _staff_commercial(org: Organisation, cco: Person) -> None:
    ho, since = HEAD_OFFICE, FOUNDED
    sales = org.hire("Director of Sales", "Sales & Marketing", ho, cco, since=since, recent=0.8)
    org.team((3, 4), "Corporate Sales Manager", "Sales & Marketing", ho, sales, since=since)
    events = org.hire("Events Sales Manager", "Sales & Marketing", ho, sales, since=since)
    org.team((2, 3), "Event Sales Executive", "Sales & Marketing", ho, events, since=since)
    org.team((1, 2), "Wedding Coordinator", "Sales & Marketing", ho, events, since=since)
    trade = org.hire("Travel Trade Manager", "Sales & Marketing", ho, sales, since=since)
    org.hire("Online Partnerships Executive", "Sales & Marketing", ho, trade, since=since)

    marketing = org.hire("Marketing Manager", "Sales & Marketing", ho, cco, since=since)
    for title in ("Digital Marketing Executive", "Content and Social Media Executive"):
        org.hire(title, "Sales & Marketing", ho, marketing, since=since, recent=2.0)
    org.hire("Graphic Designer", "Sales & Marketing", ho, marketing, since=since)

    revenue = org.hire("Revenue Manager", "Revenue Management", ho, cco, since=since)
    org.team((2, 3), "Revenue Analyst", "Revenue Management", ho, revenue, since=since)

    # The central reservations office answers the phones and emails for all four hotels.
    reservations = org.hire("Reservations Manager", "Reservations", ho, cco, since=since)
    for team_size in ((7, 9), (4, 6)):
        lead = org.hire("Reservations Team Leader", "Reservations", ho, reservations, since=since)
        org.team(team_size, "Reservations Agent", "Reservations", ho, lead, since=since, recent=3)


def _staff_people_team(org: Organisation, hrd: Person) -> None:
    ho, dept, since = HEAD_OFFICE, "Human Resources", FOUNDED
    talent = org.hire("Talent Acquisition Manager", dept, ho, hrd, since=since)
    org.team((2, 3), "Recruiter", dept, ho, talent, since=since)
    learning = org.hire("Learning and Development Manager", dept, ho, hrd, since=since)
    org.team((1, 2), "Service Trainer", dept, ho, learning, since=since)
    org.hire("Health and Safety Manager", dept, ho, hrd, since=since)
    org.hire("HR Administrator", dept, ho, hrd, since=since, recent=2.0)
    # Each hotel has its own HR business partner, who reports to the group, not to the hotel.
    for hotel in HOTELS:
        partner = org.hire("HR Business Partner", dept, hotel.city, hrd, since=hotel.opened)
        if hotel.flagship:
            org.hire("HR Coordinator", dept, hotel.city, partner, since=hotel.opened)


def _staff_hotel(org: Organisation, coo: Person, hotel: Hotel) -> None:
    """One property: the general manager, rooms, food and drink, engineering, maybe a spa."""
    city, opened = hotel.city, hotel.opened
    pre_opening = opened - dt.timedelta(days=150)  # heads of department join before opening
    gm = org.hire("General Manager", "Hotel Management", city, coo, since=pre_opening, recent=0.7)

    def lead(title: str, department: str, manager: Person) -> Person:
        return org.hire(title, department, city, manager, since=pre_opening, recent=0.9)

    def staff(size: tuple[int, int], title: str, department: str, manager: Person) -> None:
        org.team(size, title, department, city, manager, since=opened)

    def sized(flagship: tuple[int, int], other: tuple[int, int]) -> tuple[int, int]:
        return flagship if hotel.flagship else other

    rooms = lead("Rooms Division Manager", "Rooms Division", gm)

    front = lead("Front Office Manager", "Front Office", rooms)
    for shift in ("Early Shift", "Late Shift") if hotel.flagship else ("",):
        title = f"Front Desk Supervisor, {shift}" if shift else "Front Desk Supervisor"
        supervisor = lead(title, "Front Office", front)
        staff(sized((3, 6), (2, 5)), "Front Desk Agent", "Front Office", supervisor)
    if hotel.flagship:
        head_concierge = lead("Head Concierge", "Front Office", front)
        staff((2, 3), "Concierge", "Front Office", head_concierge)
        lead("Night Manager", "Front Office", front)
    else:
        staff((1, 1), "Concierge", "Front Office", front)
    staff((1, 2), "Night Auditor", "Front Office", front)

    housekeeping = lead("Executive Housekeeper", "Housekeeping", rooms)
    for team_size in hotel.attendant_teams:
        supervisor = lead("Housekeeping Supervisor", "Housekeeping", housekeeping)
        staff(team_size, "Room Attendant", "Housekeeping", supervisor)
    if hotel.flagship:  # only the flagship washes its own linen
        laundry = lead("Laundry Supervisor", "Housekeeping", housekeeping)
        staff((2, 4), "Laundry Attendant", "Housekeeping", laundry)
        public_areas = lead("Public Areas Supervisor", "Housekeeping", housekeeping)
        staff((2, 4), "Public Area Attendant", "Housekeeping", public_areas)
    else:  # linen goes out to a contractor; two attendants look after the lobby
        staff((1, 1), "Linen Room Attendant", "Housekeeping", housekeeping)
        staff((2, 2), "Public Area Attendant", "Housekeeping", housekeeping)

    guest_relations = lead("Guest Relations Manager", "Guest Relations", rooms)
    staff(sized((2, 3), (1, 2)), "Guest Relations Officer", "Guest Relations", guest_relations)
    if hotel.security:
        security = lead("Security Supervisor", "Security", rooms)
        staff((2, 4), "Security Officer", "Security", security)

    fnb_title = "Director of Food and Beverage" if hotel.flagship else "Food and Beverage Manager"
    fnb = lead(fnb_title, "Food & Beverage", gm)
    restaurant = lead("Restaurant Manager", "Food & Beverage", fnb)
    if hotel.flagship:
        floor = lead("Restaurant Supervisor", "Food & Beverage", restaurant)
        staff(hotel.servers, "Restaurant Server", "Food & Beverage", floor)
    else:
        staff(hotel.servers, "Restaurant Server", "Food & Beverage", restaurant)
    staff((1, 2), "Host", "Food & Beverage", restaurant)
    bar = lead("Bar Manager", "Food & Beverage", fnb)
    staff(sized((3, 4), (1, 3)), "Bartender", "Food & Beverage", bar)

    chef = lead("Executive Chef" if hotel.flagship else "Head Chef", "Food & Beverage", fnb)
    sous = lead("Sous Chef", "Food & Beverage", chef)
    staff(sized((3, 4), (1, 3)), "Chef de Partie", "Food & Beverage", sous)
    staff(sized((2, 3), (1, 2)), "Commis Chef", "Food & Beverage", sous)
    if hotel.flagship:
        lead("Pastry Chef", "Food & Beverage", chef)
        steward = lead("Chief Steward", "Food & Beverage", chef)
        staff((3, 4), "Kitchen Porter", "Food & Beverage", steward)
    else:
        staff((2, 3), "Kitchen Porter", "Food & Beverage", chef)
    if hotel.banqueting:
        banqueting = lead("Banqueting Manager", "Food & Beverage", fnb)
        staff((1, 1), "Events Coordinator", "Food & Beverage", banqueting)
        staff(sized((4, 7), (2, 4)), "Banqueting Server", "Food & Beverage", banqueting)

    engineering = lead("Chief Engineer", "Engineering & Maintenance", gm)
    staff((2, 3), "Maintenance Technician", "Engineering & Maintenance", engineering)
    if hotel.flagship:
        staff((1, 1), "Electrician", "Engineering & Maintenance", engineering)

    if hotel.spa:
        spa = lead("Spa Manager", "Spa & Wellness", gm)
        staff((2, 4), "Spa Therapist", "Spa & Wellness", spa)
        staff((1, 1), "Spa Receptionist", "Spa & Wellness", spa)


def _add_namesakes(org: Organisation, pairs: int) -> None:
    """Give a few front-line people the name of someone elsewhere in the group.

    Real staff lists have namesakes, and they are why an importer must key on ids, never names.
    """
    front_line = [person for person in org.people if not person.reports]
    for person in org.random.sample(front_line, pairs):
        others = [other for other in org.people if other.location != person.location]
        person.name = org.random.choice(others).name


def _issue_ids(people: list[Person]) -> None:
    """Number people in order of start date, the way an HR system issues employee ids."""
    order = sorted(range(len(people)), key=lambda index: (people[index].start, index))
    for number, index in enumerate(order, start=1):
        people[index].id = f"HL{number:04d}"


def email_address(name: str, taken: set[str]) -> str:
    """``first.last@domain``, ASCII only; a namesake gets the next free ``first.last2``."""
    first, _, last = name.partition(" ")
    local = f"{first}.{last.replace(' ', '')}".lower().translate(EMAIL_LETTERS)
    local = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    local = local.replace("'", "")
    candidate, number = local, 1
    while candidate in taken:
        number += 1
        candidate = f"{local}{number}"
    taken.add(candidate)
    return f"{candidate}@{COMPANY_DOMAIN}"


def check_tree(people: Sequence[Person]) -> None:
    """Refuse to write a demo the importer would have to repair: it must be a clean tree."""
    ids = [person.id for person in people]
    if len(set(ids)) != len(ids):
        raise ValueError("employee ids are not unique")
    roots = [person for person in people if person.manager is None]
    if len(roots) != 1:
        raise ValueError(f"expected one chief executive, found {len(roots)} people without one")
    known = set(ids)
    for person in people:
        if person.manager is not None and person.manager.id not in known:
            raise ValueError(f"{person.id} reports to someone not in the list")
    # Reaching the root from everyone within len(people) steps rules out cycles.
    for person in people:
        steps, current = 0, person
        while current.manager is not None:
            current, steps = current.manager, steps + 1
            if steps > len(people):
                raise ValueError(f"{person.id} is in a reporting cycle")


def levels(people: Sequence[Person]) -> int:
    """How many levels the chart has, counting the chief executive as level 1."""

    def level(person: Person) -> int:
        count = 1
        while person.manager is not None:
            person, count = person.manager, count + 1
        return count

    return max(level(person) for person in people)


def write_workbook(people: Sequence[Person], path: Path) -> None:
    """Write both sheets to ``path`` with fixed timestamps, so equal input gives equal bytes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "People"
    sheet.append(PEOPLE_HEADER)
    taken: set[str] = set()
    for person in people:
        sheet.append(
            (
                person.id,
                person.name,
                person.title,
                person.department,
                person.location,
                person.manager.id if person.manager is not None else None,
                email_address(person.name, taken),
                person.start,
            )
        )
    for (cell,) in sheet.iter_rows(min_row=2, min_col=8, max_col=8):
        cell.number_format = "yyyy-mm-dd"
    _dress(sheet)

    customers = workbook.create_sheet("Customers")
    customers.append(CUSTOMERS_HEADER)
    for row in CUSTOMER_SEGMENTS:
        customers.append(row)
    for (cell,) in customers.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = "0%"
    _dress(customers)

    properties = workbook.properties
    properties.creator = "Pyramid Planner demo generator"
    properties.title = "Harbourlight Hotels - demo organisation"
    properties.created = properties.modified = FIXED_TIMESTAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_xlsx_bytes(workbook))


def _dress(sheet: Worksheet) -> None:
    """Bold header, frozen below it, a filter on it, columns wide enough for their contents."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.iter_cols():
        texts = [
            value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else str(value)
            for value in (cell.value for cell in column)
            if value is not None
        ]
        width = min(max(len(text) for text in texts) + 3, 60)
        sheet.column_dimensions[get_column_letter(column[0].column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook as xlsx bytes with no trace of when it was written.

    ``Workbook.save`` overwrites the modified time with the clock and the zip module stamps
    each entry with it, so write through ``ExcelWriter`` and then re-stamp every entry.
    """
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    stamped = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(stamped, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry))
    return stamped.getvalue()


def summary(people: Sequence[Person]) -> str:
    """What a maintainer wants to see after regenerating: size, depth, spans, departments."""
    spans = Counter(person.manager.id for person in people if person.manager is not None)
    widest_id, widest = max(spans.items(), key=lambda item: (item[1], item[0]))
    widest_person = next(person for person in people if person.id == widest_id)
    departments = sorted({person.department for person in people})
    namesakes = sorted(name for name, n in Counter(p.name for p in people).items() if n > 1)
    return "\n".join(
        (
            f"people {len(people)} · levels {levels(people)} · managers {len(spans)} · "
            f"front line {len(people) - len(spans)}",
            f"widest span {widest}: {widest_id} {widest_person.name}, {widest_person.title}, "
            f"{widest_person.location}",
            f"mean span {sum(spans.values()) / len(spans):.1f}",
            f"departments ({len(departments)}): {', '.join(departments)}",
            f"namesakes: {', '.join(namesakes) or 'none'}",
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build the demo and write it; the default output is the committed resource."""
    parser = argparse.ArgumentParser(description="Write the Harbourlight Hotels demo workbook.")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the workbook (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    people = build_organisation()
    check_tree(people)
    write_workbook(people, args.output)
    if not args.quiet:
        print(f"wrote {args.output}")
        print(summary(people))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
