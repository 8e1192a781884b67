"""``python -m actlab``: the command line (see ``actlab.cli``)."""

import sys

from .cli import main

sys.exit(main())
