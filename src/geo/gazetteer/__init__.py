"""The offline gazetteer: its build, its index, and what reviewers taught it."""
