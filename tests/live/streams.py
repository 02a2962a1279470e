"""Reading a live stream in a test: open it with the AsyncClient, do something once it is
subscribed, and read what arrives for a while."""

import asyncio

from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient


def client_for(user):
    client = AsyncClient()
    if user is not None:
        client.force_login(user)
    return client


def listen(client, url, *, during=None, until=None, seconds=2.0):
    """(status, text read) of the stream at `url`. Once it is open (its first chunk read,
    so it is subscribed) `during()` runs, as a request would, in the test's thread; the
    stream is read until `until` appears in it or `seconds` pass, then closed."""

    async def run():
        response = await client.get(url)
        if not response.streaming:
            return response.status_code, response.content.decode()
        stream = aiter(response.streaming_content)
        text = (await anext(stream)).decode()
        try:
            if during is not None:
                await sync_to_async(during)()
            loop = asyncio.get_running_loop()
            end = loop.time() + seconds
            while (left := end - loop.time()) > 0 and not (until and until in text):
                try:
                    text += (await asyncio.wait_for(anext(stream), left)).decode()
                except (TimeoutError, StopAsyncIteration):
                    break
        finally:
            await stream.aclose()
        return response.status_code, text

    return async_to_sync(run)()


def events_in(text):
    """The `event:` names in a stream's text, in order."""
    return [
        line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("event:")
    ]
