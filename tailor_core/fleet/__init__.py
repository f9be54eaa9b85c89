"""State shared by every process of the fleet, kept in Redis: metric counters and the language
model's limits."""
