"""Constellation: surveys, moderation and a network map of civic-tech partnerships."""

from pathlib import Path

from flask import Flask

from app.extensions import csrf, db, login_manager, migrate
from config import Config, ProductionConfig, config_from_environment


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build and return the Flask application."""
    config_class = config_class or config_from_environment()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    if issubclass(config_class, ProductionConfig):
        app.config["SECRET_KEY"] = config_class.secret_key()
    register_database(app)
    register_extensions(app)
    register_static_files(app)
    register_input_rules(app)
    register_blueprints(app)
    register_submission_hooks(app)
    register_request_hooks(app)
    register_error_handlers(app)
    register_commands(app)
    register_template_helpers(app)
    return app


def register_database(app: Flask) -> None:
    """Default to SQLite in the instance folder and tune the engine for the database."""
    from app.database import engine_options

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        path = Path(app.instance_path) / "constellation.db"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLITE_BUSY_TIMEOUT"]
    )


def register_extensions(app: Flask) -> None:
    """Bind the extensions to this app."""
    from app import models  # noqa: F401  (the models must be known to Alembic)
    from app.cookies import SignedCookieSessions

    app.session_interface = SignedCookieSessions()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    login_manager.init_app(app)
    from app.auth.sessions import configure_login_manager

    configure_login_manager(login_manager)
    csrf.init_app(app)
    from app import i18n

    i18n.register(app)
    from app.graph import jobs  # lays the map out and publishes after commits that change it

    jobs.register(app)
    from app.pagecache import KeptPages

    # Assigning wsgi_app is how Flask documents adding a WSGI layer; mypy sees a method.
    # KeptPages is inside ProxyFix, so it sees the scheme the proxy was asked.
    app.wsgi_app = KeptPages(app)  # type: ignore[method-assign]
    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # as KeptPages above
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def register_static_files(app: Flask) -> None:
    """Serve static files, hashed and compressed, before any other layer (app/static_files.py)."""
    from app import static_files

    static_files.register(app)


def register_input_rules(app: Flask) -> None:
    """Refuse ids out of range and control characters in URLs (before any route exists)."""
    from app import inputs

    inputs.register(app)


def register_blueprints(app: Flask) -> None:
    """Mount one blueprint per feature."""
    from app.admin.blueprint import bp as admin_bp
    from app.api.blueprint import bp as api_bp
    from app.auth.blueprint import bp as auth_bp
    from app.downloads.blueprint import bp as downloads_bp
    from app.invitations.blueprint import bp as invitations_bp
    from app.main.blueprint import bp as main_bp
    from app.map.blueprint import bp as map_bp
    from app.moderation.blueprint import bp as moderation_bp
    from app.notifications.blueprint import bp as outbox_bp
    from app.orgs.blueprint import bp as orgs_bp
    from app.partners.blueprint import bp as partners_bp
    from app.surveys.blueprint import bp as surveys_bp
    from app.waves.blueprint import bp as waves_bp

    for blueprint in (
        main_bp,
        map_bp,
        orgs_bp,
        api_bp,
        downloads_bp,
        surveys_bp,
        invitations_bp,
        partners_bp,
        waves_bp,
        auth_bp,
        moderation_bp,
        outbox_bp,
        admin_bp,
    ):
        app.register_blueprint(blueprint)


def register_submission_hooks(app: Flask) -> None:
    """Connect the features' steps in a submission's life (app.submissions.hooks)."""
    from app.invitations.personal_links import mark_answered
    from app.partners.corrections import approval_refusal
    from app.submissions.hooks import before_approving, submission_received

    submission_received.connect(mark_answered)
    before_approving.connect(approval_refusal)


def register_request_hooks(app: Flask) -> None:
    """Add the security headers every response carries."""
    from app.security import add_security_headers

    app.after_request(add_security_headers)


def register_error_handlers(app: Flask) -> None:
    """Answer errors with friendly pages instead of tracebacks."""
    from app.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """Add the `flask` commands."""
    from app.auth.cli import users_command
    from app.cli import lay_out_command, seed_demo_command, worker_command
    from app.notifications.cli import (
        notify_moderators_command,
        send_mail_command,
        show_mail_command,
    )

    for command in (seed_demo_command, users_command, notify_moderators_command,
                    send_mail_command, show_mail_command, lay_out_command,
                    worker_command):  # fmt: skip
        app.cli.add_command(command)


def register_template_helpers(app: Flask) -> None:
    """Make site-wide values available to every template."""

    from app.charts import count_chart, rate_chart, share_chart
    from app.fields import error_links
    from app.insights.pages import share_text
    from app.models.enums import choice_label

    app.jinja_env.globals.update(choice_label=choice_label, error_links=error_links)
    app.jinja_env.globals.update(
        share_chart=share_chart, count_chart=count_chart, rate_chart=rate_chart
    )
    app.jinja_env.filters["percent_share"] = share_text

    @app.context_processor
    def site_globals() -> dict:
        """Give templates the site name."""
        return {"site_name": app.config["SITE_NAME"]}
