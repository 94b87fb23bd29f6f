"""The plan's "socis de la XMESS" are the members themselves, not a body.

Earlier imports read the words as the body of kind "assembly" (the demo
network's "Assemblea de socis", in which nobody sits). Each responsibility
given to such a body becomes a members' responsibility (no body, the plan's
words kept). The body itself is left alone (other modules may refer to it);
the secretariat removes it in the admin if it is empty.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Responsibility = apps.get_model("workplans", "Responsibility")
    Body = apps.get_model("network", "Body")
    assemblies = list(Body.objects.filter(kind="assembly"))
    for body in assemblies:
        for responsibility in Responsibility.objects.filter(body=body):
            responsibility.members = True
            responsibility.body = None
            responsibility.text = responsibility.text or body.name
            responsibility.save(update_fields=["members", "body", "text"])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_logo_checked_random_name"),
        ("workplans", "0005_members_role_and_support_evidence"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
