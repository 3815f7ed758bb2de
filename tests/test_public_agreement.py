"""Every page, API and file agrees on what is public and on every count.

Hypothesis generates many small networks: organizations reviewed or not, waves (two may
open on one day), submissions in every status, partnerships marked ended, learning
interests, involvement answers, self-references and merges. For each, the expected
figures come from a small model of the rules written here, from the generated data,
not from the code under test; then the home page, /api/graph, the table view, the
organization list, every organization page and its API, the downloads and the wave
reports must all show those figures.
"""

import csv
import io
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cache import EXTENSION_KEY as DOCUMENT_CACHE
from app.extensions import db
from app.models import (
    Continuity,
    InvolvementAnswer,
    InvolvementLevel,
    LearningInterest,
    LocalGroupAnswer,
    OrgKind,
    OrgStatus,
    PartnershipAnswer,
    RelationshipStatus,
    Submission,
    SubmissionStatus,
    SurveyKind,
    SurveyWave,
    WaveStatus,
    WaveSurveys,
)
from app.models.enums import Answer3
from app.network import bump_revision, lock_network_revision
from app.orgs.merge import merge_organizations
from tests import factories
from tests.conftest import empty_all_tables

KINDS = [OrgKind.BRIGADE, OrgKind.GOVERNMENT, OrgKind.NONPROFIT, OrgKind.NNIP_PARTNER]
DAYS = [date(2022, 3, 1), date(2024, 3, 1), date(2026, 3, 1)]
S = SubmissionStatus
ORGS = 6


@dataclass
class Answer:
    kind: str  # "p", "l" or "i"
    source: int
    target: int
    wave: int
    status: str | None = None
    ended: bool = False
    order: int = 0  # creation order, which is the answer id order within a kind


@dataclass
class Spec:
    orgs: list[tuple[OrgKind, bool]]  # kind, reviewed
    waves: list[int]  # an index into DAYS per wave
    submissions: list[dict]
    merge: tuple[int, int] | None
    answers: list[Answer] = field(default_factory=list)


partner_answer = st.tuples(
    st.integers(0, ORGS - 1),
    st.sampled_from(list(RelationshipStatus)),
    st.sampled_from([None, Continuity.NEW, Continuity.CONTINUING, Continuity.ENDED]),
)
submission = st.fixed_dictionaries(
    {
        "org": st.integers(0, ORGS - 1),
        "wave": st.integers(0, 2),
        "survey": st.sampled_from(list(SurveyKind)),
        "status": st.sampled_from(
            [S.APPROVED, S.APPROVED, S.PENDING, S.REJECTED, S.UNPUBLISHED, S.SUPERSEDED]
        ),  # fmt: skip
        "partners": st.lists(partner_answer, max_size=3),
        "interests": st.lists(st.integers(0, ORGS - 1), max_size=2),
        "groups": st.lists(st.integers(0, ORGS - 1), max_size=2),
    }
)
networks = st.builds(
    Spec,
    orgs=st.lists(st.tuples(st.sampled_from(KINDS), st.booleans()), min_size=ORGS, max_size=ORGS),
    waves=st.lists(st.integers(0, 2), min_size=3, max_size=3),
    submissions=st.lists(submission, min_size=1, max_size=7),
    merge=st.none() | st.tuples(st.integers(0, ORGS - 1), st.integers(0, ORGS - 1)),
)


def store(spec: Spec, actor) -> tuple[list, list[SurveyWave]]:
    """Write the generated network as rows; return the organizations and waves."""
    orgs = [
        factories.make_org(
            f"Org {i}",
            kind,
            status=OrgStatus.APPROVED if ok else OrgStatus.PENDING,
            state="CA" if i % 2 else None,
        )  # fmt: skip
        for i, (kind, ok) in enumerate(spec.orgs)
    ]
    lock_network_revision()  # before the rows below are written, as every service does
    waves = []
    for i, day in enumerate(spec.waves):
        wave = SurveyWave(name=f"Wave {i}", slug=f"wave-{i}", surveys=WaveSurveys.BOTH,
                          status=WaveStatus.CLOSED, opens_on=DAYS[day])  # fmt: skip
        db.session.add(wave)
        waves.append(wave)
    db.session.flush()
    for sub in spec.submissions:
        row = Submission(wave=waves[sub["wave"]], survey_kind=sub["survey"],
                         organization=orgs[sub["org"]], status=sub["status"])  # fmt: skip
        if sub["survey"] is SurveyKind.PARTNERSHIP:
            for position, (partner, status, continuity) in enumerate(sub["partners"]):
                row.partnerships.append(PartnershipAnswer(position=position, partner=orgs[partner],
                                        status=status, continuity=continuity))  # fmt: skip
            for position, named in enumerate(sub["interests"]):
                row.learning_interests.append(
                    LearningInterest(position=position, organization=orgs[named])
                )
        else:
            row.involvement = InvolvementAnswer(
                level=InvolvementLevel.SOME_CONTACT, provided_assistance=False,
                wants_stronger_relationship=Answer3.YES,
            )  # fmt: skip
            for position, group in enumerate(dict.fromkeys(sub["groups"])):
                answer = LocalGroupAnswer(position=position, organization=orgs[group])
                row.local_groups.append(answer)
        db.session.add(row)
        db.session.flush()
    bump_revision()
    db.session.commit()
    if spec.merge and spec.merge[0] != spec.merge[1]:
        merge_organizations(orgs[spec.merge[0]], orgs[spec.merge[1]], actor)
    return orgs, waves


