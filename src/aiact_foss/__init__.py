"""aiact-foss: a legal reasoner for the free and open-source exemption of the EU AI Act.

The law lives in ``logic/`` as clingo rules; this package validates scenarios, turns them
into facts, solves them under each draft and renders the results. Packages: language/
(scenario -> facts), law/ (logic/ as data), engine/ (solving), batch/, explain/, explore/,
testing/, reference/, cli/.
"""

from aiact_foss import _moved

__version__ = "0.1.0"

_moved.install()
