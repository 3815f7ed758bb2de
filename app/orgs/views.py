"""Public organization pages: the list and each organization's page; approved data only."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.errors import render_error
from app.geo import US_STATES
from app.graph.provenance import answered_itself, described_by, partner_words
from app.models import OrgKind
from app.orgs.pages import LIST_ARGUMENTS, list_view
from app.orgs.profile import network_place, wave_sections
from app.orgs.queries import public_organization_by_slug
from app.pageargs import link
from app.pagecache import cached_public_page


@cached_public_page(*LIST_ARGUMENTS)
def index():
    """List the public organizations: searched, filtered by kind and state, sorted, paged."""
    view = list_view(request.args, url_for("orgs.index"))
    return render_template("orgs/index.html", view=view, kinds=list(OrgKind), states=US_STATES)


@cached_public_page
def organization(slug: str):
    """Show one public organization's approved answers, wave by wave, and its place in the map."""
    org = public_organization_by_slug(slug)
    if org is None:
        return render_error(
            404,
            _("Organization not found"),
            _(
                "No published organization has this address. It may not have been reviewed yet, "
                "or it may have been merged into another one."
            ),
        )
    sections = wave_sections(org)
    return render_template(
        "orgs/organization.html",
        org=org,
        sections=sections,
        place=network_place(org, sections),
        described=described_by(answered_itself(org.id)),
        own_words=partner_words(org.id),
        map_url=link("/map", MultiDict([("org", org.slug)])),
    )
