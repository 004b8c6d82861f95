"""The parse is a declared list of stages: each requirement is met by an earlier stage, nothing is assigned
twice, every stage runs once, and ``--explain`` traces each decision."""

import datetime as dt
import json

import pytest

from geo.model import DateInfo, Role
from geo.parse import stages
from geo.parse.doc import Doc, ParseInput

GIVEN = {"item", "notices"}


def test_every_requirement_is_assigned_by_an_earlier_stage():
    assigned = set(GIVEN)
    for stage in stages.STAGES:
        missing = set(stage.requires) - assigned
        assert not missing, f"stage {stage.name!r} requires {sorted(missing)} before any stage assigns it"
        assigned |= set(stage.assigns)


def test_no_field_is_assigned_by_two_stages_and_every_field_by_one():
    seen: dict[str, str] = {}
    for stage in stages.STAGES:
        for name in stage.assigns:
            assert name not in seen, f"{name!r} is assigned by {seen[name]!r} and {stage.name!r}"
            seen[name] = stage.name
    assert set(seen) == set(Doc.slots())


def test_each_stage_has_one_way_to_run_and_a_unique_name():
    names = [s.name for s in stages.STAGES]
    assert len(names) == len(set(names))
    assert all((s.run is None) != (s.run_batch is None) for s in stages.STAGES)


@pytest.mark.slow
def test_stages_run_once_each_in_order_and_set_what_they_declare(pipeline):
    calls: list[str] = []

    def counted(stage):
        def run(doc, tools):
            calls.append(stage.name)
            stage.run(doc, tools)

        def run_batch(docs, tools):
            calls.append(stage.name)
            stage.run_batch(docs, tools)
        return stages.Stage(stage.name, stage.requires, stage.assigns,
                            run if stage.run else None, run_batch if stage.run_batch else None)

    doc = Doc(ParseInput("Une frappe de drone a touché Kharkiv lundi.", language="fr",
                         published=DateInfo(dt.date(2025, 2, 18))))
    tools = stages.Tools(pipeline.gazetteer, pipeline.models, pipeline.matcher)
    [result] = stages.run([doc], tools, [counted(s) for s in stages.STAGES])
    assert calls == [s.name for s in stages.STAGES]
    for name in ("norm", "clean", "paragraphs", "language", "analyses", "units", "mentions", "dates",
                 "events", "result"):
        assert getattr(doc, name) is not None, name
    assert result is doc.result and result.events


@pytest.mark.slow
def test_explain_traces_each_mention_and_event_through_the_stages(pipeline):
    text = "Une frappe de drone a touché la ville de Kharkiv lundi, selon les autorités ukrainiennes."
    result = pipeline.parse(text, language="fr", published=DateInfo(dt.date(2025, 2, 18)), explain=True)
    [event] = [e for e in result.events if e.place.name == "Kharkiv"]
    assert [s.stage for s in event.trace] == ["recognise", "roles", "resolve", "link", "date"]
    link = event.trace[3]
    assert link.decision.startswith("strike at Kharkiv") and any("trigger word" in r for r in link.reasons)
    assert any("score" in r for r in event.trace[2].reasons)  # the resolver's candidates, scored
    assert event.trace[4].decision == "2025-02-17"
    assert event.mention.role in (Role.TARGET, Role.LOCATIVE)
    plain = pipeline.parse(text, language="fr", published=DateInfo(dt.date(2025, 2, 18)))
    assert all(not e.trace for e in plain.events) and all(not m.trace for m in plain.mentions)


@pytest.mark.slow
def test_cli_parse_explain_puts_the_trace_in_the_json(tmp_path, capsys):
    from geo.cli.main import main

    path = tmp_path / "a.txt"
    path.write_text("Russian missiles struck Odesa on Monday, officials said.", encoding="utf-8")
    assert main(["parse", str(path), "--lang", "en", "--published", "2025-02-18", "--explain"]) == 0
    out = json.loads(capsys.readouterr().out)
    feature = out["events"]["features"][0]
    stages_seen = [s["stage"] for s in feature["properties"]["trace"]]
    assert stages_seen[-2:] == ["link", "date"] and "resolve" in stages_seen
    assert all("trace" in m for m in out["mentions"])
    assert main(["parse", str(path), "--lang", "en", "--published", "2025-02-18"]) == 0
    assert "trace" not in capsys.readouterr().out
