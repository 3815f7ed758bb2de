"""Admin pages: who speaks for each organization, and erasing an address on request."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.admin.forms import ContactRowsForm, ContactSearchForm
from app.audience import normal
from app.contacts import erasure
from app.contacts.services import (
    MOVES,
    ContactRefused,
    RowProblem,
    add_contacts,
    contacts_of,
    move_contact,
)
from app.extensions import db
from app.forms import SiteForm, required
from app.models import Organization, OrganizationContact
from app.names import name_key
from app.permissions import Permission, permission_required

RESULTS_MAX = 50


@permission_required(Permission.MANAGE_CONTACTS)
def contacts():
    """Find contacts by address or organization, and list the erasures asked for."""
    form = ContactSearchForm()
    found, organizations = [], []
    if form.validate_on_submit():  # a POST, so that no address lands in a log or history
        text = required(form.q.data)
        found = list(
            db.session.scalars(
                sa.select(OrganizationContact)
                .where(OrganizationContact.email == normal(text))
                .order_by(OrganizationContact.id)
            )
        )
        key = name_key(text)
        if key:
            organizations = list(
                db.session.scalars(
                    sa.select(Organization)
                    .where(Organization.name_key.contains(key, autoescape=True))
                    .order_by(Organization.name_key)
                    .limit(RESULTS_MAX)
                )
            )
    requested = db.session.scalars(
        sa.select(OrganizationContact)
        .where(OrganizationContact.erasure_requested_at.is_not(None),
               OrganizationContact.email.is_not(None))
        .order_by(OrganizationContact.erasure_requested_at)
    ).all()  # fmt: skip
    return render_template(
        "admin/contacts.html", form=form, found=found, organizations=organizations,
        requested=requested, searched=form.is_submitted(),
    ), 422 if form.is_submitted() and form.errors else 200  # fmt: skip


@permission_required(Permission.MANAGE_CONTACTS)
def org_contacts(org_id: int):
    """Show an organization's contacts, and add verified ones, every line or none."""
    org = db.get_or_404(Organization, org_id)
    form = ContactRowsForm()
    problems: list[RowProblem] = []
    if form.validate_on_submit():
        added, problems = add_contacts(current_user, org, required(form.rows.data))
        if added:
            flash(ngettext("%(num)d contact added.", "%(num)d contacts added.", added), "ok")
            return redirect(url_for(".org_contacts", org_id=org.id), 303)
        db.session.rollback()
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/org_contacts.html", org=org, contacts=contacts_of(org), form=form,
        problems=problems, moves=MOVES, action_form=SiteForm(),
    ), status  # fmt: skip


@permission_required(Permission.MANAGE_CONTACTS)
def contact_move(contact_id: int, move: str):
    """Verify or retire one contact."""
    contact = db.get_or_404(OrganizationContact, contact_id)
    if move not in MOVES:
        abort(404)
    if not SiteForm().validate_on_submit():
        flash(_("The form expired; please try again."), "error")
    else:
        try:
            move_contact(current_user, contact, move)
        except ContactRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            flash(_("The contact is now %(state)s.", state=contact.state.label.lower()), "ok")
    return redirect(url_for(".org_contacts", org_id=contact.organization_id), 303)


@permission_required(Permission.MANAGE_CONTACTS)
def contact_erase(contact_id: int):
    """Say what erasing a contact's address does, then erase it everywhere."""
    contact = db.get_or_404(OrganizationContact, contact_id)
    if contact.email is None:
        flash(_("This contact's address is already erased."), "ok")
        return redirect(url_for(".org_contacts", org_id=contact.organization_id), 303)
    form = SiteForm()
    if form.validate_on_submit():
        org_id = contact.organization_id
        changed = erasure.erase_address(current_user, contact.email)
        flash(
            ngettext(
                "The address was erased from %(num)d record.",
                "The address was erased from %(num)d records.",
                changed,
            ),
            "ok",
        )
        return redirect(url_for(".org_contacts", org_id=org_id), 303)
    return render_template(
        "admin/contact_erase.html", contact=contact, form=form,
        preview=erasure.erasure_preview(contact.email),
    ), 422 if form.is_submitted() else 200  # fmt: skip