@dataclass
class Expected:
    public: set[int]
    kind: dict[int, OrgKind]
    relationships: dict[tuple, Answer]  # (kind, source, target) -> its latest answer
    per_wave: dict[int, set[tuple]]  # wave -> the partnership keys it names

    def degree(self, org: int) -> int:
        return sum(org in (key[1], key[2]) for key in self.relationships)

    def partners_of(self, org: int) -> set[int]:
        return {k[2] if k[1] == org else k[1] for k in self.relationships if org in k[1:]}


def expected(spec: Spec) -> Expected:
    """Work out, from the generated data alone, what every page must show."""
    kind = {i: k for i, (k, _) in enumerate(spec.orgs)}
    reviewed = {i for i, (_, ok) in enumerate(spec.orgs) if ok}
    alias = {}
    if spec.merge and spec.merge[0] != spec.merge[1]:
        source, target = spec.merge
        alias[source] = target
        if source in reviewed:
            reviewed.add(target)
        reviewed.discard(source)
    real = lambda i: alias.get(i, i)  # noqa: E731
    approved = [s for s in spec.submissions if s["status"] is S.APPROVED]
    named = set()
    answers, order = [], Counter()
    for sub in spec.submissions:  # answer ids follow creation order, per kind
        public = sub["status"] is S.APPROVED
        me = real(sub["org"])
        if sub["survey"] is SurveyKind.PARTNERSHIP:
            for partner, status, continuity in sub["partners"]:
                order["p"] += 1
                if public:
                    answers.append(Answer("p", me, real(partner), sub["wave"], status.value,
                                          continuity is Continuity.ENDED, order["p"]))  # fmt: skip
            for org in sub["interests"]:
                order["l"] += 1
                if public:
                    answers.append(Answer("l", me, real(org), sub["wave"], order=order["l"]))
        else:
            for group in dict.fromkeys(sub["groups"]):
                order["i"] += 1
                if public:
                    answers.append(Answer("i", me, real(group), sub["wave"], order=order["i"]))
    for sub in approved:
        named.add(real(sub["org"]))
    named.update(end for a in answers for end in (a.source, a.target))
    public = named & reviewed
    wave_order = {w: (spec.waves[w], w) for w in range(3)}
    relationships, per_wave = {}, {w: set() for w in range(3)}
    for a in answers:
        if a.ended or a.source == a.target or not {a.source, a.target} <= public:
            continue
        key = (a.kind, a.source, a.target)
        if a.kind == "p":
            per_wave[a.wave].add(key)
        latest = relationships.get(key)
        rank = (wave_order[a.wave], a.order)
        if latest is None or rank > (wave_order[latest.wave], latest.order):
            relationships[key] = a
    return Expected(public, kind, relationships, per_wave)


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"<strong>(\d+)</strong>", text)]


def csv_rows(client, url: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(url).get_data(as_text=True))))


