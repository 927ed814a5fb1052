"""Prints, as JSON on stdout, the first names of every locale of Faker's person provider:
{"de_DE": ["Aaron", ...], ...}. The input of scripts/build-pii-first-names-wide.ts (run by hand;
Faker is not a dependency of the project).

Faker (PyPI `faker`, MIT) ships, per locale, the given names its authors compiled from national
name statistics; read as a multilingual list of first names, it covers names the English and
French lists lack (Irish, Nordic, Turkish, West African, South Asian...).

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install faker==40.63.0
    /tmp/venv/bin/python scripts/dump-faker-first-names.py > /tmp/faker-first-names.json
"""

import importlib
import json
import pkgutil
import sys

import faker
import faker.providers.person as person

ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


def first_names(provider: type) -> list[str]:
    names: set[str] = set()
    for attribute in ATTRIBUTES:
        value = getattr(provider, attribute, None)
        # Some locales compute a list in a property: the class attribute is then no list.
        if value is None or isinstance(value, property):
            continue
        names.update(value.keys() if isinstance(value, dict) else value)
    return sorted(names)


def main() -> None:
    out: dict[str, list[str]] = {"_faker_version": [faker.VERSION]}
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        if provider is not None:
            out[module.name] = first_names(provider)
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
