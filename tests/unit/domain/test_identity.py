from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidInput, PermissionDenied
from domain.identity import credentials
from domain.identity.company import Company, ogrn
from domain.identity.permissions import PERMISSIONS, Action, Resource, ensure_allowed, is_allowed
from domain.identity.refresh_session import RefreshSession
from domain.identity.role import Role
from domain.identity.user import MAX_FAILED_LOGINS, User

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
VALID_OGRN = "1027700132195"  # a real one: 102770013219 mod 11 = 5


def problems_of(error: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.value.problems}


def make_user(**changes: object) -> User:
    values: dict[str, object] = {
        "id": uuid4(),
        "company_id": uuid4(),
        "username": "alice",
        "password_hash": "$2b$04$hash",
        "role": Role.RECRUITER,
        "first_name": "Alice",
        "last_name": "Smith",
        "email": "alice@example.com",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(changes)
    return User(**values)  # type: ignore[arg-type]


# --- roles and the permission matrix -------------------------------------------------------------


def test_role_codes_are_those_of_the_roles_reference():
    assert {role: role.code for role in Role} == {
        Role.ADMIN: 1,
        Role.EMPLOYEE: 2,
        Role.MANAGER: 3,
        Role.RECRUITER: 4,
        Role.CUSTOMER: 5,
    }
    for role in Role:
        assert Role.from_code(role.code) is role
    with pytest.raises(ValueError, match="unknown role code 6"):
        Role.from_code(6)


def test_every_resource_has_a_read_rule_and_only_known_actions_and_roles():
    assert set(PERMISSIONS) == set(Resource)
    for resource, rules in PERMISSIONS.items():
        assert Action.READ in rules, resource
        for action, roles in rules.items():
            assert isinstance(action, Action)
            assert isinstance(roles, frozenset) and roles, (resource, action)
            assert roles <= set(Role)


def test_the_admin_may_do_everything_the_matrix_names():
    for resource, rules in PERMISSIONS.items():
        for action in rules:
            assert is_allowed(Role.ADMIN, resource, action), (resource, action)


def test_writers_may_always_read_what_they_write():
    for resource, rules in PERMISSIONS.items():
        for action, roles in rules.items():
            assert roles <= rules[Action.READ], (resource, action)


def test_references_are_read_only_and_readable_by_everyone():
    assert PERMISSIONS[Resource.REFS] == {Action.READ: frozenset(Role)}
    for role in Role:
        assert is_allowed(role, Resource.REFS, Action.READ)
        assert not is_allowed(role, Resource.REFS, Action.CREATE)


def test_only_the_admin_manages_users():
    for action in Action:
        assert {role for role in Role if is_allowed(role, Resource.USERS, action)} == {Role.ADMIN}


def test_the_customer_files_vacancy_requests_but_does_not_edit_them():
    assert is_allowed(Role.CUSTOMER, Resource.VACANCIES, Action.CREATE)
    assert is_allowed(Role.CUSTOMER, Resource.VACANCIES, Action.READ)
    assert not is_allowed(Role.CUSTOMER, Resource.VACANCIES, Action.UPDATE)
    assert not is_allowed(Role.CUSTOMER, Resource.CANDIDATES, Action.CREATE)


def test_an_employee_reads_organisation_and_skills_only():
    readable = {r for r in Resource if is_allowed(Role.EMPLOYEE, r, Action.READ)}
    assert readable == {Resource.ORGANISATION, Resource.SKILLS, Resource.REFS}
    for resource in Resource:
        for action in (Action.CREATE, Action.UPDATE, Action.DELETE):
            assert not is_allowed(Role.EMPLOYEE, resource, action)


def test_ensure_allowed_raises_permission_denied_naming_the_refusal():
    ensure_allowed(Role.RECRUITER, Resource.CANDIDATES, Action.CREATE)
    with pytest.raises(PermissionDenied, match="role customer may not delete candidates"):
        ensure_allowed(Role.CUSTOMER, Resource.CANDIDATES, Action.DELETE)


# --- the user and the lockout --------------------------------------------------------------------


def test_four_failures_count_and_the_fifth_blocks():
    user = make_user()
    for attempt in range(1, MAX_FAILED_LOGINS):
        user.record_failed_login(NOW + timedelta(seconds=attempt))
        assert user.failed_login_count == attempt
        assert not user.is_blocked
        assert user.may_hold_session
    user.record_failed_login(NOW + timedelta(minutes=1))
    assert MAX_FAILED_LOGINS == 5
    assert user.failed_login_count == 5
    assert user.is_blocked
    assert not user.may_hold_session
    assert user.version == 1 + 5
    assert user.updated_at == NOW + timedelta(minutes=1)


def test_a_success_resets_the_count_and_records_the_login():
    user = make_user()
    for _ in range(4):
        user.record_failed_login(NOW)
    later = NOW + timedelta(hours=1)
    user.record_login(later)
    assert user.failed_login_count == 0
    assert user.logged_in_at == later
    for _ in range(4):
        user.record_failed_login(later)
    assert not user.is_blocked


def test_unblock_clears_the_block_and_the_count():
    user = make_user()
    for _ in range(5):
        user.record_failed_login(NOW)
    version = user.version
    user.unblock(NOW + timedelta(days=1))
    assert not user.is_blocked
    assert user.failed_login_count == 0
    assert user.may_hold_session
    assert user.version == version + 1
    user.record_failed_login(NOW)
    assert not user.is_blocked


def test_a_deactivated_user_may_hold_no_session():
    user = make_user()
    user.deactivate(NOW)
    assert not user.is_active
    assert not user.may_hold_session
    assert user.version == 2


def test_change_password_may_mark_it_temporary():
    user = make_user(must_change_password=True)
    user.change_password("$2b$04$new", NOW)
    assert user.password_hash == "$2b$04$new"
    assert not user.must_change_password
    user.change_password("$2b$04$reset", NOW, temporary=True)
    assert user.must_change_password
    assert user.version == 3


# --- refresh sessions ----------------------------------------------------------------------------


def test_a_refresh_session_is_good_once_and_until_it_expires():
    session = RefreshSession(
        id=uuid4(),
        company_id=uuid4(),
        user_id=uuid4(),
        family_id=uuid4(),
        token_hash="h",
        created_at=NOW,
        expires_at=NOW + timedelta(days=1),
    )
    assert session.is_live(NOW)
    assert not session.is_live(NOW + timedelta(days=1))
    assert not session.is_replay()
    session.mark_used(NOW)
    assert session.is_replay()
    assert not session.is_live(NOW)


def test_revoking_twice_keeps_the_first_moment():
    session = RefreshSession(
        id=uuid4(),
        company_id=uuid4(),
        user_id=uuid4(),
        family_id=uuid4(),
        token_hash="h",
        created_at=NOW,
        expires_at=NOW + timedelta(days=1),
    )
    session.revoke(NOW)
    session.revoke(NOW + timedelta(hours=1))
    assert session.revoked_at == NOW
    assert not session.is_live(NOW)


# --- company and OGRN ----------------------------------------------------------------------------


def test_a_real_ogrn_passes_its_check_digit():
    assert ogrn(VALID_OGRN) == VALID_OGRN


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1027700132194", "check digit"),
        ("1027700132196", "check digit"),
        ("102770013219", "13 digits"),
        ("10277001321950", "13 digits"),
        ("102770013219a", "13 digits"),
        ("", "13 digits"),
        (" 027700132195", "13 digits"),
        ("１０２７７００１３２１９５", "13 digits"),  # full-width digits pass str.isdigit
        ("102770013219²", "13 digits"),  # so does a superscript, which int() refuses
    ],
)
def test_a_wrong_ogrn_is_refused(value, message):
    with pytest.raises(InvalidInput) as error:
        ogrn(value, field="company.ogrn")
    assert list(problems_of(error)) == ["company.ogrn"]
    assert message in problems_of(error)["company.ogrn"]


