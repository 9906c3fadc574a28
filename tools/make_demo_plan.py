"""Write the demo's sample plan, ``resources/demo_plan.json``, for Harbourlight Hotels.

The demo should open with a plan worth looking at: commitments from the chief executive down to
the supervisors, each worded for the person's job (a housekeeping supervisor promises full
trolleys before the shift, the chief financial officer promises expense claims paid on time),
some to all reports and some to named ones, a few done, a few dropped, some with progress notes.

It also walks through the day of two customer segments, leisure guests and corporate clients:
ten touchpoints, who on the front line serves each (by department, title, location or named
person), and what those people need to be, do and have. Many needs are answered by a
commitment of the plan; some are not, a few must-needs among them, so the demo shows what a
gap in the internal service plan looks like.

Managers are found in the demo workbook by job title and location rather than by id, so the plan
reads as what it is about; several people with the same title in one place means the one with
the biggest team. The output depends only on this file and the workbook: a seeded
``random.Random`` picks named reports and times of day, dates are fixed around ``AS_OF``, and a
test rebuilds the file and compares it with the committed one.

Usage, from anywhere::

    python tools/make_demo_plan.py              # rewrites resources/demo_plan.json
    python tools/make_demo_plan.py -o /tmp/plan.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pyramid_app.io import read_org
from pyramid_app.model.customers import (
    Importance,
    NeedKind,
    RuleField,
    format_need_id,
    format_touchpoint_id,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import STANDARD_CADENCES, Status, format_commitment_id

SEED = 2025  # Any fixed number; it only chooses the named reports of some() and times of day.
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DEFAULT_ORG = RESOURCES / "demo_hotel_group.xlsx"
DEFAULT_OUTPUT = RESOURCES / "demo_plan.json"
PRACTICES = RESOURCES / "practices.json"

# The plan was written at workshops in July 2025 and runs to the end of the year; the demo looks
# at it in early October, so some due dates have passed and some commitments are overdue.
AS_OF = dt.date(2025, 10, 6)
# The day each level of the pyramid held its workshop, the chief executive first and the
# supervisors last. Commitments were typed in during the workshops, one after another, so
# their ids follow their creation times.
WORKSHOP = {
    0: dt.date(2025, 7, 7),
    1: dt.date(2025, 7, 8),
    2: dt.date(2025, 7, 14),
    3: dt.date(2025, 7, 21),
    4: dt.date(2025, 7, 28),
    5: dt.date(2025, 8, 4),
}
DAY_STARTS = dt.time(9, 30)
DAY_ENDS = dt.time(17, 30)

ALL_REPORTS: tuple[str, ...] = ()

PLANNED = Status.PLANNED.value
IN_PROGRESS = Status.IN_PROGRESS.value
DONE = Status.DONE.value
DROPPED = Status.DROPPED.value


class Org:
    """The demo chart with the lookups the plan needs."""

    def __init__(self, chart: OrgChart) -> None:
        self.chart = chart
        self.start_dates = chart.attributes.get("Start Date", [""] * len(chart))

    def manager(self, title: str, location: str) -> int:
        chart = self.chart
        matches = [
            i
            for i in range(len(chart))
            if chart.titles[i] == title
            and chart.locations[i] == location
            and chart.span_of_control[i] > 0
        ]
        if not matches:
            raise SystemExit(f"the demo organisation has no {title} with reports in {location}")
        return max(matches, key=lambda i: (int(chart.span_of_control[i]), -i))

    def reports(self, manager: int) -> list[int]:
        return [int(i) for i in self.chart.children(manager)]

    def level(self, index: int) -> int:
        return int(self.chart.depth[index])


Pick = Callable[[Org, int, random.Random], list[int]]


def everyone() -> Pick:
    return lambda org, manager, rng: []


def titled(*titles: str) -> Pick:
    """The reports with these job titles, in sheet order."""

    def pick(org: Org, manager: int, rng: random.Random) -> list[int]:
        chosen = [i for i in org.reports(manager) if org.chart.titles[i] in titles]
        if not chosen:
            raise SystemExit(f"{org.chart.titles[manager]} has no report titled {titles}")
        return chosen

    return pick


def newest(count: int, title: str) -> Pick:
    """The ``count`` most recently hired reports with this title (ties: the later id)."""

    def pick(org: Org, manager: int, rng: random.Random) -> list[int]:
        pool = [i for i in org.reports(manager) if org.chart.titles[i] == title]
        pool.sort(key=lambda i: (org.start_dates[i], org.chart.ids[i]), reverse=True)
        return sorted(pool[:count])

    return pick


def some(count: int) -> Pick:
    """``count`` of the reports, drawn by the seeded generator."""

    def pick(org: Org, manager: int, rng: random.Random) -> list[int]:
        return sorted(rng.sample(org.reports(manager), count))

    return pick


class Spec(NamedTuple):
    manager: tuple[str, str]  # job title, location
    practice: str
    text: str
    measure: str
    cadence: str
    due: dt.date | None
    status: str
    serves: Pick = everyone()
    notes: tuple[tuple[dt.date, str], ...] = ()
    owner_note: str = ""
    settled: dt.date | None = None  # when a done or dropped commitment without notes was closed
    answers: tuple[str, ...] = ()  # keys of the touchpoint needs it answers (JOURNEYS below)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


HQ = "Head Office"

PLAN: tuple[Spec, ...] = (
    # -- the chief executive ----------------------------------------------------------------
    Spec(
        ("Chief Executive Officer", HQ),
        "Leadership",
        "Work one full shift a month in a different hotel, in turn, and bring back one barrier "
        "to remove for the people there",
        "hotel shifts worked / 6 planned for July to December; barriers removed / raised",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        notes=(
            (
                d("2025-07-24"),
                "Tejo, early front desk shift: the check-in tablets log staff out "
                "mid check-in. Passed to the Head of IT.",
            ),
            (
                d("2025-08-21"),
                "Leith, breakfast service: the coffee machines cannot keep up at "
                "08:00. Two more approved.",
            ),
            (
                d("2025-09-18"),
                "Nyhavn, housekeeping: clean linen arrives after the check-out "
                "rush. Delivery moved to 09:00.",
            ),
        ),
    ),
    Spec(
        ("Chief Executive Officer", HQ),
        "Open communication",
        "Hold a monthly ask-me-anything call open to every member of staff and publish the "
        "answers on the intranet within a week",
        "calls held / months; questions answered in writing within a week / questions asked",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        notes=(
            (d("2025-09-05"), "Third call: 140 joined, 23 questions, all answered by the 11th."),
        ),
    ),
    Spec(
        ("Chief Executive Officer", HQ),
        "Leadership",
        "Agree one group service promise with the operations and commercial chiefs, so the "
        "hotels deliver what sales and marketing promise guests",
        "promise signed off by both; hotels that have briefed every team on it / 4",
        "quarterly",
        d("2025-09-30"),
        DONE,
        answers=("honest-promise",),
        serves=titled("Chief Operating Officer", "Chief Commercial Officer"),
        notes=(
            (d("2025-08-14"), "First draft discussed; sales wanted a price promise, left out."),
            (
                d("2025-09-12"),
                "Signed off at the leadership away day; launching in all hotels on 1 October.",
            ),
        ),
    ),
    # -- the directors ------------------------------------------------------------------------
    Spec(
        ("Chief Operating Officer", HQ),
        "Business service management",
        "Go through each hotel's guest scores and three most frequent complaints with its "
        "general manager every month, and agree one fix with an owner and a date",
        "monthly reviews held / 4 hotels; fixes closed by their date / fixes agreed",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        serves=titled("General Manager"),
        notes=(
            (
                d("2025-08-29"),
                "All four reviews held. Noise from the Marina terrace is the "
                "top complaint in Valencia.",
            ),
            (
                d("2025-09-26"),
                "Three of four fixes closed; Leith's lift refit slipped to November.",
            ),
        ),
    ),
    Spec(
        ("Chief Operating Officer", HQ),
        "Get it done",
        "Give every general manager a monthly guest-recovery budget they can spend without "
        "asking head office",
        "budget agreed for each hotel; share spent each month and the guests' scores after",
        "quarterly",
        d("2025-09-30"),
        DONE,
        answers=("recovery-authority",),
        serves=titled("General Manager"),
        notes=(
            (
                d("2025-08-04"),
                "EUR 1,500 a month per hotel agreed with the CFO; live from 1 August.",
            ),
        ),
    ),
    Spec(
        ("Chief Financial Officer", HQ),
        "Get it done",
        "Pay the hotels' supplier invoices and staff expense claims within ten working days, so "
        "department heads stop chasing finance",
        "invoices and claims paid within ten working days / received",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        notes=((d("2025-09-01"), "August: 81% on time, up from 64% in June."),),
    ),
    Spec(
        ("Chief Financial Officer", HQ),
        "Open communication",
        "Walk the finance team through the monthly results in thirty minutes before they go "
        "to the board",
        "sessions held / month-ends; questions the team could answer for the hotels",
        "monthly",
        d("2025-12-31"),
        PLANNED,
    ),
    Spec(
        ("HR Director", HQ),
        "Team building",
        "Run a service induction day in each hotel every month for that month's new starters",
        "new starters inducted within their first month / new starters",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        answers=("welcoming",),
        notes=((d("2025-09-30"), "Tejo and Leith running; Nyhavn starts in October."),),
    ),
    Spec(
        ("HR Director", HQ),
        "Wellbeing and workload",
        "Write one rota policy for all hotels: rotas two weeks ahead and no more than one "
        "short-notice change per person a month",
        "policy agreed with every general manager; hotels publishing rotas two weeks ahead / 4",
        "quarterly",
        d("2025-11-28"),
        PLANNED,
        serves=titled("HR Business Partner"),
        owner_note="Needs the works council's agreement in Lisbon first.",
    ),
    Spec(
        ("Chief Commercial Officer", HQ),
        "Customer advocacy",
        "Send every sales and reservations team a weekly digest of guest reviews and booking "
        "comments, with the three themes that matter most",
        "digests sent / weeks; themes acted on by a team",
        "weekly",
        d("2025-12-31"),
        IN_PROGRESS,
        answers=("past-guests-said", "hotel-feedback"),
    ),
    Spec(
        ("Chief Commercial Officer", HQ),
        "Ambassadors",
        "Move sales, marketing and reservations onto one open floor so guests' requests stop "
        "falling between the teams",
        "teams sharing the floor; requests passed between teams answered the same day",
        "quarterly",
        d("2025-11-30"),
        DROPPED,
        answers=("one-contact",),
        owner_note="Dropped in September: the office lease is being renegotiated. A shared "
        "daily stand-up does the job for now.",
        settled=d("2025-09-15"),
    ),
    # -- general managers and head office managers ---------------------------------------------
    Spec(
        ("General Manager", "Lisbon"),
        "Recognition",
        "Present a guest hero award at each monthly staff meeting, chosen from guest comments "
        "that name a colleague",
        "awards presented / months; named guest comments per month",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        notes=(
            (d("2025-08-06"), "First award to a concierge who found a lost passport at 2 am."),
            (d("2025-09-03"), "Named comments up from 11 to 19 a month."),
        ),
    ),
    Spec(
        ("General Manager", "Lisbon"),
        "Get it done",
        "Walk the hotel every Friday with the rooms and food and beverage heads, and have every "
        "fault a guest would notice fixed within a week",
        "walks held / weeks; faults fixed within a week / faults found",
        "weekly",
        d("2025-12-31"),
        IN_PROGRESS,
        serves=titled("Rooms Division Manager", "Director of Food and Beverage"),
    ),
    Spec(
        ("General Manager", "Edinburgh"),
        "Open communication",
        "Hold a thirty-minute one-to-one with each head of department every two weeks",
        "one-to-ones held / planned, looked at every month",
        "fortnightly",
        d("2025-12-31"),
        IN_PROGRESS,
        notes=((d("2025-09-12"), "12 of 14 held; two moved during the festival weeks."),),
    ),
    Spec(
        ("General Manager", "Copenhagen"),
        "Customer advocacy",
        "Stand in the lobby for the evening arrivals twice a week and pass what guests say to "
        "the right department the same evening",
        "evenings in the lobby / 2 a week; comments passed on the same evening",
        "weekly",
        None,
        PLANNED,
        answers=("ask-about-stay",),
    ),
    Spec(
        ("General Manager", "Valencia"),
        "Team building",
        "Cross-train banqueting and restaurant staff so each team can cover the other's busiest "
        "nights",
        "staff trained for both teams / food and beverage team size",
        "quarterly",
        d("2025-09-30"),
        IN_PROGRESS,
        answers=("hands-busy-nights",),
        serves=titled("Food and Beverage Manager"),
        owner_note="Behind: the wedding season took every banqueting shift until mid September.",
    ),
    Spec(
        ("Head of IT", HQ),
        "Get it done",
        "Fix the front-desk tablets that log staff out in the middle of a check-in",
        "tablet log-outs reported per week, from 30 to none",
        "weekly",
        d("2025-08-31"),
        DONE,
        answers=("tablet-signed-in",),
        serves=titled("IT Service Desk Lead"),
        notes=(
            (d("2025-07-28"), "Cause found: a session timeout pushed by the security policy."),
            (d("2025-08-12"), "New policy on all four hotels' tablets; no log-outs since."),
        ),
    ),
    Spec(
        ("Payroll Manager", HQ),
        "Get it done",
        "Answer every payroll question from hotel staff within two working days through a "
        "self-service page",
        "questions answered within two working days / questions received",
        "monthly",
        d("2025-10-31"),
        DROPPED,
        owner_note="Dropped: the HR system upgrade next year brings its own self-service. "
        "Questions go to the shared payroll mailbox until then.",
        settled=d("2025-08-20"),
    ),
    Spec(
        ("Director of Sales", HQ),
        "Ambassadors",
        "Meet each hotel's front office manager every quarter to check that what we sold "
        "corporate clients is what they get at the desk",
        "meetings held / 4 hotels a quarter; mismatches found and closed",
        "quarterly",
        d("2025-12-31"),
        PLANNED,
        answers=("company-profile", "arrangements-on-screen"),
    ),
    Spec(
        ("Marketing Manager", HQ),
        "Learning",
        "Give each of the team one day a quarter in a hotel to gather photographs and guest "
        "stories first hand",
        "hotel days taken / team size per quarter; stories used in campaigns",
        "quarterly",
        d("2025-12-31"),
        PLANNED,
    ),
    # -- heads of division ----------------------------------------------------------------------
    Spec(
        ("Rooms Division Manager", "Lisbon"),
        "Get it done",
        "Agree a same-day repair slot with engineering for any room taken out of order, so "
        "housekeeping can hand it back by the evening",
        "rooms back in service the same day / rooms taken out of order",
        "weekly",
        d("2025-11-30"),
        IN_PROGRESS,
        answers=("same-day-repairs",),
        serves=titled("Executive Housekeeper", "Front Office Manager"),
        notes=((d("2025-09-22"), "Slot agreed with the chief engineer: 14:00-17:00 daily."),),
    ),
    Spec(
        ("Director of Food and Beverage", "Lisbon"),
        "Wellbeing and workload",
        "Check kitchen, restaurant and bar overtime every Monday and rebalance the week for "
        "anyone over 48 hours",
        "people over 48 hours a week; weeks checked / weeks",
        "weekly",
        d("2025-12-31"),
        IN_PROGRESS,
    ),
    Spec(
        ("Reservations Team Leader", HQ),
        "Learning",
        "Listen to one recorded call a week with each of the two agents who asked for coaching, "
        "and agree one thing to try on the next calls",
        "call reviews held / weeks, per agent; each agent's call quality score",
        "weekly",
        d("2025-12-19"),
        IN_PROGRESS,
        answers=("knows-hotels",),
        serves=some(2),
    ),
    Spec(
        ("Chief Engineer", "Edinburgh"),
        "Get it done",
        "Close every repair request from housekeeping and the front desk within 48 hours and "
        "tell the person who reported it",
        "requests closed within 48 hours / requests raised; reporters told",
        "weekly",
        d("2025-12-31"),
        IN_PROGRESS,
        notes=((d("2025-09-19"), "Moved requests from paper to the shared list; 72% in 48 h."),),
    ),
    Spec(
        ("Spa Manager", "Copenhagen"),
        "Wellbeing and workload",
        "Keep each therapist to six treatments a day with a thirty-minute break after every three",
        "days over six treatments per therapist; breaks kept / breaks due",
        "weekly",
        d("2025-08-31"),
        DONE,
        serves=titled("Spa Therapist"),
        notes=(
            (d("2025-08-29"), "Booking system now blocks the break; no day over six in August."),
        ),
    ),
    Spec(
        ("Food and Beverage Manager", "Valencia"),
        "Learning",
        "Send the whole food and beverage team on a two-day wine course with a local producer",
        "team members trained / team size",
        "quarterly",
        d("2025-11-15"),
        DROPPED,
        owner_note="Dropped: the budget went to the terrace refurbishment. A monthly tasting "
        "with our supplier replaces it.",
        settled=d("2025-09-08"),
    ),
    Spec(
        ("Food and Beverage Manager", "Valencia"),
        "Customer advocacy",
        "Let servers taste every new dish before it goes on the menu, so they can describe it "
        "to guests in their own words",
        "new dishes tasted by the floor team before launch / new dishes",
        "monthly",
        d("2025-12-31"),
        PLANNED,
        answers=("describe-dishes",),
    ),
    # -- department heads -----------------------------------------------------------------------
    Spec(
        ("Front Office Manager", "Lisbon"),
        "Open communication",
        "Give a ten-minute briefing at every shift change on arrivals, VIPs, group check-ins and "
        "rooms out of order",
        "shift changes with a briefing / shift changes",
        "weekly",
        None,
        IN_PROGRESS,
        answers=("arrivals-briefing",),
    ),
    Spec(
        ("Executive Housekeeper", "Edinburgh"),
        "Team building",
        "Give every new room attendant a buddy for their first two weeks and a room checklist "
        "in their own language",
        "new attendants with a buddy and a checklist on day one / new attendants",
        "monthly",
        d("2025-12-31"),
        IN_PROGRESS,
        answers=("room-standard",),
        serves=titled("Housekeeping Supervisor"),
        notes=((d("2025-08-15"), "Checklist now in English, Polish, Portuguese and Romanian."),),
    ),
    Spec(
        ("Head Chef", "Copenhagen"),
        "Learning",
        "Teach the sous chef to write the weekly order and the kitchen rota, so the kitchen runs "
        "on the head chef's days off",
        "orders and rotas written by the sous chef / weeks",
        "fortnightly",
        d("2025-11-30"),
        IN_PROGRESS,
        serves=titled("Sous Chef"),
    ),
    Spec(
        ("Restaurant Manager", "Edinburgh"),
        "Customer advocacy",
        "Visit every table once during dinner and bring the requests heard to the next day's "
        "briefing",
        "dinners with every table visited / dinners; requests briefed",
        "weekly",
        None,
        PLANNED,
        answers=("check-back",),
    ),
    Spec(
        ("Bar Manager", "Valencia"),
        "Get it done",
        "Get the failing ice machine replaced before the terrace season peaks",
        "new machine installed (yes/no); evenings without ice",
        "weekly",
        d("2025-08-08"),
        DONE,
        answers=("ice",),
        notes=((d("2025-08-06"), "New machine in; no evening without ice since."),),
    ),
    # -- supervisors ----------------------------------------------------------------------------
    Spec(
        ("Housekeeping Supervisor", "Lisbon"),
        "Get it done",
        "Have every trolley stocked with linen and amenities by the night team before 07:30, so "
        "room attendants start cleaning at once",
        "mornings with every trolley ready by 07:30 / mornings",
        "weekly",
        d("2025-10-31"),
        IN_PROGRESS,
        answers=("full-trolley",),
        notes=(
            (d("2025-08-08"), "Agreed the stock list with the night team."),
            (d("2025-09-05"), "Ready on 17 of 22 mornings; laundry late on the other five."),
        ),
    ),
    Spec(
        ("Housekeeping Supervisor", "Valencia"),
        "Team building",
        "Clean alongside each of the three newest room attendants for one round a week until "
        "they reach the thirty-minute room standard",
        "rounds worked together / weeks; minutes per room for each of the three",
        "weekly",
        d("2025-10-31"),
        IN_PROGRESS,
        answers=("room-standard",),
        serves=newest(3, "Room Attendant"),
    ),
    Spec(
        ("Front Desk Supervisor", "Edinburgh"),
        "Recognition",
        "Read out guest comments that name a front desk agent at the next shift briefing",
        "named comments read out / named comments received",
        "weekly",
        None,
        IN_PROGRESS,
    ),
    Spec(
        ("Sous Chef", "Lisbon"),
        "Wellbeing and workload",
        "Publish the kitchen rota two weeks ahead, with swaps agreed among the team",
        "rotas published two weeks ahead / rotas",
        "monthly",
        d("2025-09-15"),
        PLANNED,
    ),
    Spec(
        ("Head Concierge", "Lisbon"),
        "Customer advocacy",
        "Keep a shared list of guest requests we could not meet and go through it with the "
        "concierges every fortnight",
        "reviews held / fortnights; requests we can now meet",
        "fortnightly",
        d("2025-12-31"),
        PLANNED,
    ),
)


# -- the customers' day ------------------------------------------------------------------------


class NeedSpec(NamedTuple):
    key: str  # what commitments name in Spec.answers; the file gets N-0001, N-0002, ...
    kind: str
    importance: str
    text: str


class TouchpointSpec(NamedTuple):
    name: str
    # (field, value); a person is named "Job title in Location": the first such front-line
    # person in the workbook.
    rules: tuple[tuple[str, str], ...]
    needs: tuple[NeedSpec, ...]
    note: str = ""


class SegmentSpec(NamedTuple):
    name: str  # as in the workbook's Customers sheet
    description: str
    share: float | None
    touchpoints: tuple[TouchpointSpec, ...]


BE, DO, HAVE = NeedKind.BE.value, NeedKind.DO.value, NeedKind.HAVE.value
MUST, SHOULD, NICE = Importance.MUST.value, Importance.SHOULD.value, Importance.NICE.value
HOTELS = ("Lisbon", "Edinburgh", "Copenhagen", "Valencia")

JOURNEYS: tuple[SegmentSpec, ...] = (
    SegmentSpec(
        "Leisure guests",
        "Couples, families and friends on a break; most book direct or through an online agency",
        0.55,
        (
            TouchpointSpec(
                "Books a room",
                (("department", "Reservations"),),
                (
                    NeedSpec(
                        "rooms-on-one-screen", HAVE, MUST,
                        "live availability and prices for all four hotels on one screen",
                    ),
                    NeedSpec(
                        "knows-hotels", BE, SHOULD,
                        "knowledgeable about each hotel and what is around it",
                    ),
                    NeedSpec(
                        "reply-same-day", DO, SHOULD,
                        "answer every email and web request on the day it arrives",
                    ),
                    NeedSpec(
                        "past-guests-said", HAVE, NICE,
                        "what recent guests said about the hotel being booked",
                    ),
                ),
            ),
            TouchpointSpec(
                "Arrives and checks in",
                (("title", "Front Desk Agent"), ("title", "Concierge")),
                (
                    NeedSpec(
                        "tablet-signed-in", HAVE, MUST,
                        "a check-in tablet that stays signed in",
                    ),
                    NeedSpec(
                        "arrivals-briefing", HAVE, MUST,
                        "the day's arrivals, VIPs and rooms out of order before the shift starts",
                    ),
                    NeedSpec("welcoming", BE, MUST, "welcoming and unhurried, whatever the queue"),
                    NeedSpec(
                        "upgrade-authority", HAVE, MUST,
                        "authority to upgrade a guest whose room is not ready",
                    ),
                    NeedSpec(
                        "luggage-directions", DO, NICE,
                        "offer help with luggage, parking and directions",
                    ),
                ),
            ),
            TouchpointSpec(
                "Finds the room ready",
                (("department", "Housekeeping"),),
                (
                    NeedSpec(
                        "full-trolley", HAVE, MUST,
                        "a trolley full of linen and amenities at the start of the shift",
                    ),
                    NeedSpec(
                        "room-standard", DO, MUST, "clean every room to the thirty-minute standard"
                    ),
                    NeedSpec(
                        "same-day-repairs", HAVE, MUST,
                        "faults in a room repaired the same day",
                    ),
                    NeedSpec(
                        "discreet", BE, SHOULD,
                        "discreet and respectful of the guest's things",
                    ),
                ),
            ),
            TouchpointSpec(
                "Has dinner in the restaurant",
                (("title", "Restaurant Server"), ("title", "Host"), ("title", "Bartender")),
                (
                    NeedSpec(
                        "describe-dishes", BE, MUST, "able to describe every dish and its allergens"
                    ),
                    NeedSpec(
                        "check-back", DO, SHOULD,
                        "check back at the table within two minutes of serving",
                    ),
                    NeedSpec(
                        "hands-busy-nights", HAVE, SHOULD,
                        "enough hands on the busiest nights",
                    ),
                    NeedSpec("ice", HAVE, NICE, "ice and chilled glasses all evening"),
                ),
            ),
            TouchpointSpec(
                "Raises a problem with whoever is nearest",
                tuple(("location", hotel) for hotel in HOTELS),
                (
                    NeedSpec(
                        "recovery-authority", HAVE, MUST,
                        "authority to put a problem right on the spot, without asking",
                    ),
                    NeedSpec(
                        "log-and-follow", DO, MUST,
                        "log the problem and tell guest relations the same day",
                    ),
                    NeedSpec(
                        "owns-problem", BE, SHOULD,
                        "the owner of the problem until the guest is happy",
                    ),
                ),
                note="A guest asks whoever is nearest, so everyone on the front line in the hotels "
                "stands here.",
            ),
            TouchpointSpec(
                "Checks out",
                (("title", "Front Desk Agent"), ("title", "Night Auditor")),
                (
                    NeedSpec(
                        "quick-checkout", DO, SHOULD,
                        "check a guest out in under three minutes",
                    ),
                    NeedSpec("right-bill", HAVE, SHOULD, "a final bill that is right first time"),
                    NeedSpec(
                        "ask-about-stay", DO, NICE,
                        "ask how the stay was and pass on what the guest says",
                    ),
                ),
            ),
        ),
    ),
    SegmentSpec(
        "Corporate clients",
        "Companies whose staff travel to our cities on a negotiated rate",
        0.25,
        (
            TouchpointSpec(
                "Negotiates a company rate",
                (("title", "Corporate Sales Manager"), ("department", "Revenue Management")),
                (
                    NeedSpec(
                        "terms-in-two-days", HAVE, MUST,
                        "prices and terms approved within two working days",
                    ),
                    NeedSpec(
                        "honest-promise", BE, SHOULD,
                        "honest about what the hotels can deliver",
                    ),
                    NeedSpec(
                        "hotel-feedback", HAVE, NICE,
                        "what each hotel's guests say, to answer a buyer's questions",
                    ),
                ),
            ),
            TouchpointSpec(
                "Books a stay for a traveller",
                (("department", "Reservations"),),
                (
                    NeedSpec(
                        "rate-confirmed", DO, MUST,
                        "confirm the booking at the company's rate within the hour",
                    ),
                    NeedSpec(
                        "company-profile", HAVE, SHOULD,
                        "the company's agreement and its travellers' preferences on screen",
                    ),
                ),
            ),
            TouchpointSpec(
                "Traveller checks in late",
                (("title", "Night Auditor"), ("person", "Night Manager in Lisbon")),
                (
                    NeedSpec(
                        "arrangements-on-screen", HAVE, MUST,
                        "the company's billing and late-arrival arrangements on screen",
                    ),
                    NeedSpec(
                        "calm-late", BE, SHOULD,
                        "calm and quick for a traveller at the end of a long day",
                    ),
                ),
            ),
            TouchpointSpec(
                "Holds a meeting at the hotel",
                (
                    ("title", "Events Coordinator"),
                    ("title", "Banqueting Server"),
                    ("person", "Event Sales Executive in Head Office"),
                ),
                (
                    NeedSpec(
                        "one-contact", DO, MUST,
                        "one contact who answers every request on the day",
                    ),
                    NeedSpec(
                        "room-ready-early", HAVE, SHOULD,
                        "the room set up and the equipment tested an hour before the start",
                    ),
                    NeedSpec("flexible", BE, NICE, "flexible when the agenda changes"),
                ),
            ),
        ),
    ),
)  # fmt: skip


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    """A time during the working day on ``day``, to the minute."""
    minutes = rng.randrange(9 * 60, 17 * 60 + 30)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))


def _rule_value(org: Org, field: str, value: str) -> str:
    """The value written for a rule: a named person becomes their id; the rule must match."""
    chart = org.chart
    front_line = [int(i) for i in chart.front_line()]
    if field == RuleField.PERSON.value:
        title, location = value.rsplit(" in ", 1)
        found = [
            i for i in front_line if (chart.titles[i], chart.locations[i]) == (title, location)
        ]
        if not found:
            raise SystemExit(f"no front-line {title} in {location} for a touchpoint")
        return chart.ids[found[0]]
    column = {"department": chart.departments, "title": chart.titles, "location": chart.locations}
    if not any(column[RuleField(field).value][i] == value for i in front_line):
        raise SystemExit(f"no front-line person has {field} {value!r}")
    return value


def build_customers(
    org: Org, segment_names: Sequence[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The file's customers section, and the need id of every need key."""
    need_ids: dict[str, str] = {}
    touchpoint_number = 0
    segments = []
    for segment in JOURNEYS:
        if segment.name not in segment_names:
            raise SystemExit(f"{segment.name!r} is not a segment of the demo workbook")
        touchpoints = []
        for touchpoint in segment.touchpoints:
            touchpoint_number += 1
            needs = []
            for need in touchpoint.needs:
                if need.key in need_ids:
                    raise SystemExit(f"the need key {need.key!r} is used twice")
                need_ids[need.key] = format_need_id(len(need_ids) + 1)
                needs.append(
                    {
                        "id": need_ids[need.key],
                        "text": need.text,
                        "kind": NeedKind(need.kind).value,
                        "importance": Importance(need.importance).value,
                    }
                )
            touchpoints.append(
                {
                    "id": format_touchpoint_id(touchpoint_number),
                    "name": touchpoint.name,
                    "note": touchpoint.note,
                    "rules": [
                        {"field": field, "value": _rule_value(org, field, value)}
                        for field, value in touchpoint.rules
                    ],
                    "needs": needs,
                }
            )
        segments.append(
            {
                "name": segment.name,
                "description": segment.description,
                "share": segment.share,
                "touchpoints": touchpoints,
            }
        )
    return {"segments": segments}, need_ids


