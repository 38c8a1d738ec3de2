"""`python -m wargame` is the same as the `wargame` command."""

import sys

from wargame.cli.main import main

sys.exit(main())
