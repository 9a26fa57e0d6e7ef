"""Offence classification over the 32 categories of FD 2002/584/JHA Art. 2(2) plus ``other``.

Terms per language (``triage/lang/<code>/offences.yaml``) give explainable scores from day
one; a trained character n-gram model (``triage train``) joins them when one exists.
"""

from triage.offences.classify import decide, term_result
from triage.offences.taxonomy import Offence, Taxonomy, load_taxonomy

__all__ = ["Offence", "Taxonomy", "decide", "load_taxonomy", "term_result"]
