"""What comes next at the table: briefings, hand-offs, sealed orders, resolution, the debrief.

The order is decided from the session (who still has to choose, whether the game is over) plus
the one thing only the table knows: which teams have read their private brief.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from wargame.ui.app import App, Scene


@dataclass
class Flow:
    app: App
    briefed: set[str] = field(default_factory=set)

    def begin(self, resumed: bool = False) -> None:
        """A game is set up: brief the room (or, after a crash, say what was lost and go back to play)."""
        from wargame.ui.scenes.briefing import BriefingScene, ResumedScene

        session = self.app.session
        print(f"wargame: log {session.log_path}", flush=True)
        # Everything made so far (the engine, the scenario, fonts, the theme) lives for the whole
        # game: set it aside from the garbage collector, whose full passes over it froze the table
        # for a tenth of a second or more at a time (benchmarks/bench_ui.py).
        gc.freeze()
        if resumed:
            self.briefed = set(session.human_sides())
            if session.resumed is not None:
                self.app.replace(ResumedScene(self.app, session.resumed))
                return
            self.next()
        else:
            self.app.replace(BriefingScene(self.app))

    def next(self) -> None:
        """Show whatever the game needs now."""
        from wargame.ui.scenes.briefing import HandOffScene, PrivateBriefScene, SealedScene
        from wargame.ui.scenes.resolution import ResolutionScene
        from wargame.ui.scenes.turn import TurnScene

        app, session = self.app, self.app.session
        unbriefed = [s for s in session.human_sides() if s not in self.briefed]
        if unbriefed and not session.over:
            side = unbriefed[0]
            self.briefed.add(side)
            app.replace(HandOffScene(app, side, "your private brief",
                                     lambda: PrivateBriefScene(app, side)))
        elif session.over:
            self.debrief()
        elif session.waiting_for():
            side = session.waiting_for()[0]
            app.replace(HandOffScene(app, side, "your orders", lambda: TurnScene(app, side)))
        elif session.human_sides():
            app.replace(SealedScene(app))
        else:
            app.replace(ResolutionScene(app, session.resolve()))

    def stale(self) -> bool:
        """True when the screen under the white cell no longer fits the game (a seat was handed to the
        computer, sealed orders were withdrawn): then `next` shows what the game needs instead."""
        from wargame.ui.scenes.briefing import HandOffScene, SealedScene
        from wargame.ui.scenes.turn import TurnScene

        base = self.base()
        waiting = self.app.session.waiting_for()
        if isinstance(base, TurnScene):
            return base.side not in waiting
        if isinstance(base, HandOffScene) and base.purpose == "your orders":
            return base.side not in waiting
        if isinstance(base, SealedScene):
            return bool(waiting) or not self.app.session.human_sides()
        return False

    def base(self) -> Scene | None:
        """The screen under any overlays."""
        return next((s for s in reversed(self.app.stack) if not s.overlay), None)

    def update(self, dt: float) -> bool:
        """React to news that came from outside the window (the split room's flows); True to redraw."""
        return False

    def resolve(self) -> None:
        from wargame.ui.scenes.resolution import ResolutionScene

        self.app.replace(ResolutionScene(self.app, self.app.session.resolve()))

    def debrief(self) -> None:
        """Score the game in the background (the risk-reduced simulation takes a moment), then show it."""
        from wargame.ui.scenes.debrief import DebriefScene

        app = self.app
        app.background(app.session.debrief, lambda summary: app.replace(DebriefScene(app, summary)),
                       "Scoring the game\u2026")

    def to_title(self) -> None:
        from wargame.ui.scenes.setup import TitleScene

        if self.app.session is not None:
            self.app.session.close()
            self.app.session = None
        self.briefed.clear()
        while self.app.stack:
            self.app.stack.pop().leave()
        self.app.push(TitleScene(self.app))

    def save_and_quit(self) -> None:
        session = self.app.session
        if session is not None and not session.over:
            print(f"wargame: every committed turn is saved in {session.log_path}; "
                  f"continue with: wargame play --resume {session.log_path}", flush=True)
        self.app.quit()