def test_the_check_digit_is_the_remainder_mod_11_then_mod_10():
    # 100000000000 mod 11 = 10, and 10 mod 10 = 0
    assert int("100000000000") % 11 == 10
    assert ogrn("1000000000000") == "1000000000000"
    with pytest.raises(InvalidInput, match="check digit"):
        ogrn("1000000000001")


def test_a_company_is_registered_trimmed():
    company = Company.register(uuid4(), "  ООО Ромашка  ", " Ромашка ", VALID_OGRN, NOW)
    assert company.full_name == "ООО Ромашка"
    assert company.short_name == "Ромашка"
    assert company.ogrn == VALID_OGRN
    assert company.created_at == NOW


def test_a_company_reports_every_problem_at_once():
    with pytest.raises(InvalidInput) as error:
        Company.register(uuid4(), "   ", "x" * 201, "123", NOW)
    assert set(problems_of(error)) == {"full_name", "short_name", "ogrn"}


# --- credentials ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "ivan.petrov", "user_1", "a-b", "x" * 64, "007"])
def test_good_usernames(value):
    assert credentials.username(value) == value


@pytest.mark.parametrize(
    "value", ["ab", "x" * 65, "Ivan", "ivan petrov", "иван", "user@example", "", "ivan\x00"]
)
def test_bad_usernames(value):
    with pytest.raises(InvalidInput) as error:
        credentials.username(value, field="admin_username")
    assert list(problems_of(error)) == ["admin_username"]


def test_an_email_is_trimmed_and_lowered():
    assert credentials.email("  Alice.Smith@Example.COM ") == "alice.smith@example.com"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "alice",
        "alice@",
        "@example.com",
        "alice@example",
        "alice@@example.com",
        "al ice@example.com",
        "alice@example..com",
        "a" * 65 + "@example.com",
        "alice@" + "x" * 250 + ".com",
    ],
)
def test_bad_emails(value):
    with pytest.raises(InvalidInput) as error:
        credentials.email(value)
    assert list(problems_of(error)) == ["email"]


def test_password_length_bounds_in_characters_and_bytes():
    assert credentials.password("12345678") == "12345678"
    assert credentials.password("x" * 72) == "x" * 72
    with pytest.raises(InvalidInput, match="at least 8"):
        credentials.password("1234567")
    with pytest.raises(InvalidInput, match="at most 72 bytes"):
        credentials.password("x" * 73)
    # 37 Cyrillic letters are 74 bytes: bcrypt would silently cut them.
    with pytest.raises(InvalidInput, match="at most 72 bytes") as error:
        credentials.password("п" * 37, field="admin_password")
    assert list(problems_of(error)) == ["admin_password"]
