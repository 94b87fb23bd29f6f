"""The permission matrix: every route × every role, with the expected answer,
in one table (issue 10, "Kept closed").

Routes come from the URL resolver (pages, admin, the API's own pages) and from
the API's OpenAPI schema (one row per operation). Every route needs a row in
`MATRIX` below; a route without one fails `test_every_route_has_a_row` with the
row to paste. `test_every_role_gets_the_expected_answer` then requests every
route as every role, each request in a rolled-back savepoint, with the objects
of `permission_world.build_world()` (made with the apps' factories).

A row is

    "KEY": (ARGS, anonymous, member, other_technician, technician, commission, secretariat, superuser),

- KEY: a URL name (`"entities:update"`), an unnamed route's pattern
  (`"admin/(?P<url>.*)$"`), or an API operation `"api METHOD /api/v1/path"`;
  prefix a page route with `"POST "` when it only answers POST (then it is
  requested with POST and no data; a route may have both a GET and a POST row).
- a route asked about with other objects too gets more rows, each key ending
  in a " [variant]" (`"debates:detail [public]"`: the same route with a
  debate of a public space);
- ARGS: the route's parameters, in order, as names of `world["values"]`
  (`"entity"`, `"plan"`…; admin models as `"app.model"`, their history rows as
  `"app.model@history"`); `()` when it has none.
- answers, one per role in `ROLES` order: an HTTP status (`200`, `403`,
  `404`, `405`…), `LOGIN` (redirected to the login page), `ADMIN` (redirected
  to the admin's login page) or `302` (redirected elsewhere).

Roles: anonymous; member = a registered person with no role; other_technician =
technician of a member in another municipality; technician = technician of the
member that owns the world's objects; commission = member of the technical
commission; secretariat = member of the technical secretariat (staff, not
superuser); superuser.

To add rows for new routes, run
`TEIXIT_MATRIX_OBSERVE=1 .venv/bin/pytest teixit/core/tests/test_permission_matrix.py -k observed -s`:
it prints each route's row with the answers observed now, to check against
the rules before pasting them into MATRIX.
"""

from __future__ import annotations

import functools
import os
import re
from http import HTTPStatus

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .permission_world import ROLES, build_world

pytestmark = pytest.mark.django_db

LOGIN = "login"  # redirected to /accounts/login/
ADMIN = "admin-login"  # redirected to the admin's login page
NOT_ALLOWED = HTTPStatus.METHOD_NOT_ALLOWED

