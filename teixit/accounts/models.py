import hashlib
import secrets

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from teixit.core.choices import str_columns
from teixit.core.models import TimeStampedModel
from teixit.core.prepared import prepared
from teixit.core.template_engine import reverse_keyed

#: Where a user object keeps its answers to permission questions without an object.
PERM_MEMO_ATTR = "_teixit_perm_memo"
BACKENDS_ATTR = "_teixit_auth_backends"


class UserManager(BaseUserManager):
    """Users log in with their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("The e-mail address must be set")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def get(self, *args, **kwargs):
        """`get(pk=<int>)` — the person of every logged-in request, read by
        Django's ModelBackend.get_user — through a query compiled once
        (teixit/core/prepared.py: ~0.3 ms of the ORM's less per request);
        the same instance, the same DoesNotExist. Anything else as Django."""
        if (
            not args
            and self._db is None
            and len(kwargs) == 1
            and type(kwargs.get("pk")) is int
        ):
            users = _user_by_pk(kwargs["pk"])
            if not users:
                raise self.model.DoesNotExist(
                    f"{self.model._meta.object_name} matching query does not exist."
                )
            return users[0]
        return super().get(*args, **kwargs)


def _user_str(name: str, email: str) -> str:
    """`str(user)` from its columns (`str_columns`: selects of people read rows)."""
    return name or email


@str_columns("name", "email", label=_user_str)
class User(AbstractUser):
    """A person with an account. Roles come from what the person belongs to:
    see teixit.network.roles (the secretariat's "may do everything" is the
    authentication backend teixit.network.backends.SecretariatBackend)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("ca", _("Catalan")), ("es", _("Spanish")), ("en", _("English"))],
        default="ca",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def get_absolute_url(self) -> str:
        return reverse_keyed("accounts:profile")

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    # Permission questions walk every authentication backend; Django loads
    # (imports and instantiates) each of them for every question, and a page
    # asks many: the admin's app list alone asks about every model on every
    # page. Here the backends are loaded once per user object (a request's
    # user is a fresh object, so once per request) and the answers without an
    # object are kept by it: one request, as the role facts they are computed
    # from (teixit.network.roles, which forgets both) and Django's own model
    # permission caches on the user. The same backends, in the same order,
    # with the same short-circuits as django.contrib.auth's _user_has_perm
    # and _user_has_module_perms; the active and superuser flags are read
    # every time (they decide alone, as in Django).
    def _perm_memo(self) -> dict:
        memo = self.__dict__.get(PERM_MEMO_ATTR)
        if memo is None:
            memo = self.__dict__[PERM_MEMO_ATTR] = {}
        return memo

    def _askers(self, method: str) -> list:
        """The backends' `method`s, in order, those that have it: looked up
        once per user object and method (and again if the setting changes)."""
        paths = settings.AUTHENTICATION_BACKENDS
        held = self.__dict__.get(BACKENDS_ATTR)
        if held is None or held[0] != paths:
            held = self.__dict__[BACKENDS_ATTR] = (list(paths), auth.get_backends(), {})
        askers = held[2].get(method)
        if askers is None:
            askers = held[2][method] = [
                ask
                for backend in held[1]
                if (ask := getattr(backend, method, None)) is not None
            ]
        return askers

    def _ask_backends(self, method: str, *args) -> bool:
        for ask in self._askers(method):
            try:
                if ask(self, *args):
                    return True
            except PermissionDenied:
                return False
        return False

    def _granted_everything(self, method: str) -> bool:
        """Whether the first backend asked `method` says it answers yes to
        every question for this person (its `grants_everything(user)`), so
        Django's walk would stop there with yes whatever the permission,
        module or object. Kept with the answers."""
        key = ("everything", method, self.is_active)
        memo = self._perm_memo()
        try:
            return memo[key]
        except KeyError:
            askers = self._askers(method)
            first = getattr(askers[0], "__self__", None) if askers else None
            grants = getattr(first, "grants_everything", None)
            answer = memo[key] = bool(grants is not None and grants(self))
            return answer

    def has_perm(self, perm, obj=None) -> bool:
        if self.is_active and self.is_superuser:
            return True
        if self._granted_everything("has_perm"):
            return True
        if obj is not None:
            return self._ask_backends("has_perm", perm, obj)
        key = (perm, self.is_active)
        memo = self._perm_memo()
        try:
            return memo[key]
        except KeyError:
            answer = memo[key] = self._ask_backends("has_perm", perm, None)
            return answer

    def has_module_perms(self, app_label) -> bool:
        if self.is_active and self.is_superuser:
            return True
        if self._granted_everything("has_module_perms"):
            return True
        key = (None, app_label, self.is_active)
        memo = self._perm_memo()
        try:
            return memo[key]
        except KeyError:
            answer = memo[key] = self._ask_backends("has_module_perms", app_label)
            return answer

    def forget_permissions(self) -> None:
        """Drop the answers kept on this object (its permissions or roles changed)."""
        self.__dict__.pop(PERM_MEMO_ATTR, None)
        self.__dict__.pop(BACKENDS_ATTR, None)


#: One person by primary key, compiled once (UserManager.get).
_user_by_pk = prepared(lambda pk: User.objects.filter(pk=pk).order_by())


class ApiToken(TimeStampedModel):
    """A personal token for the JSON API. Only its hash is stored; the token
    itself is shown once, when it is created."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def generate() -> str:
        return "tx_" + secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
