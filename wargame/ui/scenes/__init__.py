"""The screens of a session, from the title to the debrief, and the overlays above them."""
