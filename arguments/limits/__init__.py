"""Rate limits and request-size limits: how much one person may cost the site.

`counters` counts attempts in fixed windows in the "limits" cache; `guard` turns a refusal
into an answer (a 429 with Retry-After, or the form again with its data and the message);
`middleware` refuses a request body declared over the import limit before it is read.
"""
