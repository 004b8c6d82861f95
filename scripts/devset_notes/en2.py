"""Annotator's notes for data/devset (see data/devset/README.md): python scripts/devset_annotate.py scripts/devset_notes/en2.py data/devset"""
from pathlib import Path
import runpy
g = runpy.run_path(str(Path(__file__).with_name("en1.py")))
en, W = g["en"], g["W"]
NN = (56.3375, 43.9633, "Nizhny Novgorod Stadium, Nizhny Novgorod, RU")
FISHT = (43.4023, 39.9561, "Fisht Stadium, Sochi, RU")
VOLG = (48.7342, 44.5484, "Volgograd Arena, Volgograd, RU")
MTCC = (43.6435, -79.3862, "Metro Toronto Convention Centre, Toronto, CA")
ELA = "East Los Angeles|US"
ARTICLES = [
 en("warming", "2014-07-28", "ozone-warming-crops", "Scientists analyse effects of global warming, atmospheric ozone on crops",
    W + "Scientists_analyse_effects_of_global_warming,_atmospheric_ozone_on_crops",
    [("US", "US", {"skip": [2, 3]}), ("U.S.", "US", {"skip": [0, 1]}), ("UK", "GB")], []),
 en("expo", "2016-09-07", "fan-expo-canada-toronto", "Pop culture celebrated at Fan Expo Canada 2016 in Toronto",
    W + "Pop_culture_celebrated_at_Fan_Expo_Canada_2016_in_Toronto",
    [("Toronto", "Toronto|CA", {"skip": [1]}), ("Metro Toronto Convention Centre", MTCC, {"kind": "facility"}),
     ("North America", (46.07323, -100.54688, "North America"), {"kind": "area"}), ("Brazil", "BR"), ("US", "US")],
    [dict(type="other", what="the 22nd Fan Expo Canada at the Metro Toronto Convention Centre", place="Metro Toronto Convention Centre",
          precision="facility", dates=["2016-09-01", "2016-09-02", "2016-09-03", "2016-09-04"],
          sentence="The 22nd Fan Expo Canada took place at the Metro Toronto Convention Centre this weekend"),
     dict(type="other", what="Northern Arena Esports Championship final won by Immortals", place="", ref=MTCC, precision="facility",
          dates=["2016-09-02", "2016-09-03", "2016-09-04"], sentence="The Northern Arena Esports Championship ran throughout the weekend")]),
 en("soccer", "2018-06-19", "world-cup-day-five", "FIFA World Cup 2018 day five: Sweden, Belgium, England win three points",
    W + "FIFA_World_Cup_2018_day_five%3A_Sweden%2C_Belgium%2C_England_win_three_points",
    [("Sweden", "SE"), ("Belgium", "BE"), ("England", "England|GB|region"), ("South Korea", "KR"), ("Korea Republic", "KR"),
     ("Korea", "KR", {"skip": [0, 1, 2]}), ("Panama", "PA"), ("Tunisia", "TN"), ("Sochi", "Sochi|RU"),
     ("Nizhny Novgorod Stadium", NN, {"kind": "facility"}), ("Fisht Stadium", FISHT, {"kind": "facility"}),
     ("Volgograd Arena", VOLG, {"kind": "facility"})],
    [dict(type="other", what="World Cup match Sweden 1-0 South Korea", place="Nizhny Novgorod Stadium", precision="facility",
          dates=["2018-06-18"], sentence="Sweden faced South Korea at the Nizhny Novgorod Stadium"),
     dict(type="other", what="World Cup match Belgium 3-0 Panama", place="Fisht Stadium", precision="facility",
          dates=["2018-06-18"], sentence="Belgium faced Panama at the Fisht Stadium in Sochi"),
     dict(type="other", what="World Cup match Tunisia 1-2 England", place="Volgograd Arena", precision="facility",
          dates=["2018-06-18"], sentence="Tunisia faced England at the Volgograd Arena")]),
 en("defector", "2010-10-09", "scientology-defector-arrested", "Scientology defector arrested after attempting to leave organization",
    W + "Scientology_defector_arrested_after_attempting_to_leave_organization",
    [("California", "California|US|region"), ("Florida", "Florida|US|region"), ("Los Angeles", "Los Angeles|US", {"skip": [0, 2]}),
     ("East Los Angeles", ELA), ("East L.A.", ELA),
     ("Century City Towers", (34.0574, -118.4163, "Century City, Los Angeles, US"), {"kind": "facility"})],
    [dict(type="other", what="Daniel Montalvo turns himself in at the East Los Angeles sheriff's station and is arrested",
          place="East L.A.", dates=["2010-10-06"], sentence="walked into lobby of the East L.A. station and turned himself in"),
     dict(type="other", what="Scientology officials report the alleged theft at the East Los Angeles sheriff's station",
          place="East Los Angeles", dates=["2010-09-29"], sentence="On September 29, Scientology officials went to the East Los Angeles sheriff's station"),
     dict(type="other", what="Montalvo interrogated for two hours by a church lawyer at the Century City Towers",
          place="Century City Towers", precision="facility", dates=[], sentence="he was taken to the Century City Towers"),
     dict(type="meeting", what="Montalvo travels to Florida to meet Tom Devocht", place="Florida", precision="region", dates=[],
          sentence="He traveled to Florida to meet with Devocht")]),
 en("afghan", "2017-07-21", "afghan-girls-robotics", "After visa snags, all-girl Afghan team honored for 'courageous achievement' at international robotics competition",
    W + "After_visa_snags%2C_all-girl_Afghan_team_honored_for_%27courageous_achievement%27_at_international_robotics_competition",
    [("Washington D.C.", "Washington|US"), ("United States", "US", {"skip": [2, 5]}), ("U.S.", "US"), ("Afghanistan", "AF"),
     ("Poland", "PL"), ("Armenia", "AM"), ("Herat", "Herat|AF"), ("Kabul", "Kabul|AF"), ("Canada", "CA"), ("Sudan", "SD"),
     ("Iran", "IR"), ("Libya", "LY"), ("Yemen", "YE"), ("Syria", "SY"), ("Morocco", "MA"), ("Estonia", "EE"),
     ("Mexico City", "Mexico City|MX")],
    [dict(type="other", what="the Afghan girls' team awarded a silver medal for courageous achievement at the FIRST Global Challenge",
          place="Washington D.C.", dates=["2017-07-18"], sentence="A group of Afghan teenagers was awarded a silver medal"),
     dict(type="other", what="the team twice denied US visas after travelling from Herat to Kabul", place="Kabul", dates=[],
          status="background", sentence="They made the trip twice and were turned down both times"),
     dict(type="other", what="next year's competition in Mexico City", place="Mexico City", dates=[], status="planned",
          sentence="Next year's competition is scheduled to take place in Mexico City")]),
]
