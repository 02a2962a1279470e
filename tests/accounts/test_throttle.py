"""One sign-in throttle for /accounts/login/ and /admin/login/: lockout by account, an
address under suspicion that locks nobody out, and the client's address behind proxies."""

from ipaddress import ip_network

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from arguments.accounts.addresses import client_address, counted_address
from arguments.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-password-123"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, username, password, url=None, **extra):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, **extra
    )


def test_made_up_names_from_one_address_do_not_lock_a_real_account_out(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    UserFactory(username="reader")
    for number in range(25):
        sign_in(client, f"nobody{number}", "wrong")
    assert sign_in(client, "reader", PASSWORD).status_code == 302


def test_from_a_suspect_address_an_account_that_failed_there_waits(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    UserFactory(username="reader")
    sign_in(client, "reader", "wrong")
    for name in ("a", "b", "c"):
        sign_in(client, name, "wrong")
    response = sign_in(client, "reader", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-ins from your network" in response.text
    assert "Try again in 15 minute(s)" in response.text
    assert 'value="reader"' in response.text  # what was typed is kept
    assert not response.context["user"].is_authenticated
    elsewhere = sign_in(client, "reader", PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert elsewhere.status_code == 302


def test_a_suspect_address_gives_each_name_one_guess_per_window(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    UserFactory(username="reader")
    for name in ("a", "b", "c"):
        sign_in(client, name, "wrong")
    assert "Please enter a correct" in sign_in(client, "reader", "guess-1").text
    assert "from your network" in sign_in(client, "reader", "guess-2").text
    assert LoginFailure.objects.filter(username="reader").count() == 1


def test_a_refused_attempt_is_not_counted(client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    UserFactory(username="reader")
    for _ in range(6):
        sign_in(client, "reader", "wrong")
    assert LoginFailure.objects.filter(username="reader").count() == 3


def test_admin_login_counts_failures_and_honours_the_lockout(client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    UserFactory(username="staffer", is_staff=True, is_superuser=True)
    for _ in range(5):
        sign_in(client, "staffer", "wrong", url=ADMIN_LOGIN)
    assert LoginFailure.objects.filter(username="staffer").count() == 5
    refused = sign_in(client, "staffer", PASSWORD, url=ADMIN_LOGIN)
    assert refused.status_code == 200
    assert "Too many failed sign-ins for this account" in refused.text
    assert not refused.context["user"].is_authenticated
    assert "Too many failed sign-ins" in sign_in(client, "staffer", PASSWORD).text


def test_a_lockout_from_the_site_form_holds_on_the_admin_form(client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    UserFactory(username="staffer", is_staff=True)
    for _ in range(3):
        sign_in(client, "staffer", "wrong")
    refused = sign_in(client, "staffer", PASSWORD, url=ADMIN_LOGIN)
    assert "Too many failed sign-ins for this account" in refused.text


def test_staff_sign_in_to_the_admin_still_works(client):
    UserFactory(username="staffer", is_staff=True)
    response = sign_in(client, "staffer", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


# The client's address.


def request_from(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    assert client_address(request_from("203.0.113.5", "198.51.100.7")) == "203.0.113.5"


def test_behind_a_trusted_proxy_the_client_is_the_right_most_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8"), ip_network("192.0.2.1/32")]
    # The client made up the first entry; 192.0.2.1 is a second proxy of ours.
    spoofed = "1.1.1.1, 198.51.100.7, 192.0.2.1"
    assert client_address(request_from("10.0.0.2", spoofed)) == "198.51.100.7"
    assert client_address(request_from("10.0.0.2", "198.51.100.7:4431")) == "198.51.100.7"
    assert client_address(request_from("10.0.0.2", "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_address(request_from("10.0.0.2", "")) == "10.0.0.2"
    assert client_address(request_from("10.0.0.2", "junk, 198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from("10.0.0.2", "198.51.100.7, junk")) == "10.0.0.2"


def test_no_proxy_is_trusted_by_default(settings):
    assert settings.TRUSTED_PROXIES == []
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "127.0.0.1"


def test_failures_behind_the_proxy_are_counted_by_the_clients_address(client, settings):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1/32")]
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    UserFactory(username="reader")
    for name in ("a", "b", "c"):
        sign_in(client, name, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    sign_in(client, "reader", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {"198.51.100.7"}
    # The same proxy, another client: not suspect, so its own try is judged.
    other = sign_in(client, "reader", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302


def test_ipv6_addresses_are_counted_by_their_64_network():
    assert counted_address("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::"
    assert counted_address("2001:db8:1:2:ffff::9") == "2001:db8:1:2::"
    assert counted_address("::ffff:198.51.100.7") == "198.51.100.7"
    assert counted_address("198.51.100.7") == "198.51.100.7"


def test_a_guesser_hopping_inside_one_ipv6_64_is_one_address(client, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    UserFactory(username="reader")
    for number, name in enumerate(("a", "b", "c", "reader")):
        sign_in(client, name, "wrong", REMOTE_ADDR=f"2001:db8:1:2::{number + 1}")
    refused = sign_in(client, "reader", PASSWORD, REMOTE_ADDR="2001:db8:1:2::99")
    assert "from your network" in refused.text


def _counting_hashes(monkeypatch):
    """How many times a password hash is worked out (for a real account or a made-up one)."""
    from django.contrib.auth import hashers

    calls = []
    real = hashers.make_password, hashers.check_password

    def make(*args, **kwargs):
        calls.append("make")
        return real[0](*args, **kwargs)

    def check(*args, **kwargs):
        calls.append("check")
        return real[1](*args, **kwargs)

    monkeypatch.setattr("django.contrib.auth.base_user.make_password", make)
    monkeypatch.setattr("django.contrib.auth.base_user.check_password", check)
    return calls


@pytest.mark.parametrize("url", [None, ADMIN_LOGIN])
def test_a_made_up_name_costs_no_password_hash(client, settings, monkeypatch, url):
    # One guesser sending made-up names one after another kept a core busy with the
    # 0.55 s hash Django works out for a name with no account: before the address became
    # suspect, twenty of them an hour; under the load test's attacker that was enough to
    # double everyone's wait.
    settings.LOGIN_FAILURES_PER_ADDRESS = 5
    UserFactory(username="reader", is_staff=True)  # the admin lets staff in
    hashes = _counting_hashes(monkeypatch)

    def errors(response):
        return response.context["form"].non_field_errors()

    first = errors(sign_in(client, "nobody0", "wrong", url=url))
    assert hashes == []
    for number in range(1, 30):
        # The same answer every time, and never a hash.
        assert errors(sign_in(client, f"nobody{number}", "wrong", url=url)) == first
    assert hashes == []
    assert LoginFailure.objects.filter(username__startswith="nobody").count() == 30
    # The answer is a wrong password's: a real account's wrong password reads the same.
    fresh = Client(REMOTE_ADDR="198.51.100.7")
    assert errors(sign_in(fresh, "reader", "wrong", url=url)) == first
    assert len(hashes) == 1
    # A real account from the guesser's address is still checked, and signs in.
    assert sign_in(client, "reader", PASSWORD, url=url).status_code == 302
    assert len(hashes) == 2
