"""What the pages show, computed without streamlit: view state, map, panel, timeline, page logic."""
