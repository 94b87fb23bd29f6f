"""Demo events for `make run`: the three network meetings of 2018 (held, with
minutes and agreements), a visit and an external conference. Idempotent: an
event whose title exists is left as it is."""

import datetime as dt
import zoneinfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from teixit.events.models import Agreement, Event, Registration
from teixit.network.models import Body, Institution, Member
from teixit.trainings.demo import demo_themes
from teixit.workplans.selectors import actions_for_choice

TZ = zoneinfo.ZoneInfo("Europe/Madrid")

DEMO = [
    {
        "title": "Trobada de la xarxa: primavera 2018",
        "kind": Event.Kind.NETWORK_MEETING,
        "start": (2018, 3, 16, 10),
        "hours": 4,
        "member": "sabadell",
        "address": "Vapor Llonch, c. de Sant Isidre 140",
        "themes": ["intercooperacio-xarxes", "mercat-social"],
        "minutes": "Es presenta el pla de treball 2017-2019 i els grups de treball.",
        "agreements": [
            ("Crear el grup de treball de contractació pública.", 30),
        ],
    },
    {
        "title": "Trobada de la xarxa: estiu 2018",
        "kind": Event.Kind.NETWORK_MEETING,
        "start": (2018, 6, 15, 10),
        "hours": 4,
        "member": "badalona",
        "address": "Can Casacuberta, c. de la Mercè 9",
        "themes": ["contractacio-publica"],
        "minutes": "Intercanvi de clàusules socials entre ajuntaments.",
        "agreements": [("Recollir els plecs amb clàusules socials dels membres.", 60)],
    },
    {
        "title": "Trobada de la xarxa: tardor 2018",
        "kind": Event.Kind.NETWORK_MEETING,
        "start": (2018, 11, 23, 10),
        "hours": 4,
        "member": "barcelona",
        "address": "Ca l'Alier, c. de Pere IV 362",
        "themes": ["emprenedoria", "financament"],
        "minutes": "Balanç de l'any i propostes per al 2019.",
        "agreements": [("Preparar el calendari de trobades del 2019.", 45)],
        # Tied to the seed plan's action I.2.a when the plan is loaded.
        "action": "Organitzar i promoure 3 trobades anuals",
    },
    {
        "title": "Visita a l'ateneu cooperatiu del Vallès Occidental",
        "kind": Event.Kind.VISIT,
        "start": (2018, 10, 5, 11),
        "hours": 3,
        "member": "terrassa",
        "address": "Ateneu cooperatiu, Terrassa",
        "themes": ["emprenedoria"],
        "minutes": "",
        "agreements": [],
    },
    {
        "title": "Fira d'Economia Solidària de Catalunya",
        "kind": Event.Kind.EXTERNAL,
        "start": (2018, 10, 26, 10),
        "hours": 8,
        "organiser_name": "Xarxa d'Economia Solidària (XES)",
        "address": "Recinte de Fabra i Coats, Barcelona",
        "themes": ["mercat-social"],
        "presented": "Taula rodona sobre polítiques municipals d'ESS.",
        "contacts_made": "Cooperatives de serveis a ajuntaments; dues xarxes europees.",
        "follow_up": "Enviar el resum del pla de treball als contactes.",
        "minutes": "",
        "agreements": [],
    },
]


class Command(BaseCommand):
    help = "Create the demo events (2018 meetings, a visit, a conference)."

    def handle(self, *args, **options):
        User = get_user_model()
        secretariat = User.objects.filter(email="secretaria@teixit.local").first()
        technician = User.objects.filter(email="tecnica@teixit.local").first()
        body = Body.objects.filter(kind=Body.Kind.SECRETARIAT).first()
        themes = {c.code: c for c in demo_themes()}
        created = 0
        for item in DEMO:
            if Event.objects.filter(title=item["title"]).exists():
                continue
            start = dt.datetime(*item["start"], tzinfo=TZ)
            member = Member.objects.filter(slug=item.get("member", "")).first()
            event = Event(
                kind=item["kind"],
                title=item["title"],
                description=item["minutes"] or item["title"],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=item["hours"]),
                address=item["address"],
                municipality=member.municipality if member else None,
                capacity=60,
                audience=Event.Audience.MEMBERS_INSTITUTIONS,
                status=Event.Status.HELD,
                minutes=item["minutes"],
                presented=item.get("presented", ""),
                contacts_made=item.get("contacts_made", ""),
                follow_up=item.get("follow_up", ""),
                created_by=secretariat,
            )
            if item.get("organiser_name"):
                event.organiser_kind = Event.Organiser.OTHER
                event.organiser_name = item["organiser_name"]
            elif member and item["kind"] == Event.Kind.VISIT:
                event.organiser_kind = Event.Organiser.MEMBER
                event.organiser_member = member
            event.full_clean()
            event.save()
            event.themes.set([themes[c] for c in item["themes"] if c in themes])
            if secretariat and item["kind"] == Event.Kind.EXTERNAL:
                event.representatives.set([secretariat])
            action = None
            if item.get("action"):
                action = (
                    actions_for_choice().filter(text__startswith=item["action"]).first()
                )
            for text, days in item["agreements"]:
                Agreement.objects.create(
                    event=event,
                    action=action,
                    text=text,
                    responsible_body=body,
                    responsible_user=secretariat,
                    due_on=start.date() + dt.timedelta(days=days),
                )
            for user in (technician, secretariat):
                if user is not None:
                    Registration.objects.create(
                        event=event,
                        user=user,
                        name=user.get_full_name() or user.email,
                        member=member if user == technician else None,
                        consent=True,
                        status=Registration.Status.REGISTERED,
                        attended=True,
                    )
            created += 1
        # An institution with themes, so the invitation list has candidates.
        generalitat = Institution.objects.filter(
            name="Generalitat de Catalunya"
        ).first()
        if generalitat and not generalitat.email:
            generalitat.email = "economiasocial@example.org"
            generalitat.save(update_fields=["email", "updated_at"])
            generalitat.themes.add(*[themes[c] for c in themes][:3])
        self.stdout.write(f"  · {created} demo events")
