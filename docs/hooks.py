"""MkDocs hook: the docstrings' Sphinx roles (:class:`x`, :func:`~a.b`) shown as plain code on the API pages.

The package's docstrings are Google style with Sphinx cross-reference roles, which mkdocstrings leaves as text
(":class:" before the code). This strips the role; ``~`` keeps the last name only, as Sphinx shows it.
"""

import re

ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|ref|py:\w+):<code>(~)?([^<]*)</code>")


def _plain(m: re.Match) -> str:
    name = m.group(2).rsplit(".", 1)[-1] if m.group(1) else m.group(2)
    return f"<code>{name}</code>"


def on_page_content(html: str, **kwargs) -> str:
    """Each page's HTML with the roles stripped."""
    return ROLE.sub(_plain, html)
