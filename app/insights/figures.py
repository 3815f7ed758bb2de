"""Network figures of one set of organizations and relationships, computed by igraph.

A relationship here is a partnership or an involvement with a civic tech group, named by
either side; one named by both sides counts once, and direction does not matter. An
interest in learning from another group is a wish, not a relationship, so it is left out.

Up to EXACT_UP_TO organizations every figure is exact. Past that (a national network),
betweenness counts shortest paths of at most CUTOFF steps and the average distance is
measured from SAMPLED organizations, which keeps a recomputation to seconds; `exact`
says which was done. Communities come from the Louvain method with a fixed seed, so the
same answers always give the same groups.
"""

import random
from dataclasses import asdict, dataclass, field

import igraph

from app.models import OrgKind

EXACT_UP_TO = 2500
CUTOFF = 3
SAMPLED = 300
SEED = 2022
BRIGADE = OrgKind.BRIGADE.value


@dataclass(frozen=True)
class OrgFigures:
    """Where one organization stands in the network."""

    relationships: int  # distinct organizations it has a relationship with
    betweenness: float  # share of shortest paths between two others that pass through it
    community: int | None  # its group, numbered from the largest; None when it is alone
    component: int  # its connected part, numbered from the largest


@dataclass
class NetworkFigures:
    """The network as a whole; every value is a plain number, never NaN."""

    organizations: int = 0
    relationships: int = 0
    density: float = 0.0  # relationships present out of all possible pairs
    components: int = 0
    largest_component: int = 0
    communities: int = 0  # groups of two or more organizations
    average_distance: float | None = None  # in the largest part; None below two members
    brigades: int = 0
    # percent of brigades with at least one partner of each kind
    brigades_with_partner: dict[str, float] = field(default_factory=dict)
    shared_partners: int = 0  # organizations related to two or more brigades
    exact: bool = True

    def as_dict(self) -> dict:
        """Return the figures as JSON-ready values."""
        return asdict(self)


def measure(kinds: dict[int, str], pairs: list[tuple[int, int]]):
    """Return (NetworkFigures, {org id: OrgFigures}) of organizations `kinds` and `pairs`."""
    ids = sorted(kinds)
    index = {org: i for i, org in enumerate(ids)}
    links = {tuple(sorted((index[a], index[b]))) for a, b in pairs if a != b}
    graph = igraph.Graph(n=len(ids), edges=sorted(links))
    exact = len(ids) <= EXACT_UP_TO
    figures = NetworkFigures(
        organizations=len(ids), relationships=len(links), exact=exact, density=_density(graph)
    )
    if not ids:
        return figures, {}
    components = _numbered(graph.connected_components())
    communities = _numbered(_communities(graph), alone_is_none=True)
    figures.components = len(set(components))
    figures.largest_component = max(graph.connected_components().sizes())
    figures.communities = len({c for c in communities if c is not None})
    figures.average_distance = _average_distance(graph, exact)
    _brigade_figures(figures, graph, [kinds[org] for org in ids])
    between = _betweenness(graph, exact)
    per_org = {
        org: OrgFigures(graph.degree(i), between[i], communities[i], components[i])
        for org, i in index.items()
    }
    return figures, per_org


def _density(graph: igraph.Graph) -> float:
    """Return the share of possible pairs that are related (0 below two organizations)."""
    n = graph.vcount()
    return round(2 * graph.ecount() / (n * (n - 1)), 4) if n > 1 else 0.0


def _communities(graph: igraph.Graph) -> igraph.VertexClustering:
    """Return Louvain communities, the same for the same graph (igraph draws at random)."""
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        return graph.community_multilevel()
    finally:
        igraph.set_random_number_generator(random)


def _numbered(clustering: igraph.VertexClustering, alone_is_none: bool = False) -> list:
    """Return each vertex's group number, 1 for the largest group (ties: lowest vertex)."""
    groups = sorted(clustering, key=lambda members: (-len(members), min(members)))
    number: list[int | None] = [None] * clustering.graph.vcount()
    for rank, members in enumerate(groups, start=1):
        for vertex in members:
            number[vertex] = None if alone_is_none and len(members) < 2 else rank
    return number


def _average_distance(graph: igraph.Graph, exact: bool) -> float | None:
    """Return the mean shortest distance between two members of the largest part."""
    largest = graph.connected_components().giant()
    n = largest.vcount()
    if n < 2:
        return None
    if exact:
        return round(largest.average_path_length(directed=False), 2)
    sources = random.Random(SEED).sample(range(n), min(SAMPLED, n))
    # One part: every distance from a source is finite, and only its own is 0.
    rows = largest.distances(source=sources)
    return round(sum(map(sum, rows)) / (len(rows) * (n - 1)), 2)


def _betweenness(graph: igraph.Graph, exact: bool) -> list[float]:
    """Return each vertex's betweenness as a share of the pairs of other vertices."""
    n = graph.vcount()
    pairs = (n - 1) * (n - 2) / 2
    raw = graph.betweenness(directed=False, cutoff=None if exact else CUTOFF)
    return [round(value / pairs, 4) if pairs else 0.0 for value in raw]


def _brigade_figures(figures: NetworkFigures, graph: igraph.Graph, kinds: list[str]) -> None:
    """Fill in what the brigades' partners are and how many partners they share."""
    brigades = [i for i, kind in enumerate(kinds) if kind == BRIGADE]
    figures.brigades = len(brigades)
    having = dict.fromkeys((kind.value for kind in OrgKind), 0)
    for brigade in brigades:
        for kind in {kinds[other] for other in graph.neighbors(brigade)}:
            having[kind] += 1
    if brigades:
        figures.brigades_with_partner = {
            kind: round(100 * count / len(brigades), 1) for kind, count in having.items()
        }
    brigade_set = set(brigades)
    figures.shared_partners = sum(
        1
        for vertex in range(graph.vcount())
        if len(brigade_set.intersection(graph.neighbors(vertex))) >= 2
    )
