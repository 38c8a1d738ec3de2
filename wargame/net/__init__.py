"""The split room: one authoritative host, team and observer clients, over WebSocket.

The host (`wargame.net.host`) runs the one `Game` and is the only writer of its log; each client
(`wargame.net.client`) receives only what its seat may see (`wargame.net.fog`). Messages are
versioned pydantic models (`wargame.net.protocol`); join codes and their rate limit are in
`wargame.net.codes`. Nothing here imports pygame: the table's screens reach the host and the
clients through adapters in `wargame.ui.split`.
"""

DEFAULT_PORT = 8765
