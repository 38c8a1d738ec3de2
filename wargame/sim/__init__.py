"""Decision support: many games at once over the same kernel as the live game."""
