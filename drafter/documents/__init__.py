"""Stage 2, documents: a Job (registry) turned into Drafts by the builders that register
themselves there, legislation (ordinance, resolution, orders) and the campaign papers; and
what is made from drafts: the redline, the packet, the status report and scorecard.

Importing this package registers every builder. Imports inputs, render and the ground.
"""
from . import campaign, legislation, state_law_memo  # noqa: F401 (each registers its builders)
