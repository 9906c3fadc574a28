"""The day of the demo's other customer segments: their touchpoints, who serves each, and what
those people need to be, do and have.

The sample plan (``resources/demo_plan.json``) walks through the day of the leisure guests and
the corporate clients, and the demo's plan answers many of their needs. The workbook names four
more segments; without a day of their own they read "0 touchpoints · 0 needs", which looks
unfinished in front of a client. Their days are here: mapped in the workshop, not yet answered
by any commitment, so the demo also shows what a segment the plan has not reached looks like.

Rules name front-line people of the demo workbook by department, job title or location; a named
person is written "Job title in Location" and is the first such front-line person in the
workbook. Everything depends only on this file and the workbook, so the demo is the same on
every run.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from pyramid_app.model.customers import (
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    ServeRule,
    Touchpoint,
    format_need_id,
    format_touchpoint_id,
    front_line_mask,
)
from pyramid_app.model.org import OrgChart

BE, DO, HAVE = NeedKind.BE, NeedKind.DO, NeedKind.HAVE
MUST, SHOULD, NICE = Importance.MUST, Importance.SHOULD, Importance.NICE
DEPARTMENT, TITLE, PERSON = RuleField.DEPARTMENT, RuleField.TITLE, RuleField.PERSON


class NeedSpec(NamedTuple):
    kind: NeedKind
    importance: Importance
    text: str


class TouchpointSpec(NamedTuple):
    name: str
    rules: tuple[tuple[RuleField, str], ...]
    needs: tuple[NeedSpec, ...]
    note: str = ""


class SegmentDay(NamedTuple):
    name: str  # as in the workbook's Customers sheet
    description: str  # as in the workbook's Customers sheet
    touchpoints: tuple[TouchpointSpec, ...]


DAYS: tuple[SegmentDay, ...] = (
    SegmentDay(
        "Event and conference organisers",
        "Planners who hire our meeting rooms and ballrooms, usually with catering and a block "
        "of bedrooms.",
        (
            TouchpointSpec(
                "Asks for a proposal",
                ((TITLE, "Event Sales Executive"),),
                (
                    NeedSpec(
                        HAVE,
                        MUST,
                        "live availability of meeting rooms and bedroom blocks in all four hotels",
                    ),
                    NeedSpec(DO, SHOULD, "send a costed proposal within one working day"),
                ),
            ),
            TouchpointSpec(
                "Plans the event with the hotel",
                ((TITLE, "Events Coordinator"),),
                (
                    NeedSpec(
                        HAVE,
                        MUST,
                        "a signed running order with room layouts, timings and dietary needs",
                    ),
                    NeedSpec(
                        BE,
                        SHOULD,
                        "the organiser's one contact from booking until the last delegate leaves",
                    ),
                ),
            ),
            TouchpointSpec(
                "Delegates arrive and check in",
                ((TITLE, "Front Desk Agent"), (TITLE, "Concierge")),
                (
                    NeedSpec(HAVE, SHOULD, "the group's rooming list, with who pays for what"),
                    NeedSpec(DO, NICE, "hand each delegate the wifi code and the day's agenda"),
                ),
            ),
            TouchpointSpec(
                "Lunch and coffee breaks",
                ((TITLE, "Banqueting Server"), (TITLE, "Chef de Partie")),
                (
                    NeedSpec(
                        DO, MUST, "serve every delegate within the twenty minutes the agenda allows"
                    ),
                    NeedSpec(
                        HAVE,
                        SHOULD,
                        "each delegate's dietary needs and allergies, by table, before service",
                    ),
                ),
                note="The organiser judges the event by whether the afternoon starts on time.",
            ),
            TouchpointSpec(
                "Settles the final account",
                ((TITLE, "Credit Controller"), (TITLE, "Accounts Receivable Clerk")),
                (
                    NeedSpec(
                        HAVE, MUST, "one itemised invoice for the whole event within three days"
                    ),
                    NeedSpec(BE, SHOULD, "patient and precise with the organiser's finance team"),
                ),
            ),
        ),
    ),
    SegmentDay(
        "Wedding parties",
        "Couples who hold their ceremony or reception with us, and the guests who stay over.",
        (
            TouchpointSpec(
                "Visits the hotel and books the day",
                ((PERSON, "Wedding Coordinator in Head Office"), (TITLE, "Events Coordinator")),
                (
                    NeedSpec(
                        HAVE, MUST, "the free dates and venues of all four hotels in one calendar"
                    ),
                    NeedSpec(
                        BE,
                        SHOULD,
                        "warm and unhurried with a couple choosing the place for their day",
                    ),
                ),
            ),
            TouchpointSpec(
                "Tastes the wedding menu",
                ((TITLE, "Chef de Partie"), (TITLE, "Pastry Chef")),
                (
                    NeedSpec(
                        DO, SHOULD, "cook the tasting exactly as it will be served on the day"
                    ),
                    NeedSpec(HAVE, NICE, "a quiet table and an hour set aside for the couple"),
                ),
            ),
            TouchpointSpec(
                "The ceremony and the reception",
                ((TITLE, "Banqueting Server"), (TITLE, "Bartender"), (TITLE, "Events Coordinator")),
                (
                    NeedSpec(
                        DO,
                        MUST,
                        "keep to the couple's running order, speeches and first dance included",
                    ),
                    NeedSpec(
                        HAVE, MUST, "enough hands for the reception, with a supervisor on the floor"
                    ),
                    NeedSpec(
                        BE, SHOULD, "out of sight until needed, and there at once when needed"
                    ),
                ),
            ),
            TouchpointSpec(
                "Guests stay the night and breakfast late",
                (
                    (TITLE, "Night Auditor"),
                    (TITLE, "Front Desk Agent"),
                    (TITLE, "Restaurant Server"),
                ),
                (
                    NeedSpec(
                        HAVE,
                        SHOULD,
                        "the list of wedding guests staying, with late check-in arranged",
                    ),
                    NeedSpec(DO, NICE, "keep breakfast open late the morning after the wedding"),
                ),
            ),
        ),
    ),
    SegmentDay(
        "Travel agents and online booking partners",
        "Agencies, tour operators and booking sites that resell our rooms for a commission.",
        (
            TouchpointSpec(
                "Loads our rooms and rates",
                (
                    (PERSON, "Online Partnerships Executive in Head Office"),
                    (DEPARTMENT, "Revenue Management"),
                ),
                (
                    NeedSpec(
                        HAVE,
                        MUST,
                        "one rate and availability update that reaches every booking site at once",
                    ),
                    NeedSpec(
                        DO, SHOULD, "correct a wrong rate on a partner's site within the hour"
                    ),
                ),
            ),
            TouchpointSpec(
                "Sends a booking",
                ((DEPARTMENT, "Reservations"),),
                (
                    NeedSpec(
                        DO,
                        MUST,
                        "confirm a partner's booking and its special requests the same day",
                    ),
                    NeedSpec(HAVE, SHOULD, "the partner's booking reference on every reservation"),
                ),
            ),
            TouchpointSpec(
                "Their guest checks in",
                ((TITLE, "Front Desk Agent"),),
                (
                    NeedSpec(
                        BE,
                        MUST,
                        "as welcoming to a partner's guest as to one who booked direct",
                    ),
                    NeedSpec(
                        HAVE, SHOULD, "what the guest's voucher includes, on screen at check-in"
                    ),
                ),
            ),
            TouchpointSpec(
                "Claims the commission",
                ((TITLE, "Accounts Payable Clerk"),),
                (
                    NeedSpec(
                        DO, SHOULD, "pay commission within thirty days of the guest's departure"
                    ),
                    NeedSpec(
                        HAVE, NICE, "a monthly statement each partner can check against their own"
                    ),
                ),
            ),
        ),
    ),
    SegmentDay(
        "Local diners and spa day guests",
        "Neighbours who come in for a meal, a drink at the bar or a day at the spa without "
        "staying the night.",
        (
            TouchpointSpec(
                "Books a table or a treatment",
                ((TITLE, "Host"), (TITLE, "Spa Receptionist")),
                (
                    NeedSpec(HAVE, MUST, "the restaurant's and the spa's bookings in one diary"),
                    NeedSpec(
                        DO, SHOULD, "offer another time at once when the one asked for is full"
                    ),
                ),
            ),
            TouchpointSpec(
                "Drops in for a drink at the bar",
                ((TITLE, "Bartender"),),
                (
                    NeedSpec(BE, SHOULD, "glad to see a regular, and remembers their usual"),
                    NeedSpec(HAVE, NICE, "a bar menu that changes with the seasons"),
                ),
            ),
            TouchpointSpec(
                "Has dinner without staying",
                ((TITLE, "Restaurant Server"), (TITLE, "Host")),
                (
                    NeedSpec(DO, SHOULD, "seat a guest without a booking whenever a table is free"),
                    NeedSpec(
                        HAVE, SHOULD, "the day's specials and what has sold out, before service"
                    ),
                ),
            ),
            TouchpointSpec(
                "Spends the day at the spa",
                ((TITLE, "Spa Therapist"), (TITLE, "Spa Receptionist")),
                (
                    NeedSpec(
                        HAVE,
                        MUST,
                        "treatment rooms cleaned and ready ten minutes before each booking",
                    ),
                    NeedSpec(BE, MUST, "calm and attentive from the welcome to the goodbye"),
                    NeedSpec(DO, SHOULD, "ask about health and allergies before every treatment"),
                ),
                note="Only the Lisbon and Copenhagen hotels have a spa.",
            ),
        ),
    ),
)


def _rule(chart: OrgChart, field: RuleField, value: str) -> ServeRule:
    """The rule as the map holds it: a named person becomes their id."""
    if field is not PERSON:
        return ServeRule(field, value)
    title, location = value.rsplit(" in ", 1)
    front_line = front_line_mask(chart)
    for index in range(len(chart)):
        if front_line[index] and (chart.titles[index], chart.locations[index]) == (
            title,
            location,
        ):
            return ServeRule(PERSON, chart.ids[index])
    raise ValueError(f"the demo organisation has no front-line {title} in {location}")


def with_demo_days(customer_map: CustomerMap, chart: OrgChart) -> CustomerMap:
    """``customer_map`` with the day of every segment of :data:`DAYS` that has no touchpoints
    yet; new ids continue from the map's counters, in the order of :data:`DAYS`."""
    segments = list(customer_map.segments)
    next_touchpoint, next_need = customer_map.next_touchpoint, customer_map.next_need
    for day in DAYS:
        position = customer_map.segment_position(day.name)
        if position is None or segments[position].touchpoints:
            continue
        touchpoints = []
        for spec in day.touchpoints:
            needs = []
            for need in spec.needs:
                needs.append(Need(format_need_id(next_need), need.text, need.kind, need.importance))
                next_need += 1
            touchpoints.append(
                Touchpoint(
                    format_touchpoint_id(next_touchpoint),
                    spec.name,
                    tuple(_rule(chart, field, value) for field, value in spec.rules),
                    tuple(needs),
                    spec.note,
                )
            )
            next_touchpoint += 1
        segment = segments[position]
        segments[position] = replace(
            segment,
            description=segment.description or day.description,
            touchpoints=tuple(touchpoints),
        )
    return CustomerMap(tuple(segments), next_touchpoint, next_need)
