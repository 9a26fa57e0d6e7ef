"""The YAML reader for the service's data files (term lists, taxonomy, policies).

PyYAML's pure-Python parser takes about a second to read every language's files at each
process start; libyaml's C parser reads the same files ten times faster and gives the same
data (``tests/test_yamlfiles.py`` compares both on every shipped file). The two differ on a
few edge cases (libyaml refuses ``[ID:]``): a document the C parser refuses is read again by
the Python parser, so a user's file (a minimisation policy) is read as it always was.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PythonWordLoader(yaml.SafeLoader):
    """For word lists: every scalar is a string ("no", "on", "off" are words, not booleans)."""


class WordLoader(SafeLoader):  # type: ignore[valid-type,misc]
    """For word lists: every scalar is a string ("no", "on", "off" are words, not booleans)."""


WordLoader.yaml_implicit_resolvers = PythonWordLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:str"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PYTHON_LOADERS: dict[type[yaml.SafeLoader], type[yaml.SafeLoader]] = {
    SafeLoader: yaml.SafeLoader,
    WordLoader: PythonWordLoader,
}


def load_yaml(source: str | bytes, loader: type[yaml.SafeLoader] = SafeLoader) -> Any:
    """Parse one YAML document with a safe loader (plain data only, no Python objects)."""
    try:
        return yaml.load(source, Loader=loader)
    except yaml.YAMLError:
        python_loader = _PYTHON_LOADERS.get(loader)
        if python_loader is None or python_loader is loader:
            raise
        return yaml.load(source, Loader=python_loader)
