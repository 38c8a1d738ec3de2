"""The Pygame table: the only package that imports pygame.

A stack of scenes (`wargame.ui.app`) drawn with pygame_gui widgets styled by `assets/theme.json`;
the map, the ladder and the charts are drawn by hand. Scenes reach the game only through
`wargame.ui.session.Session`; no rule is decided here.
"""
