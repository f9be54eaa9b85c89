"""All SQL lives here. Functions take a session and never commit: the unit of work does."""
