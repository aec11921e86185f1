from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.roles import sync_roles

    # Permissions are granted again after every migrate (portal.signals), once
    # the models they belong to exist.
    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
