"""Translation models: backends (transformers, CTranslate2), the model registry and its tools.

Importing this package never imports torch, transformers or ctranslate2; they are
imported when a model is loaded, converted or pulled. Nothing here downloads at run time:
``hub.pull`` is for operators on a connected machine.
"""