def build_plan(
    org: Org, practices: set[str], rng: random.Random, need_ids: dict[str, str]
) -> list[dict[str, Any]]:
    commitments: list[dict[str, Any]] = []
    clock = dt.datetime.combine(WORKSHOP[0], DAY_STARTS)
    for number, spec in enumerate(PLAN, 1):
        manager = org.manager(*spec.manager)
        if spec.practice not in practices:
            raise SystemExit(f"{spec.practice!r} is not a family in {PRACTICES.name}")
        if spec.cadence not in STANDARD_CADENCES:
            raise SystemExit(f"{spec.cadence!r} is not a standard cadence")
        level = org.level(manager)
        opening = dt.datetime.combine(WORKSHOP[level], DAY_STARTS)
        created = max(clock, opening) + dt.timedelta(minutes=rng.randrange(4, 40))
        if created.time() > DAY_ENDS:
            created = dt.datetime.combine(created.date() + dt.timedelta(days=1), DAY_STARTS)
        clock = created
        closing = [on for on, _ in spec.notes]
        if spec.settled is not None:
            closing.append(spec.settled)
        changed = created
        if closing:
            changed = max(created, _moment(max(closing), rng))
        for on in closing:
            if not created.date() <= on <= AS_OF:
                raise SystemExit(f"commitment {number}: {on} is outside {created:%Y-%m-%d}..")
        serves = [org.chart.ids[i] for i in spec.serves(org, manager, rng)]
        unknown = [key for key in spec.answers if key not in need_ids]
        if unknown:
            raise SystemExit(f"commitment {number} answers {unknown[0]!r}, not a need of JOURNEYS")
        commitments.append(
            {
                "id": format_commitment_id(number),
                "manager_id": org.chart.ids[manager],
                "text": spec.text,
                "practice": spec.practice,
                "serves": serves,
                "measure": spec.measure,
                "cadence": spec.cadence,
                "due": spec.due.isoformat() if spec.due else None,
                "status": Status(spec.status).value,
                "owner_note": spec.owner_note,
                "notes": [{"on": on.isoformat(), "text": text} for on, text in spec.notes],
                "needs": [need_ids[key] for key in spec.answers],
                "created": created.isoformat(),
                "changed": changed.isoformat(),
            }
        )
    return commitments


