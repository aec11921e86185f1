"""Bulk INSERT for hot paths: rows of prepared values in few statements, conflicts skipped, ids returned.

``bulk_create`` returns no ids when it skips conflicts, and building and
preparing model instances costs more than the rest of a feed poll's Python
(measured: bench/polling.py). Strings, numbers, booleans and None go to the
driver as they are; other values (datetimes, JSON) through their field's
``get_db_prep_save``. Every field not named gets its model default.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class HashField(models.CharField):
    """A hex digest (sha256: 64 characters) that rows are looked up by.

    Compared byte by byte ("C" collation) on PostgreSQL: a digest has no
    language, and a locale's collation (de_DE, en_US, even C.UTF-8) makes every
    comparison in its index, on insert and lookup, several times slower.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(*args, **kwargs)

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


class BoundedNumberField(models.PositiveSmallIntegerField):
    """A small positive number whose form field says its own minimum: Django's forms say "at
    least 0" for -1 and then "at least 1" for 0 (the field's validator is checked after)."""

    def formfield(self, **kwargs):
        lows = [v.limit_value for v in self.validators if isinstance(v, MinValueValidator)]
        if lows:
            kwargs.setdefault("min_value", max(lows))
        return super().formfield(**kwargs)

    def deconstruct(self):
        # Django's own field to migrations: nothing about the table differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs


class _UniqueIgnoringCase(models.UniqueConstraint):
    fold_in_python = True

    def validate(self, model, instance, exclude=None, using=None):
        # The same name exactly is the field's own unique error already: one message, not two.
        field = self.expressions[0].source_expressions[0].name  # Lower(F(field))
        value = getattr(instance, field, None)
        others = model._default_manager.using(using).exclude(pk=instance.pk)
        if value is not None and others.filter(**{field: value}).exists():
            return
        super().validate(model, instance, exclude, using)
        if (
            self.fold_in_python
            and isinstance(value, str)
            and not (exclude and field in exclude)
            and _changed(model, instance, field, value, using)
        ):
            # The database lower-cases, it does not fold: "STRASSE" is "strasse", "Straße" is
            # "straße". Names are few; compared folded here, they are twins too. (Only a new or
            # changed name: twins from before can still be edited without renaming one.)
            folded = value.casefold()
            if any(other.casefold() == folded for other in others.values_list(field, flat=True).iterator()):
                raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)

    def deconstruct(self):
        # A plain UniqueConstraint to migrations: nothing about the table changes.
        path, args, kwargs = super().deconstruct()
        return "django.db.models.UniqueConstraint", args, kwargs


def _changed(model, instance, field: str, value, using) -> bool:
    """Whether ``instance`` is new or its ``field`` differs from what is stored."""
    if instance._state.adding or instance.pk is None:
        return True
    stored = model._default_manager.using(using).filter(pk=instance.pk).values_list(field, flat=True)
    return list(stored) != [value]


def unique_ignoring_case(field: str, name: str, message=None, fold_in_python=True) -> models.UniqueConstraint:
    """Two rows whose ``field`` differs only in capitals are one too many: names that people
    search, choose from and match by ("Vertrieb" and "vertrieb"), e-mail addresses.

    ``fold_in_python``: forms also compare the value case-folded with every row's ("Straße" and
    "STRASSE"), which the database constraint cannot; for small tables of names.
    """
    constraint = _UniqueIgnoringCase(
        Lower(field),
        name=name,
        violation_error_message=message or _("There is one with this name already (capitals do not count)."),
    )
    constraint.fold_in_python = fold_in_python
    return constraint


