"""A small HTTP client for the benchmark: one visitor's cookies, forms with their tokens.

Built on http.client (one connection a request, as gunicorn's sync workers close them),
so that fifty visitors cost the measuring process little CPU. Redirects are not
followed: a form's answer is the 303 itself, timed alone.
"""

import gzip
import http.client
import re
import time
import urllib.parse

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PARTNERS = ["Biblioteca Pública 8", "Benchville Library", "Transit 3"]


class Visitor:
    """One browser: keeps the cookies the site sets and sends them back."""

    def __init__(self, base: str):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, bytes, dict]:
        """Send one request; return its status, body (gzip undone) and headers."""
        headers = {"Accept-Encoding": "gzip", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            answer = {k.lower(): v for k, v in response.getheaders()}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
        finally:
            connection.close()
        if answer.get("content-encoding") == "gzip":
            data = gzip.decompress(data)
        return response.status, data, answer

    def get(self, path: str, expect: int = 200) -> bytes:
        """GET `path`; return its body, or raise unless it answered `expect`."""
        status, data, _ = self.request("GET", path)
        if status != expect:
            raise RuntimeError(f"GET {path} answered {status}")
        return data

    def post_form(self, page: str, action: str, fields: dict) -> tuple[int, float]:
        """GET `page` for its form token, POST `fields` to `action`; return status and seconds."""
        token = CSRF.search(self.get(page).decode()).group(1)
        started = time.perf_counter()
        status, _, _ = self.request("POST", action, {"csrf_token": token, **fields})
        return status, time.perf_counter() - started


def survey_fields(name: str, partners: list[str] = PARTNERS) -> dict:
    """Return a partnership survey answer for brigade `name` naming `partners`."""
    form = {
        "org_name": name,
        "org_kind": "brigade",
        "org_city": "Benchville",
        "org_state": "OH",
        "contact_name": "Bench Volunteer",
        "contact_email": "volunteer@example.org",
        "interests-0": "Code for San José 0",  # question 4: one name it knows, one it does not
        "interests-1": "Nobody by this name",
    }
    for i, partner in enumerate(partners):
        form |= {f"partners-{i}-name": partner, f"partners-{i}-kind": "government",
                 f"partners-{i}-status": "active"}  # fmt: skip
    return form


def send_survey(base: str, name: str, partners: list[str] = PARTNERS) -> float:
    """Answer the partnership survey as a new visitor; return the POST's seconds."""
    status, seconds = Visitor(base).post_form(
        "/surveys/partnership", "/surveys/partnership", survey_fields(name, partners)
    )
    if status != 303:
        raise RuntimeError(f"the survey POST answered {status}")
    return seconds


def signed_in(base: str, email: str, password: str) -> Visitor:
    """Return a visitor signed in through the real sign-in form."""
    visitor = Visitor(base)
    status, _ = visitor.post_form("/login", "/login", {"email": email, "password": password})
    if status != 303:
        raise RuntimeError(f"the benchmark's moderator could not sign in ({status})")
    return visitor


def approve(moderator: Visitor, submission_id: int) -> float:
    """Approve one submission through its review page's form; return the POST's seconds."""
    path = f"/moderation/submissions/{submission_id}"
    page = moderator.get(path).decode()
    form = re.search(r'<form[^>]*class="decision decision-approve".*?</form>', page, re.S)
    if not form:
        raise RuntimeError(f"submission {submission_id} offers no approval")
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    fields["csrf_token"] = CSRF.search(form.group(0)).group(1)
    started = time.perf_counter()
    status, _, _ = moderator.request("POST", f"{path}/decide", fields)
    if status != 303:
        raise RuntimeError(f"approving submission {submission_id} answered {status}")
    return time.perf_counter() - started
