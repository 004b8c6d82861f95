"""Where the repository's data lives."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
LEXICON_DIR = DATA_DIR / "lexicons"
SAMPLES_DIR = DATA_DIR / "samples"