class UniqueEnglishTwin:
    """A model mixin: no two rows that English readers see under one name, in any capitals: the
    English twin of the unique name (``<english_twin_of>_en``), or the German name where the
    twin is empty (that is what they are shown). Checked in forms (``clean``), only for a new or
    changed name, as for ``unique_ignoring_case``; two German names alike are that one's error."""

    english_twin_of = "name"

    def clean(self) -> None:
        super().clean()
        german, english = self.english_twin_of, f"{self.english_twin_of}_en"
        own_german = (getattr(self, german) or "").strip()
        own_english = (getattr(self, english) or "").strip()
        model = type(self)
        changed = _changed(model, self, english, getattr(self, english), None) or _changed(
            model, self, german, getattr(self, german), None
        )
        if not (own_english or own_german) or not changed:
            return
        folded = (own_english or own_german).casefold()
        others = model._default_manager.exclude(pk=self.pk).values_list(german, english)
        for other_german, other_english in others.iterator():
            if not (own_english or other_english):
                continue  # both shown by their German names: the German name's own check
            if (other_english or other_german).casefold() == folded:
                raise ValidationError({english: _english_twin_message(own_english)})


def _english_twin_message(own_english: str) -> str:
    if own_english:
        return _("There is one with this English name already (capitals do not count).")
    return _(
        "English readers would see this name twice: without an English name they are shown the "
        "German one, which is another one's English name. Give this one an English name."
    )


def refuse_names_differing_in_case(app_label: str, model_name: str, field: str = "name"):
    """A migration step before a ``unique_ignoring_case`` constraint: rows whose ``field`` differs
    only in capitals are named in a readable error (somebody has to choose which to keep, and
    a department has members), instead of the constraint's IntegrityError."""
    from django.db import migrations

    def check(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        first: dict[str, str] = {}
        clashes = []
        for value in model.objects.order_by("pk").values_list(field, flat=True):
            key = value.lower()
            if key in first:
                clashes.append(f"“{first[key]}” / “{value}”")
            else:
                first[key] = value
        if clashes:
            raise RuntimeError(
                f"{model._meta.db_table}: {field} values that differ only in capitals: {', '.join(clashes)}. "
                "Rename one of each (in the admin), then run the migration again."
            )

    return migrations.RunPython(check, migrations.RunPython.noop, elidable=True)


def lock_row(obj: models.Model) -> None:
    """Hold ``obj``'s row until the transaction ends: a check-then-create of one person's
    (a double submit without JavaScript) runs after the other's, not beside it (PostgreSQL;
    SQLite writes one at a time)."""
    list(obj._meta.model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))


BATCH = 500  # rows per statement: well below PostgreSQL's and SQLite's limits on parameters


def insert_rows(
    model: type[models.Model], field_names: list[str], rows: list[list], returning: tuple[str, ...] = ()
) -> list[tuple] | None:
    """INSERT ``rows`` (values for ``field_names``) into ``model``'s table, skipping conflicting rows.

    Returns the ``returning`` columns of the inserted rows, or None where the
    database cannot return them (SQLite before 3.35): the caller reads them back.
    """
    ops = connection.ops
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]  # names or attnames ("source_id")
    others = [
        field
        for field in meta.concrete_fields
        if field not in fields and not field.primary_key and not field.generated
    ]
    defaults = [field.get_db_prep_save(field.get_default(), connection) for field in others]
    columns = [field.column for field in fields] + [field.column for field in others]
    # Only quoted names of the model's own table and columns go into the SQL; every value is a parameter.
    head = f"INSERT INTO {ops.quote_name(meta.db_table)} ({', '.join(map(ops.quote_name, columns))}) VALUES "  # noqa: S608
    tail = " ON CONFLICT DO NOTHING"
    can_return = connection.features.can_return_rows_from_bulk_insert
    if returning and can_return:
        tail += " RETURNING " + ", ".join(ops.quote_name(meta.get_field(name).column) for name in returning)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    returned: list[tuple] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            params = []
            for row in batch:
                params += [_prepared(field, value) for field, value in zip(fields, row, strict=True)]
                params += defaults
            cursor.execute(head + ", ".join([placeholders] * len(batch)) + tail, params)
            if returning and can_return:
                returned += cursor.fetchall()
    return returned if can_return else None


def _prepared(field: models.Field, value):
    if value is None or isinstance(value, str | int):  # as the driver takes them (bool is an int)
        return value
    return field.get_db_prep_save(value, connection)
