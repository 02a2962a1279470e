"""The client's address, from REMOTE_ADDR or, behind a trusted proxy, from X-Forwarded-For.

`X-Forwarded-For` is read only when the request comes from an address in the
TRUSTED_PROXIES setting (a list of `ipaddress` networks); then the client is the right-most
address in the header that is not itself a trusted proxy — each proxy appends the address it
was reached from, so everything left of that may be made up by the client.
"""

import ipaddress

from django.conf import settings


def _address(text):
    """An `ip_address` from a header entry ("1.2.3.4", "1.2.3.4:80", "[::1]:80"), or None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def counted_address(address):
    """The unit the throttles count by: an IPv4 address as it is, an IPv6 one as its /64
    network ("2001:db8:1:2::") — one home or one server gets a whole /64, so counting single
    IPv6 addresses would give a guesser billions of fresh ones. None stays None."""
    if address is None:
        return None
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def _trusted(address):
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request):
    """The client's address as a string, or None when the request carries none."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    if not _trusted(remote):
        return str(remote)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a proxy never writes this: take the last hop we can vouch for
        client = address
        if not _trusted(address):
            break
    return str(client)
