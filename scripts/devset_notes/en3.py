"""Annotator's notes for data/devset (see data/devset/README.md): python scripts/devset_annotate.py scripts/devset_notes/en3.py data/devset"""
from pathlib import Path
import runpy
g = runpy.run_path(str(Path(__file__).with_name("en1.py")))
en, W = g["en"], g["W"]
HKI = (22.2667, 114.1833, "Hong Kong Island, HK")
ARTICLES = [
 en("election", "2016-09-09", "hong-kong-legco-election", "New faces emerge as veteran politicians step down in Hong Kong legislative election",
    W + "New_faces_emerge_as_veteran_politicians_step_down_in_Hong_Kong_legislative_election",
    [("Hong Kong", "HK", {"skip": [2, 4]}), ("Hong Kong Island", HKI, {"kind": "region"}),
     ("Kowloon West", (22.3167, 114.1667, "Kowloon West constituency (Kowloon), HK"), {"kind": "region"}),
     ("Kowloon East", (22.3167, 114.2167, "Kowloon East constituency (Kowloon), HK"), {"kind": "region"}),
     ("New Territories West", (22.3917, 113.9750, "New Territories West constituency, HK"), {"kind": "region"}),
     ("New Territories East", (22.4500, 114.1667, "New Territories East constituency, HK"), {"kind": "region"}),
     ("Taikoo", (22.2866, 114.2165, "Tai Koo, Hong Kong Island, HK"), {"kind": "settlement"})],
    [dict(type="other", what="Hong Kong Legislative Council election, record turnout", place="Hong Kong", precision="country",
          dates=["2016-09-04"], sentence="The Hong Kong legislative election was held on Sunday"),
     dict(type="other", what="last ballot cast at 2:30 after long queues at a Taikoo polling station", place="Taikoo",
          dates=["2016-09-04", "2016-09-05"], sentence="At a polling station in Taikoo of the Hong Kong Island constituency"),
     dict(type="protest", what="the 2014 protests", place="Hong Kong", precision="country", dates=[], status="background",
          sentence="The previous general legislative election in Hong Kong was before the 2014 protests")]),
 en("questionnaire", "2023-02-23", "uk-asylum-questionnaire", "Reports: 'streamlined' UK asylum process to replace interview with questionnaire for five nationalities",
    W + "Reports:_%27streamlined%27_UK_asylum_process_to_replace_interview_with_questionnaire_for_five_nationalities",
    [("UK", "GB", {"skip": [1]}), ("United Kingdom", "GB"), ("Afghanistan", "AF"), ("Eritrea", "ER"), ("Libya", "LY"), ("Syria", "SY"), ("Yemen", "YE"),
     ("Albania", "AL"), ("France", "FR"), ("Paris", "Paris|FR"),
     ("Solent", (50.7667, -1.3, "The Solent, GB"), {"kind": "area"}),
     ("Channel", (50.2, -1.0, "English Channel"), {"kind": "area"})],
    [dict(type="other", what="the Home Office begins issuing asylum questionnaires instead of interviews", place="UK",
          precision="country", dates=["2023-02-23"], sentence="The United Kingdom Home Office today is to begin issuing questionnaires"),
     dict(type="meeting", what="Suella Braverman meets Gérald Darmanin in Paris", place="Paris", dates=["2022-11-14"],
          status="background", sentence="Braverman with France's interior and overseas minister Gérald Darmanin in Paris on November 14, 2022"),
     dict(type="other", what="a record 45,756 migrants cross the Channel in 2022", place="Channel", precision="area", dates=[],
          status="background", sentence="a record 45,756 migrants crossing the Channel last year"),
     dict(type="other", what="laws banning illegal migrants from claiming asylum in the UK expected next month", place="UK",
          precision="country", dates=[], status="planned", sentence="with laws banning illegal migrants from claiming asylum in the UK expected next month")]),
 en("iodine", "2006-02-23", "australia-iodine-deficiency", "Australian children suffering from iodine deficiency",
    W + "Australian_children_suffering_from_iodine_deficiency",
    [("Australia", "AU", {"skip": [1, 3, 4, 6, 10]}), ("New South Wales", "New South Wales|AU|region"),
     ("Victoria", "Victoria|AU|region"), ("South Australia", "South Australia|AU|region"),
     ("Western Australia", "Western Australia|AU|region"), ("Queensland", "Queensland|AU|region"),
     ("Tasmania", "Tasmania|AU|region"), ("United States", "US")],
    [dict(type="other", what=f"iodine survey of schoolchildren in {s}", place=s, precision="region", dates=[],
          status="background", sentence="A cross-sectional survey of 1709 schoolchildren")
     for s in ("New South Wales", "Victoria", "South Australia", "Western Australia", "Queensland")]),
]
