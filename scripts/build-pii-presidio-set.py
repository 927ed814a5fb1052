"""Builds test/fixtures/pii/presidio/sentences-en.txt, the second, independent PII check.

Sentences: the templates of Microsoft Presidio's evaluator (presidio-evaluator 0.3.2, MIT,
presidio_evaluator/data_generator/raw_data/templates.txt, copied beside the output with its licence),
written by Presidio's authors for customer-service style text, not by this project. Values: Faker
(PyPI `faker`, MIT), with the en_US, en_GB and fr_FR locales for people and street addresses, and
real places (Faker's country names, US states, Spanish and German towns) for a place on its own.
Labels follow test/fixtures/pii/README.md: organisations, nationalities, jobs, ages and dates are
not personal data here; honorifics are outside the name; address parts that follow each other form
one LOCATION span. One third of the lines (chosen by a seeded draw) is written in lower case,
as comments often are.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install faker==40.54.0
    /tmp/venv/bin/python scripts/build-pii-presidio-set.py > test/fixtures/pii/presidio/sentences-en.txt
"""

import random
import re
import sys
from pathlib import Path

from faker import Faker

HERE = Path(__file__).resolve().parent.parent / "test" / "fixtures" / "pii" / "presidio"
SEED = 17
PER_TEMPLATE = 2
UNSUPPORTED = {"ssn", "us_driver_license"}  # types this project does not mask
LOCATION_PARTS = {"building_number", "street_name", "secondary_address", "city", "state_abbr",
                  "postcode", "zipcode", "country", "address"}


def value(name: str, people: Faker, rng: random.Random, real_place: Faker, german: Faker, en_us: Faker):
    """(type or None, text) for a template placeholder."""
    one_line = lambda s: re.sub(r"\s*\n\s*", ", ", s)  # noqa: E731
    if name in ("person", "name"):
        return "PERSON", people.name()
    if name in ("name_female", "name_male"):
        return "PERSON", getattr(people, name)()
    if name.startswith("first_name") or name.startswith("last_name"):
        return "PERSON", (getattr(people, name) if hasattr(people, name) else getattr(en_us, name))()
    if name.startswith("prefix"):
        return None, getattr(people, name)()
    if name == "city":
        # Faker's en/fr cities are invented ("Lake Jeffery"); a city on its own is a real one.
        return "LOCATION", rng.choice([real_place.city, german.city])()
    if name == "country":
        return "LOCATION", en_us.country()
    if name == "state_abbr":
        return "LOCATION", en_us.state_abbr()
    if name in ("postcode", "zipcode"):
        return "LOCATION", en_us.zipcode() if name == "zipcode" else people.postcode()
    if name in ("address", "street_name", "building_number", "secondary_address"):
        source = people if hasattr(people, name) else en_us  # secondary_address is en_US only
        return "LOCATION", one_line(getattr(source, name)())
    simple = {
        "email": ("EMAIL", people.email), "phone_number": ("PHONE", people.phone_number),
        "credit_card_number": ("CARD", people.credit_card_number), "iban": ("IBAN", people.iban),
        "ip_address": ("IP", en_us.ipv4_public), "url": ("URL", people.url),
    }
    if name in simple:
        kind, fn = simple[name]
        return kind, fn()
    other = {
        "organization": en_us.company, "nationality": lambda: rng.choice(["French", "Canadian", "Irish", "Indian"]),
        "nation_woman": lambda: rng.choice(["French woman", "Irish woman"]),
        "nation_plural": lambda: rng.choice(["the French", "the Irish"]), "job": en_us.job,
        "age": lambda: str(rng.randint(18, 90)), "year": lambda: str(rng.randint(1950, 2024)),
        "date_time": lambda: en_us.date_time().strftime("%B %d, %Y"),
        "date_of_birth": lambda: en_us.date_of_birth().strftime("%m/%d/%Y"), "day_of_week": en_us.day_of_week,
    }
    return None, other[name]()


def fill(template: str, people: Faker, rng: random.Random, real_place: Faker, german: Faker, en_us: Faker) -> str:
    """The template with marked values; adjacent address parts merged into one LOCATION mark."""
    pieces: list[tuple[str | None, str]] = []
    last = 0
    for m in re.finditer(r"\{\{([a-z_]+)\}\}", template):
        pieces.append((None, template[last:m.start()]))
        kind, text = value(m.group(1), people, rng, real_place, german, en_us)
        pieces.append(("LOC*" if m.group(1) in LOCATION_PARTS else kind, text))
        last = m.end()
    pieces.append((None, template[last:]))
    out = []
    i = 0
    while i < len(pieces):
        kind, text = pieces[i]
        if kind == "LOC*":
            # merge LOC*, separator, LOC*, … when the separators are only spaces and commas
            span = text
            j = i + 1
            while j + 1 < len(pieces) and pieces[j][0] is None and re.fullmatch(r"[ ,]*", pieces[j][1]) \
                    and pieces[j][1] != "" and pieces[j + 1][0] == "LOC*":
                span += pieces[j][1] + pieces[j + 1][1]
                j += 2
            out.append(f"⟦LOCATION|{span}⟧")
            i = j
        elif kind is None:
            out.append(text)
            i += 1
        else:
            out.append(f"⟦{kind}|{text}⟧")
            i += 1
    return "".join(out)


def main() -> None:
    rng = random.Random(SEED)
    Faker.seed(SEED)
    locales = [Faker(loc) for loc in ("en_US", "en_GB", "fr_FR")]
    real_place, german, en_us = Faker("es_ES"), Faker("de_DE"), locales[0]
    templates = []
    for line in (HERE / "templates.txt").read_text(encoding="utf-8-sig").splitlines():
        line = line.strip().replace("\\n", "\n").replace("\\,", ",")
        names = set(re.findall(r"\{\{([a-z_]+)\}\}", line))
        if not line or names & UNSUPPORTED or re.search(r"(?<!\{)\{[a-z_]+\}(?!\})", line):
            continue
        templates.append(re.sub(r"\s*\n\s*", ", ", line))
    out = sys.stdout
    out.write("# Second PII check: Presidio's templates filled with Faker values (see\n")
    out.write("# scripts/build-pii-presidio-set.py and README.md here). Generated, do not edit.\n")
    for template in templates:
        for _ in range(PER_TEMPLATE):
            people = rng.choice(locales)
            line = fill(template, people, rng, real_place, german, en_us)
            if rng.random() < 1 / 3:
                line = line.lower().replace("⟦person|", "⟦PERSON|").replace("⟦location|", "⟦LOCATION|")
                line = re.sub(r"⟦([a-z]+)\|", lambda m: f"⟦{m.group(1).upper()}|", line)
            out.write(f"en | {line}\n")


if __name__ == "__main__":
    main()
