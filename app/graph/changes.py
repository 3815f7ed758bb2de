"""The "changes since" mode: how relationships changed after an earlier wave.

A relationship is the same from one wave to the next when it has the same kind and
the same two ends (Edge.key). The answers compared with the earlier wave `since` are,
for each organization and survey, the ones it gave in the wave `to`, or, when `to` is
empty, the latest ones it gave. Then:
- new: named now, not named in `since`;
- continuing: named now and in `since`;
- ended: marked ended now, or named in `since` by an organization that answered again
  without naming it;
- unconfirmed: from an organization that has not answered again since `since` (shown
  only with the latest answers; with a `to` wave they are not that wave's answers).
An organization that answered `since` and has not answered again is counted, since its
silence says nothing about its relationships.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.i18n import N_
from app.models.enums import LabelledEnum

if TYPE_CHECKING:
    from app.graph.build import Edge, Network


class Change(LabelledEnum):
    """How a relationship changed since an earlier wave, and how it is named for people."""

    NEW = "new", N_("New")
    CONTINUING = "continuing", N_("Continuing")
    ENDED = "ended", N_("Ended")
    UNCONFIRMED = "unconfirmed", N_("Not confirmed")


NEW, CONTINUING, ENDED, UNCONFIRMED = Change
CHANGES = tuple(Change)


@dataclass
class ChangeSet:
    """The relationships to draw in the "changes since" mode, each with its change."""

    since: str
    to: str  # a wave slug, or "" for each organization's latest answers
    edges: list["Edge"] = field(default_factory=list)
    change_of: dict[str, Change] = field(default_factory=dict)  # edge id -> its change
    not_answered_again: set[int] = field(default_factory=set)  # organization ids
    # what those organizations named in `since` (drawn only with the latest answers)
    unconfirmed: list["Edge"] = field(default_factory=list)


def changes_since(network: "Network", since: str, to: str = "") -> ChangeSet:
    """Compare the answers of `to` (or the latest answers) with those of the wave `since`."""
    order = {slug: index for index, slug in enumerate(network.waves)}
    result = ChangeSet(since=since, to=to)
    named = defaultdict(list)  # (organization, survey, wave) -> the relationships it named
    for edge in network.answers:
        named[(edge.source, edge.survey, edge.wave)].append(edge)
    for (org, survey), waves in network.answered.items():
        now = _answers_now(waves, to)
        before = [edge for edge in named[(org, survey, since)] if not edge.ended]
        if now is None or order[now] <= order[since]:
            if since in waves:
                result.not_answered_again.add(org)
                result.unconfirmed += before
            if now is not None:
                _add(result, [edge for edge in named[(org, survey, now)] if not edge.ended],
                     UNCONFIRMED)  # fmt: skip
            continue
        _compare(result, before, named[(org, survey, now)])
    return result


def _answers_now(waves: list[str], to: str) -> str | None:
    """Return the wave whose answers stand for now: `to` if answered in it, else the latest."""
    if to:
        return to if to in waves else None
    return waves[-1]


def _compare(result: ChangeSet, before: list["Edge"], now: list["Edge"]) -> None:
    """Classify one organization's relationships in one survey, then against before."""
    keys_before = {edge.key for edge in before}
    current = [edge for edge in now if not edge.ended]
    keys_now = {edge.key for edge in current}
    for edge in current:
        _add(result, [edge], CONTINUING if edge.key in keys_before else NEW)
    ended, seen = [], set(keys_now)
    # An explicit "ended" answer first: it is the newer word on that relationship.
    for edge in [edge for edge in now if edge.ended] + before:
        if edge.key not in seen:
            seen.add(edge.key)
            ended.append(edge)
    _add(result, ended, ENDED)


def _add(result: ChangeSet, edges: list["Edge"], change: Change) -> None:
    """Draw `edges`, each marked with `change`."""
    for edge in edges:
        result.edges.append(edge)
        result.change_of[edge.id] = change