def check_every_page(client, spec: Spec, orgs, waves) -> None:
    """Compare what each page, API and file shows with the expected figures."""
    want = expected(spec)
    ids = {org.id: i for i, org in enumerate(orgs) if i not in _merged_away(spec)}
    name = {i: f"Org {i}" for i in range(ORGS)}
    public_names = {name[i] for i in want.public}
    partnerships = [k for k in want.relationships if k[0] == "p"]
    brigades = sum(1 for i in want.public if want.kind[i] is OrgKind.BRIGADE)

    home = client.get("/").get_data(as_text=True)
    if partnerships:
        assert numbers(home.split('class="totals"')[1])[:3] == [
            brigades, len(want.public) - brigades, len(partnerships)
        ]  # fmt: skip

    graph = client.get("/api/graph").get_json()
    labels = {n["data"]["id"]: n["data"]["label"] for n in graph["elements"]["nodes"]}
    assert set(labels.values()) == public_names
    edges = {(e["data"]["type"][0], labels[e["data"]["source"]], labels[e["data"]["target"]])
             for e in graph["elements"]["edges"]}  # fmt: skip
    assert len(edges) == len(graph["elements"]["edges"]) == len(want.relationships)
    assert edges == {(k, name[s], name[t]) for k, s, t in want.relationships}
    for e in graph["elements"]["edges"]:
        if e["data"]["type"] == "partnership":
            key = next(k for k in want.relationships if (k[0], name[k[1]], name[k[2]]) == (
                "p", labels[e["data"]["source"]], labels[e["data"]["target"]]))  # fmt: skip
            assert e["data"]["status"] == want.relationships[key].status
    degrees = {n["data"]["label"]: n["data"]["degree"] for n in graph["elements"]["nodes"]}
    assert degrees == {name[i]: want.degree(i) for i in want.public}
    assert graph["summary"]["relationships"] == len(want.relationships)
    assert graph["summary"]["by_type"]["partnership"] == len(partnerships)

    table = client.get("/map/table").get_data(as_text=True)
    assert (f"{brigades} brigade{'' if brigades == 1 else 's'}, "
            f"{len(want.public) - brigades} partner") in table  # fmt: skip
    rel_count = len(want.relationships)
    assert f"{rel_count} relationship{'' if rel_count == 1 else 's'} in all waves" in table
    table_degrees = dict(re.findall(
        r'<th scope="row"><a href="/orgs/[^"]+">(Org \d)</a></th>\s*<td>[^<]*</td>\s*'
        r'<td>[^<]*</td>\s*<td class="number">(\d+)</td>', table))  # fmt: skip
    assert {k: int(v) for k, v in table_degrees.items()} == degrees

    listing = client.get("/orgs/").get_data(as_text=True)
    listed = dict(re.findall(
        r'<a href="/orgs/[^"]+">(Org \d)</a></th>\s*<td>[^<]*</td>\s*<td>[^<]*</td>\s*'
        r'<td class="number">(\d+)</td>', listing))  # fmt: skip
    assert {k: int(v) for k, v in listed.items()} == degrees

    for i in ids.values():
        slug = orgs[i].slug
        page = client.get(f"/orgs/{slug}")
        api = client.get(f"/api/orgs/{slug}")
        assert page.status_code == api.status_code == (200 if i in want.public else 404)
        if i in want.public:
            text = page.get_data(as_text=True)
            assert f"<dt>Relationships</dt><dd>{want.degree(i)}</dd>" in text
            assert f"<dt>Distinct partners</dt><dd>{len(want.partners_of(i))}</dd>" in text

    rows = csv_rows(client, "/downloads/partnerships.csv")
    assert sorted((r["organization"], r["partner"]) for r in rows) == sorted(
        (name[s], name[t]) for _, s, t in partnerships
    )
    org_rows = csv_rows(client, "/downloads/organizations.csv")
    assert {r["name"]: int(r["degree"]) for r in org_rows} == degrees
    graphml = ET.fromstring(client.get("/downloads/graph.graphml").data)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(graphml.findall(".//g:node", ns)) == len(want.public)
    assert len(graphml.findall(".//g:edge", ns)) == len(want.relationships)
    assert client.get("/downloads/graph.json").get_json()["summary"] == graph["summary"]

    for w, wave in enumerate(waves):
        in_wave = client.get(f"/api/graph?wave={wave.slug}").get_json()
        assert in_wave["summary"]["by_type"]["partnership"] == len(want.per_wave[w])
        report = client.get(f"/waves/{wave.slug}").get_data(as_text=True)
        if want.per_wave[w]:
            assert f"<dt>Relationships</dt><dd>{len(want.per_wave[w])}</dd>" in report


def _merged_away(spec: Spec) -> set[int]:
    return {spec.merge[0]} if spec.merge and spec.merge[0] != spec.merge[1] else set()


PROFILE = settings(
    max_examples=int(os.environ.get("AGREEMENT_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,  # the same networks on every run, so CI is repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROFILE
@given(spec=networks)
def test_every_page_api_and_file_agree_on_every_count(app, client, spec):
    db.session.remove()  # end the last example's transaction: emptying the tables waits on it
    empty_all_tables()
    # A new network from revision 1 again: nothing kept from the last one may be served.
    app.extensions.pop(DOCUMENT_CACHE, None)
    actor = factories.make_user("merger@example.org", factories.Role.MODERATOR)
    orgs, waves = store(spec, actor)
    check_every_page(client, spec, orgs, waves)
