"""Stage 5: plan the tailoring: reorder, mirror the posting's spelling, lift skills, summarize."""
