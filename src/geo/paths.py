"""Where the repository's data lives."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"
LANG_DIR = DATA_DIR / "lang"
SAMPLES_DIR = DATA_DIR / "samples"
