"""Scoring the parser against gold corpora."""
