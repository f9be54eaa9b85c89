"""What the engine knows before it reads anything: skill names, their aliases, common words."""
