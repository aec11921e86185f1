"""What changed between two versions, section by section, in words a reader can follow."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from guidelines.models import GuidelineVersion, Section
from portal.lib.html import markdown_to_html

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Where the rendered section breaks a line, and where a table cell ends.
_LINE_BREAK = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|tr|dt|dd)>|<br\s*/?>|<hr\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]>", re.I)
_TAG = re.compile(r"<[^>]*>")
_PRE = re.compile(r"<pre\b.*?</pre>", re.I | re.S)


def readable(markdown: str) -> str:
    """A section's Markdown as its reader sees the words, rendered as on the guideline page:
    "[Tabuthemen](/guidelines/…)" is "Tabuthemen", "**nie**" is "nie", HTML the page leaves out
    is left out here too. Lists and paragraphs keep their lines."""
    # Only the tags break lines, and the lines of code blocks.
    rendered = _PRE.sub(lambda block: block.group(0).replace("\n", "<br>"), markdown_to_html(markdown))
    html = " ".join(rendered.split())
    html = _CELL_END.sub(" ", _LINE_BREAK.sub("\n", html))
    text = unescape(_TAG.sub("", html))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


class Change:
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"
    UNCHANGED = "unchanged"

    LABELS = {
        ADDED: _("New"),
        REMOVED: _("Removed"),
        CHANGED: _("Changed"),
        MOVED: _("Moved"),
        UNCHANGED: _("Unchanged"),
    }


@dataclass
class SectionChange:
    status: str
    old: Section | None
    new: Section | None
    notes: list[str] = field(default_factory=list)
    body_diff: SafeString | None = None

    @property
    def label(self) -> str:
        return Change.LABELS[self.status]

    @property
    def section(self) -> Section:
        return self.new or self.old


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with inserted words in <ins> and removed words in <del>, all escaped.

    Each says so in words to screen readers too: most read <ins> and <del> as plain text, the
    removed words and the added ones run together ("Strategie neue Übernahmen").
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    # Outside the f-strings below: makemessages does not look inside them.
    removed_label, added_label = _("removed:"), _("added:")
    removed = f'<span class="visually-hidden">{escape(removed_label)} </span>'
    added = f'<span class="visually-hidden">{escape(added_label)} </span>'
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"{removed}<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"{added}<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def compare(old_version: GuidelineVersion, new_version: GuidelineVersion) -> list[SectionChange]:
    """Sections of ``new_version`` in order, with the ones removed since ``old_version`` where they were."""
    old = {s.key: s for s in Section.objects.of_version(old_version)}
    new = list(Section.objects.of_version(new_version))
    new_keys = {s.key for s in new}
    old_order = [s.key for s in sorted(old.values(), key=lambda s: s.position) if s.key in new_keys]
    new_order = [s.key for s in new if s.key in old]
    # Sections outside the longest common order moved; the rest only shifted.
    stayed = set()
    for block in difflib.SequenceMatcher(None, old_order, new_order, autojunk=False).get_matching_blocks():
        stayed.update(old_order[block.a : block.a + block.size])
    changes: list[SectionChange] = []
    for section in new:
        before = old.get(section.key)
        if before is None:
            changes.append(SectionChange(Change.ADDED, None, section))
            continue
        notes = []
        if before.display_title != section.display_title:
            notes.append(_("Title was “%(title)s”.") % {"title": before.display_title})
        if before.kind != section.kind:
            notes.append(
                _("Now a %(new)s (was a %(old)s).")
                % {"new": section.get_kind_display(), "old": before.get_kind_display()}
            )
        if before.category != section.category:
            notes.append(_("Category was %(old)s.") % {"old": before.get_category_display()})
        body_changed = before.display_body != section.display_body
        if notes or body_changed:
            change = SectionChange(Change.CHANGED, before, section, notes)
            if body_changed:
                change.body_diff = word_diff(readable(before.display_body), readable(section.display_body))
        elif section.key not in stayed:
            change = SectionChange(Change.MOVED, before, section)
        else:
            change = SectionChange(Change.UNCHANGED, before, section)
        changes.append(change)
    # Removed sections go where they stood before, after the section that preceded them.
    for before in sorted(old.values(), key=lambda s: s.position):
        if before.key in new_keys:
            continue
        index = 0
        for i, change in enumerate(changes):
            if change.old is not None and change.old.position < before.position:
                index = i + 1
        changes.insert(index, SectionChange(Change.REMOVED, before, None))
    return changes
