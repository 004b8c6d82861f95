"""Annotator's notes for data/devset (see data/devset/README.md): python scripts/devset_annotate.py scripts/devset_notes/en4.py data/devset"""
from pathlib import Path
import runpy
g = runpy.run_path(str(Path(__file__).with_name("en1.py")))
en, W = g["en"], g["W"]
KSC = (28.5233, -80.6833, "Kennedy Space Center, Cape Canaveral, Florida, US")
ARTICLES = [
 en("nasa", "2011-04-13", "nasa-shuttle-homes", "NASA celebrates 30th anniversary of first shuttle launch; announces new homes for retired shuttles",
    W + "NASA_celebrates_30th_anniversary_of_first_shuttle_launch;_announces_new_homes_for_retired_shuttles",
    [("Cape Canaveral", "Cape Canaveral|US"), ("Florida", "Florida|US|region"), ("New York City", "New York City|US"),
     ("Los Angeles", "Los Angeles|US"), ("California", "California|US|region", {"skip": [0]}),
     ("California Science Center", (34.0155, -118.2863, "California Science Center, Los Angeles, US"), {"kind": "facility"}),
     ("Texas", "Texas|US|region", {"skip": [4]}), ("Houston", "Houston|US"), ("Seattle", "Seattle|US"),
     ("Washington", "Washington|US|region", {"skip": [0]}),
     ("Washington Dulles International Airport", (38.94453, -77.45581, "Washington Dulles International Airport, US"), {"kind": "facility"}), ("Chicago", "Chicago|US"), ("Illinois", "Illinois|US|region"),
     ("McMinnville", (45.21012, -123.19872, "McMinnville, Oregon, US"), {"kind": "settlement"}), ("Oregon", "Oregon|US|region"),
     ("Ohio", "Ohio|US|region"), ("Huntsville", "Huntsville|US"), ("Alabama", "Alabama|US|region"), ("U.S.", "US", {"skip": [3, 4]}),
     ("Pacific Northwest", (46.0, -121.0, "Pacific Northwest, US"), {"kind": "area"})],
    [dict(type="other", what="NASA celebrates the 30th anniversary of the first shuttle launch at the Kennedy Space Center",
          place="Cape Canaveral", dates=["2011-04-12"], sentence="NASA celebrated the launch of the first space shuttle Tuesday"),
     dict(type="statement", what="Charles Bolden announces where the retired orbiters will be displayed", place="Cape Canaveral",
          dates=["2011-04-12"], sentence="At the ceremony, NASA Administrator Charles Bolden announced the locations"),
     dict(type="other", what="Space Shuttle Enterprise to be moved to the Intrepid museum in New York City", place="New York City",
          dates=[], status="planned", sentence="to the Intrepid Sea-Air-Space Museum in New York City"),
     dict(type="other", what="Endeavour to go to the California Science Center in Los Angeles", place="California Science Center",
          precision="facility", dates=[], status="planned", sentence="will be sent to the California Science Center in Los Angeles"),
     dict(type="other", what="Columbia lifts off on STS-1, the first shuttle mission", place="", ref=KSC, precision="facility",
          dates=["1981-04-12"], status="background", sentence="On April 12, 1981, Space Shuttle Columbia lifted off from the Kennedy Space Center")]),
]
