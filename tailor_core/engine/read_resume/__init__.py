"""Stage 1: read the resume into lines, sections, entries (role, employer, dates) and degrees."""
