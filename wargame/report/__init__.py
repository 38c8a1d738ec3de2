"""After-action reports: scores, counterfactuals and the printable debrief, all from the log.

    >>> from wargame.report import score_game
    >>> scores = score_game(records, scenario)   # one scoring code path: report and debrief screen
    >>> scores.headline()
"""

from wargame.report.scoring import GameScores, score_game

__all__ = ["GameScores", "score_game"]
