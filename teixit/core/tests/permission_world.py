"""The objects and people the permission matrix (test_permission_matrix.py) asks
about: one of each kind, made with the apps' factories and services, owned by
the member of the technician's municipality wherever ownership matters, so
that "technician" and "technician of another municipality" answer differently.

`build_world()` returns the people by role and `values`, the value each route
parameter name of the matrix stands for (an object's pk, a slug, a code…).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

ROLES = (
    "anonymous",
    "member",
    "other_technician",
    "technician",
    "commission",
    "secretariat",
    "superuser",
)


def _people(member, other_member) -> dict:
    from teixit.accounts.tests.factories import UserFactory
    from teixit.network.tests.factories import (
        BodyFactory,
        BodyMembershipFactory,
        TechnicianFactory,
    )

    secretariat = BodyFactory(
        kind="secretariat", name="Secretaria tècnica", slug="secretaria-tecnica"
    )
    commission = BodyFactory(
        kind="technical_commission", name="Comissió tècnica", slug="comissio-tecnica"
    )
    people = {
        "anonymous": None,
        "member": UserFactory(email="member@example.org"),
        "other_technician": UserFactory(email="other@example.org", is_staff=True),
        "technician": UserFactory(email="technician@example.org", is_staff=True),
        "commission": UserFactory(email="commission@example.org"),
        "secretariat": UserFactory(email="secretariat@example.org", is_staff=True),
        "superuser": UserFactory(
            email="root@example.org", is_staff=True, is_superuser=True
        ),
    }
    TechnicianFactory(user=people["technician"], member=member)
    TechnicianFactory(user=people["other_technician"], member=other_member)
    BodyMembershipFactory(user=people["commission"], body=commission)
    BodyMembershipFactory(user=people["secretariat"], body=secretariat)
    return {"people": people, "secretariat_body": secretariat, "commission": commission}


def _pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    from teixit.materials.tests.factories import pdf_bytes

    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _debates(world: dict, action) -> dict:
    """A debate space of each visibility: the technical commission's (its
    members only), the network people's, and a public one. The commission's
    debate is started by a member of the commission and has a reply of theirs,
    an attachment and a report; the person with no role has a notification
    (of a reply in the public debate) and an unsubscribe link."""
    from django.contrib.contenttypes.models import ContentType

    from teixit.debates.models import Attachment, Report, Space
    from teixit.debates.tests.factories import (
        DebateFactory,
        ReplyFactory,
        SpaceFactory,
    )
    from teixit.notifications.models import Notification
    from teixit.notifications.services import notify, unsubscribe_token

    people = world["people"]
    commission_user = people["commission"]
    body_space = SpaceFactory(
        name="Comissió tècnica",
        slug="comissio",
        kind=Space.Kind.COMMISSION,
        visibility=Space.Visibility.BODY,
        body=world["commission"],
    )
    members_space = SpaceFactory(
        name="Xarxa", slug="xarxa", visibility=Space.Visibility.MEMBERS
    )
    public_space = SpaceFactory(
        name="Obert", slug="obert", visibility=Space.Visibility.PUBLIC
    )
    debate = DebateFactory(
        space=body_space, author=commission_user, title="Model de servei"
    )
    reply = ReplyFactory(debate=debate, author=commission_user)
    attachment = Attachment.objects.create(
        debate=debate,
        reply=reply,
        file=_pdf("annex.pdf"),
        original_name="annex.pdf",
        content_type="application/pdf",
        uploaded_by=commission_user,
    )
    report = Report.objects.create(
        debate=debate, reply=reply, reporter=commission_user, reason="Fora de tema"
    )
    members_debate = DebateFactory(space=members_space, author=people["technician"])
    public_debate = DebateFactory(space=public_space, author=people["member"])
    ReplyFactory(debate=public_debate, author=people["secretariat"])
    notify(
        "debates.replied",
        people["secretariat"],
        public_debate,
        [people["member"]],
    )
    notification = Notification.objects.filter(recipient=people["member"]).first()
    assert notification is not None, "the world's notification was not created"
    return {
        "values": {
            "space": body_space.slug,
            "space_members": members_space.slug,
            "space_public": public_space.slug,
            "debate": debate.pk,
            "debate_members": members_debate.pk,
            "debate_public": public_debate.pk,
            "reply": reply.pk,
            "debate_attachment": attachment.pk,
            "report": report.pk,
            "notification": notification.pk,
            "unsubscribe_token": unsubscribe_token(user=people["member"], scope="all"),
            "debate_type": ContentType.objects.get_for_model(debate).pk,
        },
        "chosen": {
            Space: body_space,
            type(debate): debate,
            type(reply): reply,
            Report: report,
            Attachment: attachment,
        },
    }


def _funding(world: dict, municipality) -> dict:
    """Two overlapping funding lines (a provincial one over the comarca of
    `municipality`, a municipal one of it), registered by the secretariat."""
    from teixit.funding.models import FundingLine
    from teixit.funding.tests.factories import ThemeFactory, make_line

    theme = ThemeFactory(code="mercat-social")
    by = world["people"]["secretariat"]
    line = make_line(by=by, title="Línia provincial", themes=[theme], comarques=[municipality.comarca])  # fmt: skip
    other = make_line(
        by=by, title="Línia municipal", level="municipality",
        administration="Ajuntament de Vilaprova", themes=[theme], municipalities=[municipality],
    )  # fmt: skip
    return {
        "values": {"funding_line": line.pk, "other_funding_line": other.pk},
        "chosen": {FundingLine: line},
    }


def _directory(world: dict) -> dict:
    """A published directory entry, and one proposed by the technician."""
    from teixit.directory.models import DirectoryEntry
    from teixit.directory.services import directory_entry_save

    people = world["people"]
    published = directory_entry_save(
        entry=DirectoryEntry(name="Federació de proves", kind="federation"),
        by=people["secretariat"],
    )
    proposed = directory_entry_save(
        entry=DirectoryEntry(name="Ateneu de proves", kind="ateneu"),
        by=people["technician"],
    )
    return {
        "values": {
            "directory_entry": published.slug,
            "directory_proposal": proposed.slug,
            "directory_entry_id": published.pk,
        },
        "chosen": {DirectoryEntry: published},
    }


def _cowriting(world: dict) -> dict:
    """Issue 15: a document written together, public with v1 and in
    consultation again (approved by the technical commission, an amendment
    waiting), a draft one, a published and a draft news item, a wiki space
    for network members (a page with an attachment) and one of the
    commission."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from teixit.documents import services as documents
    from teixit.documents.tests.factories import DocumentFactory
    from teixit.news.models import NewsItem
    from teixit.news.tests.factories import NewsItemFactory
    from teixit.vocabulary.tests.factories import ConceptFactory
    from teixit.wiki import services as wiki
    from teixit.wiki.tests.factories import WikiSpaceFactory

    people, commission = world["people"], world["commission"]
    secretariat = people["secretariat"]
    public_doc = DocumentFactory(
        slug="codi-etic", approving_body=commission, is_public=True
    )
    documents.document_import_version(
        document=public_doc, text=public_doc.text, approved_on=dt.date(2026, 1, 1)
    )
    documents.document_publish(document=public_doc, user=secretariat)
    documents.document_reopen(document=public_doc, user=secretariat)
    documents.document_open_consultation(document=public_doc, user=secretariat)
    amendment = documents.amendment_propose(
        document=public_doc,
        user=people["technician"],
        paragraph=1,
        kind="delete",
        text="",
        reason="Sobra",
    )
    draft_doc = DocumentFactory(slug="posicio-fiscal", approving_body=commission)
    theme = ConceptFactory()
    news = NewsItemFactory(slug="noticia")
    news.themes.add(theme)
    news_draft = NewsItemFactory(
        slug="esborrany", status=NewsItem.Status.DRAFT, published_at=None
    )
    members_space = WikiSpaceFactory(slug="xarxa")
    body_space = WikiSpaceFactory(slug="comissio", visibility="body", body=commission)
    page = wiki.page_save(
        space=members_space,
        user=people["technician"],
        title="Qui som",
        text="Som [[la xarxa]].",
        base_revision=0,
    )
    attachment = wiki.attachment_add(
        page=page,
        user=people["technician"],
        file=SimpleUploadedFile("notes.txt", b"Unes notes."),
    )
    body_page = wiki.page_save(
        space=body_space,
        user=people["commission"],
        title="Actes",
        text="Actes.",
        base_revision=0,
    )
    return {
        "values": {
            "cowritten": public_doc.slug,
            "cowritten_draft": draft_doc.slug,
            "amendment": amendment.pk,
            "news_item": news.slug,
            "news_draft": news_draft.slug,
            "news_theme": theme.pk,
            "wiki_space": members_space.slug,
            "wiki_space_body": body_space.slug,
            "wiki_page": page.slug,
            "wiki_page_body": body_page.slug,
            "wiki_revision": 1,
            "wiki_attachment": attachment.pk,
        }
    }


