"""Paperless-ngx's document date rule, for bench/classify to compare against.

Mirrors paperless-ngx src/documents/parsers.py (parse_date / parse_date_generator at
commit 00e629d957023b9e427de95afd1a919e0a6d08cc) with its default settings:
DATE_ORDER "DMY", TIME_ZONE "UTC", no FILENAME_DATE_ORDER, no IGNORE_DATES, and
DATE_PARSER_LANGUAGES unset (locales=None: dateparser detects the language). Every
match of DATE_REGEX is handed to dateparser.parse in turn; the first one that parses,
falls after 1900 and is not in the future is the document's date.

Reads a JSON array of texts on stdin; writes a JSON array of "YYYY-MM-DD" or null.
Run with Debian's python3-dateparser (/usr/bin/python3).
"""

import datetime
import json
import re
import sys

import dateparser

# The date-like strings paperless-ngx looks for, in the order of its DATE_REGEX
# alternatives (written from the format list documented above it in parsers.py):
# d.m.y / d/m/y / d-m-y with 2- or 4-digit years, the same year-first, "3. March 2021",
# "March 3, 2021", "March 2021", "3rd of March 2021"-like ordinals and "03-Mar-2021".
# Its leading boundary groups, (\b|(?!=([_-]))), match almost anywhere (the lookahead
# only refuses "=_" and "=-"), so like it these alternatives are not anchored at their
# start (only the last one carries a real \b); at their end, as there, a word boundary
# or a following "_" or "-".
LETTERS = "a-zéûäëčžúřěáíóńźçşğü"
WORD = r"[^\W\d_]"
DATE_REGEX = re.compile(
    "|".join(
        rf"(?:{alternative})(?:\b|(?=[_-]))"
        for alternative in (
            r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})",
            r"(?:\d{4}|\d{2})[./-]\d{1,2}[./-]\d{1,2}",
            rf"\d{{1,2}}[. ]+[{LETTERS}]{{3,9}} \d{{4}}|[{LETTERS}]{{3,9}} \d{{1,2}}, \d{{4}}",
            rf"{WORD}{{3,9}} \d{{1,2}}, \d{{4}}",
            rf"{WORD}{{3,9}} \d{{4}}",
            r"\d{1,2}[^ 0-9]{2}[. ]+[^ ]{3,9}[ ./-]\d{4}",
            rf"\b\d{{1,2}}[ ./-][{LETTERS}]{{3}}[ ./-]\d{{4}}",
        )
    ),
    re.IGNORECASE,
)

SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
}


def parse_date(text):
    now = datetime.datetime.now(datetime.timezone.utc)
    for match in re.finditer(DATE_REGEX, text):
        try:
            date = dateparser.parse(match.group(0), settings=SETTINGS, locales=None)
        except Exception:
            date = None
        if date is not None and date.year > 1900 and date <= now:
            return date.date().isoformat()
    return None


def main():
    texts = json.load(sys.stdin)
    json.dump([parse_date(text) for text in texts], sys.stdout)


if __name__ == "__main__":
    main()
