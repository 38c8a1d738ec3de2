"""The table's side of a split room: the same scenes, reached through adapters to the network.

`RemoteSession` answers a team's (or an observer's) table from the host's views; `HostedSession`
answers the room screen from the host's public picture and sends the white cell's acts to it.
Both offer the scenes the questions `wargame.ui.session.Session` answers, so the turn, resolution
and debrief screens are the hot-seat ones. `TeamFlow` and `RoomFlow` decide what comes next;
`RoomScene` is the room's picture (the projector, an observer, a team that has sealed) and
`SplitRoomScene` the white cell's codes, connections, timer and hand-over controls.
"""
