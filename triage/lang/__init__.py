"""Per-language data: one folder per language (``<code>/<stage>.yaml``) and the code that reads it.

``files.py`` reads a stage's file of a language (one loader, one set of errors); ``terms.py``
compiles the one term syntax every stage's word lists are written in.
"""
