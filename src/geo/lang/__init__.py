"""Language knowledge as data: word lists per language, name normalisation."""
