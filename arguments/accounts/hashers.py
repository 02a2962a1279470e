"""A lighter hasher for the one-time passwords printed on class sheets.

They are random (12 characters from a 31-character alphabet, about 59 bits), valid until the
first sign-in, which must replace them; so a few thousand PBKDF2 iterations protect them
well, where the default million would make a sheet for thirty students take half a minute.
Django re-hashes them with the default hasher at that first sign-in.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_onetime"
    iterations = 20_000