# fmt: off
MATRIX: dict[str, tuple] = {
    # -- Pages -----------------------------------------------------------------
    # route                                                       parameters                                anon    member  other   tech    comm    secr    super
    'accounts:login':                                            ((),                                      200,    302,    302,    302,    302,    302,    302),
    'POST accounts:logout':                                      ((),                                      302,    302,    302,    302,    302,    302,    302),
    'accounts:password_change':                                  ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'accounts:password_change_done':                             ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'accounts:password_reset':                                   ((),                                      200,    200,    200,    200,    200,    200,    200),
    'accounts:password_reset_complete':                          ((),                                      200,    200,    200,    200,    200,    200,    200),
    'accounts:password_reset_confirm':                           (('uid', 'token'),                        200,    200,    200,    200,    200,    200,    200),
    'accounts:password_reset_done':                              ((),                                      200,    200,    200,    200,    200,    200,    200),
    'accounts:profile':                                          ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'POST accounts:token_create':                                ((),                                      LOGIN,  302,    302,    302,    302,    302,    302),
    'POST accounts:token_revoke':                                (('api_token',),                          LOGIN,  404,    404,    302,    404,    404,    404),
    'competences:gaps':                                          ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'competences:profile':                                       ((),                                      200,    200,    200,    200,    200,    200,    200),
    'competences:self_assessment':                               ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'competences:self_assessment_delete':                        ((),                                      LOGIN,  302,    302,    302,    302,    302,    302),
    'competences:stats':                                         ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'core:credits':                                              ((),                                      200,    200,    200,    200,    200,    200,    200),
    'debates:attachment':                                        (('debate', 'debate_attachment'),         404,    404,    404,    404,    200,    200,    200),
    'debates:close':                                             (('debate',),                             LOGIN,  403,    403,    403,    200,    200,    200),
    'debates:create':                                            (('space',),                              LOGIN,  403,    403,    403,    200,    200,    200),
    'debates:create [members]':                                  (('space_members',),                      LOGIN,  403,    200,    200,    200,    200,    200),
    'debates:create [public]':                                   (('space_public',),                       LOGIN,  200,    200,    200,    200,    200,    200),
    'debates:detail':                                            (('debate',),                             404,    403,    403,    403,    200,    200,    200),
    'debates:detail [members]':                                  (('debate_members',),                     404,    403,    200,    200,    200,    200,    200),
    'debates:detail [public]':                                   (('debate_public',),                      200,    200,    200,    200,    200,    200,    200),
    'debates:feed':                                              (('space',),                              404,    404,    404,    404,    404,    404,    404),
    'debates:feed [members]':                                    (('space_members',),                      404,    404,    404,    404,    404,    404,    404),
    'debates:feed [public]':                                     (('space_public',),                       200,    200,    200,    200,    200,    200,    200),
    'debates:list':                                              ((),                                      200,    200,    200,    200,    200,    200,    200),
    'debates:moderation':                                        ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'POST debates:reopen':                                       (('debate',),                             LOGIN,  403,    403,    403,    403,    302,    302),
    'POST debates:reply':                                        (('debate',),                             LOGIN,  403,    403,    403,    400,    400,    400),
    'POST debates:reply [members]':                              (('debate_members',),                     LOGIN,  403,    400,    400,    400,    400,    400),
    'POST debates:reply [public]':                               (('debate_public',),                      LOGIN,  400,    400,    400,    400,    400,    400),
    'debates:reply_edit':                                        (('debate', 'reply'),                     LOGIN,  403,    403,    403,    200,    200,    200),
    'POST debates:reply_hide':                                   (('debate', 'reply'),                     LOGIN,  403,    403,    403,    403,    302,    302),
    'debates:reply_history':                                     (('debate', 'reply'),                     404,    403,    403,    403,    200,    200,    200),
    'POST debates:report':                                       (('debate',),                             LOGIN,  403,    403,    403,    302,    302,    302),
    'POST debates:report_resolve':                               (('report',),                             LOGIN,  403,    403,    403,    403,    302,    302),
    'debates:space':                                             (('space',),                              404,    403,    403,    403,    200,    200,    200),
    'debates:space [members]':                                   (('space_members',),                      404,    403,    200,    200,    200,    200,    200),
    'debates:space [public]':                                    (('space_public',),                       200,    200,    200,    200,    200,    200,    200),
    'POST diagnosis:answer_autosave':                            (('diagnosis', 'question'),               LOGIN,  404,    403,    200,    403,    200,    200),
    'diagnosis:answer_file':                                     (('diagnosis', 'answer'),                 404,    404,    200,    200,    200,    200,    200),
    'diagnosis:diagnosis_detail':                                (('diagnosis',),                          404,    404,    200,    200,    200,    200,    200),
    'diagnosis:diagnosis_edit':                                  (('diagnosis',),                          LOGIN,  404,    403,    200,    403,    200,    200),
    'POST diagnosis:diagnosis_reopen':                           (('diagnosis',),                          LOGIN,  404,    403,    403,    403,    302,    302),
    'POST diagnosis:diagnosis_start':                            ((),                                      LOGIN,  404,    404,    404,    404,    404,    404),
    'POST diagnosis:diagnosis_submit':                           (('diagnosis',),                          LOGIN,  404,    403,    302,    403,    302,    302),
    'POST diagnosis:diagnosis_validate':                         (('diagnosis',),                          LOGIN,  404,    403,    403,    403,    302,    302),
    'POST diagnosis:diagnosis_visibility':                       (('diagnosis',),                          LOGIN,  404,    403,    302,    403,    302,    302),
    'POST diagnosis:document_delete':                            (('diagnosis', 'document'),               LOGIN,  404,    403,    302,    403,    302,    302),
    'diagnosis:document_download':                               (('diagnosis', 'document'),               404,    404,    200,    200,    200,    200,    200),
    'POST diagnosis:document_upload':                            (('diagnosis',),                          LOGIN,  404,    403,    302,    403,    302,    302),
    'diagnosis:index':                                           ((),                                      200,    200,    200,    200,    200,    200,    200),
    'diagnosis:municipality':                                    (('municipality',),                       200,    200,    200,    200,    200,    200,    200),
    'diagnosis:municipality_go':                                 ((),                                      302,    302,    302,    302,    302,    302,    302),
    'diagnosis:municipality_report':                             (('municipality', 'html'),                200,    200,    200,    200,    200,    200,    200),
    'diagnosis:network':                                         ((),                                      200,    200,    200,    200,    200,    200,    200),
    'diagnosis:network_report':                                  (('html',),                               200,    200,    200,    200,    200,    200,    200),
    'directory:delete':                                          (('directory_entry',),                    LOGIN,  403,    403,    403,    403,    200,    200),
    'directory:detail':                                          (('directory_entry',),                    200,    200,    200,    200,    200,    200,    200),
    'directory:detail [proposed]':                               (('directory_proposal',),                 404,    404,    404,    200,    404,    200,    200),
    'directory:list':                                            ((),                                      200,    200,    200,    200,    200,    200,    200),
    'directory:propose':                                         ((),                                      LOGIN,  403,    200,    200,    200,    200,    200),
    'directory:review':                                          ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'POST directory:review_entry':                               (('directory_entry',),                    LOGIN,  403,    403,    403,    403,    302,    302),
    'POST directory:review_entry [proposed]':                    (('directory_proposal',),                 LOGIN,  403,    403,    403,    403,    302,    302),
    'directory:update':                                          (('directory_entry',),                    LOGIN,  403,    403,    403,    403,    200,    200),
    'directory:update [proposed]':                               (('directory_proposal',),                 LOGIN,  403,    403,    200,    403,    200,    200),
    'POST entities:archive':                                     (('entity',),                             LOGIN,  403,    403,    302,    403,    302,    302),
    'entities:create':                                           ((),                                      LOGIN,  403,    200,    200,    403,    200,    200),
    'entities:detail':                                           (('entity',),                             200,    200,    200,    200,    200,    200,    200),
    'entities:export':                                           ((),                                      200,    200,    200,    200,    200,    200,    200),
    'entities:import_detail':                                    (('import',),                             LOGIN,  403,    403,    200,    403,    200,    200),
    'entities:import_list':                                      ((),                                      LOGIN,  403,    200,    200,    403,    200,    200),
    'entities:import_mapping':                                   (('import',),                             LOGIN,  403,    403,    200,    403,    200,    200),
    'POST entities:import_rerun':                                (('import',),                             403,    403,    403,    302,    403,    302,    302),
    'entities:manage':                                           ((),                                      LOGIN,  403,    200,    200,    403,    200,    200),
    'entities:merge':                                            (('entity',),                             LOGIN,  403,    403,    200,    403,    200,    200),
    'entities:propose':                                          ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST entities:publish':                                     (('entity',),                             LOGIN,  403,    403,    302,    403,    302,    302),
    'entities:unverified':                                       ((),                                      LOGIN,  403,    200,    200,    403,    200,    200),
    'entities:update':                                           (('entity',),                             LOGIN,  403,    403,    200,    403,    200,    200),
    'POST entities:verify':                                      (('entity',),                             LOGIN,  403,    403,    302,    403,    302,    302),
    'POST events:agreement_add':                                 (('event',),                              LOGIN,  403,    403,    403,    403,    302,    302),
    'POST events:agreement_done':                                (('agreement',),                          LOGIN,  302,    302,    302,    302,    302,    302),
    'POST documents:amend':                                       (('cowritten',),                          LOGIN,  403,    400,    400,    400,    400,    400),
    'POST documents:answer':                                      (('cowritten', 'amendment'),              LOGIN,  403,    403,    403,    403,    400,    400),
    'POST documents:comment':                                     (('cowritten',),                          LOGIN,  403,    400,    400,    400,    400,    400),
    'documents:compare':                                          (('cowritten',),                          200,    200,    200,    200,    200,    200,    200),
    'documents:compare [draft]':                                  (('cowritten_draft',),                    404,    403,    200,    200,    200,    200,    200),
    'documents:create':                                           ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'documents:detail':                                           (('cowritten',),                          404,    403,    200,    200,    200,    200,    200),
    'documents:detail [draft]':                                   (('cowritten_draft',),                    404,    403,    200,    200,    200,    200,    200),
    'documents:edit':                                             (('cowritten',),                          LOGIN,  403,    403,    403,    403,    200,    200),
    'documents:edit [draft]':                                     (('cowritten_draft',),                    LOGIN,  403,    403,    403,    200,    200,    200),
    'documents:list':                                             ((),                                      404,    403,    200,    200,    200,    200,    200),
    'documents:pdf':                                              (('cowritten', 'version'),                200,    200,    200,    200,    200,    200,    200),
    'documents:public':                                           (('cowritten',),                          200,    200,    200,    200,    200,    200,    200),
    'documents:public [draft]':                                   (('cowritten_draft',),                    404,    404,    404,    404,    404,    404,    404),
    'documents:public_list':                                      ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST documents:stage':                                       (('cowritten',),                          LOGIN,  403,    400,    400,    400,    400,    400),
    'documents:version':                                          (('cowritten', 'version'),                200,    200,    200,    200,    200,    200,    200),
    'murmurations:entity':                                       (('entity',),                             200,    200,    200,    200,    200,    200,    200),
    'murmurations:index':                                        ((),                                      200,    200,    200,    200,    200,    200,    200),
    'murmurations:member':                                       (('member',),                             200,    200,    200,    200,    200,    200,    200),
    'murmurations:network':                                      ((),                                      200,    200,    200,    200,    200,    200,    200),
    'news:create':                                                ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'news:detail':                                                (('news_item',),                          200,    200,    200,    200,    200,    200,    200),
    'news:detail [draft]':                                        (('news_draft',),                         404,    404,    404,    404,    404,    200,    200),
    'news:edit':                                                  (('news_item',),                          LOGIN,  403,    403,    403,    403,    200,    200),
    'news:feed':                                                  ((),                                      200,    200,    200,    200,    200,    200,    200),
    'news:image':                                                 (('news_item',),                          404,    404,    404,    404,    404,    404,    404),
    'news:list':                                                  ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST news:publish':                                          (('news_draft',),                         LOGIN,  403,    403,    403,    403,    302,    302),
    'news:theme_feed':                                            (('news_theme',),                         200,    200,    200,    200,    200,    200,    200),
    'POST wiki:attach':                                           (('wiki_space', 'wiki_page'),             LOGIN,  403,    302,    302,    302,    302,    302),
    'visits:stats':                                               ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'wiki:attachment':                                            (('wiki_space', 'wiki_page', 'wiki_attachment'),404,    403,    200,    200,    200,    200,    200),
    'wiki:diff':                                                  (('wiki_space', 'wiki_page'),             404,    403,    200,    200,    200,    200,    200),
    'wiki:edit':                                                  (('wiki_space', 'wiki_page'),             LOGIN,  403,    200,    200,    200,    200,    200),
    'wiki:edit [body]':                                           (('wiki_space_body', 'wiki_page_body'),   LOGIN,  403,    403,    403,    200,    200,    200),
    'wiki:history':                                               (('wiki_space', 'wiki_page'),             404,    403,    200,    200,    200,    200,    200),
    'wiki:index':                                                 ((),                                      404,    403,    200,    200,    200,    200,    200),
    'wiki:page':                                                  (('wiki_space', 'wiki_page'),             404,    403,    200,    200,    200,    200,    200),
    'wiki:page [body]':                                           (('wiki_space_body', 'wiki_page_body'),   404,    403,    403,    403,    200,    200,    200),
    'POST wiki:revert':                                           (('wiki_space', 'wiki_page', 'wiki_revision'),LOGIN,  403,    302,    302,    302,    302,    302),
    'wiki:space':                                                 (('wiki_space',),                         404,    403,    200,    200,    200,    200,    200),
    'wiki:space [body]':                                          (('wiki_space_body',),                    404,    403,    403,    403,    200,    200,    200),
    'events:attendance':                                         (('event',),                              LOGIN,  403,    403,    200,    403,    200,    200),
    'POST events:cancel':                                        (('event',),                              LOGIN,  403,    403,    403,    403,    302,    302),
    'events:certificate':                                        (('event',),                              LOGIN,  200,    404,    404,    404,    404,    404),
    'events:create':                                             ((),                                      LOGIN,  403,    200,    200,    403,    200,    200),
    'events:detail':                                             (('event',),                              404,    200,    200,    200,    200,    200,    200),
    'events:document':                                           (('event', 'event_document'),             404,    200,    200,    200,    200,    200,    200),
    'POST events:document_add':                                  (('event',),                              LOGIN,  403,    403,    403,    403,    302,    302),
    'events:feed':                                               ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST events:held':                                          (('event',),                              LOGIN,  403,    403,    403,    403,    302,    302),
    'events:ics':                                                (('event',),                              404,    200,    200,    200,    200,    200,    200),
    'events:invitation_answer':                                  (('invitation_token',),                   200,    200,    200,    200,    200,    200,    200),
    'events:invitations':                                        (('event',),                              LOGIN,  403,    403,    403,    403,    200,    200),
    'events:list':                                               ((),                                      200,    200,    200,    200,    200,    200,    200),
    'events:minutes':                                            (('event',),                              LOGIN,  403,    403,    403,    403,    200,    200),
    'events:my_agreements':                                      ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'POST events:publish':                                       (('event',),                              LOGIN,  403,    403,    403,    403,    302,    302),
    'events:register':                                           (('event',),                              LOGIN,  200,    200,    200,    200,    200,    200),
    'POST events:registration_cancel':                           (('event', 'event_registration'),         LOGIN,  302,    302,    302,    302,    302,    302),
    'events:registration_certificate':                           (('event', 'event_registration'),         LOGIN,  200,    403,    200,    403,    200,    200),
    'events:representation':                                     ((),                                      LOGIN,  403,    200,    200,    200,    200,    200),
    'POST events:submit':                                        (('event',),                              LOGIN,  403,    403,    403,    403,    302,    302),
    'POST events:unregister':                                    (('event',),                              LOGIN,  302,    404,    404,    404,    404,    404),
    'events:update':                                             (('event',),                              LOGIN,  403,    403,    403,    403,    200,    200),
    'needs:buy': ((), 200, 200, 200, 200, 200, 200, 200),
    'needs:create': ((), LOGIN, 403, 200, 200, 200, 200, 200),
    'needs:detail': (('need',), 200, 200, 200, 200, 200, 200, 200),
    'needs:detail [proposal]': (('need_proposal',), 404, 404, 200, 200, 200, 200, 200),
    'needs:list': ((), 200, 200, 200, 200, 200, 200, 200),
    'POST needs:mark': (('need',), LOGIN, 403, 302, 302, 302, 302, 302),
    'POST needs:status': (('need',), LOGIN, 403, 403, 403, 403, 302, 302),
    'needs:update': (('need',), LOGIN, 403, 403, 403, 403, 200, 200),
    'needs:update [proposal]': (('need_proposal',), LOGIN, 403, 403, 200, 403, 200, 200),
    'recognitions:detail': (('recognition',), 200, 200, 200, 200, 200, 200, 200),
    'recognitions:feed': ((), 200, 200, 200, 200, 200, 200, 200),
    'recognitions:list': ((), 200, 200, 200, 200, 200, 200, 200),
    'experts:consent_withdraw':                                  ((),                                      LOGIN,  302,    302,    302,    302,    302,    302),
    'experts:consultation':                                      (('consultation',),                       LOGIN,  200,    404,    404,    200,    404,    404),
    'experts:consultations':                                     ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'experts:detail':                                            (('expert',),                             LOGIN,  200,    200,    200,    200,    200,    200),
    'experts:list':                                              ((),                                      200,    200,    200,    200,    200,    200,    200),
    'experts:my_data':                                           ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'experts:profile_edit':                                      ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'funding:create':                                            ((),                                      LOGIN,  403,    403,    403,    200,    200,    200),
    'funding:delete':                                            (('funding_line',),                       LOGIN,  403,    403,    403,    403,    200,    200),
    'funding:detail':                                            (('funding_line',),                       200,    200,    200,    200,    200,    200,    200),
    'funding:import':                                            ((),                                      LOGIN,  403,    403,    403,    200,    200,    200),
    'funding:list':                                              ((),                                      200,    200,    200,    200,    200,    200,    200),
    'funding:matrix':                                            ((),                                      LOGIN,  403,    403,    403,    200,    200,    200),
    'POST funding:resolve':                                      (('funding_line', 'other_funding_line'),  LOGIN,  403,    403,    403,    302,    302,    302),
    'funding:update':                                            (('funding_line',),                       LOGIN,  403,    403,    403,    200,    200,    200),
    'javascript-catalog':                                        ((),                                      200,    200,    200,    200,    200,    200,    200),
    'home:home':                                                 ((),                                      200,    200,    200,    200,    200,    200,    200),
    'maps:embed':                                                ((),                                      200,    200,    200,    200,    200,    200,    200),
    'maps:map':                                                  ((),                                      200,    200,    200,    200,    200,    200,    200),
    'maps:outlines':                                             ((),                                      301,    301,    301,    301,    301,    301,    301),
    'maps_data:outlines':                                        ((),                                      200,    200,    200,    200,    200,    200,    200),
    'materials:create':                                          ((),                                      LOGIN,  403,    200,    200,    200,    200,    200),
    'materials:detail':                                          (('material',),                           200,    200,    200,    200,    200,    200,    200),
    'materials:download':                                        (('material', 'version'),                 200,    200,    200,    200,    200,    200,    200),
    'materials:list':                                            ((),                                      200,    200,    200,    200,    200,    200,    200),
    'materials:preview':                                         (('material', 'version'),                 200,    200,    200,    200,    200,    200,    200),
    'POST materials:publish':                                    (('material',),                           403,    403,    403,    403,    403,    302,    302),
    'materials:update':                                          (('material',),                           LOGIN,  403,    403,    403,    403,    200,    200),
    'municipal_services:compare':                                ((),                                      200,    200,    200,    200,    200,    200,    200),
    'municipal_services:create':                                 ((),                                      LOGIN,  403,    200,    200,    403,    200,    200),
    'municipal_services:delete':                                 (('service',),                            LOGIN,  403,    403,    200,    403,    200,    200),
    'municipal_services:detail':                                 (('service',),                            200,    200,    200,    200,    200,    200,    200),
    'municipal_services:list':                                   ((),                                      200,    200,    200,    200,    200,    200,    200),
    'municipal_services:update':                                 (('service',),                            LOGIN,  403,    403,    200,    403,    200,    200),
    'network:body_detail':                                       (('body',),                               200,    200,    200,    200,    200,    200,    200),
    'network:member_detail':                                     (('member',),                             200,    200,    200,    200,    200,    200,    200),
    'network:member_list':                                       ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST notifications:follow':                                 (('debate_type', 'debate'),               LOGIN,  403,    403,    403,    302,    302,    302),
    'POST notifications:follow [members]':                       (('debate_type', 'debate_members'),       LOGIN,  403,    302,    302,    302,    302,    302),
    'POST notifications:follow [public]':                        (('debate_type', 'debate_public'),        LOGIN,  302,    302,    302,    302,    302,    302),
    'notifications:list':                                        ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'POST notifications:mark_read':                              ((),                                      LOGIN,  302,    302,    302,    302,    302,    302),
    'notifications:open':                                        (('notification',),                       LOGIN,  302,    404,    404,    404,    404,    404),
    'notifications:preferences':                                 ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'notifications:unsubscribe':                                 (('unsubscribe_token',),                  200,    200,    200,    200,    200,    200,    200),
    'practices:create':                                          ((),                                      LOGIN,  403,    200,    200,    200,    200,    200),
    'practices:detail':                                          (('practice',),                           200,    200,    200,    200,    200,    200,    200),
    'practices:document':                                        (('practice', 'practice_document'),       200,    200,    200,    200,    200,    200,    200),
    'practices:export':                                          ((),                                      200,    200,    200,    200,    200,    200,    200),
    'practices:import':                                          ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'practices:list':                                            ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST practices:publish':                                    (('practice',),                           403,    403,    403,    403,    403,    302,    302),
    'practices:review_queue':                                    ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'POST practices:send_back':                                  (('practice',),                           403,    403,    403,    403,    403,    400,    400),
    'POST practices:submit':                                     (('practice',),                           403,    403,    403,    403,    403,    302,    302),
    'practices:update':                                          (('practice',),                           LOGIN,  403,    403,    403,    403,    200,    200),
    'search:search':                                             ((),                                      200,    200,    200,    200,    200,    200,    200),
    'set_language':                                              ((),                                      302,    302,    302,    302,    302,    302,    302),
    'territories:municipality_detail':                           (('municipality',),                       200,    200,    200,    200,    200,    200,    200),
    'territories:municipality_suggest':                          ((),                                      200,    200,    200,    200,    200,    200,    200),
    'trainings:attendance':                                      (('training', 'session'),                 LOGIN,  403,    403,    200,    403,    200,    200),
    'POST trainings:cancel':                                     (('training',),                           LOGIN,  403,    403,    302,    403,    302,    302),
    'trainings:create':                                          ((),                                      LOGIN,  403,    200,    200,    200,    200,    200),
    'trainings:detail':                                          (('training',),                           200,    200,    200,    200,    200,    200,    200),
    'trainings:feed':                                            ((),                                      200,    200,    200,    200,    200,    200,    200),
    'trainings:ics':                                             (('training',),                           200,    200,    200,    200,    200,    200,    200),
    'trainings:list':                                            ((),                                      200,    200,    200,    200,    200,    200,    200),
    'POST trainings:publish':                                    (('training',),                           LOGIN,  403,    403,    302,    403,    302,    302),
    'POST trainings:register':                                   (('training',),                           LOGIN,  302,    302,    302,    302,    302,    302),
    'POST trainings:registration_cancel':                        (('training', 'registration'),            LOGIN,  302,    302,    302,    302,    302,    302),
    'POST trainings:unregister':                                 (('training',),                           LOGIN,  302,    404,    404,    404,    404,    404),
    'trainings:update':                                          (('training',),                           LOGIN,  403,    403,    200,    403,    200,    200),
    'vocabulary:glossary':                                       ((),                                      200,    200,    200,    200,    200,    200,    200),
    'vocabulary:concept':                                        (('scheme', 'concept'),                   200,    200,    200,    200,    200,    200,    200),
    'workplans:action_detail':                                   (('action',),                             200,    200,    200,    200,    200,    200,    200),
    'POST workplans:action_governance':                          (('action',),                             403,    302,    302,    302,    302,    302,    302),
    'POST workplans:plan_sources_link':                          (('plan',),                               403,    403,    403,    403,    403,    302,    302),
    'workplans:plan_assembly':                                   (('plan',),                               200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_assembly_file':                              (('plan', 'docx'),                        200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_evaluation':                                 (('plan',),                               200,    200,    200,    200,    200,    200,    200),
    'workplans:action_edit':                                     (('action',),                             LOGIN,  403,    403,    403,    403,    200,    200),
    'workplans:evidence_file':                                   (('evidence',),                           200,    200,    200,    200,    200,    200,    200),
    'workplans:my_actions':                                      ((),                                      LOGIN,  200,    200,    200,    200,    200,    200),
    'workplans:plan_copy':                                       (('plan',),                               LOGIN,  403,    403,    403,    403,    200,    200),
    'workplans:plan_dashboard':                                  (('plan',),                               200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_detail':                                     (('plan',),                               200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_edit':                                       (('plan',),                               LOGIN,  403,    403,    403,    403,    200,    200),
    'workplans:plan_import':                                     ((),                                      LOGIN,  403,    403,    403,    403,    200,    200),
    'workplans:plan_list':                                       ((),                                      200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_report':                                     (('plan',),                               200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_report_file':                                (('plan', 'csv'),                         200,    200,    200,    200,    200,    200,    200),
    'workplans:plan_schedule':                                   (('plan',),                               LOGIN,  403,    403,    403,    403,    200,    200),
    'workplans:plan_timeline':                                   (('plan',),                               200,    200,    200,    200,    200,    200,    200),

    # -- API: the operations of the OpenAPI schema, and the API's own pages ----
    # route                                                       parameters                                anon    member  other   tech    comm    secr    super
    '^api/':                                                     ((),                                      404,    404,    404,    404,    404,    404,    404),
    'api GET /api/v1/bodies/':                                   ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/bodies/{slug}/':                            (('body',),                               200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/documents/':                                 ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/news/':                                      ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/debates/':                                  ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/debates/{debate_id}/':                      (('debate',),                             404,    404,    404,    404,    200,    200,    200),
    'api GET /api/v1/debates/{debate_id}/ [members]':            (('debate_members',),                     404,    404,    200,    200,    200,    200,    200),
    'api GET /api/v1/debates/{debate_id}/ [public]':             (('debate_public',),                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/directory/':                                ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/directory/{entry_id}/':                     (('directory_entry_id',),                 200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/entities/':                                 ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/entities/{entity_id}/':                     (('entity',),                             200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/events/':                                   ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/events/{event_id}/':                        (('event',),                              404,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/needs/': ((), 200, 200, 200, 200, 200, 200, 200),
    'api GET /api/v1/needs/{need_id}/': (('need',), 200, 200, 200, 200, 200, 200, 200),
    'api GET /api/v1/needs/{need_id}/ [proposal]': (('need_proposal',), 404, 404, 200, 200, 200, 200, 200),
    'api GET /api/v1/recognitions/': ((), 200, 200, 200, 200, 200, 200, 200),
    'api GET /api/v1/recognitions/{recognition_id}/': (('recognition_id',), 200, 200, 200, 200, 200, 200, 200),
    'api GET /api/v1/funding-lines/':                            ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/funding-lines/{line_id}/':                  (('funding_line',),                       200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/indicators/':                               ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/indicators/values.csv':                     ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/indicators/values/':                        ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/institutions/':                             ((),                                      401,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/map/':                                      ((),                                      400,    400,    400,    400,    400,    400,    400),
    'api GET /api/v1/materials/':                                ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/materials/{material_id}/':                  (('material',),                           200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/members/':                                  ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/members/{slug}/':                           (('member',),                             200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/notifications/':                            ((),                                      401,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/plans/':                                    ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/plans/actions/{action_id}/contributions/':  (('action',),                              200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/plans/actions/{action_id}/governance/':     (('action',),                              200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/plans/actions/{action_id}/steps/':          (('action',),                              200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/plans/actions/{action_id}/comments/':       (('action',),                              401,    403,    200,    200,    200,    200,    200),
    'api GET /api/v1/plans/{plan_id}/':                          (('plan',),                               200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/practices/':                                ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/practices/{practice_id}/':                  (('practice',),                           200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/search/':                                   ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/services/':                                 ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/services/matrix/':                          ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/services/{service_id}/':                    (('service',),                            200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/territories/comarques/':                    ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/territories/municipalities/':               ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/territories/municipalities/{code}/':        (('municipality',),                       200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/territories/provinces/':                    ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/trainings/':                                ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/trainings/{training_id}/':                  (('training',),                           200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/vocabulary/concepts/':                      ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/vocabulary/schemes/':                       ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api GET /api/v1/vocabulary/schemes/{code}/concepts/':       (('scheme',),                             200,    200,    200,    200,    200,    200,    200),
    'api PATCH /api/v1/entities/{entity_id}/':                   (('entity',),                             401,    403,    403,    200,    403,    200,    200),
    'api POST /api/v1/bodies/{slug}/memberships/':               (('body',),                               401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/entities/':                                ((),                                      401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/entities/{entity_id}/archive/':            (('entity',),                             401,    403,    403,    200,    403,    200,    200),
    'api POST /api/v1/entities/{entity_id}/publish/':            (('entity',),                             401,    403,    403,    400,    403,    400,    400),
    'api POST /api/v1/entities/{entity_id}/verify/':             (('entity',),                             401,    403,    403,    200,    403,    200,    200),
    'api POST /api/v1/events/{event_id}/registrations/':         (('event',),                              401,    400,    400,    400,    400,    400,    400),
    'api DELETE /api/v1/plans/actions/{action_id}/steps/{step_id}/':(('action', 'step'),                      401,    403,    403,    403,    403,    204,    204),
    'api DELETE /api/v1/plans/actions/{action_id}/comments/{comment_id}/':(('action', 'comment'),                    401,    404,    403,    403,    403,    204,    204),
    'api PATCH /api/v1/plans/actions/{action_id}/comments/{comment_id}/':(('action', 'comment'),                    401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/plans/actions/{action_id}/comments/':      (('action',),                              401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/plans/actions/{action_id}/comments/{comment_id}/hide/':(('action', 'comment'),                    401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/plans/actions/{action_id}/comments/{comment_id}/show/':(('action', 'comment'),                    401,    404,    403,    403,    403,    200,    200),
    'api POST /api/v1/plans/actions/{action_id}/contributions/': (('action',),                             401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/plans/actions/{action_id}/done/confirm/':  (('action',),                             401,    403,    403,    403,    400,    403,    403),
    'api POST /api/v1/plans/actions/{action_id}/done/propose/':  (('action',),                             401,    403,    403,    403,    403,    200,    200),
    'api POST /api/v1/plans/actions/{action_id}/done/return/':   (('action',),                             401,    403,    403,    403,    200,    403,    403),
    'api POST /api/v1/plans/actions/{action_id}/evidence/':      (('action',),                             401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/plans/actions/{action_id}/guidelines/approve/':(('action',),                             401,    403,    403,    403,    200,    403,    403),
    'api POST /api/v1/plans/actions/{action_id}/steps/':         (('action',),                             401,    400,    400,    400,    400,    400,    400),
    'api PUT /api/v1/plans/actions/{action_id}/guidelines/':     (('action',),                             401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/plans/actions/{action_id}/updates/':       (('action',),                             401,    400,    400,    400,    400,    400,    400),
    'api POST /api/v1/trainings/{training_id}/registrations/':   (('training',),                           401,    400,    201,    201,    201,    201,    201),
    'api:api-root':                                              ((),                                      404,    404,    404,    404,    404,    404,    404),
    'api:openapi-json':                                          ((),                                      200,    200,    200,    200,    200,    200,    200),
    'api:openapi-view':                                          ((),                                      200,    200,    200,    200,    200,    200,    200),

    # -- Admin (staff only: the others are sent to the admin's login page) -----
    # route                                                       parameters                                anon    member  other   tech    comm    secr    super
    'admin/(?P<url>.*)$':                                        (('no_such_page',),                       ADMIN,  ADMIN,  404,    404,    ADMIN,  404,    404),
    'admin/accounts/apitoken/<path:object_id>/':                 (('accounts.apitoken',),                  ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/accounts/user/<path:object_id>/':                     (('accounts.user',),                      ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/auth/group/<path:object_id>/':                        (('auth.group',),                         ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/axes/accessattempt/<path:object_id>/':                (('axes.accessattempt',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/axes/accessfailurelog/<path:object_id>/':             (('axes.accessfailurelog',),              ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/axes/accesslog/<path:object_id>/':                    (('axes.accesslog',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/competences/competence/<path:object_id>/':            (('competences.competence',),             ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/competences/competenceprofile/<path:object_id>/':     (('competences.competenceprofile',),      ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/debates/debate/<path:object_id>/':                    (('debates.debate',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/debates/reply/<path:object_id>/':                     (('debates.reply',),                      ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/debates/report/<path:object_id>/':                    (('debates.report',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/wiki/wikispace/<path:object_id>/':                    (('wiki.wikispace',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/debates/space/<path:object_id>/':                     (('debates.space',),                      ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/diagnosis/diagnosis/<path:object_id>/':               (('diagnosis.diagnosis',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/diagnosis/indicatorvalue/<path:object_id>/':          (('diagnosis.indicatorvalue',),           ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/diagnosis/methodology/<path:object_id>/':             (('diagnosis.methodology',),              ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/diagnosis/methodologyversion/<path:object_id>/':      (('diagnosis.methodologyversion',),       ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/diagnosis/question/<path:object_id>/':                (('diagnosis.question',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/diagnosis/section/<path:object_id>/':                 (('diagnosis.section',),                  ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/directory/directoryentry/<path:object_id>/':          (('directory.directoryentry',),           ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/django_tasks_database/dbtaskresult/<path:object_id>/': (('django_tasks_database.dbtaskresult',), ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/entities/entity/<path:object_id>/':                   (('entities.entity',),                    ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/entities/importbatch/<path:object_id>/':              (('entities.importbatch',),               ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/entities/savedmapping/<path:object_id>/':             (('entities.savedmapping',),              ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/events/agreement/<path:object_id>/':                  (('events.agreement',),                   ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/events/event/<path:object_id>/':                      (('events.event',),                       ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/events/invitation/<path:object_id>/':                 (('events.invitation',),                  ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/events/invitationoptout/<path:object_id>/':           (('events.invitationoptout',),            ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/events/registration/<path:object_id>/':               (('events.registration',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/needs/need/<path:object_id>/': (('needs.need',), ADMIN, ADMIN, 302, 302, ADMIN, 302, 302),
    'admin/recognitions/recognition/<path:object_id>/': (('recognitions.recognition',), ADMIN, ADMIN, 302, 302, ADMIN, 302, 302),
    'admin/experts/expertprofile/<path:object_id>/':             (('experts.expertprofile',),              ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/funding/fundingline/<path:object_id>/':               (('funding.fundingline',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/funding/overlapresolution/<path:object_id>/':         (('funding.overlapresolution',),          ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/materials/material/<path:object_id>/':                (('materials.material',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/municipal_services/municipalservice/<path:object_id>/': (('municipal_services.municipalservice',), ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/network/body/<path:object_id>/':                      (('network.body',),                       ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/network/bodymembership/<path:object_id>/':            (('network.bodymembership',),             ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/network/institution/<path:object_id>/':               (('network.institution',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/network/member/<path:object_id>/':                    (('network.member',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/network/network/<path:object_id>/':                   (('network.network',),                    ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/network/technician/<path:object_id>/':                (('network.technician',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/notifications/follow/<path:object_id>/':              (('notifications.follow',),               ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/notifications/notification/<path:object_id>/':        (('notifications.notification',),         ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/notifications/notificationemail/<path:object_id>/':   (('notifications.notificationemail',),    ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/practices/practice/<path:object_id>/':                (('practices.practice',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/territories/comarca/<path:object_id>/':               (('territories.comarca',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/territories/municipality/<path:object_id>/':          (('territories.municipality',),           ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/territories/province/<path:object_id>/':              (('territories.province',),               ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/trainings/registration/<path:object_id>/':            (('trainings.registration',),             ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/trainings/training/<path:object_id>/':                (('trainings.training',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/vocabulary/concept/<path:object_id>/':                (('vocabulary.concept',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/vocabulary/conceptscheme/<path:object_id>/':          (('vocabulary.conceptscheme',),           ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/action/<path:object_id>/':                  (('workplans.action',),                   ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/actioncomment/<path:object_id>/':           (('workplans.actioncomment',),             ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/actiongovernance/<path:object_id>/':        (('workplans.actiongovernance',),          ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/evidence/<path:object_id>/':                (('workplans.evidence',),                  ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/membercontribution/<path:object_id>/':      (('workplans.membercontribution',),        ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/workstep/<path:object_id>/':                (('workplans.workstep',),                  ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/indicator/<path:object_id>/':               (('workplans.indicator',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/objective/<path:object_id>/':               (('workplans.objective',),                ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/plan/<path:object_id>/':                    (('workplans.plan',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/progressupdate/<path:object_id>/':          (('workplans.progressupdate',),           ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin/workplans/strategicline/<path:object_id>/':           (('workplans.strategicline',),            ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:accounts_apitoken_add':                               ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:accounts_apitoken_change':                            (('accounts.apitoken',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_apitoken_changelist':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_apitoken_delete':                            (('accounts.apitoken',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_apitoken_history':                           (('accounts.apitoken',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_user_add':                                   ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_user_change':                                (('accounts.user',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_user_changelist':                            ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_user_delete':                                (('accounts.user',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    200),
    'admin:accounts_user_history':                               (('accounts.user',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:accounts_user_simple_history':                        (('accounts.user', 'accounts.user@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:app_list':                                            (('app_label',),                          ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:auth_group_add':                                      ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:auth_group_change':                                   (('auth.group',),                         ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:auth_group_changelist':                               ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:auth_group_delete':                                   (('auth.group',),                         ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:auth_group_history':                                  (('auth.group',),                         ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:auth_user_password_change':                           (('accounts.user',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    200),
    'admin:autocomplete':                                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:axes_accessattempt_add':                              ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:axes_accessattempt_change':                           (('axes.accessattempt',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:axes_accessattempt_changelist':                       ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:axes_accessattempt_delete':                           (('axes.accessattempt',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:axes_accessattempt_history':                          (('axes.accessattempt',),                 ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:axes_accessfailurelog_add':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:axes_accessfailurelog_change':                        (('axes.accessfailurelog',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:axes_accessfailurelog_changelist':                    ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:axes_accessfailurelog_delete':                        (('axes.accessfailurelog',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:axes_accessfailurelog_history':                       (('axes.accessfailurelog',),              ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:axes_accesslog_add':                                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:axes_accesslog_change':                               (('axes.accesslog',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:axes_accesslog_changelist':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:axes_accesslog_delete':                               (('axes.accesslog',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:axes_accesslog_history':                              (('axes.accesslog',),                     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:competences_competence_add':                          ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:competences_competence_change':                       (('competences.competence',),             ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competence_changelist':                   ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competence_delete':                       (('competences.competence',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:competences_competence_history':                      (('competences.competence',),             ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competence_simple_history':               (('competences.competence', 'competences.competence@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competenceprofile_add':                   ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:competences_competenceprofile_change':                (('competences.competenceprofile',),      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competenceprofile_changelist':            ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competenceprofile_delete':                (('competences.competenceprofile',),      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:competences_competenceprofile_history':               (('competences.competenceprofile',),      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:competences_competenceprofile_simple_history':        (('competences.competenceprofile', 'competences.competenceprofile@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:debates_debate_add':                                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_debate_change':                               (('debates.debate',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_debate_changelist':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_debate_delete':                               (('debates.debate',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_debate_history':                              (('debates.debate',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_debate_simple_history':                       (('debates.debate', 'debates.debate@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_reply_add':                                   ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_reply_change':                                (('debates.reply',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_reply_changelist':                            ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_reply_delete':                                (('debates.reply',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_reply_history':                               (('debates.reply',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_reply_simple_history':                        (('debates.reply', 'debates.reply@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_report_add':                                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_report_change':                               (('debates.report',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_report_changelist':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_report_delete':                               (('debates.report',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_report_history':                              (('debates.report',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_report_simple_history':                       (('debates.report', 'debates.report@history'), ADMIN,  ADMIN,  404,    404,    ADMIN,  404,    404),
    'admin:wiki_wikispace_add':                                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:wiki_wikispace_change':                               (('wiki.wikispace',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:wiki_wikispace_changelist':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:wiki_wikispace_delete':                               (('wiki.wikispace',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:wiki_wikispace_history':                              (('wiki.wikispace',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:wiki_wikispace_simple_history':                       (('wiki.wikispace', 'wiki.wikispace@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_space_add':                                   ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_space_change':                                (('debates.space',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_space_changelist':                            ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_space_delete':                                (('debates.space',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_space_history':                               (('debates.space',),                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:debates_space_simple_history':                        (('debates.space', 'debates.space@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_diagnosis_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_diagnosis_change':                          (('diagnosis.diagnosis',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:diagnosis_diagnosis_changelist':                      ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_diagnosis_delete':                          (('diagnosis.diagnosis',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_diagnosis_history':                         (('diagnosis.diagnosis',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:diagnosis_diagnosis_simple_history':                  (('diagnosis.diagnosis', 'diagnosis.diagnosis@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:diagnosis_indicatorvalue_add':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_indicatorvalue_change':                     (('diagnosis.indicatorvalue',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:diagnosis_indicatorvalue_changelist':                 ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_indicatorvalue_delete':                     (('diagnosis.indicatorvalue',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_indicatorvalue_history':                    (('diagnosis.indicatorvalue',),           ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:diagnosis_methodology_add':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodology_change':                        (('diagnosis.methodology',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodology_changelist':                    ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodology_delete':                        (('diagnosis.methodology',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodology_history':                       (('diagnosis.methodology',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodology_simple_history':                (('diagnosis.methodology', 'diagnosis.methodology@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodologyversion_add':                    ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_methodologyversion_change':                 (('diagnosis.methodologyversion',),       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodologyversion_changelist':             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodologyversion_delete':                 (('diagnosis.methodologyversion',),       ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_methodologyversion_history':                (('diagnosis.methodologyversion',),       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_methodologyversion_simple_history':         (('diagnosis.methodologyversion', 'diagnosis.methodologyversion@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_question_add':                              ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_question_change':                           (('diagnosis.question',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_question_changelist':                       ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_question_delete':                           (('diagnosis.question',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_question_history':                          (('diagnosis.question',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_question_simple_history':                   (('diagnosis.question', 'diagnosis.question@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_section_add':                               ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_section_change':                            (('diagnosis.section',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_section_changelist':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_section_delete':                            (('diagnosis.section',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:diagnosis_section_history':                           (('diagnosis.section',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:diagnosis_section_simple_history':                    (('diagnosis.section', 'diagnosis.section@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:directory_directoryentry_add':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:directory_directoryentry_change':                     (('directory.directoryentry',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:directory_directoryentry_changelist':                 ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:directory_directoryentry_delete':                     (('directory.directoryentry',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:directory_directoryentry_history':                    (('directory.directoryentry',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:directory_directoryentry_simple_history':             (('directory.directoryentry', 'directory.directoryentry@history'),ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:django_tasks_database_dbtaskresult_add':              ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:django_tasks_database_dbtaskresult_change':           (('django_tasks_database.dbtaskresult',), ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:django_tasks_database_dbtaskresult_changelist':       ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:django_tasks_database_dbtaskresult_delete':           (('django_tasks_database.dbtaskresult',), ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:django_tasks_database_dbtaskresult_history':          (('django_tasks_database.dbtaskresult',), ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:entities_entity_add':                                 ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_entity_change':                              (('entities.entity',),                    ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:entities_entity_changelist':                          ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_entity_delete':                              (('entities.entity',),                    ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:entities_entity_history':                             (('entities.entity',),                    ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:entities_entity_simple_history':                      (('entities.entity', 'entities.entity@history'), ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:entities_importbatch_add':                            ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:entities_importbatch_change':                         (('entities.importbatch',),               ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:entities_importbatch_changelist':                     ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_importbatch_delete':                         (('entities.importbatch',),               ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:entities_importbatch_history':                        (('entities.importbatch',),               ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:entities_importbatch_simple_history':                 (('entities.importbatch', 'entities.importbatch@history'), ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:entities_savedmapping_add':                           ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_savedmapping_change':                        (('entities.savedmapping',),              ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_savedmapping_changelist':                    ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_savedmapping_delete':                        (('entities.savedmapping',),              ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:entities_savedmapping_history':                       (('entities.savedmapping',),              ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:entities_savedmapping_simple_history':                (('entities.savedmapping', 'entities.savedmapping@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:events_agreement_add':                                ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_agreement_change':                             (('events.agreement',),                   ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_agreement_changelist':                         ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_agreement_delete':                             (('events.agreement',),                   ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_agreement_history':                            (('events.agreement',),                   ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_agreement_simple_history':                     (('events.agreement', 'events.agreement@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_event_add':                                    ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:events_event_change':                                 (('events.event',),                       ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:events_event_changelist':                             ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:events_event_delete':                                 (('events.event',),                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_event_history':                                (('events.event',),                       ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:events_event_simple_history':                         (('events.event', 'events.event@history'), ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:events_invitation_add':                               ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitation_change':                            (('events.invitation',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitation_changelist':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitation_delete':                            (('events.invitation',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitation_history':                           (('events.invitation',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitation_simple_history':                    (('events.invitation', 'events.invitation@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitationoptout_add':                         ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitationoptout_change':                      (('events.invitationoptout',),            ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitationoptout_changelist':                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitationoptout_delete':                      (('events.invitationoptout',),            ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitationoptout_history':                     (('events.invitationoptout',),            ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_invitationoptout_simple_history':              (('events.invitationoptout', 'events.invitationoptout@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_registration_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_registration_change':                          (('events.registration',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_registration_changelist':                      ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_registration_delete':                          (('events.registration',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_registration_history':                         (('events.registration',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:events_registration_simple_history':                  (('events.registration', 'events.registration@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:needs_need_add': ((), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:needs_need_change': (('needs.need',), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:needs_need_changelist': ((), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:needs_need_delete': (('needs.need',), ADMIN, ADMIN, 403, 403, ADMIN, 200, 200),
    'admin:needs_need_history': (('needs.need',), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:needs_need_simple_history': (('needs.need', 'needs.need@history'), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:recognitions_recognition_add': ((), ADMIN, ADMIN, 403, 403, ADMIN, 200, 200),
    'admin:recognitions_recognition_change': (('recognitions.recognition',), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:recognitions_recognition_changelist': ((), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:recognitions_recognition_delete': (('recognitions.recognition',), ADMIN, ADMIN, 403, 403, ADMIN, 200, 200),
    'admin:recognitions_recognition_history': (('recognitions.recognition',), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:recognitions_recognition_simple_history': (('recognitions.recognition', 'recognitions.recognition@history'), ADMIN, ADMIN, 200, 200, ADMIN, 200, 200),
    'admin:experts_expertprofile_add':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:experts_expertprofile_change':                        (('experts.expertprofile',),              ADMIN,  ADMIN,  302,    302,    ADMIN,  200,    200),
    'admin:experts_expertprofile_changelist':                    ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:experts_expertprofile_delete':                        (('experts.expertprofile',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:experts_expertprofile_history':                       (('experts.expertprofile',),              ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:experts_expertprofile_simple_history':                (('experts.expertprofile', 'experts.expertprofile@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:funding_fundingline_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:funding_fundingline_change':                          (('funding.fundingline',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:funding_fundingline_changelist':                      ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:funding_fundingline_delete':                          (('funding.fundingline',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:funding_fundingline_history':                         (('funding.fundingline',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:funding_fundingline_simple_history':                  (('funding.fundingline', 'funding.fundingline@history'),ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:funding_overlapresolution_add':                       ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:funding_overlapresolution_change':                    (('funding.overlapresolution',),          ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:funding_overlapresolution_changelist':                ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:funding_overlapresolution_delete':                    (('funding.overlapresolution',),          ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:funding_overlapresolution_history':                   (('funding.overlapresolution',),          ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:funding_overlapresolution_simple_history':            (('funding.overlapresolution', 'funding.overlapresolution@history'),ADMIN,  ADMIN,  404,    404,    ADMIN,  404,    404),
    'admin:index':                                               ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:jsi18n':                                              ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:login':                                               ((),                                      200,    200,    302,    302,    200,    302,    302),
    'POST admin:logout':                                         ((),                                      302,    302,    302,    302,    302,    302,    302),
    'admin:materials_material_add':                              ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:materials_material_change':                           (('materials.material',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:materials_material_changelist':                       ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:materials_material_delete':                           (('materials.material',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:materials_material_history':                          (('materials.material',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:materials_material_simple_history':                   (('materials.material', 'materials.material@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:municipal_services_municipalservice_add':             ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:municipal_services_municipalservice_change':          (('municipal_services.municipalservice',), ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:municipal_services_municipalservice_changelist':      ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:municipal_services_municipalservice_delete':          (('municipal_services.municipalservice',), ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:municipal_services_municipalservice_history':         (('municipal_services.municipalservice',), ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:municipal_services_municipalservice_simple_history':  (('municipal_services.municipalservice', 'municipal_services.municipalservice@history'), ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:network_body_add':                                    ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_body_change':                                 (('network.body',),                       ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_body_changelist':                             ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_body_delete':                                 (('network.body',),                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_body_history':                                (('network.body',),                       ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_body_simple_history':                         (('network.body', 'network.body@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_bodymembership_add':                          ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_bodymembership_change':                       (('network.bodymembership',),             ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_bodymembership_changelist':                   ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_bodymembership_delete':                       (('network.bodymembership',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_bodymembership_history':                      (('network.bodymembership',),             ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_bodymembership_simple_history':               (('network.bodymembership', 'network.bodymembership@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_institution_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_institution_change':                          (('network.institution',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_institution_changelist':                      ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_institution_delete':                          (('network.institution',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_institution_history':                         (('network.institution',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_institution_simple_history':                  (('network.institution', 'network.institution@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_member_add':                                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_member_change':                               (('network.member',),                     ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_member_changelist':                           ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_member_delete':                               (('network.member',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_member_history':                              (('network.member',),                     ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_member_simple_history':                       (('network.member', 'network.member@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_network_add':                                 ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_network_change':                              (('network.network',),                    ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_network_changelist':                          ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_network_delete':                              (('network.network',),                    ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_network_history':                             (('network.network',),                    ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_network_simple_history':                      (('network.network', 'network.network@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_technician_add':                              ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_technician_change':                           (('network.technician',),                 ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_technician_changelist':                       ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_technician_delete':                           (('network.technician',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:network_technician_history':                          (('network.technician',),                 ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:network_technician_simple_history':                   (('network.technician', 'network.technician@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:notifications_follow_add':                            ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_follow_change':                         (('notifications.follow',),               ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_follow_changelist':                     ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_follow_delete':                         (('notifications.follow',),               ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_follow_history':                        (('notifications.follow',),               ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_follow_simple_history':                 (('notifications.follow', 'notifications.follow@history'), ADMIN,  ADMIN,  404,    404,    ADMIN,  404,    404),
    'admin:notifications_notification_add':                      ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:notifications_notification_change':                   (('notifications.notification',),         ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_notification_changelist':               ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_notification_delete':                   (('notifications.notification',),         ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_notification_history':                  (('notifications.notification',),         ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_notification_simple_history':           (('notifications.notification', 'notifications.notification@history'), ADMIN,  ADMIN,  404,    404,    ADMIN,  404,    404),
    'admin:notifications_notificationemail_add':                 ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:notifications_notificationemail_change':              (('notifications.notificationemail',),    ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:notifications_notificationemail_changelist':          ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:notifications_notificationemail_delete':              (('notifications.notificationemail',),    ADMIN,  ADMIN,  403,    403,    ADMIN,  302,    302),
    'admin:notifications_notificationemail_history':             (('notifications.notificationemail',),    ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:notifications_notificationemail_simple_history':      (('notifications.notificationemail', 'notifications.notificationemail@history'), ADMIN,  ADMIN,  404,    404,    ADMIN,  404,    404),
    'admin:password_change':                                     ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:password_change_done':                                ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:practices_practice_add':                              ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:practices_practice_change':                           (('practices.practice',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:practices_practice_changelist':                       ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:practices_practice_delete':                           (('practices.practice',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:practices_practice_history':                          (('practices.practice',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:practices_practice_simple_history':                   (('practices.practice', 'practices.practice@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_comarca_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_comarca_change':                          (('territories.comarca',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_comarca_changelist':                      ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_comarca_delete':                          (('territories.comarca',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_comarca_history':                         (('territories.comarca',),                ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_municipality_add':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_municipality_change':                     (('territories.municipality',),           ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_municipality_changelist':                 ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_municipality_delete':                     (('territories.municipality',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_municipality_history':                    (('territories.municipality',),           ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_province_add':                            ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_province_change':                         (('territories.province',),               ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_province_changelist':                     ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:territories_province_delete':                         (('territories.province',),               ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:territories_province_history':                        (('territories.province',),               ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:trainings_registration_add':                          ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:trainings_registration_change':                       (('trainings.registration',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:trainings_registration_changelist':                   ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:trainings_registration_delete':                       (('trainings.registration',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:trainings_registration_history':                      (('trainings.registration',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:trainings_registration_simple_history':               (('trainings.registration', 'trainings.registration@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:trainings_training_add':                              ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:trainings_training_change':                           (('trainings.training',),                 ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:trainings_training_changelist':                       ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:trainings_training_delete':                           (('trainings.training',),                 ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:trainings_training_history':                          (('trainings.training',),                 ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:trainings_training_simple_history':                   (('trainings.training', 'trainings.training@history'), ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:view_on_site':                                        (('content_type', 'entities.entity'),     ADMIN,  ADMIN,  302,    302,    ADMIN,  302,    302),
    'admin:vocabulary_concept_add':                              ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:vocabulary_concept_change':                           (('vocabulary.concept',),                 ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_concept_changelist':                       ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_concept_delete':                           (('vocabulary.concept',),                 ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:vocabulary_concept_history':                          (('vocabulary.concept',),                 ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_concept_simple_history':                   (('vocabulary.concept', 'vocabulary.concept@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_conceptscheme_add':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:vocabulary_conceptscheme_change':                     (('vocabulary.conceptscheme',),           ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_conceptscheme_changelist':                 ((),                                      ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_conceptscheme_delete':                     (('vocabulary.conceptscheme',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:vocabulary_conceptscheme_history':                    (('vocabulary.conceptscheme',),           ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:vocabulary_conceptscheme_simple_history':             (('vocabulary.conceptscheme', 'vocabulary.conceptscheme@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_action_add':                                ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_action_change':                             (('workplans.action',),                   ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_action_changelist':                         ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_action_delete':                             (('workplans.action',),                   ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_action_history':                            (('workplans.action',),                   ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_action_simple_history':                     (('workplans.action', 'workplans.action@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_actioncomment_add':                         ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  403,    403),
    'admin:workplans_actioncomment_change':                      (('workplans.actioncomment',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actioncomment_changelist':                  ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actioncomment_delete':                      (('workplans.actioncomment',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actioncomment_history':                     (('workplans.actioncomment',),             ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actioncomment_simple_history':              (('workplans.actioncomment', 'workplans.actioncomment@history'),ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actiongovernance_add':                      ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actiongovernance_change':                   (('workplans.actiongovernance',),          ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actiongovernance_changelist':               ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actiongovernance_delete':                   (('workplans.actiongovernance',),          ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actiongovernance_history':                  (('workplans.actiongovernance',),          ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_actiongovernance_simple_history':           (('workplans.actiongovernance', 'workplans.actiongovernance@history'),ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_evidence_add':                              ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_evidence_change':                           (('workplans.evidence',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_evidence_changelist':                       ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_evidence_delete':                           (('workplans.evidence',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_evidence_history':                          (('workplans.evidence',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_evidence_simple_history':                   (('workplans.evidence', 'workplans.evidence@history'),ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_workstep_add':                              ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_workstep_change':                           (('workplans.workstep',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_workstep_changelist':                       ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_workstep_delete':                           (('workplans.workstep',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_workstep_history':                          (('workplans.workstep',),                  ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_workstep_simple_history':                   (('workplans.workstep', 'workplans.workstep@history'),ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_membercontribution_add':                    ((),                                       ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_membercontribution_change':                 (('workplans.membercontribution',),        ADMIN,  ADMIN,  302,    200,    ADMIN,  200,    200),
    'admin:workplans_membercontribution_changelist':             ((),                                       ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_membercontribution_delete':                 (('workplans.membercontribution',),        ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_membercontribution_history':                (('workplans.membercontribution',),        ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:workplans_membercontribution_simple_history':         (('workplans.membercontribution', 'workplans.membercontribution@history'),ADMIN,  ADMIN,  403,    200,    ADMIN,  200,    200),
    'admin:workplans_indicator_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_indicator_change':                          (('workplans.indicator',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_indicator_changelist':                      ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_indicator_delete':                          (('workplans.indicator',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_indicator_history':                         (('workplans.indicator',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_indicator_simple_history':                  (('workplans.indicator', 'workplans.indicator@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_objective_add':                             ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_objective_change':                          (('workplans.objective',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_objective_changelist':                      ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_objective_delete':                          (('workplans.objective',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_objective_history':                         (('workplans.objective',),                ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_objective_simple_history':                  (('workplans.objective', 'workplans.objective@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_plan_add':                                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_plan_change':                               (('workplans.plan',),                     ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_plan_changelist':                           ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_plan_delete':                               (('workplans.plan',),                     ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_plan_history':                              (('workplans.plan',),                     ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_plan_simple_history':                       (('workplans.plan', 'workplans.plan@history'), ADMIN,  ADMIN,  200,    200,    ADMIN,  200,    200),
    'admin:workplans_progressupdate_add':                        ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_progressupdate_change':                     (('workplans.progressupdate',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_progressupdate_changelist':                 ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_progressupdate_delete':                     (('workplans.progressupdate',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_progressupdate_history':                    (('workplans.progressupdate',),           ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_progressupdate_simple_history':             (('workplans.progressupdate', 'workplans.progressupdate@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_strategicline_add':                         ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_strategicline_change':                      (('workplans.strategicline',),            ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_strategicline_changelist':                  ((),                                      ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_strategicline_delete':                      (('workplans.strategicline',),            ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_strategicline_history':                     (('workplans.strategicline',),            ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
    'admin:workplans_strategicline_simple_history':              (('workplans.strategicline', 'workplans.strategicline@history'), ADMIN,  ADMIN,  403,    403,    ADMIN,  200,    200),
}
# fmt: on


# -- routes ----------------------------------------------------------------------

# The API's own pages (not operations of its schema).
API_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, prefix + str(pattern.pattern), pattern.callback


@functools.cache
def page_routes() -> dict[str, tuple[str, object, bool]]:
    """{key: (pattern, view, named)} of every route the URL resolver knows, except the
    API operations (see `api_routes`)."""
    routes = {}
    for name, pattern, view in _walk(get_resolver().url_patterns):
        if name and name.startswith("api:") and name not in API_PAGES:
            continue
        routes[name or pattern] = (pattern, view, bool(name))
    return routes


def api_routes() -> dict[str, str]:
    """{"api METHOD /api/v1/path": path} for every operation of the schema."""
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {
        f"api {method.upper()} {path}": path
        for path, operations in schema["paths"].items()
        for method in operations
    }


def all_routes() -> set[str]:
    return set(page_routes()) | set(api_routes())


def _route_of(key: str) -> str:
    """The route of a row's key: without "POST " and without a " [variant]"."""
    return re.sub(r" \[[\w-]+\]$", "", key.removeprefix("POST "))


# -- requests ----------------------------------------------------------------------


def _url(key: str, args: tuple, values: dict) -> str:
    route = _route_of(key)
    params = [values[name] for name in args]
    if route.startswith("api "):
        _api, _method, path = route.split(" ", 2)
        for value in params:
            path = re.sub(r"\{[^}]+\}", str(value), path, count=1)
        return path
    if page_routes()[route][2]:
        return reverse(route, args=params)
    # An unnamed route: its pattern, each parameter replaced in order.
    path = route.lstrip("^").rstrip("$")
    for value in params:
        path = re.sub(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)", str(value), path, count=1)
    return "/" + path.replace("(?P<url>.*)", "")


def _method(key: str) -> str:
    if key.startswith("api "):
        return key.split(" ", 2)[1].lower()
    return "post" if key.startswith("POST ") else "get"


def answer_of(response) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if "/admin/login/" in location:
            return ADMIN
    return response.status_code


def ask(client: Client, key: str, url: str):
    """One request, rolled back: no answer changes the world for the next."""
    method = _method(key)
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # the logout route drops the session
    with transaction.atomic():
        if key.startswith("api ") and method != "get":
            response = getattr(client, method)(
                url, data="{}", content_type="application/json"
            )
        else:
            response = getattr(client, method)(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def clients(people: dict) -> dict[str, Client]:
    result = {}
    for role, user in people.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        result[role] = client
    return result


# -- the tests ----------------------------------------------------------------------


def _row_text(key: str, args: tuple, answers: tuple) -> str:
    names = {LOGIN: "LOGIN", ADMIN: "ADMIN"}
    cells = ", ".join(names.get(a, str(a)) for a in answers)
    return f"    {key!r}: ({args!r}, {cells}),"


def matrix_problems(matrix: dict) -> str:
    """What `matrix` lacks or has in excess, as the message to show."""
    from django.contrib import admin

    routes = all_routes()
    covered = {_route_of(key) for key in matrix}
    missing = sorted(routes - covered)
    stale = sorted(covered - routes)
    labels = {model._meta.label_lower: 0 for model in admin.site._registry}
    message = []
    if missing:
        message.append(
            "These routes have no row in MATRIX (teixit/core/tests/"
            "test_permission_matrix.py). Add one per route, with its parameters "
            "(names of permission_world's values) and the answer each role "
            f"should get, in the order {ROLES}:\n"
            + "\n".join(
                _row_text(key, guess_args(key, labels) or (), ("?",) * len(ROLES))
                for key in missing
            )
            + "\n(`TEIXIT_MATRIX_OBSERVE=1 .venv/bin/pytest "
            "teixit/core/tests/test_permission_matrix.py -k observed -s` prints "
            "them with the answers observed today, to check before pasting.)"
        )
    if stale:
        message.append(
            "These rows of MATRIX name routes that no longer exist: remove them:\n"
            + "\n".join(f"    {key!r}" for key in stale)
        )
    return "\n\n".join(message)


def test_every_route_has_a_row():
    problems = matrix_problems(MATRIX)
    assert not problems, problems


def test_a_route_without_a_row_says_which_row_to_add():
    without = {k: v for k, v in MATRIX.items() if k != "entities:update"}
    problems = matrix_problems(without)
    assert "These routes have no row in MATRIX" in problems
    assert "'entities:update': (('entity',), ?, ?, ?, ?, ?, ?, ?)," in problems
    stale = matrix_problems({**MATRIX, "nowhere:list": ((), *[200] * len(ROLES))})
    assert "no longer exist" in stale and "'nowhere:list'" in stale


def test_every_row_has_an_answer_per_role():
    wrong = [key for key, row in MATRIX.items() if len(row) != 1 + len(ROLES)]
    assert not wrong, f"rows without one answer per role {ROLES}: {wrong}"


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TEIXIT_TRUSTED_PROXIES = 0


def _in_order(keys):
    """Reads first: a POST that deletes a file cannot be rolled back."""
    return sorted(keys, key=lambda key: _method(key) != "get")


@pytest.mark.usefixtures("_media")
def test_every_role_gets_the_expected_answer():
    world = build_world()
    values = world["values"]
    by_role = clients(world["people"])
    mismatches = []
    for key in _in_order(MATRIX):
        args, *expected = MATRIX[key]
        url = _url(key, args, values)
        for role, wanted in zip(ROLES, expected, strict=True):
            got = answer_of(ask(by_role[role], key, url))
            if got != wanted:
                mismatches.append(
                    f"{key} ({url}) as {role}: expected {wanted}, got {got}"
                )
    assert not mismatches, (
        f"{len(mismatches)} answers differ from MATRIX:\n" + "\n".join(mismatches)
    )


@pytest.mark.skipif(
    not os.environ.get("TEIXIT_MATRIX_OBSERVE"), reason="prints rows on demand"
)
@pytest.mark.usefixtures("_media")
def test_observed_rows_for_routes():
    """Print every route's row with the answers observed now (routes without
    a row get their parameters guessed from their names)."""
    world = build_world()
    values = world["values"]
    by_role = clients(world["people"])
    rows, posts = [], []
    for key in _in_order(sorted(all_routes() | set(MATRIX))):
        args = MATRIX[key][0] if key in MATRIX else guess_args(key, values)
        try:
            url = _url(key, args, values)
        except Exception as exc:  # noqa: BLE001 - a guess that does not fit
            rows.append(f"    # {key!r}: cannot build the URL ({exc})")
            continue
        if _method(key) != "get":
            posts.append((key, args, url))
            continue
        answers = tuple(answer_of(ask(by_role[role], key, url)) for role in ROLES)
        if NOT_ALLOWED in answers and not key.startswith("api "):
            posts.append((f"POST {key}", args, url))  # a POST-only route
            continue
        rows.append(_row_text(key, args, answers))
    for key, args, url in posts:
        answers = tuple(answer_of(ask(by_role[role], key, url)) for role in ROLES)
        rows.append(_row_text(key, args, answers))
    print("\n".join(sorted(rows)))


# For TEIXIT_MATRIX_OBSERVE: the parameters of page routes, by URL name or by
# the start of the name ("entities:" → the entity).
ARGS_GUESS = {
    "accounts:password_reset_confirm": ("uid", "token"),
    "accounts:token_revoke": ("api_token",),
    "admin:app_list": ("app_label",),
    "admin:view_on_site": ("content_type", "entities.entity"),
    "admin/(?P<url>.*)$": ("no_such_page",),
    "network:member_detail": ("member",),
    "murmurations:member": ("member",),
    "murmurations:entity": ("entity",),
    "network:body_detail": ("body",),
    "territories:municipality_detail": ("municipality",),
    "diagnosis:municipality": ("municipality",),
    "diagnosis:municipality_report": ("municipality", "html"),
    "diagnosis:network_report": ("html",),
    "diagnosis:answer_autosave": ("diagnosis", "question"),
    "diagnosis:answer_file": ("diagnosis", "answer"),
    "diagnosis:document_download": ("diagnosis", "document"),
    "diagnosis:document_delete": ("diagnosis", "document"),
    "diagnosis:": ("diagnosis",),
    "workplans:plan_report_file": ("plan", "csv"),
    "workplans:plan_": ("plan",),
    "workplans:action_": ("action",),
    "workplans:evidence_file": ("evidence",),
    "entities:import_": ("import",),
    "entities:": ("entity",),
    "practices:document": ("practice", "practice_document"),
    "practices:": ("practice",),
    "materials:download": ("material", "version"),
    "materials:preview": ("material", "version"),
    "materials:": ("material",),
    "municipal_services:": ("service",),
    "trainings:registration_cancel": ("training", "registration"),
    "trainings:attendance": ("training", "session"),
    "trainings:": ("training",),
    "experts:detail": ("expert",),
    "experts:consultation": ("consultation",),
    "events:agreement_done": ("agreement",),
    "events:invitation_answer": ("invitation_token",),
    "events:registration_": ("event", "event_registration"),
    "events:document": ("event", "event_document"),
    "events:": ("event",),
    "debates:report_resolve": ("report",),
    "debates:reply_": ("debate", "reply"),
    "debates:attachment": ("debate", "debate_attachment"),
    "debates:space": ("space",),
    "debates:create": ("space",),
    "debates:feed": ("space",),
    "debates:": ("debate",),
    "notifications:open": ("notification",),
    "notifications:unsubscribe": ("unsubscribe_token",),
    "notifications:follow": ("debate_type", "debate"),
}


def guess_args(key: str, values: dict) -> tuple:
    route = _route_of(key)
    pattern = page_routes().get(route, ("", None))[0]
    if "<" not in pattern and "(" not in pattern and not route.startswith("api "):
        return ()
    for start, args in sorted(ARGS_GUESS.items(), key=lambda kv: -len(kv[0])):
        if route == start or (start.endswith((":", "_")) and route.startswith(start)):
            return args
    if route.startswith("api "):
        path = route.split(" ", 2)[2]
        names = re.findall(r"\{([^}]+)\}", path)
        guess = {
            "slug": "body" if "/bodies/" in path else "member",
            "code": "scheme" if "/schemes/" in path else "municipality",
        }
        return tuple(guess.get(n, n.removesuffix("_id")) for n in names)
    if route.startswith("admin:"):
        for label in values:
            app, _dot, model = label.partition(".")
            if f"admin/{app}/{model}/" in pattern:
                if route.endswith("_simple_history"):
                    return (label, f"{label}@history")
                return (label,)
    match = re.match(r"admin/(\w+)/(\w+)/<path:object_id>/", route)
    if match:
        return (f"{match.group(1)}.{match.group(2)}",)
    names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
    return tuple((a or b) for a, b in names)
