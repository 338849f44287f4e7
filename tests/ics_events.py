"""tests/ics_events.py FILE.ics: the events of a calendar as a calendar
program reads them (python3-icalendar's parser), one line each, in the
order of the file: DTSTART|REMEDY|UID|SEQUENCE, REMEDY being what follows
"Giải pháp: " in the description (what the task is, whatever its number).
Exit 1 when the file does not parse, holds no event, or an event lacks
its UID, SEQUENCE or all-day DTSTART. Run with Debian's /usr/bin/python3."""
import datetime
import sys

import icalendar


def main():
    cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
    if cal.name != "VCALENDAR":
        sys.exit("not a VCALENDAR: %s" % cal.name)
    events = cal.walk("VEVENT")
    if not events:
        sys.exit("no event (RFC 5545 wants at least one component)")
    for ev in events:
        for prop in ("UID", "SEQUENCE", "DTSTART", "DTSTAMP"):
            if prop not in ev:
                sys.exit("an event without %s" % prop)
        start = ev.decoded("DTSTART")
        if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
            sys.exit("DTSTART not an all-day date: %r" % start)
        seq = ev.decoded("SEQUENCE")
        if not isinstance(seq, int) or seq < 0:
            sys.exit("SEQUENCE not a whole number: %r" % seq)
        remedy = ""
        for part in str(ev.get("DESCRIPTION", "")).split("\n"):
            if part.startswith("Giải pháp: "):
                remedy = part[len("Giải pháp: "):]
        print("%s|%s|%s|%d" % (start.isoformat(), remedy, ev["UID"], seq))


main()