def summary(commitments: list[dict[str, Any]], org: Org) -> str:
    statuses = Counter(c["status"] for c in commitments)
    levels = Counter(org.level(org.chart.index_of(c["manager_id"])) for c in commitments)
    return (
        f"{len(commitments)} commitments by {len({c['manager_id'] for c in commitments})} "
        f"managers; by level {dict(sorted(levels.items()))}; {dict(sorted(statuses.items()))}"
    )


def customers_summary(customers: dict[str, Any], commitments: list[dict[str, Any]]) -> str:
    active = {n for c in commitments if c["status"] != DROPPED for n in c["needs"]}
    needs = [
        need
        for segment in customers["segments"]
        for touchpoint in segment["touchpoints"]
        for need in touchpoint["needs"]
    ]
    kinds = Counter(need["kind"] for need in needs)
    must = [need for need in needs if need["importance"] == MUST]
    return (
        f"{sum(len(s['touchpoints']) for s in customers['segments'])} touchpoints in "
        f"{len(customers['segments'])} segments; {len(needs)} needs {dict(sorted(kinds.items()))}"
        f", {sum(n['id'] in active for n in needs)} answered; must-needs answered "
        f"{sum(n['id'] in active for n in must)} of {len(must)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Build the sample plan and write it; the default output is the committed resource."""
    parser = argparse.ArgumentParser(description="Write the Harbourlight Hotels sample plan.")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the plan (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--org", type=Path, default=DEFAULT_ORG, help=f"the demo workbook (default: {DEFAULT_ORG})"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    result = read_org(args.org)
    org = Org(result.chart)
    library = json.loads(PRACTICES.read_text(encoding="utf-8"))
    practices = {family["name"] for family in library["families"]}
    customers, need_ids = build_customers(org, result.customer_segments)
    commitments = build_plan(org, practices, random.Random(SEED), need_ids)
    document = {
        "version": 1,
        "as_of": AS_OF.isoformat(),
        "customers": customers,
        "commitments": commitments,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    args.output.write_text(text, encoding="utf-8", newline="\n")
    if not args.quiet:
        print(f"wrote {args.output}")
        print(summary(commitments, org))
        print(customers_summary(customers, commitments))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
