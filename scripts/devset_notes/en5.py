"""Annotator's notes for data/devset (see data/devset/README.md): python scripts/devset_annotate.py scripts/devset_notes/en5.py data/devset"""
from pathlib import Path
import runpy
g = runpy.run_path(str(Path(__file__).with_name("en1.py")))
en, W = g["en"], g["W"]
ARTICLES = [
 en("warhol", "2014-01-28", "warhol-university-exhibits", "Warhol's photo legacy spread by university exhibits",
    W + "Warhol%27s_photo_legacy_spread_by_university_exhibits",
    [("Evansville", "Evansville|US"), ("Indiana", "Indiana|US|region", {"skip": [0, 2, 4, 5]}), ("United States", "US"),
     ("Saratoga Springs", "Saratoga Springs|US"), ("New York", "New York|US|region"), ("Evanston", "Evanston|US"),
     ("Illinois", "Illinois|US|region"), ("Durham", "Durham|US"), ("North Carolina", "North Carolina|US|region", {"skip": [0, 2]}),
     ("America", "US"), ("Italy", "IT")],
    [dict(type="other", what="opening night of the Andy Warhol exhibit at the University of Southern Indiana", place="Evansville",
          dates=["2014-01-23"], sentence="This past week marked the opening night of an Andy Warhol exhibit"),
     dict(type="other", what="Warhol Polaroid exhibit at the Tang Teaching Museum, Skidmore College", place="Saratoga Springs",
          dates=[], sentence="there are also Warhol Polaroid exhibits at the Tang Teaching Museum"),
     dict(type="other", what="Steichen and Warhol exhibit at the Block Museum, Northwestern University", place="Evanston",
          dates=[], sentence="an Edward Steichen and Andy Warhol exhibit at the Mary & Leigh Block Museum of Art")]),
]