def build_world() -> dict:
    from django.contrib.contenttypes.models import ContentType

    from teixit.accounts.services import api_token_create
    from teixit.diagnosis.models import Question
    from teixit.diagnosis.services import (
        answer_save,
        diagnosis_create,
        diagnosis_document_add,
        methodology_load,
    )
    from teixit.entities.models import Entity, ImportBatch
    from teixit.entities.tests.factories import EntityFactory
    from teixit.events.models import Event, EventDocument
    from teixit.events.services import event_document_add
    from teixit.events.tests.factories import (
        AgreementFactory,
        EventFactory,
        InvitationFactory,
    )
    from teixit.events.tests.factories import (
        RegistrationFactory as EventRegistrationFactory,
    )
    from teixit.experts.services import consultation_ask
    from teixit.experts.tests.factories import ExpertProfileFactory
    from teixit.materials.services import material_version_add
    from teixit.materials.tests.factories import PublishedMaterialFactory
    from teixit.municipal_services.tests.factories import MunicipalServiceFactory
    from teixit.network.tests.factories import MemberFactory
    from teixit.practices.services import practice_document_add
    from teixit.practices.tests.factories import PublishedPracticeFactory
    from teixit.territories.tests.factories import MunicipalityFactory
    from teixit.trainings.tests.factories import RegistrationFactory, TrainingFactory
    from teixit.vocabulary.tests.factories import ConceptFactory, ConceptSchemeFactory
    from teixit.workplans.models import Action, Plan
    from teixit.workplans.services import SEED_FILE, plan_import, progress_update_record

    here = MunicipalityFactory(code="089901", name="Vilaprova")
    there = MunicipalityFactory(code="089902", name="Altraprova")
    member = MemberFactory(municipality=here, name="Ajuntament de Vilaprova")
    other_member = MemberFactory(municipality=there, name="Ajuntament d'Altraprova")
    world = _people(member, other_member)
    people = world["people"]
    technician = people["technician"]

    scheme = ConceptSchemeFactory(code="sectors")
    ConceptFactory(scheme=scheme, code="food")

    entity = EntityFactory(name="Coop Vilaprova", municipality=here)
    EntityFactory(name="Coop Altraprova", municipality=there)
    batch = ImportBatch.objects.create(
        source_name="list",
        file=SimpleUploadedFile("list.csv", b"nom,poble\nCoop,Vilaprova\n"),
        created_by=technician,
    )

    # The seed work plan, approved and public; progress with an evidence file
    # recorded by the secretariat (responsible bodies are the seed's).
    plan = plan_import(data=SEED_FILE.read_bytes()).plan
    plan.status = Plan.Status.APPROVED
    plan.visibility = Plan.Visibility.PUBLIC
    plan.save()
    action = Action.objects.filter(objective__line__plan=plan).order_by("pk").first()
    update = progress_update_record(
        action=action,
        author=people["secretariat"],
        status=Action.Status.IN_PROGRESS,
        percent=10,
        note="Progress",
        files=[_pdf("evidence.pdf")],
    )
    evidence = update.evidence.get()
    # The plan's roles on it (issue 17): guidelines, a work line, a member's
    # contribution to an action the members carry out, the support's evidence.
    from teixit.workplans import governance as plan_roles

    plan_roles.guidelines_write(
        action=action, user=people["secretariat"], text="Criteris"
    )
    work_step = plan_roles.work_step_add(
        action=action, user=people["secretariat"], text="Pas"
    )
    plan_roles.member_contribution_record(
        action=Action.objects.filter(
            objective__line__plan=plan, responsibilities__members=True
        )
        .order_by("pk")
        .first(),
        user=technician,
        member=member,
        note="Jornada",
    )
    plan_roles.support_evidence_add(
        action=action, user=people["secretariat"], url="https://example.org/acta"
    )
    from teixit.workplans.comments import comment_add

    action_comment = comment_add(
        action=action, user=people["secretariat"], body="Comentari"
    )

    version = methodology_load()
    diagnosis = diagnosis_create(member=member, year=2024)
    file_question = version.questions().filter(type=Question.Type.FILE).first()
    answer = answer_save(
        diagnosis=diagnosis, question=file_question, upload=_pdf("plan.pdf")
    )
    other_question = version.questions().exclude(type=Question.Type.FILE).first()
    document = diagnosis_document_add(
        diagnosis=diagnosis, title="Acta", upload=_pdf("acta.pdf")
    )

    practice = PublishedPracticeFactory(author=technician, member=member)
    practice_document = practice_document_add(practice=practice, file=_pdf())
    material = PublishedMaterialFactory(created_by=technician)
    material_version_add(material=material, file=_pdf(), uploaded_by=technician)
    service = MunicipalServiceFactory(member=member)

    training = TrainingFactory(member=member)
    session = training.sessions.first()
    registration = RegistrationFactory(training=training, user=people["member"])
    token, _raw = api_token_create(user=technician, name="matrix")

    # A published "members and institutions" event organised by the member:
    # the person with no role is registered and came; an invitation to an
    # institution, a document and an agreement of the technical commission.
    event = EventFactory(
        title="Trobada de Vilaprova",
        organiser_kind=Event.Organiser.MEMBER,
        organiser_member=member,
        created_by=technician,
    )
    event_registration = EventRegistrationFactory(
        event=event, user=people["member"], attended=True
    )
    invitation = InvitationFactory(event=event, name="Institució convidada")
    event_document = event_document_add(
        event=event,
        kind=EventDocument.Kind.CALL,
        file=_pdf("convocatoria.pdf"),
        by=people["secretariat"],
    )
    agreement = AgreementFactory(
        event=event, action=action, responsible_body=world["commission"]
    )

    debates = _debates(world, action)
    funding = _funding(world, here)
    directory = _directory(world)
    cowriting = _cowriting(world)

    expert = ExpertProfileFactory(user=people["commission"])
    consultation = consultation_ask(
        expert_profile=expert,
        requester=people["member"],
        subject="Una pregunta",
        body="Com ho fem?",
    )

    # Models with no object yet get one, so that their admin pages show one.
    from django.contrib.auth.models import Group

    from teixit.competences.models import Competence, CompetenceProfile
    from teixit.entities.models import SavedMapping
    from teixit.events.models import InvitationOptOut
    from teixit.network.tests.factories import InstitutionFactory, NetworkFactory
    from teixit.workplans.models import Indicator

    NetworkFactory(name="Xarxa de proves")
    InstitutionFactory()
    Group.objects.create(name="Matrix")
    SavedMapping.objects.create(name="matrix", mapping={}, created_by=technician)
    Indicator.objects.create(action=action, name="Entitats")
    InvitationOptOut.objects.create(email="no-more@example.org")
    from teixit.needs.tests.factories import NeedFactory
    from teixit.recognitions.tests.factories import EntityLabelFactory

    need = NeedFactory(
        status="confirmed", municipalities=[here], member=member, raised_by=technician
    )
    need_proposal = NeedFactory(
        status="raised", municipalities=[here], member=member, raised_by=technician
    )
    entity_label = EntityLabelFactory(entity=entity)
    profile = CompetenceProfile.objects.create(name="Tècnica SSE")
    Competence.objects.create(profile=profile, code="c1", name="Competència")

    values = {
        "member": member.slug,
        "body": world["commission"].slug,
        "municipality": here.code,
        "entity": entity.pk,
        "import": batch.pk,
        "plan": plan.pk,
        "action": action.pk,
        "evidence": evidence.pk,
        "step": work_step.pk,
        "comment": action_comment.pk,
        "diagnosis": diagnosis.pk,
        "question": other_question.pk,
        "answer": answer.pk,
        "document": document.pk,
        "practice": practice.pk,
        "practice_document": practice_document.pk,
        "material": material.pk,
        "version": 1,
        "service": service.pk,
        "training": training.pk,
        "session": session.pk,
        "registration": registration.pk,
        "api_token": token.pk,
        "expert": expert.pk,
        "consultation": consultation.pk,
        "event": event.pk,
        "event_registration": event_registration.pk,
        "event_document": event_document.pk,
        "invitation_token": invitation.token,
        "agreement": agreement.pk,
        "need": need.pk,
        "need_proposal": need_proposal.pk,
        "recognition": entity_label.recognition.code,
        "recognition_id": entity_label.recognition.pk,
        **debates["values"],
        **funding["values"],
        **directory["values"],
        **cowriting["values"],
        "scheme": scheme.code,
        "concept": "food",
        "year": 2024,
        "uid": "MQ",
        "token": "set-password",
        "html": "html",
        "csv": "csv",
        "docx": "docx",
        "app_label": "entities",
        "content_type": ContentType.objects.get_for_model(Entity).pk,
        "no_such_page": "no-such-page/",
    }
    # Every model in the admin: the object above where there is one, else the
    # first stored; "<model>@history" is its latest history row.
    chosen = {
        Entity: entity,
        ImportBatch: batch,
        Plan: plan,
        Action: action,
        type(update): update,
        type(diagnosis): diagnosis,
        type(practice): practice,
        type(material): material,
        type(service): service,
        type(training): training,
        type(registration): registration,
        type(expert): expert,
        Event: event,
        type(event_registration): event_registration,
        type(invitation): invitation,
        type(agreement): agreement,
        EventDocument: event_document,
        **debates["chosen"],
        **funding["chosen"],
        **directory["chosen"],
        type(member): member,
        type(technician): technician,
    }
    for model in admin.site._registry:
        label = model._meta.label_lower
        obj = chosen.get(model) or model._default_manager.order_by("pk").first()
        values[label] = obj.pk if obj is not None else 0
        history = getattr(model, "history", None)
        if obj is not None and history is not None:
            latest = obj.history.order_by("-history_id").first()
            values[f"{label}@history"] = latest.history_id if latest else 0
        else:
            values[f"{label}@history"] = 0
    world["values"] = values
    return world
