"""Stage 2: read the posting into what it asks for: skills, title, years, degree, rare terms."""
