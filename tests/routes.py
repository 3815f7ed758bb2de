"""Who may use each route: the one classification the access and visibility tests share.

A route that is not classified here fails tests/test_route_access.py, so a new
page cannot be added without saying who may see it.
"""

PUBLIC = "public"  # anyone, signed in or not
PRIVATE_LINK = "private link"  # whoever holds a submitter's or invitee's secret token
MODERATOR = "moderator"  # moderators and admins
ADMIN = "admin"  # admins only
SIGN_IN = "sign in"  # the sign-in and sign-out forms themselves

BY_BLUEPRINT = {"moderation": MODERATOR, "outbox": MODERATOR, "admin": ADMIN}
BY_ENDPOINT = {
    "static": PUBLIC,
    "main.index": PUBLIC,
    "main.choose_language": PUBLIC,
    "api.graph": PUBLIC,
    "api.organization": PUBLIC,
    "api.edge": PUBLIC,
    "api.suggest": PUBLIC,
    "downloads.index": PUBLIC,
    "downloads.partnerships_csv": PUBLIC,
    "downloads.organizations_csv": PUBLIC,
    "downloads.graph_json": PUBLIC,
    "downloads.graph_graphml": PUBLIC,
    "downloads.wave_partnership_csv": PUBLIC,
    "downloads.wave_involvement_csv": PUBLIC,
    "map.index": PUBLIC,
    "orgs.index": PUBLIC,
    "orgs.organization": PUBLIC,
    "map.table": PUBLIC,
    "surveys.partnership": PUBLIC,
    "surveys.involvement": PUBLIC,
    "surveys.lost_link": PUBLIC,
    "partners.new_link": PUBLIC,
    "waves.index": PUBLIC,
    "waves.report": PUBLIC,
    "waves.compare": PUBLIC,
    "waves.insights": PUBLIC,
    "surveys.status": PRIVATE_LINK,
    "surveys.status_edit": PRIVATE_LINK,
    "surveys.status_revise": PRIVATE_LINK,
    "surveys.status_erase": PRIVATE_LINK,
    "auth.accept_invite": PRIVATE_LINK,
    "invitations.invitation": PRIVATE_LINK,
    "invitations.start": PRIVATE_LINK,
    "invitations.survey": PRIVATE_LINK,
    "invitations.opt_out": PRIVATE_LINK,
    "partners.reply": PRIVATE_LINK,
    "partners.decide": PRIVATE_LINK,
    "partners.correct": PRIVATE_LINK,
    "auth.login": SIGN_IN,
    "auth.logout": SIGN_IN,
}


def access_of(endpoint: str) -> str | None:
    """Return who may use `endpoint`, or None when nobody has said."""
    if endpoint in BY_ENDPOINT:
        return BY_ENDPOINT[endpoint]
    return BY_BLUEPRINT.get(endpoint.split(".")[0]) if "." in endpoint else None
