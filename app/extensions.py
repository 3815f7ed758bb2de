"""Flask extensions, created unbound here and bound to the app in create_app."""

from typing import TYPE_CHECKING

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from app.trigrams import include_object

# Named constraints keep migrations identical on SQLite and PostgreSQL and let
# Alembic's batch mode alter SQLite tables later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as FlaskModel

    class Model(FlaskModel, Base):
        """What db.Model is, as mypy sees it: built at run time, it cannot be a base there."""

else:
    # The class every model subclasses: Base's metadata with Flask-SQLAlchemy's table names.
    Model = db.Model

migrate = Migrate(render_as_batch=True, compare_type=True, include_object=include_object)
login_manager = LoginManager()
csrf = CSRFProtect()
