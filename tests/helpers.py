"""Hand-made values for tests: places, sentences, events."""

import datetime as dt

from geo.model import DateInfo, Event, EventType, Place, PlaceKind, Precision, Sentence

KROPOTKIN = Place(540761, "Kropotkin", "RU", 45.43722, 40.5704, PlaceKind.SETTLEMENT, 79599, "Krasnodar Krai", "38")
PARIS = Place(2988507, "Paris", "FR", 48.85341, 2.3488, PlaceKind.SETTLEMENT, 2138551, "Île-de-France", "11", "PPLC")


def make_event(id_: str = "e1", *, place: Place = KROPOTKIN, day: str = "2025-02-17",
               type_: EventType = EventType.STRIKE, article_id: str = "a1") -> Event:
    sentence = Sentence(0, 20, "Frappe sur Kropotkin.", 0, 0)
    return Event(id_, type_, place, Precision.SETTLEMENT, 0.9, DateInfo(dt.date.fromisoformat(day)),
                 [sentence], headline="Titre", trigger="Frappe", actors=["OTAN"], conflicts=["c"],
                 article_id=article_id, sources=[article_id])


def cli_runner(db, capsys):
    """Call geo-events in-process on a store: run("events", …) -> (exit code, stdout, stderr)."""
    import geo.cli.main

    def run(*argv: str) -> tuple[int, str, str]:
        code = geo.cli.main.main(["--db", str(db), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    run.db = db
    return run
